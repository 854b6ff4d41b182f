"""factory_boy factories shared by all test modules."""

from datetime import date, datetime, time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from ihk_office.models import Closure, Office, OpeningHours, Weekday


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = "IHK-Regionalbüro Hattingen"
    slug = "hattingen"
    street = "Im Bruchfeld 17"
    postcode = "45525"
    city = "Hattingen"
    location_note = "2. Etage, HWG-Gebäude"
    phone = "02324 3803301"
    email = "hattingen@example.org"
    chamber_name = "Industrie- und Handelskammer Mittleres Ruhrgebiet"
    chamber_address = "Ostring 30–32, 44787 Bochum"
    state = "NW"

    @factory.post_generation
    def hours(office, create, extracted, **kwargs):
        """The office's real week: Monday–Thursday 13–17, Friday 13–15:30 (pass hours=[] for none)."""
        if not create:
            return
        week = extracted if extracted is not None else [
            *[(day, time(13), time(17)) for day in range(Weekday.MONDAY, Weekday.FRIDAY)],
            (Weekday.FRIDAY, time(13), time(15, 30)),
        ]
        if not office.opening_hours.exists():
            for day, opens, closes in week:
                OpeningHours.objects.create(office=office, weekday=day, opens_at=opens, closes_at=closes)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    office = factory.SubFactory(OfficeFactory)
    reason = "Betriebsausflug"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "ein-sicheres-passwort")

    @factory.post_generation
    def _save(user, create, extracted, **kwargs):
        if create:
            user.save()


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True

    @factory.post_generation
    def staff_group(user, create, extracted, **kwargs):
        if create:
            from ihk_office.demo import staff_group

            user.groups.add(staff_group())


# --- committees ---


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "committees.Committee"
        django_get_or_create = ("slug",)

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Arbeitskreis {n}")
    short_name = factory.LazyAttribute(lambda c: c.name[:40])
    slug = factory.Sequence(lambda n: f"gremium-{n}")
    kind = "working_group"
    description = "Berät das Regionalbüro zu Fragen des Standorts."


class MemberUserFactory(UserFactory):
    """A member account without a password: hashing one costs ~0.2 s, and bulk members never log in."""

    username = factory.Sequence(lambda n: f"mitglied{n}")
    password = factory.PostGenerationMethodCall("set_unusable_password")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "committees.Membership"

    user = factory.SubFactory(MemberUserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    organisation = factory.Faker("company", locale="de_DE")
    role = "member"
    start_date = factory.LazyFunction(lambda: date(2020, 1, 1))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "committees.Meeting"

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"{n}. Sitzung")
    state = "scheduled"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    location = "IHK-Regionalbüro, Im Bruchfeld 17"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "committees.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "committees.Minutes"

    meeting = factory.SubFactory(MeetingFactory)
    text = "# Ergebnisse\n\nDer Breitbandausbau im Hügelland wurde besprochen."
    status = "draft"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A PDF stored in PRIVATE_MEDIA_ROOT (tests point that at a tmp_path)."""

    class Meta:
        model = "committees.Document"

    committee = factory.SelfAttribute("meeting.committee")
    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Unterlage {n}")
    file = factory.django.FileField(filename="unterlage.pdf", data=b"%PDF-1.4\n% Testdokument\n")
    original_name = "unterlage.pdf"
    content_type = "application/pdf"
    size = 24


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "committees.Recommendation"

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Empfehlung {n}")
    text = "Die Stadt möge Gewerbeflächen am Bahnhof ausweisen."
    addressee = "town"


# --- consultations ---
class ConsultationDayFactory(factory.django.DjangoModelFactory):
    """A day with `slots` half-hour slots from 13:00 (pass slots=0 for none)."""

    class Meta:
        model = "consultations.ConsultationDay"
        skip_postgeneration_save = True

    office = factory.SubFactory(OfficeFactory)
    date = factory.Sequence(lambda n: date(2026, 12, 3) + timedelta(days=7 * n))

    @factory.post_generation
    def slots(day, create, extracted, **kwargs):
        if not create:
            return
        from consultations.models import Slot

        capacity = kwargs.get("capacity", 1)
        for index in range(8 if extracted is None else extracted):
            start = datetime.combine(day.date, time(13), tzinfo=day.office.tz) + timedelta(minutes=30 * index)
            Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=30), capacity=capacity)


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed online booking (use status=… and slot=…)."""

    class Meta:
        model = "consultations.Booking"

    slot = factory.LazyFunction(lambda: ConsultationDayFactory(slots=1).slots.get())
    day = factory.LazyAttribute(lambda b: b.slot.day)
    name = factory.Faker("name", locale="de_DE")
    email = factory.Sequence(lambda n: f"gast{n}@example.org")
    role = "pupil"
    topic = "career"
    status = "confirmed"
    source = "online"


# --- companies ---


def _local_today():
    from django.utils import timezone

    return timezone.localdate()


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Company"

    name = factory.Sequence(lambda n: f"Muster Metallbau {n}")
    legal_form = "GmbH"
    street = factory.Sequence(lambda n: f"Bahnhofstraße {n + 1}")
    postcode = "45525"
    city = "Hattingen"
    district = "mitte"
    wz_code = "25.11"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Contact"

    company = factory.SubFactory(CompanyFactory)
    name = factory.Faker("name", locale="de_DE")
    role = "Geschäftsführung"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Topic"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Thema {n}")


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Visit"
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    staff = factory.SubFactory(StaffFactory)
    summary = "Gespräch über Fachkräfte"

    @factory.post_generation
    def topics(visit, create, extracted, **kwargs):
        if create and extracted:
            visit.topics.set(extracted)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.FollowUp"

    visit = factory.SubFactory(VisitFactory)
    what = "Infos zum Förderprogramm schicken"
    due_on = factory.LazyFunction(lambda: _local_today())
    assignee = factory.LazyAttribute(lambda f: f.visit.staff)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "companies.Network"
        django_get_or_create = ("name",)

    name = "IG Mühlenviertel"
    kind = "ig"


# --- standard answers ---


class StandardAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ihk_office.StandardAnswer"

    slug = factory.Sequence(lambda n: f"frage-{n}")
    position = factory.Sequence(lambda n: 100 + n)
    title_de = factory.Sequence(lambda n: f"Frage {n}")
    title_en = factory.Sequence(lambda n: f"Question {n}")
    summary_de = "Kurz gesagt: so geht es."
    summary_en = "In short: this is how."
    body_de = "# Schritte\n\n1. Anrufen\n2. Fragen"
    body_en = "# Steps\n\n1. Call\n2. Ask"


class AnswerGivenFactory(factory.django.DjangoModelFactory):
    """A phone note by default (channel="phone", no visit); pass visit=… and channel="visit" for one at a visit."""

    class Meta:
        model = "companies.AnswerGiven"

    answer = factory.SubFactory(StandardAnswerFactory)
    channel = "phone"
    staff = factory.SubFactory(StaffFactory)
    date = factory.LazyFunction(lambda: _local_today())
