"""Text that reaches a mail header (a meeting's title, a committee's name) never breaks it: line breaks are
dropped when it is saved, and again when the mail is built (for rows written some other way)."""

from django.core import mail
from django.urls import reverse

from committees.models import Meeting
from committees.services import send_invitations
from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..factories import MeetingFactory, MembershipFactory


def test_a_meeting_titled_with_a_line_break_is_saved_on_one_line(staff_client, committee_a):
    response = staff_client.post(reverse("committees_staff:meeting_create", args=[committee_a.pk]), {
        "title": "Frühjahrssitzung\r\nBcc: alle@example.org", "state": "scheduled", "day": "2027-03-11",
        "start_time": "17:00", "end_time": "19:00", "location": "HWG-Gebäude"})
    assert response.status_code == 302
    assert Meeting.objects.get(committee=committee_a).title == "Frühjahrssitzung Bcc: alle@example.org"


def test_invitations_for_a_meeting_titled_with_a_line_break_are_sent_fine(committee_a, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    committee_a.name = "Regionalbeirat\nHattingen"
    committee_a.save()
    meeting = MeetingFactory(committee=committee_a)
    # A title written past the model (an old row, a raw update): the mail-building code still copes.
    Meeting.objects.filter(pk=meeting.pk).update(title="Sitzung\r\nBcc: alle@example.org\u2028X")
    for _ in range(3):
        MembershipFactory(committee=committee_a)
    meeting.refresh_from_db()

    assert send_invitations(meeting=meeting) == 3
    assert outbox.send_pending() == 3

    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert message.subject.startswith("Einladung: Sitzung Bcc: alle@example.org X am ")
        assert message.bcc == [] and "\n" not in message.message()["Subject"].replace("\n ", "")
