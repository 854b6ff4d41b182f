"""Bad input never gives a 500 on the staff and member pages.

Every route under /intern/ (as staff) and /gremien/ (as a member of the committee) is taken from the URL
resolver. For each, the page is first opened with real objects; the names of its form fields and query
parameters are read from the HTML. Then NUL bytes, over-long values, odd Unicode, numbers out of range and
broken dates go into every path token, every query parameter (those found plus the usual ones) and every form
field any page has, by GET and POST. Any answer is fine but a server error. Runs on PostgreSQL, where NUL and
out-of-range numbers fail inside the database.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.utils import timezone

from ..factories import (
    AgendaItemFactory,
    BookingFactory,
    ClosureFactory,
    CompanyFactory,
    ConsultationDayFactory,
    ContactFactory,
    DocumentFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    NetworkFactory,
    RecommendationFactory,
    StaffFactory,
    StandardAnswerFactory,
    TopicFactory,
    VisitFactory,
)
from ..urlwalk import Route, routes

BAD_VALUES = [
    "Firma\x00GmbH",
    "x" * 10_000,  # beyond every length limit of the portal's fields
    "\u202e\ufeff\u0301\U0001d54f\U0010ffff\u2028\u0085",
    "9" * 40,  # beyond any database integer
    "-1",
    "1e999",
    "2026-02-30",
]
# One field at a time: a number too big for the database where a number or a choice is expected, else text too long.
TOO_BIG, TOO_LONG = "9" * 40, "x" * 10_000
# In a path the same, percent-encoded, plus bytes that are not UTF-8 at all.
BAD_PATH_TOKENS = [quote(value, safe="") for value in BAD_VALUES if len(value) < 1000] + ["%ff%fe", "%ED%A0%80",
                                                                                           "x" * 5000]
# Query parameters the views read besides those in their forms.
USUAL_PARAMS = ["q", "seite", "page", "status", "since", "next", "district", "section", "visited", "member",
                "datum", "date", "slot", "tag"]
LINK_PARAM = re.compile(r"""href="[^"?]*\?([^"]+)\"""")


@pytest.fixture
def world(office, committee_a, member_a, private_media):
    """One real object of every kind a staff or member URL names."""
    staff = StaffFactory(username="fuzz-staff")
    company = CompanyFactory()
    visit = VisitFactory(company=company, staff=staff, topics=[TopicFactory()])
    meeting = MeetingFactory(committee=committee_a, starts_at=timezone.now() + timezone.timedelta(days=5))
    from committees.services import approve_minutes

    approve_minutes(minutes=MinutesFactory(meeting=meeting), by=staff, before_meeting_confirmed=True)
    day = ConsultationDayFactory(office=office, slots=2)
    from ihk_office.models import OutgoingMail

    objects = {
        "staff": staff, "company": company, "visit": visit, "meeting": meeting, "day": day,
        "contact": ContactFactory(company=company),
        "follow_up": FollowUpFactory(visit=visit, assignee=staff),
        "network": NetworkFactory(),
        "closure": ClosureFactory(office=office, start_date="2026-12-24", end_date="2026-12-24"),
        "mail": OutgoingMail.objects.create(to=["a@example.org"], subject="Test", body="Text", status="failed"),
        "booking": BookingFactory(slot=day.slots.first()),
        "membership": MembershipFactory(committee=committee_a),
        "agenda_item": AgendaItemFactory(meeting=meeting),
        "document": DocumentFactory(meeting=meeting),
        "recommendation": RecommendationFactory(committee=committee_a),
        "committee": committee_a,
        "answer": StandardAnswerFactory(),
    }
    from committees.services import group_obstacles
    from companies.models import ObstacleKind
    from companies.obstacle_services import record_obstacle

    objects["obstacle"] = record_obstacle(kind=ObstacleKind.objects.first(), title="Funkloch", by=staff,
                                          companies=[company], visit=visit)
    group_obstacles(meeting=MeetingFactory(committee=committee_a), title="Funk", obstacles=[objects["obstacle"]])
    return objects


# Which object a route's tokens name, by the first rule whose part of the route name matches.
RULES = [
    ("companies:obstacle", lambda w: {"pk": w["obstacle"].pk}),
    ("recommendation_obstacles", lambda w: {"pk": w["recommendation"].pk}),
    ("closure", lambda w: {"pk": w["closure"].pk}),
    ("answers_staff:", lambda w: {"pk": w["answer"].pk}),
    ("mail", lambda w: {"pk": w["mail"].pk}),
    ("consultations_staff:booking", lambda w: {"pk": w["booking"].pk}),
    ("consultations_staff:", lambda w: {"pk": w["day"].pk}),
    ("companies:contact_edit", lambda w: {"company_pk": w["company"].pk, "pk": w["contact"].pk}),
    ("companies:visit", lambda w: {"pk": w["visit"].pk, "company_pk": w["company"].pk}),
    ("follow_up", lambda w: {"pk": w["follow_up"].pk}),
    ("companies:network", lambda w: {"pk": w["network"].pk, "company_pk": w["company"].pk}),
    ("companies:", lambda w: {"pk": w["company"].pk, "company_pk": w["company"].pk}),
    ("membership", lambda w: {"pk": w["membership"].pk}),
    ("agenda_item_move", lambda w: {"pk": w["agenda_item"].pk}),
    ("agenda_item_delete", lambda w: {"pk": w["agenda_item"].pk}),
    ("document", lambda w: {"pk": w["document"].pk}),
    ("recommendation_detail", lambda w: {"pk": w["recommendation"].pk}),
    ("recommendation_to_agenda", lambda w: {"pk": w["meeting"].pk, "recommendation_pk": w["recommendation"].pk}),
    ("committee", lambda w: {"pk": w["committee"].pk, "slug": w["committee"].slug}),
    ("calendar_feed", lambda w: {"token": _feed_token(w)}),
    ("", lambda w: {"pk": w["meeting"].pk}),  # meetings, minutes, answers, invitations, presence
]


def _feed_token(world) -> str:
    from committees.services import calendar_feed_for

    return calendar_feed_for(user=world["member"]).token


def real_values(route: Route, world) -> dict:
    return next(values(world) for part, values in RULES if part in route.name)


STAFF_ROUTES = routes("intern/")
MEMBER_ROUTES = routes("gremien/")


class FormValues(HTMLParser):
    """The fields of a page's forms with the values the page fills in (what a person would send unchanged)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.numeric: set[str] = set()  # fields that expect a number, a date or a choice
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("number", "hidden", "checkbox", "radio", "date", "time", "datetime-local"):
                self.numeric.add(name)
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.values.setdefault(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.numeric.add(name)
            self.values.setdefault(name, "")
        elif tag == "option" and self._select:
            if "selected" in attrs or not self.values.get(self._select):
                self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "button" and name:
            self.values.setdefault(name, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def page_fields(client: Client, url: str) -> tuple[dict[str, str], set[str], set[str]]:
    """The page's form fields with their values, those among them that expect a number, date or choice, and
    the query parameters its links use."""
    response = client.get(url)
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return {}, set(), set()
    html = response.content.decode()
    parser = FormValues()
    parser.feed(html)
    params = {pair.split("=", 1)[0] for query in LINK_PARAM.findall(html.replace("&amp;", "&"))
              for pair in query.split("&")}
    return parser.values, parser.numeric, params


def assert_no_server_error(client: Client, method: str, url: str, data=None) -> None:
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code < 500, f"{method.upper()} {url[:200]} → {response.status_code}"


def fuzz(client: Client, route: Route, world) -> None:
    real = real_values(route, world)
    url = route.url(real)
    base, numeric, params = page_fields(client, url)
    names = set(base) - {"csrfmiddlewaretoken"}
    assert_no_server_error(client, "get", f"{url}?{urlencode({name: 'y' * 100_000 for name in USUAL_PARAMS})}")
    for bad in BAD_VALUES:
        query = urlencode({name: bad for name in sorted(params | set(USUAL_PARAMS) | names)})
        assert_no_server_error(client, "get", f"{url}?{query}")
        assert_no_server_error(client, "post", url, {name: bad for name in sorted(names)})
    # A formset's rows are the same form: its first row stands for the others.
    one_per_form = sorted(name for name in names if not re.search(r"-[1-9]\d*-", name))
    for name in one_per_form:
        # One field at a time as well, the others as the page fills them in, so the bad value gets past the
        # form's other checks as far as it can.
        assert_no_server_error(client, "post", url, {**base, name: TOO_BIG if name in numeric else TOO_LONG})
    for _converter, token in route.tokens:
        for bad in BAD_PATH_TOKENS:
            bad_url = route.url({**real, token: bad})
            assert_no_server_error(client, "get", bad_url)
            assert_no_server_error(client, "post", bad_url, {})


@pytest.fixture
def fuzz_staff_client(world):
    client = Client()
    client.force_login(world["staff"])
    return client


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=str)
def test_bad_input_never_gives_a_server_error_on_a_staff_page(postgres, world, fuzz_staff_client, route):
    fuzz(fuzz_staff_client, route, world)


@pytest.mark.parametrize("route", MEMBER_ROUTES, ids=str)
def test_bad_input_never_gives_a_server_error_on_a_member_page(postgres, world, member_a, route):
    world["member"] = member_a
    client = Client()
    client.force_login(member_a)
    fuzz(client, route, world)


def test_the_walk_reaches_every_member_page_and_finds_form_fields(world, member_a, fuzz_staff_client):
    assert {"committees:member_home", "committees:search", "committees:calendar_feed",
            "committees:document_download"} <= {route.name for route in MEMBER_ROUTES}
    base, _numeric, _params = page_fields(fuzz_staff_client, f"/intern/firmen/{world['company'].pk}/bearbeiten/")
    assert base["name"] == world["company"].name and base["postcode"] == "45525"


def test_the_cases_the_outside_test_found_are_answered_400(postgres, world, member_a, fuzz_staff_client):
    member = Client()
    member.force_login(member_a)
    assert member.get("/gremien/kalender/%00.ics").status_code == 400
    assert fuzz_staff_client.get("/intern/firmen/besuche/neu/?q=%00").status_code == 400
    assert fuzz_staff_client.post("/intern/firmen/neu/", {"name": "Firma\x00"}).status_code == 400
