"""Rules every response follows: Permissions-Policy everywhere, `private, no-store` on pages made for a person,
the JSON-LD block of the home page escaped like Django's json_script, and the staff area only for staff in the
group "Büro"."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from ..factories import CommitteeFactory, ConsultationDayFactory, StaffFactory
from ..urlwalk import routes

PRIVATE = "private, no-store"


def test_every_response_carries_a_permissions_policy(client, staff_client, office):
    responses = [client.get("/"), client.get("/gibt-es-nicht/"), client.get("/intern/"), staff_client.get("/intern/"),
                 client.get("/healthz")]
    for response in responses:
        policy = response["Permissions-Policy"]
        assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(policy.split(", "))


def test_staff_pages_and_exports_are_private_and_never_stored(staff_client, office):
    day = ConsultationDayFactory(office=office, slots=1)
    for url in [reverse("staff_home"), reverse("companies:directory"), reverse("companies:export_companies"),
                reverse("companies:export_visits"), reverse("consultations_staff:day_csv", args=[day.pk]),
                reverse("mail_log"), "/admin/"]:
        assert staff_client.get(url)["Cache-Control"] == PRIVATE, url


def test_member_pages_are_private_and_never_stored(member_a_client, committee_a):
    for url in [reverse("committees:member_home"), reverse("committees:calendar_feed_settings"),
                reverse("committees:committee_detail", args=[committee_a.slug])]:
        response = member_a_client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == PRIVATE, url


def test_a_members_calendar_feed_is_private_though_it_needs_no_login(member_a_client, member_a, committee_a):
    from committees.models import CalendarFeed

    member_a_client.get(reverse("committees:calendar_feed_settings"))
    feed = CalendarFeed.objects.get(user=member_a)
    response = Client().get(reverse("committees:calendar_feed", args=[feed.token]))
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE


def test_public_pages_for_anonymous_visitors_stay_cacheable(client, office, committee_a):
    for url in ["/", reverse("committees:committee_public", args=[committee_a.slug])]:
        assert "no-store" not in client.get(url).get("Cache-Control", ""), url


def test_an_office_field_cannot_break_out_of_the_home_pages_json_ld(client, office):
    office.name = 'Büro</script><script>alert("x")</script><!--'
    office.street = "Im Bruchfeld 17 & <b>Hof</b>"
    office.save()
    html = client.get("/").content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["name"] == office.name and data["address"]["streetAddress"] == office.street
    assert "<script>alert" not in html


# --- the staff area: is_staff alone is not enough --------------------------------------------------------

STAFF_ROUTES = routes("intern/")


@pytest.fixture
def staff_without_group_client(office):
    user = StaffFactory(username="nur-is-staff")
    user.groups.clear()
    client = Client()
    client.force_login(user)
    return client


def test_the_walk_covers_the_whole_staff_area():
    names = {route.name for route in STAFF_ROUTES}
    assert {"staff_home", "mail_log", "companies:directory", "companies:export_visits",
            "consultations_staff:day_sheet", "committees_staff:minutes_edit"} <= names
    assert len(STAFF_ROUTES) > 50


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=str)
def test_is_staff_without_the_office_group_gets_403_on_every_staff_url(staff_without_group_client, route):
    committee = CommitteeFactory()
    url = route.url(default=str(committee.pk))
    assert staff_without_group_client.get(url).status_code == 403
    assert staff_without_group_client.post(url, {}).status_code == 403


def test_is_staff_without_the_group_is_not_sent_to_the_staff_area_after_login(staff_without_group_client):
    assert staff_without_group_client.get(reverse("after_login"))["Location"] != reverse("staff_home")
    assert "/intern/" not in staff_without_group_client.get("/").content.decode()


def test_staff_taken_out_of_the_office_group_lose_the_staff_area_on_their_next_request(staff_client, staff_user):
    from django.conf import settings

    assert staff_client.get(reverse("companies:directory")).status_code == 200
    assert reverse("staff_home") in staff_client.get("/").content.decode()
    staff_user.groups.remove(staff_user.groups.get(name=settings.STAFF_GROUP_NAME))  # same session, still logged in
    assert staff_client.get(reverse("companies:directory")).status_code == 403
    assert reverse("staff_home") not in staff_client.get("/").content.decode()
    staff_user.groups.add(Group.objects.get(name=settings.STAFF_GROUP_NAME))
    assert staff_client.get(reverse("companies:directory")).status_code == 200
