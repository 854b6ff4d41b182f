"""The obstacle pages ask a fixed, named set of queries, the same when their data grows tenfold (counted cold,
as tests/test_page_queries.py does for the other key pages)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import services as committee_services
from companies import obstacle_services as services
from companies.models import Company, ObstacleKind

from ..caches import clear_caches
from ..factories import MeetingFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

LOGGED_IN = ["session", "user"]
# A staff member's user row brings whether they are in the group Büro (ihk_office.auth_backends).
STAFF = LOGGED_IN
LAYOUT = ["office for the layout"]

EXPECTED = {
    "list": [*STAFF, "the kind chosen in the filter", "the kinds for the filter's choices",
             "count of the matching obstacles", "one page of them with kind, reporter and number of companies",
             *LAYOUT],
    "detail": [*STAFF, "obstacle with kind, visit with company, reporter", "its companies",
               "its history with who", "the agenda items it is on with meeting and committee",
               "the recommendations that answer it", "companies found by the search to add (?firma=…)", *LAYOUT],
    "group": [*STAFF, "meeting with committee", "the kind chosen in the filter", "the kinds for the filter's choices",
              "the unsolved obstacles to choose from", *LAYOUT],
    "dashboard": [*STAFF, "visits per month and since (tallies)", "topics since (tallies)",
                  "my due follow-ups", "standard answers given per month",
                  "unsolved obstacles by kind and district, reports in the inbox", *LAYOUT],
    "member report": [*LOGGED_IN, "whether I hold an active seat", "the kinds for the form's choices",
                      "my reports with their kind", *LAYOUT],
}


def build(scale: int, *, staff_user, member_a, committee_a) -> dict[str, tuple[str, str]]:
    kinds = list(ObstacleKind.objects.all())
    companies = Company.objects.bulk_create(Company(name=f"Hof {n}", district="elfringhausen", street="Weg 1",
                                                    postcode="45529") for n in range(5 * scale))
    obstacles = []
    for n in range(3 * scale):
        obstacle = services.record_obstacle(kind=kinds[n % len(kinds)], title=f"Funkloch {n}",
                                            district="elfringhausen", companies=companies[n::3 * scale],
                                            by=staff_user)
        services.change_status(obstacle=obstacle, status="raised", raised_with="Stadt", by=staff_user)
        obstacles.append(obstacle)
        services.report_obstacle(kind=kinds[0], title=f"Meldung {n}", by=member_a)
    key = obstacles[0]
    key.companies.add(*companies)
    meeting = None
    for n in range(scale):
        meeting = MeetingFactory(committee=committee_a)
        committee_services.group_obstacles(meeting=meeting, title=f"Punkt {n}", obstacles=obstacles)
        RecommendationFactory(committee=committee_a).obstacles.add(key)
    return {
        "list": ("staff", reverse("companies:obstacle_list") + f"?kind={kinds[0].pk}&district=elfringhausen"),
        "detail": ("staff", key.get_absolute_url() + "?firma=Hof"),
        "group": ("staff", reverse("committees_staff:meeting_obstacles", args=[meeting.pk]) + f"?kind={kinds[0].pk}"),
        "dashboard": ("staff", reverse("companies:dashboard") + "?since=2025-07-01"),
        "member report": ("member", reverse("committees:obstacle_report")),
    }


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("page", EXPECTED)
def test_each_obstacle_page_asks_a_fixed_named_set_of_queries_at_any_size(
        staff_client, member_a_client, office, staff_user, committee_a, member_a, page, scale):
    persona, url = build(scale, staff_user=staff_user, member_a=member_a, committee_a=committee_a)[page]
    reader = {"staff": staff_client, "member": member_a_client}[persona]
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        response = reader.get(url)
    assert response.status_code == 200
    queries = [query["sql"] for query in captured.captured_queries]
    assert len(queries) == len(EXPECTED[page]), "\n\n".join(queries)
