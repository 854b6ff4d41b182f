"""Registering without an account: double opt-in, confirmation with calendar file and QR code, the manage link
(cancel by POST, change the guests), short-notice cancellations, rate limit, honeypot, the same answer for known
and unknown addresses, English mails."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services, tokens
from events.models import Registration
from ihk_office.models import OutgoingMail

from .conftest import make_event, make_registrations

pytestmark = pytest.mark.django_db

FORM = {"name": "Anna Schulte", "email": "Anna.Schulte@example.org", "company": "Schulte Metallbau GmbH",
        "guests": "1", "privacy": "on", "website": ""}


def post(client, event, **changes):
    return client.post(reverse("events:register", args=[event.pk]), {**FORM, **changes})


def path_in(mail, name: str) -> str:
    match = re.search(r"https?://[^\s/]+(/veranstaltungen/" + name + r"/[^\s/]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_the_public_page_shows_places_left_json_ld_and_the_privacy_note(client, event):
    make_registrations(event, 10, guests=1)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "noch 20 Plätze frei" in page
    assert '"@type": "Event"' in page and '"name": "Informationsabend Unternehmensnachfolge"' in page
    assert "Hinweis zum Datenschutz" in page


def test_the_whole_journey_register_confirm_then_cancel_by_post(client, event):
    response = post(client, event)
    assert response.status_code == 302 and response["Location"] == reverse("events:sent")
    registration = Registration.objects.get()
    assert registration.status == "pending" and registration.email == "anna.schulte@example.org"
    assert registration.guests == 1

    confirm = path_in(OutgoingMail.objects.get(category="event-confirm_link"), "bestaetigen")
    assert client.get(confirm).status_code == 200
    response = client.post(confirm)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert client.post(confirm).status_code == 410  # once only

    mail = OutgoingMail.objects.get(category="event-confirmed")
    names = [attachment["filename"] for attachment in mail.attachments]
    assert names == ["veranstaltung.ics", "einlass-qr-code.svg"]
    assert "<svg" in mail.attachments[1]["content"]
    manage = path_in(mail, "anmeldung")
    page = client.get(manage).content.decode()
    assert "Anna Schulte" in page and "<svg" in page  # the QR code for the door

    assert client.get(manage.replace("/anmeldung/", "/anmeldung/") + "absagen/").status_code == 405  # POST only
    client.post(manage + "absagen/")
    registration.refresh_from_db()
    assert registration.status == "cancelled" and not registration.short_notice
    assert OutgoingMail.objects.filter(category="event-cancelled").count() == 1


def test_a_cancellation_within_the_short_notice_hours_counts_as_short_notice(office):
    event = make_event(office, starts_in=timedelta(days=3), short_notice_hours=48)
    early, late = make_registrations(event, 2)
    services.cancel(registration=early, now=event.starts_at - timedelta(hours=49))
    services.cancel(registration=late, now=event.starts_at - timedelta(hours=47))
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.short_notice, late.short_notice) == (False, True)


def test_changing_the_guests_respects_the_limit_and_sends_a_new_confirmation(client, office):
    event = make_event(office, capacity=4, max_guests=2)
    registration = services.register(event, name="Anna Schulte", email="anna@example.org", source="phone")
    make_registrations(event, 2)
    url = reverse("events:manage_guests", args=[tokens.manage_token(registration.pk)])

    assert client.post(url, {"guests": "2"}).status_code == 409  # 2 more do not fit, 1 does
    assert client.post(url, {"guests": "1"}).status_code == 302
    registration.refresh_from_db()
    assert registration.guests == 1
    assert OutgoingMail.objects.filter(category="event-confirmed", to=["anna@example.org"]).count() == 2
    assert client.post(url, {"guests": "7"}).status_code == 400


def test_the_same_answer_whether_an_address_is_known_or_not(client, event):
    services.register(event, name="Anna Schulte", email="anna.schulte@example.org", source="phone")
    first = post(client, event)
    second = post(client, event, email="neu@example.org")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Registration.objects.filter(email="anna.schulte@example.org").count() == 1
    told = OutgoingMail.objects.get(category="event-already-registered")
    assert "/veranstaltungen/anmeldung/" in told.body  # the existing registration's link, by mail only


def test_the_honeypot_catches_bots_silently(client, event):
    response = post(client, event, website="http://spam.example")
    assert response.status_code == 302
    assert not Registration.objects.exists() and not OutgoingMail.objects.exists()


def test_registering_is_rate_limited_per_address_with_a_german_429(client, event, settings, own_cache):
    settings.EVENT_REGISTRATION_RATE = "3/h"
    for number in range(3):
        post(client, event, email=f"p{number}@example.org")
    response = post(client, event, email="p9@example.org")
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 200


def test_the_registration_form_needs_csrf(event):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, event).status_code == 403


def test_bad_input_gives_german_messages_and_saves_nothing(client, event):
    response = post(client, event, name="  ", email="keine-adresse", privacy="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in page
    assert "Bitte bestätigen Sie, dass Sie den Datenschutz-Hinweis gelesen haben." in page
    assert not Registration.objects.exists()


def test_a_full_event_offers_the_waitlist_and_a_freed_place_is_offered_for_a_while(client, office):
    event = make_event(office, capacity=2, max_guests=0)
    first, _second = make_registrations(event, 2)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Auf die Warteliste" in page and "ausgebucht" in page
    assert post(client, event, guests="0").status_code == 409

    client.post(reverse("events:waitlist", args=[event.pk]), {"name": "Wera Wartend", "email": "w@example.org"})
    client.post(reverse("events:waitlist", args=[event.pk]), {"name": "Xaver Zweiter", "email": "x@example.org"})
    services.cancel(registration=first)
    offer = OutgoingMail.objects.get(category="event-waitlist_offer")
    assert offer.to == ["w@example.org"]
    # The offered place is kept: nobody else can register meanwhile.
    with pytest.raises(services.EventFull):
        services.register(event, name="Yvonne Drängler", email="y@example.org", source="phone")

    offer_path = path_in(offer, "angebot")
    assert client.post(offer_path).status_code == 302
    taken = Registration.objects.get(email="w@example.org")
    assert taken.status == "confirmed"  # the link proved the address
    assert OutgoingMail.objects.filter(category="event-confirmed", to=["w@example.org"]).count() == 1
    assert client.post(offer_path).status_code == 410


def test_an_unused_offer_lapses_and_goes_to_the_next_person(office):
    event = make_event(office, capacity=1, max_guests=0, starts_in=timedelta(days=10))
    (only,) = make_registrations(event, 1)
    services.join_waitlist(event=event, name="Wera Wartend", email="w@example.org")
    services.join_waitlist(event=event, name="Xaver Zweiter", email="x@example.org")
    services.cancel(registration=only)
    later = timezone.now() + timedelta(hours=25)
    services.expire_holds(now=later)
    services.expire_holds(now=later)  # twice: nothing more happens
    offers = OutgoingMail.objects.filter(category="event-waitlist_offer").order_by("pk")
    assert [mail.to for mail in offers] == [["w@example.org"], ["x@example.org"]]


def test_past_and_cancelled_events_are_not_listed_publicly(client, office, event):
    past = make_event(office, title="Neujahrsempfang", starts_in=timedelta(days=-30))
    cancelled = make_event(office, title="Abgesagtes Frühstück")
    services.cancel_event(event=cancelled)
    listing = client.get(reverse("events:list")).content.decode()
    assert event.title in listing
    assert past.title not in listing and cancelled.title not in listing
    page = client.get(reverse("events:detail", args=[cancelled.pk])).content.decode()
    assert "Diese Veranstaltung ist abgesagt." in page


def test_registration_is_open_only_within_its_period(client, office):
    event = make_event(office, registration_opens_at=timezone.now() + timedelta(days=1),
                       registration_closes_at=timezone.now() + timedelta(days=3))
    with pytest.raises(services.RegistrationClosed):
        services.register(event, name="Zu früh", email="f@example.org")
    assert "Eine Anmeldung ist im Moment nicht möglich." in client.get(
        reverse("events:detail", args=[event.pk])).content.decode()
    services.register(event, name="Pünktlich", email="p@example.org", now=timezone.now() + timedelta(days=2))
    with pytest.raises(services.RegistrationClosed):
        services.register(event, name="Zu spät", email="s@example.org", now=timezone.now() + timedelta(days=4))
    # Staff still enter phone registrations outside the period.
    services.register(event, name="Am Telefon", email="t@example.org", source="phone",
                      now=timezone.now() + timedelta(days=4))
