"""Issue 13, finding 9: joining the waitlist (once the address is confirmed) sends a mail that says what happens
next and carries a link to leave the list; leaving is a POST behind a button on the page the link opens, works
once, and the page says so clearly afterwards. Mails are read back with Python's `email` package."""

import re
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from consultations import services, tokens
from consultations.models import WaitlistEntry
from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory


@pytest.fixture
def full_day(day):
    for slot in day.slots.all():
        BookingFactory(slot=slot, day=day)
    return day


def received(category, to):
    queued = OutgoingMail.objects.get(category=category, to=[to])
    assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
    message = message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)
    return message, message.get_body(preferencelist=("plain",)).get_content()


def leave_path(body):
    return re.search(r"https?://[^/\s]+(/(?:en/)?sprechtag/warteliste/austragen/[^\s/]+/)", body).group(1)


def confirmed_entry(day, email="ida@example.org", language="de"):
    entry = services.join_waitlist(day=day, name="Ida Brandt", email=email, language=language)
    # Not before the opt-in.
    assert not OutgoingMail.objects.filter(category="consultation-waitlist-joined", to=[email]).exists()
    assert services.confirm_waitlist_entry(entry=entry)
    return entry


def test_confirming_the_waitlist_sends_what_happens_next_with_a_link_to_leave(client, full_day, settings):
    # Through the pages: join, then the link in the first mail, then the button.
    client.post(reverse("consultations:waitlist", args=[full_day.pk]),
                {"name": "Ida Brandt", "email": "ida@example.org", "website": ""})
    _message, first = received("consultation-waitlist-confirm-link", "ida@example.org")
    confirm = re.search(r"https?://[^/\s]+(/sprechtag/warteliste/bestaetigen/[^\s/]+/)", first).group(1)
    client.post(confirm)

    message, body = received("consultation-waitlist-joined", "ida@example.org")
    assert message["Subject"] == "Sie stehen auf der Warteliste: Ausbildungssprechtag am 3. Dezember 2026"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Sie stehen jetzt auf der Warteliste für den Ausbildungssprechtag am Donnerstag, 3. Dezember 2026." in body
    assert "Der Platz ist dann 24 Stunden für Sie reserviert" in body
    assert "Wird kein Platz frei, hören Sie nichts weiter von uns." in body
    assert "Hier melden Sie sich von der Warteliste ab:" in body
    assert tokens.read_waitlist_leave(leave_path(body).split("/")[-2]) == WaitlistEntry.objects.get().pk


def test_the_leave_link_opens_a_page_with_a_button_and_leaving_works_once(client, full_day):
    entry = confirmed_entry(full_day)
    _message, body = received("consultation-waitlist-joined", "ida@example.org")
    path = leave_path(body)

    page = client.get(path)
    assert page.status_code == 200
    assert "Ja, von der Warteliste abmelden" in page.content.decode()
    assert WaitlistEntry.objects.get(pk=entry.pk).status == "waiting"  # opening the link alone changes nothing

    left = client.post(path, follow=True)
    html = left.content.decode()
    assert "Sie sind von der Warteliste abgemeldet." in html
    assert "Sie stehen nicht mehr auf der Warteliste" in html
    assert WaitlistEntry.objects.get(pk=entry.pk).status == "cancelled"

    # The link has done its work: it says so, and a second press changes nothing.
    again = Client().get(path)
    assert again.status_code == 410
    assert "Sie stehen nicht mehr auf der Warteliste" in again.content.decode()
    assert "Ja, von der Warteliste abmelden" not in again.content.decode()
    second = Client().post(path, follow=True)
    assert "Sie sind von der Warteliste abgemeldet. Sie bekommen" not in second.content.decode()
    assert WaitlistEntry.objects.get(pk=entry.pk).status == "cancelled"


def test_leaving_while_a_place_is_offered_hands_it_to_the_next_in_line(client, full_day):
    first = confirmed_entry(full_day, "erste@example.org")
    second = confirmed_entry(full_day, "zweite@example.org")
    services.cancel(booking=full_day.bookings.first())
    first.refresh_from_db()
    assert first.status == "offered"

    client.post(reverse("consultations:waitlist_leave", args=[tokens.waitlist_leave_token(first.pk)]))

    second.refresh_from_db()
    assert WaitlistEntry.objects.get(pk=first.pk).status == "cancelled"
    assert second.status == "offered"
    assert OutgoingMail.objects.filter(category="consultation-waitlist-offer", to=["zweite@example.org"]).exists()


def test_a_tampered_leave_link_is_a_404(client, full_day):
    entry = confirmed_entry(full_day)
    token = tokens.waitlist_leave_token(entry.pk)
    assert client.get(reverse("consultations:waitlist_leave", args=[token[:-2] + "xx"])).status_code == 404
    # A link of another kind does not leave the list either.
    assert client.post(reverse("consultations:waitlist_leave",
                               args=[tokens.manage_token(entry.pk)])).status_code == 404
    assert WaitlistEntry.objects.get(pk=entry.pk).status == "waiting"


def test_the_joined_mail_and_the_leave_page_speak_english_to_an_english_visitor(client, full_day):
    confirmed_entry(full_day, language="en")
    message, body = received("consultation-waitlist-joined", "ida@example.org")
    assert message["Subject"] == "You are on the waiting list: training consultation day on 3 December 2026"
    assert "What happens next:" in body
    path = leave_path(body)
    assert path.startswith("/en/")
    assert "Yes, take me off the waiting list" in client.get(path).content.decode()
