"""Demo data: fictional Hattingen companies with contacts, two years of visits, follow-ups, the office's
networks and a few introductions. `scale` multiplies companies and visits (500 and about 5,000 per step).

Fast at scale: rows are generated in memory and written with bulk_create in batches (no history rows for
seeded data). Idempotent: companies are numbered, a second run only adds the numbers that are missing, and
visits are only made for companies created in this run.
"""

from __future__ import annotations

import random
from datetime import timedelta
from importlib import import_module

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from faker import Faker

from . import tallies
from .classification import wz_section
from .forms import next_training_year
from .models import (
    AnswerGiven,
    Company,
    Contact,
    District,
    FollowUp,
    Introduction,
    Network,
    Source,
    Topic,
    TrainingOccupation,
    TrainingPlace,
    Visit,
)

COMPANIES_PER_SCALE = 500
VISITS_PER_COMPANY = 10  # on average (see _visits), so that scale 10 gives 5,000 companies and 50,000+ visits
BATCH = 2000
# The key account: the first demo company gets this many visits per scale step (200 at scale 10).
KEY_ACCOUNT_VISITS_PER_SCALE = 20

# Streets per district (real street names of Hattingen; the companies on them are invented).
STREETS = {
    District.MITTE: ["Obere Heggerstraße", "Heggerstraße", "Große Weilstraße", "Bahnhofstraße", "Steinhagen",
                     "Emschestraße", "Talstraße", "Augustastraße", "Martin-Luther-Straße", "Im Bruchfeld"],
    District.BLANKENSTEIN: ["Marktplatz", "Hauptstraße", "Blankensteiner Straße", "Gethmannsche Straße"],
    District.BREDENSCHEID_STUETER: ["Bredenscheider Straße", "Stüter Straße", "Am Stüter"],
    District.ELFRINGHAUSEN: ["Felderbachstraße", "Elfringhauser Straße"],
    District.HOLTHAUSEN: ["Holthauser Straße", "Am Kämpchen", "Eickener Straße"],
    District.NIEDERBONSFELD: ["Nierenhofer Straße", "Bonsfelder Straße"],
    District.NIEDERELFRINGHAUSEN: ["Deilbachstraße", "Oberelfringhauser Straße"],
    District.NIEDERWENIGERN: ["Essener Straße", "Domplatz", "Dahlhauser Straße"],
    District.OBERBREDENSCHEID: ["Oberbredenscheider Straße", "Sprockhöveler Straße"],
    District.OBERELFRINGHAUSEN: ["Wodantal", "Elfringhauser Schweiz"],
    District.WELPER: ["Marxstraße", "Thingstraße", "Welperstraße", "Hüttenstraße"],
    District.WINZ_BAAK: ["Kreisstraße", "Baaker Straße", "Rauendahlstraße", "Am Walzwerk"],
}
DISTRICT_WEIGHTS = {District.MITTE: 30, District.WELPER: 12, District.WINZ_BAAK: 10, District.HOLTHAUSEN: 8,
                    District.BLANKENSTEIN: 8, District.NIEDERWENIGERN: 8, District.BREDENSCHEID_STUETER: 6,
                    District.NIEDERBONSFELD: 5, District.OBERBREDENSCHEID: 4, District.ELFRINGHAUSEN: 3,
                    District.NIEDERELFRINGHAUSEN: 3, District.OBERELFRINGHAUSEN: 3}
POSTCODES = {District.MITTE: "45525", District.BLANKENSTEIN: "45527", District.HOLTHAUSEN: "45527",
             District.WELPER: "45527", District.WINZ_BAAK: "45529", District.NIEDERWENIGERN: "45529",
             District.NIEDERBONSFELD: "45529", District.BREDENSCHEID_STUETER: "45527",
             District.OBERBREDENSCHEID: "45527", District.ELFRINGHAUSEN: "45529",
             District.NIEDERELFRINGHAUSEN: "45529", District.OBERELFRINGHAUSEN: "45529"}

