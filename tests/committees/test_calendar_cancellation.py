"""Finding 8 of issue 13 for the committees: a cancelled meeting's .ics is a cancellation, read with a second
parser (vobject)."""

import pytest
import vobject
from django.urls import reverse

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("state", "method", "status"), [("scheduled", "PUBLISH", "CONFIRMED"),
                                                         ("cancelled", "CANCEL", "CANCELLED")])
def test_a_members_meeting_calendar_follows_the_meetings_state(member_a_client, committee_a, state, method, status):
    meeting = MeetingFactory(committee=committee_a, state=state)

    response = member_a_client.get(reverse("committees:meeting_ics", args=[meeting.pk]))

    assert response.status_code == 200
    calendar = vobject.readOne(response.content.decode())
    assert (calendar.method.value, calendar.vevent.status.value) == (method, status)
