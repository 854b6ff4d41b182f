"""Issue 13, finding 4: a parent who lost the mail asks for her links again. One mail lists every upcoming booking
and waitlist entry of her address with its link; the page answers the same for known and unknown addresses (an
unknown one gets no mail at all); CSRF, honeypot, and limits per IP address and per e-mail address.

Mails are read back as the person's mail program receives them (Python's `email` package, policy.default), and
the links in them are followed."""

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from consultations import services, tokens
from consultations.models import Booking, WaitlistEntry
from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..factories import BookingFactory, ConsultationDayFactory

LENA = "lena@example.org"


def ask(client, email, *, website="", **meta):
    return client.post(reverse("consultations:links"), {"email": email, "website": website}, **meta)


def received(category="consultation-links"):
    """The one mail of `category`, sent and read back as a mail program reads it."""
    queued = OutgoingMail.objects.get(category=category)
    assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
    message = message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)
    return message, message.get_body(preferencelist=("plain",)).get_content()


def paths(body, name):
    """The site paths of the links named `name` (`buchung`, `bestaetigen`, …) in a mail body, in order."""
    return [match.group(1) for match in re.finditer(r"https?://[^/\s]+(/(?:en/)?sprechtag/" + name + r"/[^\s]+/)",
                                                    body)]


@pytest.fixture
def later_day(office, frozen):
    from datetime import date

    return ConsultationDayFactory(office=office, date=date(2027, 1, 7))


@pytest.fixture
def lenas_things(day, later_day):
    """Lena's confirmed booking for her daughter, a pending hold for her son, and a waitlist entry on a full day;
    besides them a cancelled booking, a past one and somebody else's."""
    slots = list(day.slots.order_by("starts_at"))
    confirmed = services.book(slots[0], name="Lena Hoffmann", email=LENA, person_name="Mia", role="parent",
                              topic="career")
    services.confirm(booking=confirmed)
    held = services.book(slots[1], name="Lena Hoffmann", email=LENA, person_name="Ben", role="parent",
                         topic="finding")
    cancelled = services.book(later_day.slots.first(), name="Lena Hoffmann", email=LENA, person_name="Mia",
                              role="parent", topic="career")
    services.cancel(booking=cancelled)
    BookingFactory(slot=slots[2], day=day, email="tom@example.org", name="Tom Brandt")
    for slot in later_day.slots.all():
        BookingFactory(slot=slot, day=later_day)  # full: Lena waits
    entry = services.join_waitlist(day=later_day, name="Lena Hoffmann", email=LENA)
    services.confirm_waitlist_entry(entry=entry)
    OutgoingMail.objects.all().delete()
    return {"confirmed": confirmed, "held": held, "entry": entry}


def test_the_page_is_linked_from_the_booking_pages_the_almost_done_page_and_the_expired_link_page(client, day, slot,
                                                                                                     frozen):
    links_page = reverse("consultations:links")
    for url in (reverse("consultations:days"), reverse("consultations:book", args=[slot.pk]),
                reverse("consultations:booked")):
        assert f'href="{links_page}"' in client.get(url).content.decode(), url
    booking = BookingFactory(slot=slot, day=day)
    frozen.shift(timedelta(days=30))
    expired = client.get(reverse("consultations:manage", args=[tokens.manage_token(booking.pk)]))
    assert expired.status_code == 410 and f'href="{links_page}"' in expired.content.decode()


def test_a_known_address_gets_one_mail_with_every_upcoming_link_and_the_links_work(client, lenas_things):
    response = ask(client, LENA)
    assert response.status_code == 302

    message, body = received()
    assert message["To"] == LENA and message["Subject"] == "Ihre Links zum Ausbildungssprechtag"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Donnerstag, 3. Dezember 2026 um 13:00 Uhr (für Mia)" in body
    assert "Donnerstag, 3. Dezember 2026 um 13:30 Uhr (für Ben)" in body
    assert "Noch nicht bestätigt. Bitte bestätigen Sie ihn bis 26.11.2026 12:00 Uhr" in body
    assert "Tom Brandt" not in body and "7. Januar 2027 um" not in body  # somebody else's, and the cancelled one

    # The manage link of the confirmed booking opens it.
    [manage] = paths(body, "buchung")
    page = client.get(manage)
    assert page.status_code == 200 and "bestätigt" in page.content.decode()
    assert tokens.read_manage(manage.split("/")[-2]) == lenas_things["confirmed"].pk
    # The hold's confirmation link confirms it (by a POST behind the button).
    [confirm] = paths(body, "bestaetigen")
    assert "Ja, Termin bestätigen" in client.get(confirm).content.decode()
    client.post(confirm)
    assert Booking.objects.get(pk=lenas_things["held"].pk).status == "confirmed"
    # The waitlist entry comes with the link to leave the list.
    assert "Donnerstag, 7. Januar 2027" in body and "Sie warten auf einen frei werdenden Platz." in body
    [leave] = paths(body, "warteliste/austragen")
    assert "Ja, von der Warteliste abmelden" in client.get(leave).content.decode()
    client.post(leave)
    assert WaitlistEntry.objects.get(pk=lenas_things["entry"].pk).status == "cancelled"


