"""Committee pages in a real browser: a member answers an invitation and reads approved minutes; axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from committees.models import Attendance

from ..conftest import assert_accessible, log_in, screenshot
from ..factories import (
    CommitteeFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    OfficeFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beirat(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    office = OfficeFactory()
    committee = CommitteeFactory(office=office, name="IHK-Regionalbeirat Hattingen", short_name="Regionalbeirat",
                                 slug="regionalbeirat", kind="advisory_board")
    member = UserFactory(username="beirat", first_name="Birgit", last_name="Beirat")
    MembershipFactory(user=member, committee=committee, organisation="Ruhrtal Metallbau GmbH")
    upcoming = MeetingFactory(committee=committee, title="Frühjahrssitzung",
                              starts_at=timezone.now() + timedelta(days=10))
    DocumentFactory(meeting=upcoming, title="Präsentation Mobilfunk")
    past = MeetingFactory(committee=committee, title="Herbstsitzung", state="held",
                          starts_at=timezone.now() - timedelta(days=60))
    MinutesFactory(meeting=past, status="approved", approved_at=timezone.now() - timedelta(days=40),
                   text="# Breitband\n\nDie Funklöcher im Hügelland werden gemeldet.")
    MeetingFactory(committee=committee, title="Nächste Sitzung", state="tentative",
                   starts_at=timezone.now().replace(day=1) + timedelta(days=100))
    return committee


def test_a_member_answers_an_invitation_and_reads_the_approved_minutes(page, beirat):
    log_in(page, "beirat")
    assert page.url.endswith("/gremien/")
    assert_accessible(page)
    card = page.locator("article", has_text="Frühjahrssitzung")
    card.get_by_label("Zusage").check()
    card.get_by_role("button", name="Antwort senden").click()
    assert page.get_by_text("Danke, Ihre Antwort ist gespeichert.").is_visible()
    assert page.locator("article", has_text="Frühjahrssitzung").get_by_text("Zusage").first.is_visible()
    assert Attendance.objects.get(meeting__title="Frühjahrssitzung", membership__user__username="beirat").response \
        == "yes"
    assert_accessible(page)
    page.get_by_role("link", name="Herbstsitzung").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Protokoll: Herbstsitzung"
    assert page.get_by_text("Die Funklöcher im Hügelland werden gemeldet.").is_visible()
    assert_accessible(page)


def test_the_meeting_page_and_search_are_accessible(page, beirat):
    log_in(page, "beirat")
    page.get_by_role("link", name="Frühjahrssitzung").first.click()
    assert page.get_by_role("link", name="Präsentation Mobilfunk").is_visible()
    assert_accessible(page)
    page.goto("/gremien/suche/?q=Funklöcher")
    assert page.get_by_role("link", name="Protokoll: Herbstsitzung").is_visible()
    assert_accessible(page)


def test_the_public_committee_page_on_a_phone(phone_page, beirat):
    phone_page.goto("/gremien/regionalbeirat/")
    expected = date_format(timezone.localtime(beirat.meetings.upcoming().first().starts_at), "F Y")
    assert phone_page.get_by_text(expected).is_visible()
    assert "Frühjahrssitzung" not in phone_page.content()  # meeting titles are internal
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)


def test_a_visitor_follows_the_boards_recommendations_from_the_home_page_on_a_phone(phone_page, beirat):
    from committees import services

    beirat.publishes_recommendations = True
    beirat.save()
    past = beirat.meetings.get(title="Herbstsitzung")
    rec = services.create_recommendation(committee=beirat, title="Funklöcher im Hügelland schließen",
                                         text="Angestoßen von Ruhrtal Metallbau.", addressee="town", adopted_in=past,
                                         public_text="Die Stadt meldet die Funklöcher beim Netzbetreiber.")
    services.change_recommendation_status(recommendation=rec, status="handed_over", note="an Frau Förster",
                                          public_note="Der Stadtverwaltung übergeben.")
    phone_page.goto("/")
    phone_page.get_by_role("link", name="Handlungsempfehlungen").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Handlungsempfehlungen"
    assert phone_page.get_by_text("Der Stadtverwaltung übergeben.").is_visible()
    assert phone_page.locator('link[rel="alternate"][type="application/atom+xml"]').count() == 1
    assert phone_page.get_by_role("link", name="Neue Stände als Atom-Feed abonnieren").is_visible()
    for internal in ("Ruhrtal Metallbau", "Frau Förster", "Herbstsitzung", "Birgit"):
        assert internal not in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)
    screenshot(phone_page, "recommendations-public-phone")
    phone_page.get_by_role("link", name="Funklöcher im Hügelland schließen").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Funklöcher im Hügelland schließen"
    assert phone_page.get_by_text("Die Stadt meldet die Funklöcher beim Netzbetreiber.").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)


def test_the_staff_meeting_page_is_accessible(page, beirat):
    staff = StaffFactory()
    log_in(page, staff.username)
    page.get_by_role("link", name="Beirat und Arbeitskreise").click()
    page.get_by_role("link", name="IHK-Regionalbeirat Hattingen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Frühjahrssitzung").click()
    assert_accessible(page)
    screenshot(page, "committees-staff-meeting")


def test_staff_invite_a_member_with_the_german_ui_and_the_prefilled_start_date(page, beirat):
    # Finding 1 of #13: the date field showed "04.12.2026" in an <input type="date">, which the browser shows as
    # empty and sends as nothing, so the invitation failed with "Beginn: Dieses Feld ist zwingend erforderlich".
    staff = StaffFactory()
    log_in(page, staff.username)
    page.get_by_role("link", name="Beirat und Arbeitskreise").click()
    page.get_by_role("link", name="IHK-Regionalbeirat Hattingen").click()
    page.get_by_role("link", name="Mitglieder", exact=True).click()  # the members tab holds the invitation
    assert page.locator("html").get_attribute("lang") == "de"
    invite = page.locator("form", has=page.locator("input[name=first_name]"))
    start = invite.get_by_label("Beginn")
    assert start.input_value() == timezone.localdate().isoformat()  # what the browser shows and sends
    invite.get_by_label("E-Mail").fill("neu@example.org")
    invite.get_by_label("Vorname").fill("Nora")
    invite.get_by_label("Nachname").fill("Neumann")
    page.get_by_role("button", name="Einladen").click()
    page.wait_for_load_state()
    assert page.get_by_text("ist eingetragen; die Einladung wird per E-Mail verschickt.").is_visible()
    membership = beirat.memberships.get(user__email="neu@example.org")
    assert membership.start_date == timezone.localdate()
