"""Demo data of the committees: the Regionalbeirat (about 40 companies, the mayor, the head of business
development) and the Arbeitskreis Innenstadt (with the town marketing), past meetings with approved
minutes and recommendations, and the next Regionalbeirat meeting "voraussichtlich im März". Idempotent:
everything is found again by a natural key (user name, committee slug, meeting title)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from faker import Faker

from ihk_office.demo import DEMO_STAFF_USERNAME

from . import services
from .models import Attendance, Committee, Document, Meeting, Membership, Minutes, Recommendation

# Demo accounts, created only with DEBUG=1 (seed_demo refuses otherwise).
BEIRAT_LOGIN = ("beirat", "hattingen-beirat")
INNENSTADT_LOGIN = ("innenstadt", "hattingen-innenstadt")
DEMO_LOGINS = [
    f"Anmeldung Regionalbeirat (Mitglied):  {BEIRAT_LOGIN[0]} / {BEIRAT_LOGIN[1]}",
    f"Anmeldung Arbeitskreis Innenstadt (Mitglied):  {INNENSTADT_LOGIN[0]} / {INNENSTADT_LOGIN[1]}",
]

REGIONALBEIRAT = {
    "name": "IHK-Regionalbeirat Hattingen",
    "short_name": "Regionalbeirat",
    "kind": Committee.Kind.ADVISORY_BOARD,
    "description": (
        "Im Regionalbeirat beraten rund 40 Unternehmen aus Hattingen gemeinsam mit dem Bürgermeister und der "
        "Leitung der städtischen Wirtschaftsförderung offen über Hemmnisse am Standort – von Breitband und "
        "Mobilfunk im Hügelland über Fachkräfte bis zu Gewerbeflächen – und erarbeiten konkrete "
        "Handlungsempfehlungen an Stadt, Kreis, Land und Kammer."
    ),
}
INNENSTADT = {
    "name": "Arbeitskreis Innenstadt",
    "short_name": "AK Innenstadt",
    "kind": Committee.Kind.WORKING_GROUP,
    "description": (
        "Der Arbeitskreis Innenstadt bringt Handel, Gastronomie und Dienstleister der Altstadt mit dem "
        "Stadtmarketing Hattingen zusammen: Leerstand, Erreichbarkeit, Veranstaltungen und die Interessen des "
        "Mühlenviertels an der Oberen Heggerstraße."
    ),
}

MINUTES_SPRING = """# Begrüßung

Der Vorsitzende begrüßt die Mitglieder, den Bürgermeister und die Leitung der Wirtschaftsförderung.

# Breitband und Mobilfunk im Hügelland

- In Elfringhausen und Niederbonsfeld fehlen weiterhin stabile LTE-Verbindungen.
- Mehrere Unternehmen berichten von Ausfällen bei Videokonferenzen und Cloud-Diensten.
- Die Stadt sagt zu, die Funklöcher beim Netzbetreiber zu melden.

# Fachkräfte und Ausbildung

Der Beirat regt an, den Ausbildungssprechtag im Regionalbüro bekannter zu machen.

# Beschluss

Der Beirat beschließt die Handlungsempfehlung **„Funklöcher im Hügelland schließen“**.
"""

MINUTES_AUTUMN = """# Bericht der Wirtschaftsförderung

Die Wirtschaftsförderung berichtet über die Vermarktung der Gewerbeflächen an der Ruhr.

# Gewerbeflächen

- Für Erweiterungen ortsansässiger Betriebe stehen kaum Flächen zur Verfügung.
- Der Beirat bittet um eine Übersicht der Reserveflächen bis zur nächsten Sitzung.

# Beschluss

Der Beirat beschließt die Handlungsempfehlung **„Reserveflächen für Betriebserweiterungen sichern“**.
"""

MINUTES_INNENSTADT = """# Leerstand in der Altstadt

Das Stadtmarketing stellt die aktuelle Leerstandsliste vor; drei Ladenlokale an der Oberen Heggerstraße
sind neu vermietet.

# Weihnachtsmarkt und verkaufsoffener Sonntag

