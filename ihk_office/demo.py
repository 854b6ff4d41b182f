"""Demo data of the office itself: the Hattingen office with its real hours, and the staff account."""

from datetime import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Office, OpeningHours, Weekday, forget_default_office

DEMO_STAFF_USERNAME = "buero"
# A demo account, created only with DEBUG=1 (seed_demo refuses otherwise).
DEMO_STAFF_PASSWORD = "hattingen-buero"  # noqa: S105  # nosec B105

HATTINGEN = {
    "name": "IHK-Regionalbüro Hattingen",
    "street": "Im Bruchfeld 17",
    "postcode": "45525",
    "city": "Hattingen",
    "location_note": "2. Etage, HWG-Gebäude",
    "phone": "02324 3803301",
    "email": "hattingen@bochum.ihk.de",
    "chamber_name": "Industrie- und Handelskammer Mittleres Ruhrgebiet",
    "chamber_address": "Ostring 30–32, 44787 Bochum",
    "chamber_representative": "Präsident und Hauptgeschäftsführer der IHK Mittleres Ruhrgebiet",
    "supervisory_authority": "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie des Landes NRW",
    "data_protection_officer": "Datenschutzbeauftragte der IHK Mittleres Ruhrgebiet, Ostring 30–32, 44787 Bochum",
    "state": "NW",
}

HATTINGEN_HOURS = [
    *[(day, time(13), time(17)) for day in (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY)],
    (Weekday.FRIDAY, time(13), time(15, 30)),
]


@transaction.atomic
def seed_office() -> Office:
    office, _ = Office.objects.get_or_create(slug="hattingen", defaults=HATTINGEN)
    if not office.opening_hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(office=office, weekday=day, opens_at=opens, closes_at=closes)
            for day, opens, closes in HATTINGEN_HOURS
        )
        forget_default_office()  # bulk_create sends no signals
    return office


def staff_group() -> Group:
    """The "Büro" group: the model permissions of the portal's own apps, less those the office's work does not
    need (ihk_office.permissions.STAFF_GROUP_WITHHELD_MODELS); nothing over user accounts or groups."""
    from django.conf import settings
    from django.db.models import Q

    from .permissions import STAFF_GROUP_WITHHELD_MODELS

    group, _ = Group.objects.get_or_create(name=settings.STAFF_GROUP_NAME)
    withheld = Q()
    for app_label, model in STAFF_GROUP_WITHHELD_MODELS:
        withheld |= Q(content_type__app_label=app_label, content_type__model=model)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["ihk_office", "consultations", "companies", "committees"]
        ).exclude(withheld)
    )
    return group


@transaction.atomic
def seed_staff_user():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_STAFF_USERNAME,
        defaults={"first_name": "Bea", "last_name": "Büro", "email": "buero@example.org", "is_staff": True},
    )
    if created:
        user.set_password(DEMO_STAFF_PASSWORD)
        user.save()
    user.groups.add(staff_group())
    return user


# The demo's history: staff added the part on training to the start-up answer after it was first written.
_LATER_SECTION = {"existenzgruendung": ("# Später ausbilden?", "# Training apprentices later?")}


@transaction.atomic
def seed_standard_answers(*, edited_by=None) -> list:
    """The three standard answers (ihk_office.answer_texts) where they are missing; an answer staff have edited
    keeps their text. Saved one by one (not in bulk), so each has its Markdown converted and its history. With
    `edited_by`, the start-up answer gets a second version by that person (a section added), as staff would."""
    from .answer_texts import STANDARD_ANSWERS
    from .models import StandardAnswer
    from .services import save_answer

    answers = []
    for content in STANDARD_ANSWERS:
        answer = StandardAnswer.objects.filter(slug=content["slug"]).first()
        if answer is None:
            later = _LATER_SECTION.get(content["slug"]) if edited_by is not None else None
            first = content if later is None else {
                **content, "show_consultation_day": False,
                "body_de": content["body_de"].split(later[0])[0].rstrip() + "\n",
                "body_en": content["body_en"].split(later[1])[0].rstrip() + "\n"}
            answer = StandardAnswer(**first)
            answer.full_clean()
            answer.save()
            if later is not None:
                for name, value in content.items():
                    setattr(answer, name, value)
                save_answer(answer=answer, by=edited_by)
        answers.append(answer)
    return answers
