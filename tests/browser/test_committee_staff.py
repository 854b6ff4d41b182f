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
