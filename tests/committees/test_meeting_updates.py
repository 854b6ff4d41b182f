"""Finding 8 of issue 13 for the committees: when an announced meeting's time or place changes, the invited
members get an update whose calendar keeps the UID with a higher SEQUENCE; when it is cancelled, a cancellation
(METHOD:CANCEL, STATUS:CANCELLED). Mails are read with Python's `email` package, calendars with vobject."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
import time_machine
import vobject
from django.core import mail
from django.urls import reverse

from committees import services
from committees.models import Attendance, Meeting
from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..factories import MeetingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=BERLIN)
FORM = {"title": "Frühjahrssitzung", "state": "scheduled", "location": "IHK-Regionalbüro, Im Bruchfeld 17",
        "day": "2027-03-17", "start_time": "16:00", "end_time": "18:00"}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def announced(frozen, committee_a, member_a):
    """A meeting whose invitations went out to both members of the board (member_a and Frau Kaya)."""
    MembershipFactory(user=UserFactory(username="kaya", email="kaya@example.org", first_name="Elif",
                                       last_name="Kaya"), committee=committee_a)
    meeting = MeetingFactory(committee=committee_a, title="Frühjahrssitzung", location=FORM["location"],
                             starts_at=datetime(2027, 3, 17, 16, 0, tzinfo=BERLIN),
                             ends_at=datetime(2027, 3, 17, 18, 0, tzinfo=BERLIN))
    assert services.send_invitations(meeting=meeting) == 2
    return meeting


def edit(staff_client, meeting, **changes):
    return staff_client.post(reverse("committees_staff:meeting_edit", args=[meeting.pk]), {**FORM, **changes},
                             follow=True)


def received(category: str):
    """Every mail of `category` as the members' mail programs receive them, each with its calendar."""
    found = []
    for queued in OutgoingMail.objects.filter(category=category).order_by("pk"):
        assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
        message = message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)
        [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
        found.append((message, vobject.readOne(part.get_content()), part))
    return found


def test_a_new_time_sends_each_invited_member_an_update_with_the_same_uid_and_a_higher_sequence(
        staff_client, announced):
    [(_invitation, first, _part), *_rest] = received("committees-invitation")

    response = edit(staff_client, announced, start_time="17:00", end_time="19:00")

    assert "2 eingeladene Mitglieder bekommen die Änderung per E-Mail" in response.content.decode()
    updates = received("committees-meeting-changed")
    assert sorted(message["To"] for message, _cal, _part in updates) == ["kaya@example.org",
                                                                        "mitglied-a@example.org"]
    for message, calendar, part in updates:
        assert calendar.method.value == "PUBLISH" and part.get_param("method") == "PUBLISH"
        assert calendar.vevent.uid.value == first.vevent.uid.value
        assert int(calendar.vevent.sequence.value) > int(first.vevent.sequence.value)
        assert calendar.vevent.dtstart.value == datetime(2027, 3, 17, 17, 0, tzinfo=BERLIN)
        assert message["Subject"] == "Geändert: Frühjahrssitzung am 17.03.2027, 17:00 Uhr"
        body = message.get_body(("plain",)).get_content()
        assert "Neuer Termin: 17.03.2027, 17:00 Uhr" in body and "(bisher: 17.03.2027, 16:00 Uhr)" in body


def test_a_new_place_is_an_update_too_and_a_second_change_a_second_one(staff_client, announced):
    edit(staff_client, announced, location="Rathaus Hattingen, Ratssaal")
    edit(staff_client, announced, location="Rathaus Hattingen, Ratssaal", start_time="16:30")

    updates = received("committees-meeting-changed")
    assert len(updates) == 4  # two changes, two members
    sequences = sorted({int(calendar.vevent.sequence.value) for _m, calendar, _p in updates})
    assert sequences == [1, 2]
    body = updates[0][0].get_body(("plain",)).get_content()
    assert "Ort: Rathaus Hattingen, Ratssaal" in body and "(bisher: IHK-Regionalbüro, Im Bruchfeld 17)" in body


def test_a_cancelled_meeting_sends_a_calendar_cancellation(staff_client, announced):
    [(_invitation, first, _part), *_rest] = received("committees-invitation")

    edit(staff_client, announced, state="cancelled")

    cancellations = received("committees-meeting-cancelled")
    assert len(cancellations) == 2
    for message, calendar, part in cancellations:
        assert (calendar.method.value, calendar.vevent.status.value) == ("CANCEL", "CANCELLED")
        assert part.get_param("method") == "CANCEL"
        assert calendar.vevent.uid.value == first.vevent.uid.value
        assert int(calendar.vevent.sequence.value) > int(first.vevent.sequence.value)
        assert message["Subject"] == "Abgesagt: Frühjahrssitzung am 17.03.2027, 16:00 Uhr"
    assert not OutgoingMail.objects.filter(category="committees-meeting-changed").exists()


def test_changes_before_the_invitations_and_other_edits_tell_nobody(staff_client, frozen, committee_a, member_a):
    meeting = MeetingFactory(committee=committee_a, title="Frühjahrssitzung",
                             starts_at=datetime(2027, 3, 17, 16, 0, tzinfo=BERLIN))

    edit(staff_client, meeting, start_time="17:00")  # not announced yet: the invitation will carry the time
    services.send_invitations(meeting=meeting)
    edit(staff_client, meeting, title="Frühjahrssitzung 2027", start_time="17:00")  # same time and place

    assert not OutgoingMail.objects.filter(category__startswith="committees-meeting-").exists()
    assert Meeting.objects.get().calendar_sequence == 0


def test_members_are_reminded_before_the_new_time(staff_client, announced):
    with time_machine.travel(datetime(2027, 3, 16, 9, 0, tzinfo=BERLIN), tick=False):
        assert services.send_due_meeting_reminders() == 2
    edit(staff_client, announced, day="2027-03-24")

    assert not Attendance.objects.filter(reminder_sent_at__isnull=False).exists()
    with time_machine.travel(datetime(2027, 3, 23, 9, 0, tzinfo=BERLIN), tick=False):
        assert services.send_due_meeting_reminders() == 2


def test_a_member_whose_seat_ended_is_not_told(staff_client, announced, member_a):
    membership = member_a.memberships.get()
    membership.end_date = NOW.date() - timedelta(days=1)
    membership.save()

    edit(staff_client, announced, start_time="17:00")

    assert [m.to for m in OutgoingMail.objects.filter(category="committees-meeting-changed")] == [
        ["kaya@example.org"]]
