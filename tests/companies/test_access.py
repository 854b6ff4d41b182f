"""Staff only, everywhere: anonymous visitors go to the login page, logged-in people without the staff role
(a person with no role at all, and a real committee member) are refused, staff see the page."""

import pytest
from django.urls import reverse

from ..factories import CompanyFactory, FollowUpFactory, NetworkFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(staff_user):
    company = CompanyFactory()
    visit = VisitFactory(company=company, staff=staff_user)
    follow_up = FollowUpFactory(visit=visit)
    network = NetworkFactory()
    return {"company": company, "visit": visit, "follow_up": follow_up, "network": network}


def page_urls(objects):
    company, visit, network = objects["company"].pk, objects["visit"].pk, objects["network"].pk
    return [
        reverse("companies:directory"),
        reverse("companies:dashboard"),
        reverse("companies:coverage"),
        reverse("companies:company_create"),
        reverse("companies:company_detail", args=[company]),
        reverse("companies:company_edit", args=[company]),
        reverse("companies:company_history", args=[company]),
        reverse("companies:contact_create", args=[company]),
        reverse("companies:visit_create", args=[company]),
        reverse("companies:introduction_create", args=[company]),
        reverse("companies:visit_start"),
        reverse("companies:visit_detail", args=[visit]),
        reverse("companies:visit_edit", args=[visit]),
        reverse("companies:my_follow_ups"),
        reverse("companies:network_list"),
        reverse("companies:network_create"),
        reverse("companies:network_detail", args=[network]),
        reverse("companies:network_edit", args=[network]),
        reverse("companies:introduction_list"),
        reverse("companies:import"),
        reverse("companies:export_companies"),
        reverse("companies:export_visits"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_page(client, objects):
    for url in page_urls(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


# The two logged-in personas without the staff role: no role at all, and a member of a committee.
NOT_STAFF = ["user_client", "member_a_client"]


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_a_logged_in_person_without_the_staff_role_is_refused_everywhere(request, persona, objects):
    not_staff = request.getfixturevalue(persona)
    for url in page_urls(objects):
        assert not_staff.get(url).status_code == 403, url


def test_staff_see_every_page(staff_client, objects):
    for url in page_urls(objects):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_posts_are_refused_to_people_without_the_staff_role(request, client, persona, objects):
    not_staff = request.getfixturevalue(persona)
    follow_up = objects["follow_up"]
    urls = [reverse("companies:follow_up_done", args=[follow_up.pk]), reverse("companies:import_confirm"),
            reverse("companies:visit_create", args=[objects["company"].pk]),
            reverse("companies:network_membership", args=[objects["company"].pk])]
    for url in urls:
        assert not_staff.post(url).status_code == 403, url
    follow_up.refresh_from_db()
    assert follow_up.done_on is None
    client.logout()
    for url in urls:
        assert client.post(url).status_code == 302, url
