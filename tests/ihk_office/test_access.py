"""The staff area per persona: anonymous goes to login, a logged-in non-staff user is refused, staff get in."""

import pytest
from django.urls import reverse

STAFF_PAGES = ["staff_home", "office_hours", "mail_log"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_is_sent_to_login(client, office, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_logged_in_person_without_staff_role_is_refused(user_client, office, name):
    response = user_client.get(reverse(name))
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_get_in(staff_client, office, name):
    assert staff_client.get(reverse(name)).status_code == 200


def test_an_inactive_staff_account_gets_nothing(client, office, staff_user):
    client.force_login(staff_user)
    staff_user.is_active = False
    staff_user.save()
    assert client.get(reverse("staff_home")).status_code == 302


def test_staff_land_on_the_staff_area_after_login(staff_client):
    assert staff_client.get(reverse("after_login"))["Location"] == reverse("staff_home")


def test_the_posted_staff_actions_refuse_non_staff(user_client, office):
    from ..factories import ClosureFactory

    closure = ClosureFactory(office=office, start_date="2026-12-24", end_date="2026-12-24")
    assert user_client.post(reverse("closure_delete", args=[closure.pk])).status_code == 403
    assert user_client.post(reverse("closure_create"), {"start_date": "2026-12-24"}).status_code == 403
