"""factory_boy factories shared by all test modules."""

from datetime import date, datetime, time, timedelta

import factory
from django.contrib.auth import get_user_model

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
