"""The morning digest of due follow-ups: one mail per person and day, through the shared reminder scan."""

from datetime import date
from email.header import decode_header, make_header

import pytest
from django.core import mail

from companies.services import send_follow_up_digests
from companies.tasks import send_follow_up_digests as digest_task
from ihk_office.celery import app
from ihk_office.models import OutgoingMail

from ..factories import CompanyFactory, FollowUpFactory, StaffFactory, VisitFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def test_each_person_gets_one_digest_listing_their_due_follow_ups_overdue_first():
    anna, ben = StaffFactory(first_name="Anna"), StaffFactory(first_name="Ben")
    visit = VisitFactory(company=CompanyFactory(name="Ruhrblick Café"), staff=anna)
    FollowUpFactory(visit=visit, assignee=anna, what="heute fällig", due_on=TODAY)
    FollowUpFactory(visit=visit, assignee=anna, what="längst fällig", due_on=date(2026, 3, 1))
    FollowUpFactory(visit=visit, assignee=anna, what="nächste Woche", due_on=date(2026, 3, 17))
    FollowUpFactory(visit=visit, assignee=anna, what="schon erledigt", due_on=TODAY, done_on=TODAY)
    FollowUpFactory(visit=visit, assignee=ben, what="für Ben", due_on=date(2026, 3, 9))
    StaffFactory(first_name="Carla")  # nothing due: no mail

    assert send_follow_up_digests(today=TODAY) == 2

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {anna.email, ben.email}
    body = by_recipient[anna.email].body
    assert body.index(": längst fällig") < body.index(": heute fällig")
    assert "Ruhrblick Café: längst fällig (überfällig seit 01.03.2026)" in body
    assert "nächste Woche" not in body and "schon erledigt" not in body and "für Ben" not in body
    assert "http" in body and "/intern/firmen/wiedervorlagen/" in body
    # As a mail program reads it (the outbox writes long or non-ASCII subjects as encoded words).
    subject = str(make_header(decode_header(by_recipient[anna.email].subject)))
    assert subject == "Wiedervorlagen für 10.03.2026: 2 fällig"


def test_running_the_digest_twice_on_one_day_sends_one_mail():
    anna = StaffFactory()
    FollowUpFactory(assignee=anna, visit=VisitFactory(staff=anna), due_on=TODAY)
    assert send_follow_up_digests(today=TODAY) == 1
    assert send_follow_up_digests(today=TODAY) == 0
    assert len(mail.outbox) == 1
    assert OutgoingMail.objects.get().key == f"followup-digest:{anna.pk}:2026-03-10"
    # The next day is a new digest.
    assert send_follow_up_digests(today=date(2026, 3, 11)) == 1


def test_the_task_is_scheduled_on_weekday_mornings_and_runs_the_digest():
    entry = app.conf.beat_schedule["companies-follow-up-digest"]
    assert entry["task"] == "companies.tasks.send_follow_up_digests"
    assert entry["schedule"].hour == {7}
    assert digest_task.name == entry["task"]
    assert digest_task.delay().get() == 0  # nothing due, nothing sent
