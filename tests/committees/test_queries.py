"""The meeting page keeps a small query count that does not grow with members, agenda items or documents."""

import pytest
from django.urls import reverse

from committees.models import Attendance

from ..caches import clear_caches
from ..factories import AgendaItemFactory, DocumentFactory, MeetingFactory, MembershipFactory, MinutesFactory

pytestmark = pytest.mark.django_db

# Expected queries for a member: session, user, office (for the layout),
# meeting with committee and minutes (access checked in the same query), agenda items, documents,
# attendance with members.
MEETING_PAGE_QUERIES = 7


def build_meeting(committee, *, members, items, documents):
    meeting = MeetingFactory(committee=committee)
    MinutesFactory(meeting=meeting, status="draft")
    for _ in range(members):
        Attendance.objects.create(meeting=meeting, membership=MembershipFactory(committee=committee),
                                  response="yes")
    for _ in range(items):
        AgendaItemFactory(meeting=meeting)
    for _ in range(documents):
        DocumentFactory(meeting=meeting)
    return meeting


@pytest.mark.parametrize("members, items, documents", [(4, 2, 1), (40, 15, 10)])
def test_the_meeting_page_needs_the_same_few_queries_at_any_size(
        member_a_client, committee_a, private_media, django_assert_max_num_queries, members, items, documents):
    meeting = build_meeting(committee_a, members=members, items=items, documents=documents)
    url = reverse("committees:meeting_detail", args=[meeting.pk])
    clear_caches()  # the worst case: office and session not cached yet
    with django_assert_max_num_queries(MEETING_PAGE_QUERIES):
        response = member_a_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<li class="mb-2"><strong>') == items


def test_the_meeting_page_count_does_not_grow_from_small_to_large(
        member_a_client, committee_a, private_media, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = build_meeting(committee_a, members=2, items=1, documents=1)
    large = build_meeting(committee_a, members=40, items=15, documents=10)
    counts = []
    for meeting in (small, large):
        clear_caches()  # count the worst case: nothing (office, session) in the cache yet
        with CaptureQueriesContext(connection) as captured:
            assert member_a_client.get(reverse("committees:meeting_detail", args=[meeting.pk])).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_staff_meeting_page_count_does_not_grow(staff_client, committee_a, private_media):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = build_meeting(committee_a, members=2, items=1, documents=1)
    large = build_meeting(committee_a, members=40, items=15, documents=10)
    counts = []
    for meeting in (small, large):
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("committees_staff:meeting_detail", args=[meeting.pk])).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_member_home_count_does_not_grow(member_a_client, member_a, committee_a, private_media):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for _ in range(2):
        for _ in range(5):
            build_meeting(committee_a, members=3, items=2, documents=2)
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            assert member_a_client.get(reverse("committees:member_home")).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# Expected queries for staff on each tab of a committee: session, user (with the staff group:
# ihk_office.auth_backends), office (for the layout), committee, the tab's one list; the recommendations tab renders
# its form's meeting choices (+1).
STAFF_COMMITTEE_TABS = {"committee_detail": 0, "committee_members": 0, "committee_documents": 0,
                        "committee_recommendations": 1}


@pytest.mark.parametrize("tab", list(STAFF_COMMITTEE_TABS))
def test_each_tab_of_the_committee_staff_page_needs_the_same_queries_at_any_size(
        staff_client, committee_a, private_media, tab):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse(f"committees_staff:{tab}", args=[committee_a.pk])
    counts = []
    for members, meetings in ((2, 1), (42, 12)):
        for _ in range(members):
            MembershipFactory(committee=committee_a)
        for _ in range(meetings):
            meeting = build_meeting(committee_a, members=0, items=1, documents=1)
            committee_a.recommendations.create(title="Parken", text="…", addressee="town", adopted_in=meeting)
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] == 5 + STAFF_COMMITTEE_TABS[tab], counts