# (name pattern, WZ 2008 code, legal forms): {n} is a family name.
TRADES = [
    ("{n} Metallbau", "25.11", ["GmbH", "GmbH & Co. KG", "e.K."]),
    ("{n} Präzisionsteile", "25.62", ["GmbH", "KG"]),
    ("Schmiede {n}", "25.50", ["GmbH", "e.K."]),
    ("{n} Stahlhandel", "46.72", ["GmbH", "KG"]),
    ("Bäckerei {n}", "10.71.0", ["e.K.", "GmbH"]),
    ("Café {n}", "56.10.2", ["e.K.", "Einzelunternehmen", "UG"]),
    ("Gasthaus {n}", "56.10.1", ["e.K.", "GmbH"]),
    ("Hotel {n}", "55.10.1", ["GmbH", "KG"]),
    ("Ruhrtal Radverleih {n}", "77.21", ["UG", "e.K."]),
    ("{n} Reisen", "79.11", ["GmbH", "e.K."]),
    ("Elektro {n}", "43.21", ["GmbH", "e.K."]),
    ("{n} Bedachungen", "43.91", ["GmbH", "e.K."]),
    ("{n} Bau", "41.20.1", ["GmbH", "GmbH & Co. KG"]),
    ("Autohaus {n}", "45.11.0", ["GmbH", "GmbH & Co. KG"]),
    ("Kfz-Werkstatt {n}", "45.20.1", ["e.K.", "GmbH"]),
    ("{n} IT-Service", "62.02", ["GmbH", "UG"]),
    ("{n} Software", "62.01.9", ["GmbH", "UG", "AG"]),
    ("Buchhandlung {n}", "47.61", ["e.K.", "Einzelunternehmen"]),
    ("Modehaus {n}", "47.71", ["e.K.", "GmbH"]),
    ("Blumen {n}", "47.76.1", ["e.K.", "Einzelunternehmen"]),
    ("{n} Optik", "47.78.1", ["e.K.", "GmbH"]),
    ("Apotheke am Markt {n}", "47.73", ["e.K."]),
    ("Steuerberatung {n}", "69.20.3", ["PartG", "GmbH"]),
    ("{n} Immobilien", "68.31", ["GmbH", "e.K."]),
    ("Spedition {n}", "49.41", ["GmbH", "GmbH & Co. KG"]),
    ("{n} Logistik", "52.29", ["GmbH"]),
    ("Druckerei {n}", "18.12", ["GmbH", "KG"]),
    ("{n} Werbeagentur", "73.11", ["GmbH", "UG"]),
    ("Ingenieurbüro {n}", "71.12.2", ["GmbH", "PartG"]),
    ("{n} Gebäudereinigung", "81.21", ["GmbH", "e.K."]),
    ("Pflegedienst {n}", "88.10.1", ["GmbH", "UG"]),
    ("Fahrschule {n}", "85.53", ["e.K.", "Einzelunternehmen"]),
    ("{n} Energietechnik", "35.11.3", ["GmbH"]),
    ("Getränke {n}", "46.34", ["GmbH", "KG"]),
    ("Hofladen {n}", "01.13", ["Einzelunternehmen", "GbR"]),
]
REGISTER_TYPE = {"GmbH": "HRB", "UG": "HRB", "AG": "HRB", "GmbH & Co. KG": "HRA", "KG": "HRA", "OHG": "HRA",
                 "e.K.": "HRA", "PartG": "PR"}
ROLES = ["Geschäftsführung", "Inhaberin", "Inhaber", "Prokurist", "Personalleitung", "Ausbildungsleitung",
         "Assistenz der Geschäftsführung"]
