"""Every page a person reaches by following links, checked by tools nobody here wrote.

For each persona (visitor, staff, a member of the board, a member of the working group) a crawl follows the links
from the home page, plus the pages behind forms (booking sent, confirmed, manage page, form errors; the same for an
event registration). Each page is checked at 1280 px and at 360 px: no axe-core violation of impact serious or
critical, no sideways scroll on the phone, every date/time input holds an ISO value or none. The HTML the server sent
then goes through the Nu HTML Checker (vnu-jar from tools/package.json, run with Java): no error.

The crawl is generic: a page added later joins it by being linked. It is bounded: one host, path ids normalised so
that it visits each kind of page at most twice, downloads and logout skipped.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess  # nosec B404 - runs the Nu HTML Checker from the project's own tools/
from collections import Counter
from importlib import import_module
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from committees.demo import BEIRAT_LOGIN, INNENSTADT_LOGIN
from companies.models import Topic
from ihk_office.demo import DEMO_STAFF_PASSWORD, DEMO_STAFF_USERNAME
from ihk_office.models import OutgoingMail

from ..conftest import DESKTOP, PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU = Path(__file__).resolve().parents[2] / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PER_KIND = 1  # one of each kind; the pages behind forms are the "few" more
MAX_PAGES = 150  # a safety bound per persona; the demo data needs far fewer
DOWNLOADS = re.compile(r"\.(ics|csv|pdf|xlsx?|docx?|odt|zip|png|jpe?g)$|/(export|download|herunterladen)\b", re.I)
NEVER = re.compile(r"/(logout|abmelden)/|/konto/logout|/admin/", re.I)

# Per page: the viewport's sideways scroll, and every date/time input whose value is not ISO (nor empty).
LAYOUT = """() => {
    const doc = document.documentElement;
    const iso = {date: /^\\d{4}-\\d{2}-\\d{2}$/, time: /^\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$/,
                 'datetime-local': /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$/};
    const bad = [...document.querySelectorAll('input[type=date], input[type=time], input[type=datetime-local]')]
        .filter(el => el.getAttribute('value') && !iso[el.type].test(el.getAttribute('value')))
        .map(el => `${el.name}=${el.getAttribute('value')}`);
    // The outermost elements that reach past the right edge: where a sideways scroll comes from.
    const past = el => el.getBoundingClientRect().right > doc.clientWidth + 1;
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        [...el.classList].slice(0, 3).map(c => '.' + c).join('');
    const wide = doc.scrollWidth > doc.clientWidth ? [...document.body.querySelectorAll('*')]
        .filter(el => past(el) && !past(el.parentElement)).slice(0, 3)
        .map(el => name(el.parentElement) + ' > ' + name(el)) : [];
    return {scroll: doc.scrollWidth - doc.clientWidth, dates: bad, wide};
}"""


def kind_of(path: str) -> str:
    """The path with its ids, dates, tokens and language prefix normalised: /intern/firmen/12/ -> /intern/firmen/N/."""
    path = re.sub(r"^/en/", "/", path)
    parts = []
    for part in path.split("/"):
        if re.fullmatch(r"[\d\-.:]+", part):
            part = "N"
        elif re.search(r"\d", part) and len(part) >= 16:  # signed tokens
            part = "T"
        parts.append(part)
    return "/".join(parts)


class Crawl:
    """Visits pages in one browser context, checks each at both widths and keeps the server's HTML for Nu."""

    def __init__(self, page, html_dir: Path, persona: str):
        self.page, self.html_dir, self.persona = page, html_dir, persona
        self.visited: list[str] = []
        self.kinds: Counter = Counter()
        self.problems: list[str] = []
        self.downloads: list[str] = []
        self.axe_counts = {"desktop": 0, "phone": 0}
        self.names: dict[str, str] = {}  # HTML file -> the page it came from

    def check(self, html: str, label: str | None = None) -> None:
        """Check the page now in the browser; `html` is what the server sent for it."""
        from axe_playwright_python.sync_playwright import Axe

        page, where = self.page, label or urlsplit(self.page.url).path
        self.visited.append(where)
        name = f"{self.persona}-{len(self.visited):03d}.html"
        (self.html_dir / name).write_text(html, encoding="utf-8")
        self.names[name] = where
        for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            layout = page.evaluate(LAYOUT)
            if width == "phone" and layout["scroll"] > 0:
                self.problems.append(f"{where} scrolls sideways by {layout['scroll']} px at 360 px: {layout['wide']}")
            if layout["dates"] and width == "desktop":
                self.problems.append(f"{where} has date/time inputs with non-ISO values: {layout['dates']}")
            violations = [v for v in Axe().run(page).response["violations"] if v.get("impact") in ("serious",
                                                                                                   "critical")]
            self.axe_counts[width] += len(violations)
            for v in violations:
                targets = "; ".join(str(n["target"][0]) for n in v["nodes"][:3])
                self.problems.append(f"{where} at {width}: axe {v['id']} ({v['impact']}): {targets}")
        page.set_viewport_size(DESKTOP)

    def goto(self, path: str, label: str | None = None) -> bool:
        try:
            response = self.page.goto(path)
        except Exception as error:  # noqa: BLE001 - Playwright raises a plain Error for a download
            if "Download is starting" in str(error):
                self.downloads.append(path)
                return False
            raise
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            if response is not None and response.status >= 500:
                self.problems.append(f"{path} answered {response.status}")
            return False
        self.check(response.text(), label)
        return True

    def submit(self, button, label: str) -> None:
        """Click a submit button and check the page the browser lands on."""
        with self.page.expect_navigation() as navigation:
            button.click()
        response = navigation.value
        self.page.wait_for_load_state()
        self.check(response.text() if response is not None else self.page.content(), label)

    def links(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "a[href]:not([download])", "els => els.map(a => a.href)")

    def follow_links(self, start: str = "/") -> None:
        host = None
        queue, seen = [start], set()
        while queue and len(self.visited) < MAX_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            kind = kind_of(urlsplit(path).path)
            if self.kinds[kind] >= PER_KIND:
                continue
            self.kinds[kind] += 1
            if not self.goto(path):
                continue
            host = host or urlsplit(self.page.url).netloc
            for href in self.links():
                href, _ = urldefrag(href)
                parts = urlsplit(href)
                if parts.scheme not in ("http", "https") or parts.netloc != host:
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if NEVER.search(parts.path) or DOWNLOADS.search(parts.path) or target in seen:
                    continue
                queue.append(target)

    def nu_errors(self) -> list[str]:
        """The Nu HTML Checker's errors on every page kept, as 'page: message'."""
        java = shutil.which("java")
        assert java, "Java is needed for the Nu HTML Checker (.ci/run installs default-jre-headless)"
        assert VNU.exists(), f"{VNU} is missing: run `npm ci --prefix tools` (make .venv/.test-installed does)"
        files = sorted(str(p) for p in self.html_dir.glob(f"{self.persona}-*.html"))
        result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],  # nosec B603
                                capture_output=True, text=True, timeout=300, check=False)
        messages = json.loads(result.stderr or '{"messages": []}')["messages"]
        return [f"{self.names.get(Path(m.get('url', '')).name, m.get('url'))}: {m.get('message')} "
                f"[{m.get('extract', '').strip()[:80]}]" for m in messages if m.get("type") == "error"]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # The topics come from a data migration, which the flush after an earlier browser test took away.
    for position, name in enumerate(import_module("companies.migrations.0002_default_topics").DEFAULT_TOPICS, 1):
        Topic.objects.get_or_create(name=name, defaults={"position": position * 10})
    settings.DEBUG = True  # seed_demo makes accounts with known passwords and refuses to run without DEBUG
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def last_link(pattern: str) -> str:
    mail = OutgoingMail.objects.order_by("-pk").first()
    return re.search(r"https?://[^/\s]+(" + pattern + r"[^\s/]+/)", mail.body).group(1)


