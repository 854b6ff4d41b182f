"""Minutes: Markdown sanitised, draft → approved (who and when), read-only, reopening keeps the version."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.markup import render_markdown
from committees.models import Minutes

from ..factories import MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def held_meeting(committee_a):
    return MeetingFactory(committee=committee_a, state="held", starts_at=timezone.now() - timedelta(days=7))


def test_markdown_is_rendered_and_scripts_and_handlers_are_removed():
    html = render_markdown("# Ergebnis\n\n**fett** <script>alert(1)</script> <img src=x onerror=alert(1)> "
                           "[Link](javascript:alert(1)) [gut](https://example.org)")
    assert "<h2>Ergebnis</h2>" in html
    assert "<strong>fett</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert 'href="https://example.org"' in html


def test_approving_records_who_and_when_and_keeps_the_first_version(staff_user, held_meeting):
    minutes = services.save_minutes(meeting=held_meeting, text="Fassung eins")
    moment = (held_meeting.starts_at + timedelta(days=2)).astimezone(BERLIN)  # approved after the meeting
    version = services.approve_minutes(minutes=minutes, by=staff_user, now=moment)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_by == staff_user and minutes.approved_at == moment
    assert (version.number, version.text, version.approved_by) == (1, "Fassung eins", staff_user)


def test_approved_minutes_are_read_only(staff_user, held_meeting, staff_client):
    minutes = services.save_minutes(meeting=held_meeting, text="Fassung eins")
    services.approve_minutes(minutes=minutes, by=staff_user)
    with pytest.raises(services.MinutesLocked):
        services.save_minutes(meeting=held_meeting, text="heimlich geändert")
    response = staff_client.post(reverse("committees_staff:minutes_edit", args=[held_meeting.pk]),
                                 {"text": "heimlich geändert"})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.text == "Fassung eins"


def test_reopening_needs_a_reason_and_keeps_the_earlier_version(staff_user, held_meeting):
    minutes = services.save_minutes(meeting=held_meeting, text="Fassung eins")
    services.approve_minutes(minutes=minutes, by=staff_user)
    with pytest.raises(ValidationError):
        services.reopen_minutes(minutes=minutes, by=staff_user, reason="  ")
    services.reopen_minutes(minutes=minutes, by=staff_user, reason="Tippfehler im Namen")
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT and minutes.approved_at is None
    services.save_minutes(meeting=held_meeting, text="Fassung zwei")
    services.approve_minutes(minutes=minutes, by=staff_user)
    first, second = minutes.versions.order_by("number")
    assert (first.text, first.reopen_reason, first.reopened_by) == ("Fassung eins", "Tippfehler im Namen", staff_user)
    assert (second.number, second.text, second.reopened_at) == (2, "Fassung zwei", None)


def test_members_do_not_see_reopened_minutes_until_approved_again(staff_user, held_meeting, member_a_client):
    minutes = services.save_minutes(meeting=held_meeting, text="Fassung eins")
    services.approve_minutes(minutes=minutes, by=staff_user)
    url = reverse("committees:minutes_detail", args=[held_meeting.pk])
    assert "Fassung eins" in member_a_client.get(url).content.decode()
    services.reopen_minutes(minutes=minutes, by=staff_user, reason="Ergänzung")
    services.save_minutes(meeting=held_meeting, text="Entwurf zwei")
    assert member_a_client.get(url).status_code == 404


def test_staff_write_approve_and_reopen_through_the_pages(staff_client, staff_user, held_meeting):
    edit = reverse("committees_staff:minutes_edit", args=[held_meeting.pk])
    assert staff_client.post(edit, {"text": "# Protokoll\n\nAlles gut.", "save": "1"}).status_code == 302
    assert Minutes.objects.get(meeting=held_meeting).status == "draft"
    assert staff_client.post(edit, {"text": "# Protokoll\n\nAlles gut.", "approve": "1"}).status_code == 302
    minutes = Minutes.objects.get(meeting=held_meeting)
    assert minutes.status == "approved" and minutes.approved_by == staff_user
    reopen = reverse("committees_staff:minutes_reopen", args=[held_meeting.pk])
    refused = staff_client.post(reopen, {"reason": ""})
    assert refused.status_code == 400 and "warum das Protokoll" in refused.content.decode()
    assert staff_client.post(reopen, {"reason": "Nachtrag"}).status_code == 302
    page = staff_client.get(reverse("committees_staff:meeting_detail", args=[held_meeting.pk])).content.decode()
    assert "Fassung 1" in page and "Nachtrag" in page


def test_an_empty_draft_cannot_be_approved(staff_client, held_meeting):
    response = staff_client.post(reverse("committees_staff:minutes_edit", args=[held_meeting.pk]),
                                 {"text": "", "approve": "1"})
    assert response.status_code == 400
    assert "leeres Protokoll" in response.content.decode()


def test_the_print_view_includes_the_attendance(staff_user, held_meeting, member_a, member_a_client):
    from committees.models import Attendance

    Attendance.objects.create(meeting=held_meeting, membership=member_a.memberships.get(), presence="present")
    MinutesFactory(meeting=held_meeting, status="approved", approved_at=timezone.now(), text="Beschlüsse")
    page = member_a_client.get(reverse("committees:minutes_print", args=[held_meeting.pk])).content.decode()
    assert member_a.get_full_name() in page and "anwesend" in page and "Beschlüsse" in page


def test_script_in_the_minutes_never_reaches_the_members_page(staff_user, held_meeting, member_a_client):
    minutes = services.save_minutes(meeting=held_meeting, text="Ergebnis <script>alert('x')</script>\n\n"
                                                                "<a href=\"javascript:alert(1)\">klick</a>")
    services.approve_minutes(minutes=minutes, by=staff_user)
    page = member_a_client.get(reverse("committees:minutes_detail", args=[held_meeting.pk])).content.decode()
    assert "Ergebnis" in page
    assert "alert(" not in page


def test_the_minutes_page_asks_on_every_request_who_may_read_it(
    staff_client, staff_user, held_meeting, member_a, member_a_client, member_b_client
):
    minutes = services.save_minutes(meeting=held_meeting, text="Beschluss zum Radweg")
    services.approve_minutes(minutes=minutes, by=staff_user)
    url = reverse("committees:minutes_detail", args=[held_meeting.pk])
    assert "Beschluss zum Radweg" in staff_client.get(url).content.decode()
    assert member_b_client.get(url).status_code == 404  # another committee's member
    assert "Beschluss zum Radweg" in member_a_client.get(url).content.decode()
    # The seat ends: the minutes are no longer hers to read.
    member_a.memberships.update(end_date=timezone.localdate() - timedelta(days=1))
    assert member_a_client.get(url).status_code == 404


def test_the_minutes_html_follows_the_text_however_it_is_saved(held_meeting):
    minutes = Minutes.objects.create(meeting=held_meeting, text="# Breitband\n\n<script>x()</script>**ja**")
    assert "<h2>Breitband</h2>" in minutes.html and "<strong>ja</strong>" in minutes.html
    assert "<script>" not in minutes.html
    minutes.text = "- Nachfolge"
    minutes.save(update_fields=["text"])
    assert Minutes.objects.get(pk=minutes.pk).html.strip() == "<ul>\n<li>Nachfolge</li>\n</ul>"


def test_one_rule_says_who_may_read_which_minutes(staff_user, member_a, member_b, committee_a, held_meeting):
    from django.contrib.auth.models import AnonymousUser

    approved = Minutes.objects.create(meeting=held_meeting, text="genehmigt", status="approved",
                                      approved_at=timezone.now())
    draft = Minutes.objects.create(meeting=MeetingFactory(committee=committee_a), text="Entwurf")
    assert set(Minutes.objects.readable_by(staff_user)) == {approved, draft}
    assert list(Minutes.objects.readable_by(member_a)) == [approved]
    assert list(Minutes.objects.readable_by(member_b)) == []
    assert list(Minutes.objects.readable_by(AnonymousUser())) == []
