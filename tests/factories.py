"""factory_boy factories shared by all test modules."""

from datetime import time

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