SUMMARIES = {
    "Breitband und LTE im Hügelland": ["Funkloch am Standort, LTE-Ausbau angefragt",
                                       "Glasfaseranschluss für das Gewerbegebiet besprochen"],
    "Fachkräfte": ["Sucht zwei Fachkräfte für die Fertigung", "Fachkräfteengpass in der Saison"],
    "Ausbildung": ["Will wieder ausbilden, Hinweis auf den Ausbildungssprechtag",
                   "Azubi-Speed-Dating im Frühjahr angeboten"],
    "Existenzgründung": ["Gründung im Nebenerwerb, Beratung vermittelt", "Neueröffnung, Glückwünsche überbracht"],
    "Unternehmensnachfolge": ["Inhaber sucht Nachfolge in den nächsten drei Jahren",
                              "Nachfolgebörse vorgestellt"],
    "Beitragsbescheid": ["Fragen zum Beitragsbescheid geklärt", "Einspruch gegen Beitragsbescheid besprochen"],
    "Tourismus": ["Angebot für Radtouristen am Ruhrtalradweg", "Mitwirkung im Tourismusnetzwerk angefragt"],
    "Innenstadt": ["Leerstand in der Altstadt, Ideen für die Belebung", "Baustelle Heggerstraße, Umsatzeinbußen"],
}
FOLLOW_UPS = ["Kontakt zur Wirtschaftsförderung herstellen", "Unterlagen zur Nachfolgebörse schicken",
              "Ausbildungsberater vorbeischicken", "Rückruf wegen Beitragsbescheid", "Termin im Netzwerk vereinbaren",
              "Infos zum Förderprogramm schicken"]
NEIGHBOUR_CHAMBERS = "IHK zu Essen, IHK zu Dortmund, SIHK zu Hagen"