Die Händler wünschen eine frühere Abstimmung der Termine.
"""

# A tiny, valid PDF so the demo documents open in any viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _user(username: str, *, first: str, last: str, password: str | None = None):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _seat(user, committee, organisation: str, role=Membership.Role.MEMBER, start=date(2024, 1, 1)) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, committee=committee, defaults={"organisation": organisation, "role": role, "start_date": start}
    )
    return membership


def _meeting(committee, title: str, **defaults) -> Meeting:
    meeting, _ = Meeting.objects.get_or_create(committee=committee, title=title, defaults=defaults)
    return meeting


def _approved_minutes(meeting: Meeting, text: str, staff) -> None:
    minutes, _ = Minutes.objects.get_or_create(meeting=meeting, defaults={"text": text})
    if not minutes.is_approved:
        services.approve_minutes(minutes=minutes, by=staff, now=meeting.starts_at + timedelta(days=14))


def _document(meeting: Meeting, title: str, description: str) -> None:
    if Document.objects.filter(meeting=meeting, title=title).exists():
        return
    document = Document(committee=meeting.committee, meeting=meeting, title=title, description=description,
                        original_name=f"{title}.pdf", content_type="application/pdf", size=len(DEMO_PDF))
    document.file.save(f"{title}.pdf", ContentFile(DEMO_PDF), save=False)
    document.save()


def _recommendation(committee, title, *, text, public_text, addressee, adopted_in, steps, staff) -> None:
    """Steps are (status, days after the adopting meeting, internal note, public note)."""
    existing = Recommendation.objects.filter(committee=committee, title=title).first()
    if existing is not None:
        # Databases seeded before the public fields existed get their public wording once.
        if public_text and not existing.public_text:
            services.set_recommendation_public_text(recommendation=existing, public_text=public_text)
        return
    rec = services.create_recommendation(committee=committee, title=title, text=text, public_text=public_text,
                                         addressee=addressee, adopted_in=adopted_in, by=staff)
    for status, days_after, note, public_note in steps:
        services.change_recommendation_status(recommendation=rec, status=status, note=note, public_note=public_note,
                                              by=staff,
                                              on=timezone.localdate(adopted_in.starts_at) + timedelta(days=days_after))


def _attendance(meeting: Meeting, memberships, *, held: bool) -> None:
    existing = set(meeting.attendances.values_list("membership_id", flat=True))
    rows = []
    for index, membership in enumerate(memberships):
        if membership.pk in existing:
            continue
        response = [Attendance.Response.YES, Attendance.Response.YES, Attendance.Response.NO,
                    Attendance.Response.MAYBE][index % 4]
        presence = ""
        if held:
            presence = {Attendance.Response.YES: Attendance.Presence.PRESENT,
                        Attendance.Response.NO: Attendance.Presence.EXCUSED}.get(response, Attendance.Presence.ABSENT)
        rows.append(Attendance(meeting=meeting, membership=membership,
                               invited_at=meeting.starts_at - timedelta(days=21), response=response,
                               responded_at=meeting.starts_at - timedelta(days=10), presence=presence,
                               reminder_sent_at=meeting.starts_at - timedelta(days=2) if held else None))
    Attendance.objects.bulk_create(rows)


@transaction.atomic
def seed(*, office, scale: int = 1, stdout=None) -> None:
    staff = get_user_model().objects.filter(username=DEMO_STAFF_USERNAME).first()
    today = timezone.localdate()
    beirat, _ = Committee.objects.get_or_create(slug="regionalbeirat", defaults={**REGIONALBEIRAT, "office": office})
    innenstadt, _ = Committee.objects.get_or_create(slug="innenstadt", defaults={**INNENSTADT, "office": office})

    # --- people ------------------------------------------------------------------------------------
    fake = Faker("de_DE")
    fake.seed_instance(45525)  # the same names on every run
    beirat_seats = [
        _seat(_user(BEIRAT_LOGIN[0], first="Birgit", last="Beiratsmitglied", password=BEIRAT_LOGIN[1]), beirat,
              "Ruhrtal Metallbau GmbH"),
        _seat(_user("buergermeister", first="Dirk", last="Stadtmann"), beirat, "Stadt Hattingen (Bürgermeister)",
              Membership.Role.ADVISORY),
        _seat(_user("wirtschaftsfoerderung", first="Wiebke", last="Förster"), beirat,
              "Stadt Hattingen, Leitung Wirtschaftsförderung", Membership.Role.ADVISORY),
    ]
    for number in range(1, 40):
        first, last = fake.first_name(), fake.last_name()
        company = fake.company()
        role = Membership.Role.CHAIR if number == 1 else Membership.Role.MEMBER
        beirat_seats.append(_seat(_user(f"beirat-{number:02d}", first=first, last=last), beirat, company, role))

    innenstadt_seats = [
        _seat(_user(INNENSTADT_LOGIN[0], first="Ines", last="Innenstadt", password=INNENSTADT_LOGIN[1]),
              innenstadt, "Buchhandlung an der Heggerstraße"),
        _seat(_user("stadtmarketing", first="Sven", last="Marktmann"), innenstadt, "Stadtmarketing Hattingen",
              Membership.Role.CHAIR),
    ]
    for number in range(1, 9):
        innenstadt_seats.append(_seat(_user(f"innenstadt-{number:02d}", first=fake.first_name(),
                                            last=fake.last_name()), innenstadt, fake.company()))

    # --- meetings ----------------------------------------------------------------------------------
    place = f"{office.name}, {office.street}"
    spring = _meeting(beirat, "Frühjahrssitzung des Regionalbeirats", state=Meeting.State.HELD, location=place,
                      starts_at=_local(today - timedelta(days=250), 16))
    autumn = _meeting(beirat, "Herbstsitzung des Regionalbeirats", state=Meeting.State.HELD,
                      location="Rathaus Hattingen", starts_at=_local(today - timedelta(days=60), 16))
    next_march = date(today.year + (1 if today.month > 3 else 0), 3, 1)
    upcoming_beirat = _meeting(beirat, "Frühjahrssitzung des Regionalbeirats (nächste)",
                               state=Meeting.State.TENTATIVE, location="", starts_at=_local(next_march, 0))
    ak_past = _meeting(innenstadt, "Treffen des Arbeitskreises Innenstadt", state=Meeting.State.HELD,
                       location="Stadtmarketing, Untermarkt", starts_at=_local(today - timedelta(days=45), 18))
    ak_next = _meeting(innenstadt, "Adventstreffen des Arbeitskreises Innenstadt", state=Meeting.State.SCHEDULED,
                       location="Stadtmarketing, Untermarkt", starts_at=_local(today + timedelta(days=12), 18))

    for meeting, items in [
        (spring, ["Begrüßung", "Breitband und Mobilfunk im Hügelland", "Fachkräfte und Ausbildung", "Verschiedenes"]),
        (autumn, ["Bericht der Wirtschaftsförderung", "Gewerbeflächen", "Verschiedenes"]),
        (upcoming_beirat, ["Stand der Handlungsempfehlungen", "Nachfolge in Familienunternehmen"]),
        (ak_past, ["Leerstand in der Altstadt", "Weihnachtsmarkt"]),
        (ak_next, ["Rückblick Weihnachtsmarkt", "Baustellen in der Altstadt", "Mühlenviertel"]),
    ]:
        if not meeting.agenda_items.exists():
            for title in items:
                services.add_agenda_item(meeting=meeting, title=title, public=title == "Begrüßung")

    _attendance(spring, beirat_seats, held=True)
    _attendance(autumn, beirat_seats, held=True)
    _attendance(ak_past, innenstadt_seats, held=True)
    # Invited, not yet answered: the demo member can RSVP.
    for membership in innenstadt_seats:
        Attendance.objects.get_or_create(meeting=ak_next, membership=membership,
                                         defaults={"invited_at": timezone.now()})

    _approved_minutes(spring, MINUTES_SPRING, staff)
    _approved_minutes(autumn, MINUTES_AUTUMN, staff)
    _approved_minutes(ak_past, MINUTES_INNENSTADT, staff)
    _document(spring, "Präsentation Mobilfunkversorgung", "Karte der Funklöcher im Hügelland, LTE, Breitband")
    _document(autumn, "Übersicht Gewerbeflächen", "Reserveflächen an der Ruhr, Erweiterungen")
    _document(ak_next, "Leerstandsliste Altstadt", "Ladenlokale Obere Heggerstraße, Mühlenviertel")

    # The Regionalbeirat publishes its adopted recommendations; the Arbeitskreis keeps them among its members.
    if not beirat.publishes_recommendations:
        Committee.objects.filter(pk=beirat.pk).update(publishes_recommendations=True)
    _recommendation(beirat, "Funklöcher im Hügelland schließen", adopted_in=spring, addressee="town", staff=staff,
                    text="Angestoßen von Ruhrtal Metallbau und drei Betrieben in Elfringhausen: Die Stadt meldet die "
                         "Funklöcher in Elfringhausen und Niederbonsfeld beim Netzbetreiber und wirbt beim Kreis "
                         "für Fördermittel für Mobilfunkmasten.",
                    public_text="Die Stadt meldet die Funklöcher in Elfringhausen und Niederbonsfeld beim "
                                "Netzbetreiber und wirbt beim Ennepe-Ruhr-Kreis für Fördermittel für neue "
                                "Mobilfunkmasten im Hügelland.",
                    steps=[("handed_over", 20, "an den Bürgermeister übergeben, Rückruf von Frau Förster erbeten",
                            "Der Stadtverwaltung übergeben."),
                           ("answered", 90, "Die Stadt hat die Standorte gemeldet.",
                            "Die Stadt hat die Funklöcher beim Netzbetreiber gemeldet; die Antwort zum Ausbau "
                            "steht aus.")])
    _recommendation(beirat, "Ausbildungssprechtag bekannter machen", adopted_in=spring, addressee="chamber",
                    staff=staff, text="Die IHK bewirbt den Ausbildungssprechtag an allen weiterführenden Schulen.",
                    public_text="Die IHK bewirbt den Ausbildungssprechtag am ersten Donnerstag im Monat an allen "
                                "weiterführenden Schulen in Hattingen.",
                    steps=[("implemented", 60, "Flyer an acht Schulen verteilt",
                            "Flyer und Plakate an acht weiterführenden Schulen verteilt.")])
    _recommendation(beirat, "Reserveflächen für Betriebserweiterungen sichern", adopted_in=autumn,
                    addressee="business_development", staff=staff,
                    text="Die Wirtschaftsförderung legt eine Übersicht der Reserveflächen vor und sichert Flächen "
                         "für die Erweiterung ortsansässiger Betriebe.",
                    public_text="Die Wirtschaftsförderung legt eine Übersicht der Reserveflächen vor und sichert "
                                "Flächen für die Erweiterung ortsansässiger Betriebe.",
                    steps=[("handed_over", 10, "in der Sitzung übergeben",
                            "In der Sitzung der Wirtschaftsförderung übergeben.")])
    _recommendation(innenstadt, "Baustellen in der Altstadt abstimmen", adopted_in=ak_past,
                    addressee="town_marketing", staff=staff,
                    text="Baustellen in der Altstadt werden mit dem Handel vor dem Weihnachtsgeschäft abgestimmt.",
                    public_text="", steps=[])
    # A draft for the next meeting: members see it, the public never does.
    if not Recommendation.objects.filter(committee=beirat, title="Nachfolge in Familienunternehmen begleiten").exists():
        services.create_recommendation(
            committee=beirat, title="Nachfolge in Familienunternehmen begleiten", addressee="chamber", by=staff,
            text="Entwurf: Die IHK bietet mit der Wirtschaftsförderung eine Sprechstunde zur Unternehmensnachfolge an.",
            public_text="Die IHK bietet gemeinsam mit der Wirtschaftsförderung eine Sprechstunde zur "
                        "Unternehmensnachfolge an.")
    _obstacles(upcoming_beirat, staff)
    if stdout is not None:
        stdout.write(f"Gremien: {beirat.name} ({len(beirat_seats)} Mitglieder), "
                     f"{innenstadt.name} ({len(innenstadt_seats)} Mitglieder), "
                     f"nächste Beiratssitzung {upcoming_beirat.when_text}")


OBSTACLES_ITEM = "Breitband und Mobilfunk im Hügelland: Stand"


def _obstacles(meeting: Meeting, staff) -> None:
    """The demo member's reports (one accepted, one waiting in the staff inbox), the broadband and mobile
    obstacles grouped into an item of the next Regionalbeirat meeting, and the recommendation that answers
    them. Idempotent: found again by title."""
    from companies import obstacle_services
    from companies.models import LocationObstacle, ObstacleKind

    member = get_user_model().objects.filter(username=BEIRAT_LOGIN[0]).first()
    obstacle_services.ensure_default_kinds()
    kinds = {kind.name: kind for kind in ObstacleKind.objects.all()}
    titles = set(LocationObstacle.objects.values_list("title", flat=True))
    if member is not None and "Breitbandausbau in Bredenscheid stockt" not in titles:
        report = obstacle_services.report_obstacle(
            kind=kinds["Breitband/LTE"], title="Breitbandausbau in Bredenscheid stockt", by=member,
            district="bredenscheid-stueter", description="Die Glasfaserleitung endet seit Monaten an der "
            "Bredenscheider Straße; drei Betriebe in der Nachbarschaft warten auf den Anschluss.")
        obstacle_services.accept_report(obstacle=report, by=staff)
    if member is not None and "Funkloch am Wodantal bei Kundenterminen" not in titles:
        obstacle_services.report_obstacle(
            kind=kinds["Mobilfunk"], title="Funkloch am Wodantal bei Kundenterminen", by=member,
            district="oberelfringhausen", description="Außendienst und Kunden sind am Wodantal nicht erreichbar.")
    if not meeting.agenda_items.filter(title=OBSTACLES_ITEM).exists():
        grouped = LocationObstacle.objects.unsolved().filter(kind__name__in=["Breitband/LTE", "Mobilfunk"])
        if grouped.exists():
            services.group_obstacles(meeting=meeting, title=OBSTACLES_ITEM, obstacles=list(grouped),
                                     text="Was Firmen seit der letzten Sitzung zu Breitband und Funklöchern "
                                          "gemeldet haben.")
    recommendation = Recommendation.objects.filter(committee=meeting.committee,
                                                   title="Funklöcher im Hügelland schließen").first()
    if recommendation is not None and not recommendation.obstacles.exists():
        services.link_obstacles(recommendation=recommendation, obstacles=list(
            LocationObstacle.objects.accepted().filter(kind__name="Mobilfunk")))
