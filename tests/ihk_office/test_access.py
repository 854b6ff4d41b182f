"""The staff area per persona: anonymous goes to login, a logged-in non-staff user (no role, or a committee
member) is refused, staff get in."""

import pytest
from django.urls import reverse

STAFF_PAGES = ["staff_home", "office_hours", "mail_log"]
# The two logged-in personas without the staff role: no role at all, and a member of a committee.
NOT_STAFF = ["user_client", "member_a_client"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_is_sent_to_login(client, office, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("persona", NOT_STAFF)
@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_logged_in_person_without_staff_role_is_refused(request, persona, office, name):
    response = request.getfixturevalue(persona).get(reverse(name))
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


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_the_posted_staff_actions_refuse_non_staff(request, persona, office):
    from ..factories import ClosureFactory

    not_staff = request.getfixturevalue(persona)
    closure = ClosureFactory(office=office, start_date="2026-12-24", end_date="2026-12-24")
    assert not_staff.post(reverse("closure_delete", args=[closure.pk])).status_code == 403
    assert not_staff.post(reverse("closure_create"), {"start_date": "2026-12-24"}).status_code == 403
    assert office.closures.filter(pk=closure.pk).exists()
