"""Meetings: tentative (month only), scheduled; the public page shows purpose and month, nothing internal."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Meeting

from ..factories import AgendaItemFactory, MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_public_page_says_expected_in_march_for_a_tentative_meeting(client, committee_a):
    meeting = MeetingFactory(committee=committee_a, state="tentative", title="Geheimer Titel",
                             starts_at=datetime(2027, 3, 1, tzinfo=BERLIN))
    AgendaItemFactory(meeting=meeting, title="Interner Punkt")
    MinutesFactory(meeting=MeetingFactory(committee=committee_a, state="held",
                                          starts_at=timezone.now() - timedelta(days=90)),
                   status="approved", approved_at=timezone.now(), text="Interna")
    response = client.get(reverse("committees:committee_public", args=[committee_a.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "voraussichtlich im März 2027" in page
    assert committee_a.description in page
    for internal in ("Geheimer Titel", "Interner Punkt", "Interna", "mitglied-a"):
        assert internal not in page


def test_the_public_page_shows_only_the_month_of_a_scheduled_meeting(client, committee_a):
    MeetingFactory(committee=committee_a, starts_at=datetime(2027, 4, 14, 16, 30, tzinfo=BERLIN))
    with __import__("time_machine").travel(datetime(2027, 1, 5, tzinfo=BERLIN), tick=False):
        page = client.get(reverse("committees:committee_public", args=[committee_a.slug])).content.decode()
    assert "April 2027" in page and "16:30" not in page and "14.04" not in page


def test_an_unknown_committee_is_a_404(client, db):
    assert client.get(reverse("committees:committee_public", args=["gibt-es-nicht"])).status_code == 404


def test_staff_create_a_tentative_meeting_that_only_knows_its_month(staff_client, committee_a):
    response = staff_client.post(reverse("committees_staff:meeting_create", args=[committee_a.pk]), {
        "title": "Frühjahrssitzung", "state": "tentative", "location": "", "day": "2027-03-17",
    })
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at) == datetime(2027, 3, 1, tzinfo=BERLIN)
    assert meeting.when_text == "voraussichtlich im März 2027"


def test_a_scheduled_meeting_needs_a_time_in_german(staff_client, committee_a):
    response = staff_client.post(reverse("committees_staff:meeting_create", args=[committee_a.pk]), {
        "title": "Herbstsitzung", "state": "scheduled", "location": "Rathaus", "day": "2027-09-15",
        "end_time": "18:00",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte geben Sie die Uhrzeit an" in page and 'value="Herbstsitzung"' in page


def test_staff_edit_a_meeting_to_scheduled(staff_client, committee_a):
    meeting = MeetingFactory(committee=committee_a, state="tentative", starts_at=datetime(2027, 3, 1, tzinfo=BERLIN))
    response = staff_client.post(reverse("committees_staff:meeting_edit", args=[meeting.pk]), {
        "title": meeting.title, "state": "scheduled", "location": "HWG", "day": "2027-03-17",
        "start_time": "16:00", "end_time": "18:00",
    })
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at) == datetime(2027, 3, 17, 16, tzinfo=BERLIN)
    assert meeting.when_text == "17.03.2027, 16:00 Uhr"


def test_a_tentative_meeting_stays_upcoming_during_its_month(committee_a):
    meeting = MeetingFactory(committee=committee_a, state="tentative", starts_at=datetime(2027, 3, 1, tzinfo=BERLIN))
    assert list(Meeting.objects.upcoming(datetime(2027, 3, 20, tzinfo=BERLIN))) == [meeting]
    assert list(Meeting.objects.upcoming(datetime(2027, 4, 2, tzinfo=BERLIN))) == []


def test_staff_record_presence(staff_client, committee_a, member_a):
    from committees.models import Attendance

    meeting = MeetingFactory(committee=committee_a, starts_at=timezone.now())  # presence counts from its day on
    attendance = Attendance.objects.create(meeting=meeting, membership=member_a.memberships.get())
    staff_client.post(reverse("committees_staff:presence_record", args=[meeting.pk]),
                      {f"presence-{attendance.pk}": "excused"})
    attendance.refresh_from_db()
    assert attendance.presence == "excused"


def test_staff_delete_an_agenda_item_and_the_others_close_the_gap(staff_client, committee_a):
    meeting = MeetingFactory(committee=committee_a)
    _first, second, _third = (AgendaItemFactory(meeting=meeting, title=title, position=position)
                            for position, title in enumerate(["Begrüßung", "Breitband", "Verschiedenes"], start=1))
    response = staff_client.post(reverse("committees_staff:agenda_item_delete", args=[second.pk]))
    assert response.status_code == 302
    assert list(meeting.agenda_items.order_by("position").values_list("title", "position")) == [
        ("Begrüßung", 1), ("Verschiedenes", 2)]
    page = staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Breitband" not in page and "Verschiedenes" in page
