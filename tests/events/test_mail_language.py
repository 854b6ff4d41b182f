"""Mails are written in the language the person used the pages in, whoever or whatever sends them."""

from __future__ import annotations

import pytest
from django.utils import translation

from events import services
from ihk_office.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_mails_are_written_in_the_language_the_person_registered_in(event):
    services.register(event, name="Anna Schulte", email="anna@example.org", source="phone", language="en")
    mail = OutgoingMail.objects.get(category="event-confirmed")
    assert mail.subject.startswith("Registered:")
    assert "Hallo" not in mail.body and "Hello Anna Schulte" in mail.body


def test_a_german_registration_gets_german_mails_even_when_staff_work_in_english(event):
    with translation.override("en"):
        services.register(event, name="Anna Schulte", email="anna@example.org", source="phone", language="de")
    mail = OutgoingMail.objects.get(category="event-confirmed")
    assert mail.subject.startswith("Angemeldet:") and "Hallo Anna Schulte" in mail.body
