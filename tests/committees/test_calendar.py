"""Invitations with an .ics, reminders through the shared scan, the private revocable iCal feed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from committees import services
from committees.models import Attendance, CalendarFeed
from committees.tasks import send_due_meeting_reminders
from ihk_office.models import OutgoingMail

from ..factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def meeting(committee_a, member_a):
    return MeetingFactory(committee=committee_a, title="Frühjahrssitzung", starts_at=datetime(2027, 3, 10, 16, 0,
                          tzinfo=BERLIN), location="Rathaus Hattingen")


def test_staff_send_invitations_with_an_ics_once_per_member(staff_client, meeting, member_a, committee_a):
    MembershipFactory(committee=committee_a)
    url = reverse("committees_staff:invitations_send", args=[meeting.pk])
    assert staff_client.post(url).status_code == 302
    mails = OutgoingMail.objects.filter(category="committees-invitation")
    assert mails.count() == 2
    mail = mails.get(to=[member_a.email])
    assert "Frühjahrssitzung" in mail.subject and "/gremien/sitzungen/" in mail.body
    attachment = mail.attachments[0]
    assert attachment["filename"].endswith(".ics") and attachment["mimetype"] == "text/calendar"
    event = Calendar.from_ical(attachment["content"]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["location"]) == "Rathaus Hattingen"
    staff_client.post(url)
    assert mails.count() == 2  # a second click invites nobody twice


def test_a_tentative_meeting_sends_no_invitations(staff_user, committee_a, member_a):
    from django.core.exceptions import ValidationError

    tentative = MeetingFactory(committee=committee_a, state="tentative", starts_at=NOW)
    with pytest.raises(ValidationError):
        services.send_invitations(meeting=tentative)


def test_reminders_go_out_once_two_days_before_and_not_to_those_who_declined(meeting, member_a, committee_a):
    declined = MembershipFactory(committee=committee_a)
    services.send_invitations(meeting=meeting, now=NOW)
    Attendance.objects.filter(membership=declined).update(response="no")
    assert services.send_due_meeting_reminders(now=NOW) == 0  # nine days before: not due yet
    due = datetime(2027, 3, 8, 17, 0, tzinfo=BERLIN)
    assert services.send_due_meeting_reminders(now=due) == 1
    assert services.send_due_meeting_reminders(now=due + timedelta(minutes=15)) == 0  # run twice: once
    reminder = OutgoingMail.objects.get(category="committees-reminder")
    assert reminder.to == [member_a.email] and "Erinnerung" in reminder.subject
    assert Attendance.objects.get(membership__user=member_a).reminder_sent_at == due


def test_the_reminder_task_runs_the_scan(meeting, member_a):
    services.send_invitations(meeting=meeting, now=NOW)
    with time_machine.travel(datetime(2027, 3, 9, 12, 0, tzinfo=BERLIN), tick=False):
        assert send_due_meeting_reminders() == 1
        assert send_due_meeting_reminders() == 0


def test_the_reminder_beat_entry_is_registered():
    from ihk_office.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "committees.tasks.send_due_meeting_reminders" in tasks


def test_the_private_feed_lists_the_members_meetings_and_revoking_makes_the_old_url_404(
        member_a_client, client, meeting, committee_b):
    other = MeetingFactory(committee=committee_b, title="Innenstadt-Treffen")
    page = member_a_client.get(reverse("committees:calendar_feed_settings"))
    feed = CalendarFeed.objects.get()
    old_url = reverse("committees:calendar_feed", args=[feed.token])
    assert old_url in page.content.decode()
    response = client.get(old_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Regionalbeirat: Frühjahrssitzung"]
    assert other.title not in response.content.decode()
    member_a_client.post(reverse("committees:calendar_feed_settings"))
    assert client.get(old_url).status_code == 404
    feed.refresh_from_db()
    assert client.get(reverse("committees:calendar_feed", args=[feed.token])).status_code == 200


def test_the_feed_of_an_ended_member_is_empty(client, meeting, member_a):
    feed = services.calendar_feed_for(user=member_a)
    services.end_membership(membership=member_a.memberships.get())
    response = client.get(reverse("committees:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert b"VEVENT" not in response.content


def test_a_member_downloads_one_meeting_as_ics(member_a_client, meeting):
    response = member_a_client.get(reverse("committees:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"BEGIN:VEVENT" in response.content
