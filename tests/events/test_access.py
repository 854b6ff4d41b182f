"""Who sees what, per persona (anonymous, member of committee A, member of B, staff) on every events page:
invited-only events and everyone's registrations stay hidden; invitation links work only for their own event and
person; the door and every staff page are staff only."""

from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from events import services, tokens
from events.models import Event, Invitation, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_meeting(office, committee_a):
    return make_event(office, title="Frühstück des Regionalbeirats", audience=Event.Audience.INVITED,
                      committee=committee_a)


@pytest.fixture
def registration(event):
    return services.register(event, name="Anna Schulte", email="anna@example.org", company="Schulte GmbH",
                             source="phone")


@pytest.fixture
def personas(client, member_a_client, member_b_client):
    return {"anonymous": client, "member A": member_a_client, "member B": member_b_client}


def staff_pages(event: Event, registration: Registration) -> list[str]:
    token = tokens.checkin_token(registration.pk)
    return [
        reverse("events_staff:list"), reverse("events_staff:create"),
        *[reverse(f"events_staff:{name}", args=[event.pk]) for name in
          ("detail", "edit", "copy", "cancel", "checkin", "statistics", "attendees", "attendees_csv", "badges",
           "phone")],
        reverse("events_staff:person", args=[registration.pk]),
        reverse("events_staff:checkin_token", args=[token]),
    ]


def staff_posts(event: Event, registration: Registration) -> list[str]:
    return [
        *[reverse(f"events_staff:{name}", args=[event.pk]) for name in ("invite", "phone", "walk_in", "cancel")],
        *[reverse(f"events_staff:{name}", args=[registration.pk]) for name in
          ("check_in", "undo", "registration_cancel", "link_company", "create_company", "follow_up")],
    ]


def test_anonymous_visitors_are_sent_to_login_from_every_staff_page(client, event, registration):
    for url in staff_pages(event, registration):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    for url in staff_posts(event, registration):
        assert client.post(url).status_code == 302, url
    registration.refresh_from_db()
    assert registration.checked_in_at is None and registration.status == "confirmed"


def test_members_of_either_committee_get_403_on_every_staff_page_and_action(member_a_client, member_b_client,
                                                                             event, registration):
    for member in (member_a_client, member_b_client):
        for url in staff_pages(event, registration):
            assert member.get(url).status_code == 403, url
        for url in staff_posts(event, registration):
            assert member.post(url).status_code == 403, url
    registration.refresh_from_db()
    assert registration.checked_in_at is None and registration.status == "confirmed"


def test_staff_open_every_staff_page(staff_client, event, registration, board_meeting):
    for url in staff_pages(event, registration) + [reverse("events_staff:detail", args=[board_meeting.pk])]:
        response = staff_client.get(url, follow=True)
        assert response.status_code == 200, url
    page = staff_client.get(reverse("events_staff:list")).content.decode()
    assert "Frühstück des Regionalbeirats" in page and event.title in page


def test_the_public_list_and_page_are_open_to_everyone_but_never_show_invited_only_events(
    personas, event, board_meeting, invited_event, registration
):
    for who, client in personas.items():
        listing = client.get(reverse("events:list"))
        assert listing.status_code == 200, who
        text = listing.content.decode()
        assert event.title in text, who
        assert board_meeting.title not in text and invited_event.title not in text, who
        assert client.get(reverse("events:detail", args=[event.pk])).status_code == 200, who
        for hidden in (board_meeting, invited_event):
            assert client.get(reverse("events:detail", args=[hidden.pk])).status_code == 404, who
            assert client.get(reverse("events:ics", args=[hidden.pk])).status_code == 404, who
            assert client.post(reverse("events:register", args=[hidden.pk]), {
                "name": "Eindringling", "email": "x@example.org", "privacy": "on"}).status_code == 404, who
        # Nobody's registration shows on the public pages.
        assert "Anna Schulte" not in client.get(reverse("events:detail", args=[event.pk])).content.decode(), who


def test_a_registration_opens_only_with_its_own_signed_link(personas, registration, event):
    other = services.register(event, name="Bernd Kaiser", email="bernd@example.org", source="phone")
    own = reverse("events:manage", args=[tokens.manage_token(registration.pk)])
    for who, client in personas.items():
        page = client.get(own)
        assert page.status_code == 200 and "Anna Schulte" in page.content.decode(), who
        assert "Bernd Kaiser" not in page.content.decode(), who
        forged = signing.dumps({"r": other.pk}, salt="another.purpose", compress=True)
        assert client.get(reverse("events:manage", args=[forged])).status_code == 404, who
        # A check-in token is no manage token (and the reverse).
        assert client.get(reverse("events:manage", args=[tokens.checkin_token(other.pk)])).status_code == 404, who
        assert client.get(reverse("events:manage", args=["kaputt"])).status_code == 404, who


def test_an_invitation_link_works_only_for_its_own_event_and_person(client, invited_event, board_meeting):
    invitation = Invitation.objects.create(event=invited_event, name="Clara Nowak", email="clara@example.org",
                                           company="Nowak Feinkost")
    other = Invitation.objects.create(event=board_meeting, name="Dieter Brandt", email="dieter@example.org")
    own = reverse("events:invitation", args=[tokens.invitation_token(invitation.pk, invited_event.pk)])
    page = client.get(own)
    assert page.status_code == 200
    assert invited_event.title in page.content.decode() and "clara@example.org" in page.content.decode()

    # The invitation of one event does not open another event, nor another person's invitation.
    for token in (tokens.invitation_token(invitation.pk, board_meeting.pk),
                  tokens.invitation_token(other.pk, invited_event.pk),
                  signing.dumps({"i": invitation.pk, "e": invited_event.pk}, salt="events.other", compress=True)):
        assert client.get(reverse("events:invitation", args=[token])).status_code == 404

    # Registering through it registers that person (the address cannot be changed) and confirms at once.
    response = client.post(own, {"name": "Clara Nowak", "email": "jemand.anders@example.org",
                                 "company": "Nowak Feinkost", "guests": "0", "privacy": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get(event=invited_event)
    assert registration.email == "clara@example.org" and registration.invitation == invitation
    assert registration.status == "confirmed"


def test_the_service_refuses_an_invited_only_event_without_a_matching_invitation(invited_event, board_meeting):
    foreign = Invitation.objects.create(event=board_meeting, name="Dieter Brandt", email="dieter@example.org")
    with pytest.raises(services.NotInvited):
        services.register(invited_event, name="Eva Roth", email="eva@example.org")
    with pytest.raises(services.NotInvited):
        services.register(invited_event, name="Dieter Brandt", email="dieter@example.org", invitation=foreign)
