"""Staff plan, copy, cancel and invite; phone registrations; the door: check-in by search and by QR link, undo,
walk-ins, their companies and a follow-up; attendance on the company page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, FollowUp
from events import calendar, mails, qr, services, tokens
from events.models import Event, Invitation, Registration
from ihk_office.models import OutgoingMail
from tests.factories import CompanyFactory, ContactFactory

from .conftest import make_event, make_registrations

pytestmark = pytest.mark.django_db


def test_staff_plan_an_event_with_room_limit_guests_and_questions(staff_client, office, room):
    start = (timezone.localtime() + timedelta(days=30)).replace(hour=18, minute=0, second=0, microsecond=0)
    response = staff_client.post(reverse("events_staff:create"), {
        "title": "Frühstück für Ausbildungsbetriebe", "description": "Mit Kaffee.", "room": room.pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "audience": "public",
        "capacity": "30", "max_guests": "1", "ask_company": "on", "ask_role": "on", "short_notice_hours": "24",
    })
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.title, event.room, event.capacity, event.max_guests, event.ask_role) == (
        "Frühstück für Ausbildungsbetriebe", room, 30, 1, True)
    assert timezone.localtime(event.starts_at).hour == 18


def test_an_invited_event_needs_its_audience(staff_client, office):
    start = timezone.localtime() + timedelta(days=30)
    response = staff_client.post(reverse("events_staff:create"), {
        "title": "Netzwerktreffen", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "audience": "invited",
        "capacity": "30", "max_guests": "0", "short_notice_hours": "24",
    })
    assert response.status_code == 400
    assert "Bitte wählen Sie das Netzwerk oder das Gremium" in response.content.decode()


def test_copying_keeps_times_rules_and_room_but_nobody_registered(staff_client, event):
    make_registrations(event, 3)
    new_day = timezone.localdate(event.starts_at) + timedelta(days=35)
    response = staff_client.post(reverse("events_staff:copy", args=[event.pk]), {"starts_on": new_day.isoformat()})
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == reverse("events_staff:edit", args=[copy.pk])
    assert timezone.localdate(copy.starts_at) == new_day
    assert timezone.localtime(copy.starts_at).time() == timezone.localtime(event.starts_at).time()
    assert copy.ends_at - copy.starts_at == event.ends_at - event.starts_at
    assert (copy.title, copy.room, copy.capacity) == (event.title, event.room, event.capacity)
    assert not copy.registrations.exists()


def test_cancelling_an_event_tells_everyone_registered_with_a_calendar_cancel(staff_client, event):
    online = services.register(event, name="Anna Schulte", email="anna@example.org")
    phone = services.register(event, name="Bernd Kaiser", email="bernd@example.org", source="phone")
    services.register(event, name="Carla ohne Mail", source="phone")
    services.cancel(registration=services.register(event, name="Dora Weg", email="dora@example.org", source="phone"))

    assert staff_client.post(reverse("events_staff:cancel", args=[event.pk])).status_code == 302
    staff_client.post(reverse("events_staff:cancel", args=[event.pk]))  # twice: nothing more

    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 1
    assert set(Registration.objects.filter(event=event).values_list("status", flat=True)) == {"cancelled"}
    told = OutgoingMail.objects.filter(category="event-event_cancelled")
    assert sorted(mail.to[0] for mail in told) == ["anna@example.org", "bernd@example.org"]
    for mail in told:
        ics = next(a for a in mail.attachments if a["filename"].endswith(".ics"))["content"]
        parsed = vobject.readOne(ics)
        assert parsed.method.value == "CANCEL"
        assert parsed.vevent.status.value == "CANCELLED"
        assert int(parsed.vevent.sequence.value) == 1
        assert parsed.vevent.uid.value == calendar.uid(event)
    assert {online.pk, phone.pk} <= set(Registration.objects.filter(status="cancelled").values_list("pk", flat=True))


def test_the_event_calendar_file_reads_in_a_second_parser(client, event):
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    parsed = vobject.readOne(response.content.decode())
    assert parsed.method.value == "PUBLISH"
    entry = parsed.vevent
    assert entry.summary.value == event.title
    assert entry.dtstart.value == event.starts_at and entry.dtend.value == event.ends_at
    assert "Saal im HWG-Gebäude" in entry.location.value
    assert int(entry.sequence.value) == 0 and entry.uid.value == calendar.uid(event)


def test_invitations_go_once_to_the_current_contacts_of_the_network(staff_client, invited_event, network):
    member, outsider = CompanyFactory(name="Mühlen-Apotheke"), CompanyFactory(name="Anderswo AG")
    network.members.add(member)
    ContactFactory(company=member, name="Clara Nowak", email="clara@example.org")
    ContactFactory(company=member, name="Ohne Adresse", email="")
    ContactFactory(company=member, name="Früher da", email="alt@example.org", until=date(2020, 1, 1))
    ContactFactory(company=outsider, name="Nicht im Netzwerk", email="nein@example.org")

    # The signed link carries a timestamp: the clock stands still so the token made here is the mailed one.
    with time_machine.travel(timezone.now(), tick=False):
        staff_client.post(reverse("events_staff:invite", args=[invited_event.pk]))
        staff_client.post(reverse("events_staff:invite", args=[invited_event.pk]))

        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.company) == ("clara@example.org", "Mühlen-Apotheke")
        mail = OutgoingMail.objects.get(category="event-invitation")
        assert tokens.invitation_token(invitation.pk, invited_event.pk) in mail.body


def test_committee_members_are_invited_by_their_account_address(office, committee_a, member_a):
    event = make_event(office, audience="invited", committee=committee_a)
    assert services.invite(event=event) == 1
    assert Invitation.objects.get().email == member_a.email


def test_staff_enter_a_phone_registration_confirmed_at_once(staff_client, event):
    page = staff_client.get(reverse("events_staff:detail", args=[event.pk])).content.decode()
    assert f'href="{reverse("events_staff:phone", args=[event.pk])}"' in page
    form = staff_client.get(reverse("events_staff:phone", args=[event.pk])).content.decode()
    assert 'for="id_name"' in form and event.title in form
    response = staff_client.post(reverse("events_staff:phone", args=[event.pk]), {
        "name": "Egon Telefon", "email": "", "company": "Telefonbau KG", "guests": "1", "language": "de"})
    assert response["Location"] == reverse("events_staff:detail", args=[event.pk])
    registration = Registration.objects.get()
    assert (registration.status, registration.source, registration.guests) == ("confirmed", "phone", 1)
    page = staff_client.get(reverse("events_staff:detail", args=[event.pk])).content.decode()
    assert "Egon Telefon" in page and "telefonisch" in page


def test_the_staff_list_shows_the_directory_name_of_a_linked_company_and_when_each_person_came_in(
        staff_client, event):
    firm = CompanyFactory(name="Ruhrstahl Hattingen GmbH")
    came_at = timezone.localtime().replace(hour=18, minute=7, second=0, microsecond=0)
    linked = services.register(event, name="Anna Schulte", email="anna@example.org", company="Ruhrstahl",
                               source="phone")
    Registration.objects.filter(pk=linked.pk).update(linked_company=firm, checked_in_at=came_at)
    services.register(event, name="Bernd Kaiser", email="bernd@example.org", company="Kaiser Bau", source="phone")
    page = staff_client.get(reverse("events_staff:detail", args=[event.pk])).content.decode()
    anna_row = page[page.index("Anna Schulte"):page.index("</tr>", page.index("Anna Schulte"))]
    bernd_row = page[page.index("Bernd Kaiser"):page.index("</tr>", page.index("Bernd Kaiser"))]
    assert "Ruhrstahl Hattingen GmbH" in anna_row and "18:07" in anna_row
    assert "Kaiser Bau" in bernd_row and "<td>–</td>" in bernd_row and "telefonisch" in bernd_row

def test_the_staff_page_counts_registrations_guests_holds_cancellations_and_arrivals_as_the_rows_say(
        staff_client, event):
    now = timezone.now()
    make_registrations(event, 3, guests=1, prefix="online")
    make_registrations(event, 2, source="phone", checked_in=True, prefix="telefon")
    make_registrations(event, 2, status="pending", guests=1, prefix="offen")
    lapsed = make_registrations(event, 1, status="pending", prefix="verfallen")
    Registration.objects.filter(pk=lapsed[0].pk).update(hold_expires_at=now - timedelta(minutes=1))
    make_registrations(event, 1, status="expired", prefix="abgelaufen")
    cancelled = make_registrations(event, 2, status="cancelled", guests=1, prefix="abgesagt")
    Registration.objects.filter(pk=cancelled[0].pk).update(short_notice=True)
    make_registrations(event, 3, source="walk_in", checked_in=True, prefix="spontan")
    # The same figures, counted row by row as the page defines them.
    rows = list(Registration.objects.filter(event=event))
    holding = [r for r in rows if r.source != "walk_in" and (
        r.status == "confirmed" or (r.status == "pending" and r.hold_expires_at > now))]
    came = [r for r in rows if r.checked_in_at]
    expected = {
        "registrations": len(holding), "persons": sum(r.persons for r in holding),
        "pending": sum(r.status == "pending" and r.hold_expires_at > now for r in rows),
        "cancelled": sum(r.status == "cancelled" for r in rows),
        "short_notice": sum(r.status == "cancelled" and r.short_notice for r in rows),
        "came": len(came), "came_persons": sum(r.persons for r in came),
        "walk_ins": sum(r.source == "walk_in" for r in rows), "listed": sum(r.status != "expired" for r in rows),
    }
    assert expected == {"registrations": 7, "persons": 12, "pending": 2, "cancelled": 2, "short_notice": 1,
                        "came": 5, "came_persons": 5, "walk_ins": 3, "listed": 13}
    page = staff_client.get(reverse("events_staff:detail", args=[event.pk]))
    assert vars(page.context["data"].counts) == expected
    figures = page.content.decode().split('id="event-figures"')[1].split("</dl>")[0]
    assert "7 (12) / 40" in figures and "2 noch unbestätigt" in figures
    assert "2 (1)" in figures and "5 (3)" in figures


def test_the_door_finds_people_by_name_or_company_and_checks_them_in_with_undo(staff_client, event):
    anna = services.register(event, name="Anna Schulte", email="anna@example.org", company="Schulte Metallbau",
                             source="phone")
    services.register(event, name="Bernd Kaiser", email="bernd@example.org", company="Kaiser Bau", source="phone")
    url = reverse("events_staff:checkin", args=[event.pk])

    found = staff_client.get(url, {"q": "metallbau"}).content.decode()
    assert "Anna Schulte" in found and "Bernd Kaiser" not in found
    part = staff_client.get(url, {"q": "schul", "teil": "liste"}).content.decode()
    assert "Anna Schulte" in part and "<html" not in part  # the list alone, for the search-as-you-type script

    response = staff_client.post(reverse("events_staff:check_in", args=[anna.pk]), {"zurueck": "liste", "q": "schul"})
    assert response["Location"] == f"{url}?q=schul"
    anna.refresh_from_db()
    assert anna.is_checked_in
    assert "1 Person eingelassen" in staff_client.get(url).content.decode()

    staff_client.post(reverse("events_staff:undo", args=[anna.pk]))
    anna.refresh_from_db()
    assert not anna.is_checked_in


def test_the_qr_link_opens_the_persons_check_in_for_staff_only(staff_client, member_b_client, event):
    # The signed link carries a timestamp: the clock stands still so the tokens made here are the mailed one.
    with time_machine.travel(timezone.now(), tick=False):
        anna = services.register(event, name="Anna Schulte", email="anna@example.org", source="phone")
        qr_url = reverse("events_staff:checkin_token", args=[tokens.checkin_token(anna.pk)])
        # The mail's QR code encodes exactly this link (segno is deterministic).
        attachment = OutgoingMail.objects.get(category="event-confirmed").attachments[1]["content"]
        assert attachment == qr.svg_document(mails.checkin_link(anna), title="QR-Code für den Einlass")
        assert mails.checkin_link(anna).endswith(qr_url)
    anonymous = Client()
    assert anonymous.get(qr_url).status_code == 302 and "login" in anonymous.get(qr_url)["Location"]
    assert member_b_client.get(qr_url).status_code == 403
    response = staff_client.get(qr_url, follow=True)
    assert response.status_code == 200 and "Anna Schulte" in response.content.decode()
    forged = reverse("events_staff:checkin_token", args=[tokens.manage_token(anna.pk)])
    assert staff_client.get(forged).status_code == 404


def test_a_walk_in_is_entered_linked_to_its_company_and_shows_on_the_company_page(staff_client, staff_user, event):
    company = CompanyFactory(name="Ruhrtal Radreisen GmbH")
    response = staff_client.post(reverse("events_staff:walk_in", args=[event.pk]),
                                 {"name": "Fritz Spontan", "company": "Ruhrtal Radreisen", "email": ""})
    walk_in = Registration.objects.get()
    assert response["Location"] == reverse("events_staff:person", args=[walk_in.pk])
    assert (walk_in.source, walk_in.status) == ("walk_in", "confirmed") and walk_in.is_checked_in

    page = staff_client.get(response["Location"]).content.decode()
    assert "Verknüpfen mit Ruhrtal Radreisen GmbH" in page
    staff_client.post(reverse("events_staff:link_company", args=[walk_in.pk]), {"company": company.pk})
    staff_client.post(reverse("events_staff:follow_up", args=[walk_in.pk]))
    walk_in.refresh_from_db()
    assert walk_in.linked_company == company
    follow_up = FollowUp.objects.get()
    assert follow_up.assignee == staff_user and "Fritz Spontan" in follow_up.what
    assert follow_up.visit.company == company

    company_page = staff_client.get(reverse("companies:company_detail", args=[company.pk])).content.decode()
    day = timezone.localtime(event.starts_at)
    assert f"Fritz Spontan kam zu „{event.title}“ am {day.day}." in company_page


def test_a_walk_in_whose_company_is_unknown_creates_it_in_the_directory(staff_client, event):
    walk_in = services.record_walk_in(event=event, name="Gitte Neu", company="Neugründung Hattingen UG")
    staff_client.post(reverse("events_staff:create_company", args=[walk_in.pk]),
                      {"name": "Neugründung Hattingen UG"})
    walk_in.refresh_from_db()
    assert walk_in.linked_company == Company.objects.get(name="Neugründung Hattingen UG")
    assert not walk_in.linked_company.is_member


def test_walk_ins_are_recorded_even_when_the_registration_limit_is_reached(office):
    event = make_event(office, capacity=2)
    make_registrations(event, 2)
    with pytest.raises(services.EventFull):
        services.register(event, name="Zu spät", email="z@example.org", source="phone")
    walk_in = services.record_walk_in(event=event, name="Einfach da")
    assert walk_in.is_checked_in
    assert services.places_taken(event, timezone.now()) == 2  # walk-ins count against the room, not the limit


def test_staff_cancel_a_registration_from_the_persons_page_and_the_place_goes_to_the_waitlist(staff_client, office):
    event = make_event(office, capacity=1, max_guests=0)
    anna = services.register(event, name="Anna Schulte", email="anna@example.org", source="phone")
    services.join_waitlist(event=event, name="Wera Wartend", email="w@example.org")
    page = staff_client.get(reverse("events_staff:person", args=[anna.pk])).content.decode()
    assert "Anmeldung stornieren (Platz wird frei)" in page
    response = staff_client.post(reverse("events_staff:registration_cancel", args=[anna.pk]))
    assert response["Location"] == reverse("events_staff:detail", args=[event.pk])
    anna.refresh_from_db()
    assert anna.status == "cancelled"
    assert OutgoingMail.objects.filter(category="event-waitlist_offer", to=["w@example.org"]).count() == 1


def test_a_phone_registration_that_cannot_be_taken_says_why_on_the_form_and_keeps_what_was_typed(staff_client, event):
    url = reverse("events_staff:phone", args=[event.pk])
    response = staff_client.post(url, {"name": "", "email": "kein-at", "company": "Telefonbau KG", "guests": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben:" in page and "Bitte geben Sie eine gültige E-Mail-Adresse an." in page
    assert 'value="Telefonbau KG"' in page and 'value="kein-at"' in page

    services.register(event, name="Anna Schulte", email="anna@example.org", source="phone")
    response = staff_client.post(url, {"name": "Anna S.", "email": "anna@example.org", "company": "", "guests": "0",
                                       "language": "de"})
    assert response.status_code == 400 and "Diese E-Mail-Adresse ist schon angemeldet." in response.content.decode()

    event.capacity = Registration.objects.filter(event=event).count() + 1
    event.save()
    response = staff_client.post(url, {"name": "Großfamilie", "email": "", "company": "", "guests": "1",
                                       "language": "de"})  # two persons for the one place left
    page = response.content.decode()
    assert response.status_code == 400 and "So viele Plätze sind nicht mehr frei." in page
    assert 'value="Großfamilie"' in page
    assert Registration.objects.filter(event=event).count() == 1
