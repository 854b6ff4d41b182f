"""Who sees what of the location obstacles, per persona (anonymous, member of committee A, member of B, staff):
the staff pages and actions are staff only; a member's reports are seen by that member and by staff, nobody else;
the agenda item's summary reaches the members of its committee only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from committees import services as committee_services
from companies import obstacle_services as services
from companies.models import LocationObstacle, ObstacleKind

from ..conftest import logged_in
from ..factories import CompanyFactory, MeetingFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff_user, member_a, member_b, committee_a):
    kind = ObstacleKind.objects.get(name="Mobilfunk")
    recorded = services.record_obstacle(kind=kind, title="Funkloch Wodantal", district="oberelfringhausen",
                                        companies=[CompanyFactory()], by=staff_user)
    report_a = services.report_obstacle(kind=kind, title="Meldung von A: Funkloch am Sportplatz", by=member_a)
    report_b = services.report_obstacle(kind=kind, title="Meldung von B: Parkhaus zu teuer", by=member_b)
    meeting = MeetingFactory(committee=committee_a)
    item = committee_services.group_obstacles(meeting=meeting, title="Mobilfunk", obstacles=[recorded])
    return {"recorded": recorded, "report_a": report_a, "report_b": report_b, "meeting": meeting, "item": item,
            "recommendation": RecommendationFactory(committee=committee_a)}


def staff_pages(w) -> list[str]:
    pk = w["recorded"].pk
    return [reverse("companies:obstacle_list"), reverse("companies:obstacle_list") + "?status=reported",
            reverse("companies:obstacle_create"), reverse("companies:obstacle_kinds"),
            reverse("companies:obstacle_detail", args=[pk]), reverse("companies:obstacle_edit", args=[pk]),
            reverse("companies:obstacle_detail", args=[w["report_a"].pk]),
            reverse("committees_staff:meeting_obstacles", args=[w["meeting"].pk])]


def staff_posts(w) -> list[str]:
    pk = w["report_a"].pk
    return [reverse("companies:obstacle_status", args=[w["recorded"].pk]),
            reverse("companies:obstacle_review", args=[pk]), reverse("companies:obstacle_companies", args=[pk]),
            reverse("companies:obstacle_create"), reverse("companies:obstacle_kinds"),
            reverse("companies:obstacle_edit", args=[pk]),
            reverse("committees_staff:meeting_obstacles", args=[w["meeting"].pk]),
            reverse("committees_staff:recommendation_obstacles", args=[w["recommendation"].pk])]


def test_anonymous_visitors_are_sent_to_login_everywhere(client, world):
    for url in [*staff_pages(world), reverse("committees:obstacle_report")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    for url in staff_posts(world):
        assert client.post(url, {"accept": "1", "status": "solved", "name": "X"}).status_code == 302, url
    assert client.post(reverse("committees:obstacle_report"), {"title": "x"}).status_code == 302
    assert LocationObstacle.objects.count() == 3
    assert set(LocationObstacle.objects.values_list("status", flat=True)) == {"open", "reported"}


@pytest.mark.parametrize("persona", ["member_a_client", "member_b_client"])
def test_members_of_either_committee_get_403_on_every_staff_page_and_action(request, world, persona):
    member = request.getfixturevalue(persona)
    for url in staff_pages(world):
        assert member.get(url).status_code == 403, url
    for url in staff_posts(world):
        assert member.post(url, {"accept": "1", "status": "solved", "name": "X"}).status_code == 403, url
    world["report_a"].refresh_from_db()
    assert world["report_a"].status == "reported" and not ObstacleKind.objects.filter(name="X").exists()


def test_staff_open_every_page_and_see_every_report(staff_client, world):
    for url in staff_pages(world):
        assert staff_client.get(url).status_code == 200, url
    inbox = staff_client.get(reverse("companies:obstacle_list") + "?status=reported").content.decode()
    assert "Meldung von A" in inbox and "Meldung von B" in inbox and "Funkloch Wodantal" not in inbox


def test_each_member_sees_only_their_own_reports(member_a_client, member_b_client, world):
    page_a = member_a_client.get(reverse("committees:obstacle_report")).content.decode()
    page_b = member_b_client.get(reverse("committees:obstacle_report")).content.decode()
    assert "Meldung von A" in page_a and "Meldung von B" not in page_a and "Funkloch Wodantal" not in page_a
    assert "Meldung von B" in page_b and "Meldung von A" not in page_b
    # The one rule behind it, for anyone who asks.
    assert list(LocationObstacle.objects.visible_to(world["report_a"].reported_by)) == [world["report_a"]]


def test_people_without_a_seat_cannot_report(staff_client, db, world):
    assert logged_in(UserFactory(username="ohne-sitz")).get(reverse("committees:obstacle_report")).status_code == 404
    # Staff record obstacles on their own pages, not as members.
    assert staff_client.get(reverse("committees:obstacle_report")).status_code == 404


def test_the_agenda_summary_reaches_members_of_the_committee_only(client, member_a_client, member_b_client, world):
    url = reverse("committees:meeting_detail", args=[world["meeting"].pk])
    assert "1 Standorthemmnis, von 1 Firma in 1 Ortsteil seit" in member_a_client.get(url).content.decode()
    assert member_b_client.get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_only_people_with_a_seat_are_offered_the_report_form(staff_client, member_a_client, db, world):
    report = reverse("committees:obstacle_report")
    assert f'href="{report}"' in member_a_client.get(reverse("committees:member_home")).content.decode()
    # Staff and people without a seat would only find a page that does not exist for them.
    for client in (staff_client, logged_in(UserFactory(username="ohne-sitz"))):
        response = client.get(reverse("committees:member_home"))
        assert response.status_code != 200 or f'href="{report}"' not in response.content.decode()
