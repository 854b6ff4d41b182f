"""The staff meeting page in a real browser: the position fields sit outside their form (form="agenda-order"),
which only a browser submits; the whole agenda is reordered with one click."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ..conftest import log_in
from ..factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, OfficeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_reorder_the_agenda_by_typing_positions_and_saving_once(page):
    StaffFactory(username="buero")
    committee = CommitteeFactory(office=OfficeFactory(), short_name="Regionalbeirat", slug="regionalbeirat")
    meeting = MeetingFactory(committee=committee, title="Frühjahrssitzung",
                             starts_at=timezone.now() + timedelta(days=10))
    for position, title in enumerate(["Begrüßung", "Breitband", "Verschiedenes"], start=1):
        AgendaItemFactory(meeting=meeting, position=position, title=title)
    log_in(page, "buero")
    page.goto(f"/intern/gremien/sitzungen/{meeting.pk}/")
    page.get_by_label("Platz Verschiedenes").fill("1")
    page.get_by_label("Platz Begrüßung").fill("3")
    page.get_by_role("button", name="Reihenfolge speichern").click()
    page.wait_for_load_state()
    assert page.url.endswith("#agenda")
    assert page.locator("#agenda ~ ol > li strong").all_inner_texts() == ["Verschiedenes", "Breitband", "Begrüßung"]
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Verschiedenes", "Breitband", "Begrüßung"]


def test_each_tab_of_a_committee_of_42_members_is_a_short_page(page):
    from ..factories import MembershipFactory, MinutesFactory

    StaffFactory(username="buero")
    committee = CommitteeFactory(office=OfficeFactory(), short_name="Regionalbeirat", slug="regionalbeirat")
    for _ in range(42):
        MembershipFactory(committee=committee, organisation="Ruhrtal Metallbau GmbH")
    for months in range(12):
        meeting = MeetingFactory(committee=committee, state="held", title=f"Sitzung {months + 1}",
                                 starts_at=timezone.now() - timedelta(days=30 * months + 10))
        MinutesFactory(meeting=meeting, status="approved", approved_at=timezone.now())
        committee.recommendations.create(title=f"Empfehlung {months + 1}", text="…", addressee="town",
                                         adopted_in=meeting)
    log_in(page, "buero")
    heights = {}
    for tab, path in [("Sitzungen", ""), ("Mitglieder", "mitglieder/"), ("Unterlagen", "unterlagen/"),
                      ("Handlungsempfehlungen", "empfehlungen/")]:
        page.goto(f"/intern/gremien/{committee.pk}/{path}")
        heights[tab] = page.evaluate("document.documentElement.scrollHeight")
    print("committee tab heights at 1280 px:", heights)
    # The one page was 5,400 px; the longest tab is the member list with its invitation form.
    assert max(heights.values()) < 3600, heights
    assert heights["Sitzungen"] < 2000, heights


def test_the_new_staff_pages_pass_axe_and_do_not_scroll_sideways_on_a_phone(phone_page):
    from ..conftest import assert_accessible
    from ..factories import CompanyFactory, ContactFactory, MembershipFactory

    StaffFactory(username="buero")
    committee = CommitteeFactory(office=OfficeFactory(), short_name="Regionalbeirat", slug="regionalbeirat")
    for _ in range(3):
        MembershipFactory(committee=committee, organisation="Ruhrtal Metallbau GmbH")
    meeting = MeetingFactory(committee=committee, title="Frühjahrssitzung", location="Rathaus Hattingen",
                             starts_at=timezone.now() + timedelta(days=10))
    item = AgendaItemFactory(meeting=meeting, position=1, title="Breitband im Hügelland")
    company = CompanyFactory(name="Autohaus Döhn")
    ContactFactory(company=company, name="Petra Ruhrmann")
    log_in(phone_page, "buero")
    for path in [f"/intern/gremien/{committee.pk}/", f"/intern/gremien/{committee.pk}/mitglieder/",
                 f"/intern/gremien/{committee.pk}/unterlagen/", f"/intern/gremien/{committee.pk}/empfehlungen/",
                 f"/intern/gremien/sitzungen/{meeting.pk}/", f"/intern/gremien/sitzungen/{meeting.pk}/einladungen/",
                 f"/intern/gremien/tagesordnung/{item.pk}/bearbeiten/",
                 f"/intern/gremien/sitzungen/{meeting.pk}/protokoll/",
                 f"/intern/firmen/{company.pk}/besuche/neu/", "/intern/firmen/besuche/neu/?q=Doehn"]:
        phone_page.goto(path)
        assert_accessible(phone_page)
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
    assert "Autohaus Döhn" in phone_page.content()
