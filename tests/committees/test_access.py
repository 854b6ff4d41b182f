"""The role matrix on every committee page and document: anonymous → login, other committee → 404,
a member sees approved minutes only, staff see everything."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import DocumentFactory, MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_a(committee_a, private_media):
    meeting = MeetingFactory(committee=committee_a, title="Frühjahrssitzung",
                             starts_at=timezone.now() - timedelta(days=30), state="held")
    MinutesFactory(meeting=meeting, status="approved", approved_at=timezone.now())
    return meeting


@pytest.fixture
def document_a(meeting_a):
    return DocumentFactory(meeting=meeting_a)


def member_pages(meeting, document):
    """Every page of committee A that only its members (and staff) may open."""
    return [
        reverse("committees:committee_detail", args=[meeting.committee.slug]),
        reverse("committees:meeting_detail", args=[meeting.pk]),
        reverse("committees:meeting_ics", args=[meeting.pk]),
        reverse("committees:minutes_detail", args=[meeting.pk]),
        reverse("committees:minutes_print", args=[meeting.pk]),
        reverse("committees:document_download", args=[document.pk]),
    ]


def test_anonymous_visitors_are_sent_to_login_from_every_member_page(client, meeting_a, document_a):
    for url in [reverse("committees:member_home"), reverse("committees:search"),
                reverse("committees:calendar_feed_settings"), *member_pages(meeting_a, document_a)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_member_of_another_committee_gets_404_on_every_page_of_committee_a(member_b_client, meeting_a, document_a):
    for url in member_pages(meeting_a, document_a):
        assert member_b_client.get(url).status_code == 404, url


def test_a_logged_in_person_without_any_seat_gets_404(user_client, meeting_a, document_a):
    for url in member_pages(meeting_a, document_a):
        assert user_client.get(url).status_code == 404, url


def test_a_member_opens_every_page_of_their_committee(member_a_client, meeting_a, document_a):
    for url in member_pages(meeting_a, document_a):
        assert member_a_client.get(url).status_code == 200, url


def test_staff_open_every_page_of_every_committee(staff_client, meeting_a, document_a):
    for url in member_pages(meeting_a, document_a):
        assert staff_client.get(url).status_code == 200, url


def test_a_document_url_passed_on_by_a_member_does_not_open_for_a_non_member(member_a_client, member_b_client,
                                                                            document_a):
    url = reverse("committees:document_download", args=[document_a.pk])
    assert member_a_client.get(url).status_code == 200
    assert member_b_client.get(url).status_code == 404


def test_a_member_never_sees_draft_minutes(member_a_client, committee_a):
    meeting = MeetingFactory(committee=committee_a, state="held", starts_at=timezone.now() - timedelta(days=3))
    MinutesFactory(meeting=meeting, text="Vertraulicher Entwurfstext", status="draft")
    for url in [reverse("committees:minutes_detail", args=[meeting.pk]),
                reverse("committees:minutes_print", args=[meeting.pk])]:
        assert member_a_client.get(url).status_code == 404
    page = member_a_client.get(reverse("committees:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Vertraulicher Entwurfstext" not in page
    assert "noch nicht genehmigt" in page
    home = member_a_client.get(reverse("committees:member_home")).content.decode()
    assert meeting.title not in home.split("Genehmigte Protokolle")[1].split("Dokumente")[0]


def test_staff_read_draft_minutes_marked_as_draft(staff_client, committee_a):
    meeting = MeetingFactory(committee=committee_a, state="held", starts_at=timezone.now() - timedelta(days=3))
    MinutesFactory(meeting=meeting, text="Vertraulicher Entwurfstext", status="draft")
    response = staff_client.get(reverse("committees:minutes_detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Vertraulicher Entwurfstext" in response.content.decode()
    assert "Entwurf" in response.content.decode()


@pytest.mark.parametrize("name", ["committee_list"])
def test_the_staff_area_refuses_members(member_a_client, client, name):
    url = reverse(f"committees_staff:{name}")
    assert member_a_client.get(url).status_code == 403


def test_every_staff_page_follows_the_staff_matrix(client, member_a, staff_user, meeting_a):
    recommendation = meeting_a.committee.recommendations.create(title="Parken", text="…", addressee="town")
    urls = [
        reverse("committees_staff:committee_list"),
        reverse("committees_staff:committee_detail", args=[meeting_a.committee.pk]),
        reverse("committees_staff:committee_members", args=[meeting_a.committee.pk]),
        reverse("committees_staff:committee_documents", args=[meeting_a.committee.pk]),
        reverse("committees_staff:committee_recommendations", args=[meeting_a.committee.pk]),
        reverse("committees_staff:meeting_detail", args=[meeting_a.pk]),
        reverse("committees_staff:invitations_send", args=[meeting_a.pk]),
        reverse("committees_staff:agenda_item_edit", args=[meeting_a.agenda_items.create(position=1, title="TOP").pk]),
        reverse("committees_staff:meeting_edit", args=[meeting_a.pk]),
        reverse("committees_staff:minutes_reopen", args=[meeting_a.pk]),
        reverse("committees_staff:membership_end", args=[meeting_a.committee.memberships.first().pk]),
        reverse("committees_staff:recommendation_detail", args=[recommendation.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url
    client.force_login(member_a)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(staff_user)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_member_lands_on_the_member_area_after_login(member_a_client):
    assert member_a_client.get(reverse("after_login"))["Location"] == reverse("committees:member_home")


def test_the_member_area_lists_only_the_own_committee(member_a_client, committee_a, committee_b):
    page = member_a_client.get(reverse("committees:member_home")).content.decode()
    assert committee_a.name in page
    assert committee_b.name not in page
