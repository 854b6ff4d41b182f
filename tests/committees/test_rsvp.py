"""Answers to invitations: yes, no, maybe; a past or cancelled meeting gets a clear German message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Attendance

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_member_answers_yes_and_can_change_to_maybe(member_a_client, member_a, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    url = reverse("committees:meeting_rsvp", args=[meeting.pk])
    assert member_a_client.post(url, {"response": "yes"}).status_code == 302
    assert member_a_client.post(url, {"response": "maybe"}).status_code == 302
    attendance = Attendance.objects.get(meeting=meeting)
    assert attendance.membership.user == member_a and attendance.response == "maybe"
    assert attendance.responded_at is not None


def test_an_answer_for_a_past_meeting_is_refused_with_a_german_message(member_a_client, committee_a):
    meeting = MeetingFactory(committee=committee_a, starts_at=timezone.now() - timedelta(days=1))
    response = member_a_client.post(reverse("committees:meeting_rsvp", args=[meeting.pk]), {"response": "yes"})
    assert response.status_code == 400
    assert "liegt in der Vergangenheit" in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_answer_for_a_cancelled_meeting_says_so(member_a_client, committee_a):
    meeting = MeetingFactory(committee=committee_a, state="cancelled")
    response = member_a_client.post(reverse("committees:meeting_rsvp", args=[meeting.pk]), {"response": "no"})
    assert response.status_code == 400
    assert "abgesagt" in response.content.decode()


def test_an_invalid_answer_is_refused_in_german(member_a_client, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    response = member_a_client.post(reverse("committees:meeting_rsvp", args=[meeting.pk]), {"response": "perhaps"})
    assert response.status_code == 400
    assert "Bitte wählen Sie Zusage, Absage oder vielleicht." in response.content.decode()


def test_a_member_of_another_committee_cannot_answer(member_b_client, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    response = member_b_client.post(reverse("committees:meeting_rsvp", args=[meeting.pk]), {"response": "yes"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_answering_from_the_member_home_returns_there(member_a_client, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    home = member_a_client.get(reverse("committees:member_home")).content.decode()
    assert meeting.title in home and "Antwort senden" in home
    response = member_a_client.post(reverse("committees:meeting_rsvp", args=[meeting.pk]),
                                    {"response": "no", "next": "home"})
    assert response["Location"] == reverse("committees:member_home")
    assert "Absage" in member_a_client.get(reverse("committees:member_home")).content.decode()


def test_a_cancelled_meeting_is_listed_as_cancelled_without_an_answer_form(member_a_client, committee_a):
    MeetingFactory(committee=committee_a, title="Abgesagte Sitzung", state="cancelled")
    page = member_a_client.get(reverse("committees:member_home")).content.decode()
    card = page.split("Abgesagte Sitzung")[1].split("</article>")[0]
    assert "abgesagt" in card and "Antwort senden" not in card
