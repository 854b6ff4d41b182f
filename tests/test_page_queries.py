"""Every key page asks the database a fixed number of queries, the same when its data grows tenfold.

Counted cold (the shared cache and the process's copy of the office emptied first), so every query a first
visit after a change pays is here, each one named. Pages are built afresh on every request: nothing else
stands between a write and the next page.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Attendance

from .caches import clear_caches
from .companies.test_queries import make_data
from .factories import (
    AgendaItemFactory,
    ClosureFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
)

pytestmark = pytest.mark.django_db

# Every logged-in page first reads: the session, the user. Every page with the layout: the office (name,
# address, phone in header and footer). The home page shows the office's week: office, hours, closures.
LOGGED_IN = ["session", "user"]
# A staff member's user row brings whether they are in the group Büro (ihk_office.auth_backends).
STAFF = LOGGED_IN
LAYOUT = ["office for the layout"]
OFFICE = ["office", "opening hours", "closures"]

EXPECTED = {
    "home": [*OFFICE, "next public consultation day with its free places",
             "the office's committees for the links (name, slug, whether they publish recommendations)"],
    "directory": [*STAFF, "count of the matching companies", "one page of companies with their last visit",
                  *LAYOUT],
    "company": [*STAFF, "company (its number of visits kept on the row)", "its contacts", "networks (joined or not)",
                "one page of its visits with the names of their topics and contacts met",
                "follow-ups (of the page, open ones)",
                "introductions both ways", "its training places with their occupation",
                "events people of the company came to", *LAYOUT],
    "dashboard": [*STAFF, "visits per month and since (tallies)", "topics since (tallies)",
                  "my due follow-ups", "standard answers given per month (one GROUP BY)",
                  "unsolved obstacles by kind and district, reports in the inbox", *LAYOUT],
    "coverage": [*STAFF, "coverage by district and section with the never-visited count (company_coverage_idx)",
                 "never-visited list", *LAYOUT],
    "member home": [*LOGGED_IN, "my active memberships with committees", "upcoming meetings", "my answers",
                    "documents", "approved minutes", "recommendations", "their history", *LAYOUT],
    "committee": [*LOGGED_IN, "committee (if I hold a seat)", "its meetings with minutes",
                  "count of the active members", "one page of them", "recommendations", "their history", *LAYOUT],
    "meeting": [*LOGGED_IN, "meeting with committee, minutes and whether I may read them (access in the same "
                "query)", "agenda", "documents", "attendance with members", *LAYOUT],
    "minutes": [*LOGGED_IN, "minutes with meeting, committee and approver if readable_by me", *LAYOUT],
}


def build(scale: int, *, office, staff_user, committee_a, member_a):
    for n in range(scale):
        ClosureFactory(office=office, start_date=timezone.localdate() + timedelta(days=40 + 3 * n),
                       end_date=timezone.localdate() + timedelta(days=41 + 3 * n))
    company = make_data(companies=6 * scale, visits_per_company=2, staff=staff_user, key_visits=30 * scale)
    meetings = []
    for n in range(scale):
        meeting = MeetingFactory(committee=committee_a, starts_at=timezone.now() + timedelta(days=10 + n))
        meetings.append(meeting)
        for _ in range(4):
            Attendance.objects.create(meeting=meeting, membership=MembershipFactory(committee=committee_a),
                                      response="yes")
        AgendaItemFactory(meeting=meeting)
        AgendaItemFactory(meeting=meeting)
        DocumentFactory(meeting=meeting)
        committee_a.recommendations.create(title=f"Empfehlung {n}", text="…", addressee="town")
    held = MeetingFactory(committee=committee_a, starts_at=timezone.now() - timedelta(days=30))
    MinutesFactory(meeting=held, status="approved", approved_at=timezone.now())
    return {
        "home": (None, "/"),
        "directory": ("staff", reverse("companies:directory") + "?district=mitte&member=ja"),
        "company": ("staff", reverse("companies:company_detail", args=[company.pk])),
        "dashboard": ("staff", reverse("companies:dashboard") + "?since=2025-07-01"),
        "coverage": ("staff", reverse("companies:coverage")),
        "member home": ("member", reverse("committees:member_home")),
        "committee": ("member", reverse("committees:committee_detail", args=[committee_a.slug])),
        "meeting": ("member", reverse("committees:meeting_detail", args=[meetings[-1].pk])),
        "minutes": ("member", reverse("committees:minutes_detail", args=[held.pk])),
    }


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("page", EXPECTED)
def test_each_page_asks_a_fixed_named_set_of_queries_at_any_size(
        client, staff_client, member_a_client, office, staff_user, committee_a, member_a, private_media,
        page, scale):
    persona, url = build(scale, office=office, staff_user=staff_user, committee_a=committee_a,
                         member_a=member_a)[page]
    reader = {None: client, "staff": staff_client, "member": member_a_client}[persona]
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        response = reader.get(url)
    assert response.status_code == 200
    queries = [query["sql"] for query in captured.captured_queries]
    assert len(queries) == len(EXPECTED[page]), "\n\n".join(queries)