def behind_the_forms(crawl: Crawl) -> None:
    """The pages a visitor only reaches by sending a form: errors, sent, confirmed, manage; booking and event."""
    page = crawl.page
    # A consultation booking: first with errors, then complete.
    page.goto("/")
    page.get_by_role("link", name="Termin buchen").first.click()
    page.locator("a[href*='/buchen/']").first.click()
    page.wait_for_load_state()
    crawl.submit(page.locator("form button[type=submit]").last, "booking form with errors")
    page.get_by_label("Ihr Name").fill("Murat Yılmaz")
    page.get_by_label("E-Mail-Adresse").fill("murat@example.org")
    page.get_by_label("Ich bin").select_option(index=1)
    page.get_by_label("Worum geht es?").select_option(index=1)
    page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    crawl.submit(page.get_by_role("button", name="Verbindlich anfragen"), "booking sent")
    crawl.goto(last_link("/sprechtag/bestaetigen/"), "booking confirmation page")
    crawl.submit(page.get_by_role("button", name="Ja, Termin bestätigen"), "booking confirmed")
    crawl.goto(last_link("/sprechtag/buchung/"), "booking manage page")
    # The links again by mail: the page's answer.
    page.goto("/sprechtag/meine-termine/")
    page.get_by_label("E-Mail-Adresse").fill("murat@example.org")
    crawl.submit(page.get_by_role("button", name="Links schicken"), "links requested again")

    # An event registration: errors, sent, confirmed, manage.
    page.goto("/veranstaltungen/")
    page.locator("main a[href*='/veranstaltungen/']").first.click()
    page.wait_for_load_state()
    button = page.get_by_role("button", name="Verbindlich anmelden")
    if button.count() == 0:
        crawl.problems.append(f"no open event registration on {page.url}")
        return
    crawl.submit(button, "event registration with errors")
    page.get_by_label("Vor- und Nachname").fill("Bernd Kaiser")
    page.get_by_label("E-Mail-Adresse").fill("bernd@example.org")
    page.get_by_label("Ich habe den Hinweis zum Datenschutz gelesen und bin einverstanden.").check()
    crawl.submit(page.get_by_role("button", name="Verbindlich anmelden"), "event registration sent")
    crawl.goto(last_link("/veranstaltungen/bestaetigen/"), "event confirmation page")
    confirm = page.locator("main form button[type=submit]").first
    crawl.submit(confirm, "event registration confirmed")
    crawl.goto(last_link("/veranstaltungen/anmeldung/"), "event manage page")