def test_an_unconfirmed_waitlist_entry_and_a_running_offer_come_with_their_links(client, day, later_day):
    for slot in later_day.slots.all():
        BookingFactory(slot=slot, day=later_day)
    services.join_waitlist(day=later_day, name="Lena", email=LENA)
    ask(client, LENA)
    _message, body = received()
    [confirm] = paths(body, "warteliste/bestaetigen")
    assert "Ja, auf die Warteliste" in client.get(confirm).content.decode()
    client.post(confirm)
    services.cancel(booking=Booking.objects.filter(day=later_day).first())  # a place frees up: offered to Lena
    OutgoingMail.objects.all().delete()
    mail.outbox.clear()

    ask(Client(), LENA)
    _message, body = received()
    [offer] = paths(body, "angebot")
    assert "Ein Platz ist für Sie frei" in body
    assert client.get(offer).status_code == 200


def test_an_unknown_address_gets_no_mail_and_exactly_the_same_answer(client, lenas_things):
    known, unknown = ask(Client(), LENA), ask(Client(), "niemand@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    answers = [Client(), Client()]
    pages = [c.post(reverse("consultations:links"), {"email": e, "website": ""}, follow=True).content.decode()
             for c, e in zip(answers, (LENA, "niemand@example.org"), strict=True)]
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", pages[0]) == strip.sub("", pages[1])
    assert "Gibt es unter dieser E-Mail-Adresse kommende Termine" in pages[0]
    assert not OutgoingMail.objects.filter(to=["niemand@example.org"]).exists()
    assert OutgoingMail.objects.filter(to=[LENA], category="consultation-links").exists()


def test_the_address_is_matched_without_regard_to_case_and_spaces(client, lenas_things):
    ask(client, "  Lena@Example.ORG ")
    assert OutgoingMail.objects.get(category="consultation-links").to == [LENA]


def test_the_honeypot_sends_nothing_and_answers_the_same(client, lenas_things):
    human, bot = ask(Client(), LENA), ask(client, LENA, website="http://spam.example")
    assert (bot.status_code, bot["Location"]) == (human.status_code, human["Location"])
    assert OutgoingMail.objects.filter(category="consultation-links").count() == 1


def test_a_bad_address_is_an_error_on_the_field(client, db):
    response = ask(client, "kein-at-zeichen")
    assert response.status_code == 400
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in response.content.decode()
    assert 'value="kein-at-zeichen"' in response.content.decode()


def test_the_form_needs_csrf(lenas_things):
    response = Client(enforce_csrf_checks=True).post(reverse("consultations:links"), {"email": LENA})
    assert response.status_code == 403
    assert not OutgoingMail.objects.exists()


def test_per_address_limit_sends_no_more_mail_and_answers_the_same(lenas_things, settings, counting_cache, frozen):
    settings.CONSULTATION_LINKS_RATE_PER_ADDRESS = "2/h"
    answers = []
    for index in range(3):  # three browsers, three IP addresses, one e-mail address
        frozen.shift(timedelta(minutes=1))  # one mail per minute at most anyway (the outbox key)
        response = ask(Client(), LENA, REMOTE_ADDR=f"198.51.100.{index}")
        answers.append((response.status_code, response["Location"]))
    assert len(set(answers)) == 1
    assert OutgoingMail.objects.filter(category="consultation-links").count() == 2


def test_per_ip_limit_sends_no_more_mail_and_answers_the_same(lenas_things, settings, counting_cache, frozen):
    settings.CONSULTATION_LINKS_RATE_PER_IP = "2/h"
    client = Client()
    answers = [ask(client, f"p{index}@example.org").status_code for index in range(2)]
    frozen.shift(timedelta(minutes=1))
    answers.append(ask(client, LENA).status_code)  # a known address, but the IP address is over its limit
    assert answers == [302, 302, 302]
    assert not OutgoingMail.objects.filter(category="consultation-links").exists()
    assert ask(Client(), LENA, REMOTE_ADDR="198.51.100.9").status_code == 302
    assert OutgoingMail.objects.filter(category="consultation-links").count() == 1


def test_the_mail_is_written_in_the_language_of_the_page(client, lenas_things):
    response = client.post("/en/sprechtag/meine-termine/", {"email": LENA, "website": ""}, follow=True)
    assert "If there are upcoming appointments" in response.content.decode()
    message, body = received()
    assert message["Subject"] == "Your links for the training consultation day"
    assert "Thursday, 3 December 2026 at 13:00 (for Mia)" in body
    assert paths(body, "buchung")
