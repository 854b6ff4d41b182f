"""Finding 8 of issue 13: every mail of the portal, read back with Python's `email` package (policy.default)
as a receiving mail program reads it: automatic, dated in the office's offset, subjects intact, calendar parts
that name their METHOD."""

from datetime import datetime
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from ihk_office import outbox

BERLIN = ZoneInfo("Europe/Berlin")


def sent(**kwargs):
    defaults = {"to": ["anna@example.org"], "subject": "Ihr Termin", "body": "Hallo Anna"}
    queued = outbox.queue_mail(**{**defaults, **kwargs})
    assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
    return message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)


def test_every_mail_says_it_was_sent_automatically(db):
    assert sent()["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize(("moment", "offset"), [(datetime(2026, 11, 26, 10, 0, tzinfo=BERLIN), "+0100"),
                                                (datetime(2026, 7, 2, 10, 0, tzinfo=BERLIN), "+0200")])
def test_the_date_of_a_mail_carries_the_offices_offset_not_minus_zero(db, moment, offset):
    with time_machine.travel(moment, tick=False):
        message = sent()
    assert message["Date"].endswith(offset)
    assert message["Date"].datetime == moment


@pytest.mark.parametrize("subject", [
    "Bitte bestätigen: Ihr Termin am Ausbildungssprechtag des IHK-Regionalbüros Hattingen am Donnerstag, "
    "3. Dezember 2026 um 13:30 Uhr",
    "Your appointment at the training consultation day of the IHK regional office Hattingen on Thursday, "
    "3 December 2026 at 13:30, please confirm it within two hours",
    "Einladung: IHK-Regionalbeirat Hattingen – Sitzung „Breitband im Hügelland“ am 12. März 2027",
])
def test_a_long_subject_reads_back_exactly_without_a_leading_space(db, subject):
    assert sent(subject=subject)["Subject"] == subject


@pytest.mark.parametrize("method", ["PUBLISH", "CANCEL"])
def test_a_calendar_part_names_the_method_of_its_calendar(db, method):
    calendar = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:{method}\r\nEND:VCALENDAR\r\n"
    message = sent(attachments=[{"filename": "termin.ics", "content": calendar, "mimetype": "text/calendar"}])

    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") == method
    assert part.get_filename() == "termin.ics"
    assert part.get_content().splitlines() == calendar.splitlines()
