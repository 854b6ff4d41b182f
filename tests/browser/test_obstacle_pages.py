"""The obstacle pages the link crawl does not reach in every state, in a real browser with the demo data: an
accepted obstacle with its status form, the form prefilled from a visit with the district's obstacles offered,
the grouping page filtered by kind, a member's report with errors. Each passes axe, the Nu HTML Checker and fits
a 360 px phone (the crawl's own checks, tests/browser/test_crawl.py)."""

from __future__ import annotations

import pytest

from committees.demo import BEIRAT_LOGIN
from committees.models import Meeting
from companies.models import LocationObstacle, ObstacleKind, Visit
from ihk_office.demo import DEMO_STAFF_PASSWORD, DEMO_STAFF_USERNAME

from ..conftest import DESKTOP, log_in
from .test_crawl import Crawl, demo  # noqa: F401 - the crawl's demo data fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_obstacle_pages_in_every_state_pass_axe_nu_and_fit_a_phone(browser, live_server, demo, tmp_path):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, locale="de-DE", timezone_id="Europe/Berlin",
                                  base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    crawl = Crawl(page, tmp_path, "obstacles")
    try:
        log_in(page, DEMO_STAFF_USERNAME, DEMO_STAFF_PASSWORD)
        raised = LocationObstacle.objects.filter(status="raised").first()
        assert crawl.goto(raised.get_absolute_url() + "?firma=Hof", "accepted obstacle with a company search")
        assert page.get_by_role("button", name="Eintragen").count() == 1
        visit = Visit.objects.filter(company__district="elfringhausen").first()
        assert crawl.goto(f"/intern/firmen/hemmnisse/neu/?visit={visit.pk}", "obstacle form from a visit")
        assert page.get_by_role("button", name="Firma hier eintragen").count() >= 1
        crawl.submit(page.get_by_role("button", name="Speichern"), "obstacle form with errors")
        meeting = Meeting.objects.filter(state="tentative").first()
        kind = ObstacleKind.objects.get(name="Breitband/LTE")
        assert crawl.goto(f"/intern/gremien/sitzungen/{meeting.pk}/hemmnisse/?kind={kind.pk}", "grouping page")
        page.context.clear_cookies()
        log_in(page, *BEIRAT_LOGIN)
        assert crawl.goto("/gremien/hemmnisse/", "member report page")
        crawl.submit(page.get_by_role("button", name="Meldung senden"), "member report with errors")
        assert crawl.goto("/en/gremien/hemmnisse/", "member report page in English")
        nu = crawl.nu_errors()
    finally:
        context.close()
    problems = crawl.problems + [f"Nu: {line}" for line in nu]
    assert len(crawl.visited) == 7 and not problems, "\n".join(problems)
