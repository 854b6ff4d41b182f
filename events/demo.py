"""Demo data: the head's introduction as the office tells it – 60 registered, three short-notice cancellations,
far more people at the door than planned – and two upcoming events (a public information evening, an invited
meeting of the IG Mühlenviertel). With `--scale N` (N ≥ 2) also a large reception with 50 × N registrations,
for the benchmark of the staff event page. Safe to run again: each event is found by title and day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Event, Registration, Room

INTRODUCTION = "Vorstellung der neuen Leiterin des Regionalbüros"
INTRODUCTION_DAY = date(2026, 3, 12)
REGISTERED, SHORT_NOTICE, NO_SHOWS, WALK_INS = 60, 3, 6, 22

FIRST = ["Anna", "Bernd", "Claudia", "Dirk", "Elke", "Frank", "Gabi", "Heiko", "Ines", "Jörg", "Katrin", "Lars",
         "Monika", "Norbert", "Olga", "Peter", "Renate", "Stefan", "Tanja", "Uwe"]
LAST = ["Schulte", "Kaiser", "Brandt", "Nowak", "Hoffmann", "Wagner", "Becker", "Schröder", "Krüger", "Yılmaz",
        "Lange", "Schmitz"]


def _name(number: int) -> str:
    return f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST) + number) % len(LAST)]}"


def _at(day: date, hour: int, office) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=office.tz)


def _event(office, *, title: str, starts_at: datetime, **fields) -> tuple[Event, bool]:
    return Event.objects.get_or_create(
        office=office, title=title, starts_at=starts_at,
        defaults={"ends_at": starts_at + timedelta(hours=2), **fields},
    )


def _people(event: Event, count: int, companies: list, *, prefix: str, start: int = 0, **fields) -> list:
    rows = []
    for number in range(start, start + count):
        company = companies[number % len(companies)] if companies and number % 3 != 2 else None
        values = {"confirmed_at": event.starts_at - timedelta(days=10),
                  "created_at": event.starts_at - timedelta(days=12), **fields}
        rows.append(Registration(event=event, name=_name(number), email=f"{prefix}{number}@example.org",
                                 company=company.name if company else "", linked_company=company, **values))
    return Registration.objects.bulk_create(rows)


@transaction.atomic
def seed(*, office, scale: int = 1, stdout=None) -> None:
    from companies.models import Company, Network

    companies = list(Company.objects.order_by("pk")[:40])
    hall, _created = Room.objects.get_or_create(office=office, name="Veranstaltungsraum im HWG-Gebäude",
                                                defaults={"capacity": 60})
    meeting_room, _created = Room.objects.get_or_create(office=office, name="Besprechungsraum 2. Etage",
                                                        defaults={"capacity": 20})
    made = []

    introduction, created = _event(
        office, title=INTRODUCTION, starts_at=_at(INTRODUCTION_DAY, 18, office), room=hall, capacity=REGISTERED,
        description="Die neue Leiterin stellt sich und die Arbeit des Regionalbüros vor. Mit Imbiss.",
    )
    if created:
        start = introduction.starts_at
        came = REGISTERED - SHORT_NOTICE - NO_SHOWS
        _people(introduction, came, companies, prefix="einfuehrung", status="confirmed",
                checked_in_at=start + timedelta(minutes=5))
        _people(introduction, NO_SHOWS, companies, prefix="einfuehrung", start=came, status="confirmed")
        _people(introduction, SHORT_NOTICE, companies, prefix="einfuehrung", start=came + NO_SHOWS,
                status="cancelled", cancelled_at=start - timedelta(hours=20), short_notice=True)
        _people(introduction, WALK_INS, companies, prefix="spontan", start=100, status="confirmed",
                source=Registration.Source.WALK_IN, checked_in_at=start + timedelta(minutes=15),
                confirmed_at=start + timedelta(minutes=15), created_at=start + timedelta(minutes=15))
        made.append(introduction)

    today = timezone.localdate()
    evening, created = _event(
        office, title="Informationsabend Unternehmensnachfolge", starts_at=_at(today + timedelta(days=21), 18, office),
        room=hall, capacity=40, max_guests=1, ask_role=True,
        description="Wie übergebe ich meinen Betrieb? Mit Erfahrungen aus zwei Hattinger Familienbetrieben.",
    )
    if created:
        _people(evening, 12, companies, prefix="nachfolge", status="confirmed", guests=0)
        made.append(evening)

    network = Network.objects.filter(name="IG Mühlenviertel").first()
    if network is not None:
        meeting, created = _event(
            office, title="Treffen der IG Mühlenviertel", starts_at=_at(today + timedelta(days=10), 19, office),
            room=meeting_room, capacity=20, audience=Event.Audience.INVITED, network=network,
            description="Baustelle Obere Heggerstraße, gemeinsame Aktion im Advent.",
        )
        if created:
            made.append(meeting)

    if scale >= 2:
        reception, created = _event(
            office, title="Jahresempfang der Hattinger Wirtschaft",
            starts_at=_at(today + timedelta(days=45), 18, office), room=hall, capacity=100 * scale, max_guests=1,
        )
        if created:
            _people(reception, 50 * scale, companies, prefix="empfang", status="confirmed")
            made.append(reception)
    if stdout is not None:
        stdout.write(f"Veranstaltungen: {len(made)} neu angelegt")
