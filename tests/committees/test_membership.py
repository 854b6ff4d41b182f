"""Inviting members by mail, and ending a membership."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Meeting, Membership
from ihk_office.models import OutgoingMail

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_an_ended_membership_loses_access_on_the_very_next_request(member_a_client, member_a, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    url = reverse("committees:meeting_detail", args=[meeting.pk])
    assert member_a_client.get(url).status_code == 200
    membership = member_a.memberships.get()
    services.end_membership(membership=membership, end_date=timezone.localdate() - timedelta(days=1))
    assert member_a_client.get(url).status_code == 404


def test_a_membership_ending_today_still_gives_access_today(member_a, committee_a, committee_b):
    meeting = MeetingFactory(committee=committee_a)
    MeetingFactory(committee=committee_b)  # another committee's meeting is never among them
    membership = member_a.memberships.get()
    services.end_membership(membership=membership, end_date=timezone.localdate())
    assert list(Meeting.objects.for_member(member_a)) == [meeting]
    assert Membership.objects.active().filter(pk=membership.pk).exists()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert list(Meeting.objects.for_member(member_a, on=tomorrow)) == []
    assert not Membership.objects.active(on=tomorrow).filter(pk=membership.pk).exists()


def test_a_deactivated_account_loses_access(member_a_client, member_a, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    url = reverse("committees:meeting_detail", args=[meeting.pk])
    assert member_a_client.get(url).status_code == 200
    member_a.is_active = False
    member_a.save()
    # The login is gone (302 to the login page) and, independently of the session, the seat gives no access:
    # the membership rule itself leaves deactivated accounts out.
    response = member_a_client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Meeting.objects.for_member(member_a).exists()
    assert not Membership.objects.active().filter(user=member_a).exists()


def test_a_member_whose_account_is_deactivated_disappears_from_the_member_list(member_a, committee_a):
    from django.test import Client

    from ..factories import MembershipFactory, UserFactory

    colleague = UserFactory(username="kollegin", first_name="Kora", last_name="Kollegin")
    MembershipFactory(user=colleague, committee=committee_a)
    member_a.first_name, member_a.last_name = "Anton", "Abgemeldet"
    member_a.save()
    reader = Client()
    reader.force_login(colleague)
    url = reverse("committees:committee_detail", args=[committee_a.slug])
    assert "Anton Abgemeldet" in reader.get(url).content.decode()
    member_a.is_active = False
    member_a.save()
    html = reader.get(url).content.decode()
    assert "Anton Abgemeldet" not in html and "Kora Kollegin" in html


def test_staff_invite_a_new_member_who_sets_a_password_through_the_mailed_link(staff_client, committee_a, client):
    response = staff_client.post(reverse("committees_staff:member_invite", args=[committee_a.pk]), {
        "email": "Anna.Schmidt@Beispiel-GmbH.de", "first_name": "Anna", "last_name": "Schmidt",
        "organisation": "Beispiel GmbH", "role": "member", "start_date": "2026-01-01",
    })
    assert response.status_code == 302
    user = get_user_model().objects.get(email="anna.schmidt@beispiel-gmbh.de")
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert membership.organisation == "Beispiel GmbH"
    mail = OutgoingMail.objects.get(key=f"committees-membership-{membership.pk}")
    assert mail.to == ["anna.schmidt@beispiel-gmbh.de"]
    link = next(line for line in mail.body.splitlines() if "/konto/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Ruhrtal-Radweg-2027", "new_password2": "Ruhrtal-Radweg-2027"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ruhrtal-Radweg-2027")


def test_inviting_an_existing_account_reuses_it_and_mails_a_login_link(staff_user, committee_a, committee_b,
                                                                      member_a):
    membership = services.invite_member(committee=committee_b, email=member_a.email.upper(), first_name="x",
                                        last_name="y")
    assert membership.user == member_a
    mail = OutgoingMail.objects.get(key=f"committees-membership-{membership.pk}")
    assert "/konto/login/" in mail.body
    assert "/konto/reset/" not in mail.body


def test_inviting_someone_twice_into_the_same_committee_is_refused_in_german(staff_client, committee_a, member_a):
    response = staff_client.post(reverse("committees_staff:member_invite", args=[committee_a.pk]), {
        "email": member_a.email, "first_name": "A", "last_name": "B", "role": "member", "start_date": "2026-01-01",
    })
    assert response.status_code == 400
    assert "bereits Mitglied" in response.content.decode()


def test_an_invalid_invitation_form_keeps_what_was_typed(staff_client, committee_a):
    response = staff_client.post(reverse("committees_staff:member_invite", args=[committee_a.pk]), {
        "email": "kein-at-zeichen", "first_name": "Bernd", "last_name": "", "role": "member",
        "start_date": "2026-01-01",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "gültige E-Mail-Adresse" in page
    assert "Bitte geben Sie den Nachnamen an." in page
    assert 'value="Bernd"' in page


def test_staff_end_a_membership_through_the_form(staff_client, member_a):
    membership = member_a.memberships.get()
    response = staff_client.post(reverse("committees_staff:membership_end", args=[membership.pk]),
                                 {"end_date": "2026-06-30"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == date(2026, 6, 30)


def test_an_end_before_the_start_is_refused_in_german(staff_client, member_a):
    membership = member_a.memberships.get()
    response = staff_client.post(reverse("committees_staff:membership_end", args=[membership.pk]),
                                 {"end_date": "2019-01-01"})
    assert response.status_code == 400
    assert "nicht vor dem Beginn" in response.content.decode()


def test_a_membership_starting_next_month_gives_no_access_yet(client, committee_a):
    from ..factories import MembershipFactory

    membership = MembershipFactory(committee=committee_a, start_date=timezone.localdate() + timedelta(days=30))
    meeting = MeetingFactory(committee=committee_a)
    assert not Meeting.objects.for_member(membership.user).exists()
    assert Meeting.objects.for_member(membership.user, on=timezone.localdate() + timedelta(days=30)).get() == meeting


def test_an_invitation_sent_from_the_english_staff_pages_is_written_in_german(staff_user, committee_a):
    from tests.languages import english_client

    response = english_client(staff_user).post(
        reverse("committees_staff:member_invite", args=[committee_a.pk]),
        {"email": "anna@beispiel.de", "first_name": "Anna", "last_name": "Schmidt", "organisation": "",
         "role": "member", "start_date": "2026-01-01"})
    assert response.status_code == 302
    mail = OutgoingMail.objects.get(category="committees-invite")
    assert mail.subject == "Einladung in „IHK-Regionalbeirat Hattingen“"
    lines = mail.body.splitlines()
    assert lines[:3] == ["Guten Tag Anna Schmidt,", "",
                         "das IHK-Regionalbüro Hattingen hat Sie als Mitglied in „IHK-Regionalbeirat Hattingen“ "
                         "eingetragen."]
    assert "Ihr Benutzername: anna@beispiel.de" in lines
    link = next(line for line in lines if "/konto/reset/" in line)
    assert "/en/" not in link and "&#" not in mail.body and "&amp;" not in mail.body


def test_the_mail_templates_render_in_the_language_asked_for(committee_a):
    from ihk_office.mails import render_mail

    meeting = MeetingFactory(committee=committee_a, title="Herbstsitzung", location="HWG-Haus")
    subject, body = render_mail("meeting_reminder", {"meeting": meeting, "name": "Anna"}, language="en")
    assert subject.startswith("Reminder: Herbstsitzung") and "Dear Anna," in body and "/en/gremien/" in body
    subject, body = render_mail("meeting_reminder", {"meeting": meeting, "name": "Anna"})
    assert subject.startswith("Erinnerung: Herbstsitzung") and "Ort: HWG-Haus" in body and "/en/" not in body


def test_the_member_list_comes_in_pages(member_a_client, committee_a):
    from committees.selectors import MEMBERS_PER_PAGE

    from ..factories import MembershipFactory

    for _ in range(MEMBERS_PER_PAGE + 3):
        MembershipFactory(committee=committee_a)
    url = reverse("committees:committee_detail", args=[committee_a.slug])
    first = member_a_client.get(url)
    assert len(first.context["members"].object_list) == MEMBERS_PER_PAGE
    assert "Seite 1 von 2" in first.content.decode()
    second = member_a_client.get(url, {"seite": 2})
    assert len(second.context["members"].object_list) == 4  # the three and member A herself