PERSONAS = {
    "visitor": None,
    "staff": (DEMO_STAFF_USERNAME, DEMO_STAFF_PASSWORD),
    "board member": BEIRAT_LOGIN,
    "working-group member": INNENSTADT_LOGIN,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_persona_reaches_passes_axe_nu_and_fits_a_phone(browser, live_server, demo, tmp_path, persona):
    context = browser.new_context(viewport=DESKTOP, locale="de-DE", timezone_id="Europe/Berlin",
                                  base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    crawl = Crawl(page, tmp_path, persona.replace(" ", "-"))
    try:
        if PERSONAS[persona]:
            log_in(page, *PERSONAS[persona])
            assert "/konto/login/" not in page.url
        crawl.follow_links("/")
        if persona == "visitor":
            behind_the_forms(crawl)
        nu = crawl.nu_errors()
    finally:
        context.close()
    print(f"\ncrawl {persona}: {len(crawl.visited)} pages ({len(crawl.kinds)} kinds), "
          f"axe serious/critical desktop {crawl.axe_counts['desktop']}, phone {crawl.axe_counts['phone']}, "
          f"Nu errors {len(nu)}, downloads skipped {len(crawl.downloads)}")
    assert len(crawl.visited) >= 5, crawl.visited
    problems = crawl.problems + [f"Nu: {line}" for line in nu]
    # The whole list, for reading at leisure (var/ is not committed).
    report = Path(__file__).resolve().parents[2] / "var" / "crawl" / f"{crawl.persona}.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(crawl.visited + ["", *problems]) + "\n", encoding="utf-8")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