@transaction.atomic
def seed(*, office, scale: int, stdout) -> None:
    staff = list(get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk"))
    if not staff:
        stdout.write("Firmen: kein Büro-Konto, keine Besuche angelegt.")
        return
    topics = list(Topic.objects.filter(is_active=True))
    target = COMPANIES_PER_SCALE * scale
    existing_numbers = set(Company.objects.filter(source=Source.DEMO).values_list("notes", flat=True))
    wanted = [number for number in range(target) if _marker(number) not in existing_numbers]
    if wanted:
        stdout.write(f"Firmen: lege {len(wanted)} Demofirmen an …")
    fake = Faker("de_DE")
    today = timezone.localdate()
    created_companies = []
    for start in range(0, len(wanted), BATCH):
        batch = [_company(number, fake) for number in wanted[start:start + BATCH]]
        created_companies += Company.objects.bulk_create(batch)
        stdout.write(f"  Firmen {start + len(batch)}/{len(wanted)}")
    if created_companies:
        _contacts(created_companies, fake, stdout)
        _visits(created_companies, staff=staff, topics=topics, today=today, scale=scale, stdout=stdout)
    _networks(staff[0], today)
    _answers_given(staff[0], today)
    _training_places(staff[0], today)
    tallies.rebuild()  # bulk_create sends no signals
    _obstacles(staff[0], today)
    stdout.write(f"Firmen: {Company.objects.count()} Firmen, {Visit.objects.count()} Besuche, "
                 f"{Network.objects.count()} Netzwerke.")


ANSWER_MONTHS = 6  # "standard answer given" marks for the dashboard in this many months back


def _answers_given(staff, today) -> None:
    """Marks "standard answer given" over the last months, once (skipped when any mark exists): at each recent
    demo visit whose topic is the answer's title ("Beitragsbescheid" …), and a few phone calls per month."""
    from ihk_office.models import StandardAnswer

    answers = list(StandardAnswer.objects.in_order())
    if not answers or AnswerGiven.objects.exists():
        return
    year, month = divmod(today.year * 12 + today.month - ANSWER_MONTHS, 12)
    since = today.replace(year=year, month=month + 1, day=1)
    marks = []
    for answer in answers:
        visits = list(Visit.objects.filter(date__gte=since, date__lte=today, topics__name=answer.title_de)
                      .order_by("date", "pk"))
        for visit in visits[::3]:  # the answer itself was given at about every third visit on its topic
            marks.append(AnswerGiven(answer=answer, channel=AnswerGiven.Channel.VISIT, visit=visit,
                                     company_id=visit.company_id, staff_id=visit.staff_id, date=visit.date))
    month = since
    for index in range(ANSWER_MONTHS):
        for answer in answers:
            for call in range((index + answer.position // 10) % 4 + 1):
                day = month.replace(day=min(3 + 5 * call, 28))
                if day <= today:
                    marks.append(AnswerGiven(answer=answer, channel=AnswerGiven.Channel.PHONE, staff=staff,
                                             date=day))
        month = (month + timedelta(days=32)).replace(day=1)
    AnswerGiven.objects.bulk_create(marks, batch_size=BATCH)


def _marker(number: int) -> str:
    # The demo number lives in the notes, where staff see it as what it is.
    return f"Demofirma Nr. {number}"


def _company(number: int, fake: Faker) -> Company:
    # Seeded per company so a rerun makes the same data; not for security.
    rng = random.Random(f"company-{number}")  # nosec B311
    fake.seed_instance(number)
    if number == 0:
        return Company(name="Hattinger Schmiede- und Walzwerk", legal_form="GmbH", register_court="Essen",
                       register_type="HRB", register_number="10001", wz_code="25.50", section=wz_section("25.50"),
                       employee_band="250+", street="Am Walzwerk 1", postcode="45529", city="Hattingen",
                       district=District.WINZ_BAAK, website="https://walzwerk.example", phone="02324 90000",
                       is_member=True, notes=_marker(number), source=Source.DEMO)
    district = rng.choices(list(DISTRICT_WEIGHTS), weights=list(DISTRICT_WEIGHTS.values()))[0]
    pattern, wz_code, forms = TRADES[rng.randrange(len(TRADES))]
    if district == District.MITTE and rng.random() < 0.15:
        street = "Obere Heggerstraße"  # the Mühlenviertel
    else:
        street = rng.choice(STREETS[district])
    legal_form = rng.choice(forms)
    register_type = REGISTER_TYPE.get(legal_form, "")
    name = pattern.format(n=fake.last_name())
    if legal_form not in {"e.K.", "Einzelunternehmen", "GbR"}:
        name = f"{name} {legal_form}"
    return Company(
        name=name, legal_form=legal_form, register_court="Essen" if register_type else "",
        register_type=register_type, register_number=str(20000 + number) if register_type else "",
        wz_code=wz_code, section=wz_section(wz_code), employee_band=rng.choice(["1-9", "1-9", "10-49", "50-249"]),
        street=f"{street} {rng.randint(1, 120)}", postcode=POSTCODES[district], city="Hattingen", district=district,
        website=f"https://www.{fake.domain_word()}-{number}.example" if rng.random() < 0.6 else "",
        phone=f"02324 {rng.randint(20000, 99999)}", is_member=rng.random() < 0.92, notes=_marker(number),
        source=Source.DEMO,
    )


def _contacts(companies, fake, stdout) -> None:
    contacts = []
    for company in companies:
        rng = random.Random(f"contacts-{company.pk}")  # nosec B311
        for _ in range(rng.choice([1, 1, 2, 3])):
            contacts.append(Contact(company=company, name=fake.name(), role=rng.choice(ROLES),
                                    email=f"{fake.user_name()}@firma{company.pk}.example",
                                    phone=company.phone))
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    stdout.write(f"  Ansprechpersonen {len(contacts)}")


def _visits(companies, *, staff, topics, today, scale, stdout) -> None:
    visits, topic_links, follow_ups = [], [], []
    Through = Visit.topics.through
    written = 0

    def flush():
        nonlocal visits, topic_links, follow_ups, written
        saved = Visit.objects.bulk_create([visit for visit, _t, _f in visits], batch_size=BATCH)
        for visit, (_v, chosen, follow_up) in zip(saved, visits, strict=True):
            topic_links += [Through(visit_id=visit.pk, topic_id=topic.pk) for topic in chosen]
            if follow_up:
                follow_up.visit = visit
                follow_ups.append(follow_up)
        Through.objects.bulk_create(topic_links, batch_size=BATCH * 2)
        FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
        written += len(saved)
        stdout.write(f"  Besuche {written}")
        visits, topic_links, follow_ups = [], [], []

    for company in companies:
        rng = random.Random(f"visits-{company.pk}")  # nosec B311
        is_key_account = company.notes == _marker(0)
        if is_key_account:
            count = KEY_ACCOUNT_VISITS_PER_SCALE * scale
        else:
            # A fifth of the companies were never visited; the rest 2–25 times in two years (10.8 on average).
            count = 0 if rng.random() < 0.2 else rng.randint(2, 25)
        for _ in range(count):
            day = today - timedelta(days=int(rng.triangular(0, 730, 0)))
            chosen = rng.sample(topics, k=min(len(topics), rng.choice([1, 1, 2, 3]))) if topics else []
            texts = [text for topic in chosen for text in SUMMARIES.get(topic.name, [])]
            summary = rng.choice(texts) if texts else "Kennenlernbesuch"
            follow_up = None
            if rng.random() < 0.12:
                due = day + timedelta(days=rng.randint(7, 45))
                follow_up = FollowUp(what=rng.choice(FOLLOW_UPS), due_on=due, assignee=rng.choice(staff),
                                     done_on=due if due < today - timedelta(days=14) else None)
            visits.append((Visit(company=company, date=day, staff=rng.choice(staff), summary=summary),
                           chosen, follow_up))
        if len(visits) >= BATCH:
            flush()
    if visits:
        flush()


def _networks(head, today) -> None:
    muehlenviertel, _ = Network.objects.get_or_create(name="IG Mühlenviertel", defaults={
        "kind": Network.Kind.INTEREST_GROUP,
        "description": "Interessengemeinschaft der Geschäfte und Betriebe rund um die Obere Heggerstraße.",
        "contact_person": "Sprecherin der IG", "notes": "Austausch mit anderen Interessengemeinschaften angestoßen."})
    tourism, _ = Network.objects.get_or_create(name="Tourismusnetzwerk Ruhrtalradweg", defaults={
        "kind": Network.Kind.NETWORK,
        "description": "Tourismus und Freizeit entlang des Ruhrtalradwegs, gemeinsam mit den Nachbarkammern.",
        "partners": NEIGHBOUR_CHAMBERS, "contact_person": "Leitung des Regionalbüros"})
    innenstadt, _ = Network.objects.get_or_create(name="IG Altstadt Hattingen", defaults={
        "kind": Network.Kind.INTEREST_GROUP, "description": "Händler und Gastronomen der Altstadt."})
    demo = Company.objects.filter(source=Source.DEMO)
    if not muehlenviertel.members.exists():
        muehlenviertel.members.add(*demo.filter(street__startswith="Obere Heggerstraße")[:40])
    if not tourism.members.exists():
        tourism.members.add(*demo.filter(section="I")[:30], *demo.filter(wz_code__in=["77.21", "79.11"])[:20])
    if not innenstadt.members.exists():
        innenstadt.members.add(*demo.filter(district=District.MITTE, section="G")[:30])
    if not Introduction.objects.exists():
        members = list(muehlenviertel.members.all()[:3])
        hotels = list(demo.filter(section="I")[:2])
        entries = []
        if members:
            entries.append(Introduction(company=members[0], to_network=innenstadt, made_by=head,
                                        date=today - timedelta(days=120), purpose="IG Mühlenviertel und IG Altstadt "
                                        "vernetzen", outcome="Gemeinsames Altstadtfest geplant"))
        if len(hotels) == 2:
            entries += [
                Introduction(company=hotels[0], to_network=tourism, made_by=head, date=today - timedelta(days=60),
                             purpose="Übernachtungsangebot für Radtouristen", outcome="Mitglied geworden"),
                Introduction(company=hotels[1], to_company=hotels[0], made_by=head, date=today - timedelta(days=30),
                             purpose="Gemeinsames Pauschalangebot", outcome=""),
            ]
        Introduction.objects.bulk_create(entries)


# (title, kind, district, how many companies of that district, status, raised with, days ago)
OBSTACLES = [
    ("Kein stabiles LTE an der Felderbachstraße", "Breitband/LTE", District.ELFRINGHAUSEN, 3, "open", "", 150),
    ("Langsames Internet in Oberelfringhausen, Glasfaser fehlt", "Breitband/LTE", District.OBERELFRINGHAUSEN, 2,
     "raised", "Stadt Hattingen, Wirtschaftsförderung", 120),
    ("Funkloch an der Nierenhofer Straße", "Mobilfunk", District.NIEDERBONSFELD, 2, "raised",
     "Netzbetreiber, über die Stadt gemeldet", 200),
    ("Kundenparkplätze an der Oberen Heggerstraße fehlen", "Verkehr und Parken", District.MITTE, 4, "open", "", 60),
    ("Keine Erweiterungsfläche für ortsansässige Betriebe", "Gewerbeflächen", District.WINZ_BAAK, 2, "raised",
     "Wirtschaftsförderung", 90),
    ("Bauantrag seit acht Monaten unbeschieden", "Verwaltung", District.WELPER, 1, "solved", "Bauordnungsamt", 240),
    ("Keine Bewerbungen auf Ausbildungsplätze im Handwerk", "Fachkräfte", District.BLANKENSTEIN, 2, "open", "", 30),
]


def _obstacles(head, today) -> None:
    """Obstacles staff recorded at visits (some raised with the town, one solved). Idempotent by title."""
    from . import obstacle_services
    from .models import LocationObstacle, ObstacleKind

    obstacle_services.ensure_default_kinds()
    kinds = {kind.name: kind for kind in ObstacleKind.objects.all()}
    existing = set(LocationObstacle.objects.values_list("title", flat=True))
    demo = Company.objects.filter(source=Source.DEMO).order_by("pk")
    for title, kind, district, count, status, raised_with, days in OBSTACLES:
        if title in existing:
            continue
        companies = list(demo.filter(district=district)[:count])
        visit = Visit.objects.filter(company__in=companies).order_by("-date").first()
        obstacle = obstacle_services.record_obstacle(
            kind=kinds[kind], title=title, district=district, companies=companies, visit=visit, by=head,
            noted_on=visit.date if visit else today - timedelta(days=days),
            description="Von Firmen beim Besuch geschildert.")
        if status == "solved":
            obstacle_services.change_status(obstacle=obstacle, status="raised", raised_with=raised_with, by=head)
            obstacle_services.change_status(obstacle=obstacle, status="solved", by=head,
                                            note="Bescheid ist ergangen.")
        elif status == "raised":
            obstacle_services.change_status(obstacle=obstacle, status="raised", raised_with=raised_with, by=head)


# Open training places of demo companies, by the WZ code of their trade: (code, occupation, places, note). The
# consultation day's demo bookings wish for some of these occupations (consultations.demo), so the day sheet shows
# matching places.
TRAINING_PLACES = [
    ("47.71", "Kaufmann/-frau im Einzelhandel", 2, "Fachoberschulreife erwünscht"),
    ("47.61", "Verkäufer/-in", 1, ""),
    ("62.02", "Fachinformatiker/-in – Fachrichtung Systemintegration", 1, "Praktikum vorher möglich"),
    ("55.10.1", "Hotelfachmann/-frau", 2, ""),
    ("25.11", "Konstruktionsmechaniker/-in", 1, ""),
]


def ensure_training_occupations() -> None:
    """The seeded occupations (migration 0005), should the table have been emptied since (a flushed test database):
    the demo's wishes and places name them. Idempotent; an occupation staff deactivated stays so."""
    for name in import_module("companies.migrations.0005_training_occupations").OCCUPATIONS:
        TrainingOccupation.objects.get_or_create(name=name)


def _training_places(head, today) -> None:
    """A few open places per trade, and the steelworks' own (idempotent: one entry per company, occupation and
    year)."""
    ensure_training_occupations()
    year = next_training_year(today)
    occupations = {occupation.name: occupation for occupation in TrainingOccupation.objects.all()}
    demo = Company.objects.filter(source=Source.DEMO).exclude(district=District.OUTSIDE)
    wanted = [(company, name, places, note) for code, name, places, note in TRAINING_PLACES
              for company in demo.filter(wz_code=code).order_by("pk")[:2]]
    steelworks = demo.filter(name="Hattinger Schmiede- und Walzwerk").first()
    if steelworks is not None:
        wanted += [(steelworks, "Industriemechaniker/-in", 3, "Bewerbung bis Ende Februar"),
                   (steelworks, "Kaufmann/-frau für Büromanagement", 1, "")]
    for company, name, places, note in wanted:
        if name in occupations:
            TrainingPlace.objects.get_or_create(company=company, occupation=occupations[name], start_year=year,
                                                defaults={"places": places, "note": note, "recorded_by": head})
