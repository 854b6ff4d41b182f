"""The public pages: home with the open-now line and JSON-LD, the legal pages, no third-party hosts."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

BERLIN = ZoneInfo("Europe/Berlin")
PUBLIC_PAGES = ["home", "impressum", "privacy", "accessibility", "login", "password_reset"]


@time_machine.travel(datetime(2026, 11, 23, 14, 0, tzinfo=BERLIN), tick=False)
def test_home_shows_address_phone_hours_and_open_now(client, office):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Im Bruchfeld 17" in html and "45525 Hattingen" in html and "2. Etage" in html
    assert 'href="tel:+4923243803301"' in html
    assert "jetzt geöffnet – bis 17:00 Uhr" in html
    assert "13:00–15:30" in html  # Friday


@time_machine.travel(datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN), tick=False)
def test_home_on_saturday_says_when_it_opens(client, office):
    assert "geschlossen – öffnet Montag um 13:00 Uhr" in client.get("/").content.decode()


@time_machine.travel(datetime(2026, 12, 14, 10, 0, tzinfo=BERLIN), tick=False)
def test_home_lists_upcoming_holidays(client, office):
    html = client.get("/").content.decode()
    assert "Erster Weihnachtstag" in html


def test_home_carries_schema_org_opening_hours(client, office):
    html = client.get("/").content.decode()
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    specs = data["openingHoursSpecification"]
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Friday",
            "opens": "13:00", "closes": "15:30"} in specs
    assert len(specs) == 5
    assert data["address"]["streetAddress"] == "Im Bruchfeld 17"


@pytest.mark.parametrize("name", ["impressum", "privacy", "accessibility"])
def test_legal_pages_are_filled_from_the_office(client, office, name):
    html = client.get(reverse(name)).content.decode()
    assert "IHK-Regionalbüro Hattingen" in html
    assert "Im Bruchfeld 17" in html
    for placeholder in ("[", "TODO", "Lorem", "XXX", "Platzhalter"):
        assert placeholder not in html.split("<main", 1)[1], placeholder


def test_home_without_an_office_is_404_not_500(client, db):
    assert client.get("/").status_code == 404


EXTERNAL = re.compile(r'(?:src|href|srcset|action)\s*=\s*["\']\s*(?:https?:)?//', re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.I)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_no_page_loads_anything_from_another_host(client, office, name):
    html = client.get(reverse(name)).content.decode()
    assert not EXTERNAL.findall(html), EXTERNAL.findall(html)
    assert not CSS_URL.findall(html)


def test_site_stylesheet_loads_nothing_from_another_host():
    from pathlib import Path

    for css in Path(__file__).resolve().parents[2].joinpath("static").rglob("*.css"):
        assert not CSS_URL.search(css.read_text(errors="ignore")), css


def test_pages_are_german_by_default_and_english_under_en(client, office):
    assert '<html lang="de">' in client.get("/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()
    assert '<html lang="de">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_healthz_answers_200_when_the_database_answers_and_names_each_dependency(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable" and response.json()["status"] == "error"


def test_home_page_needs_five_queries_however_many_closures_exist(client, office, django_assert_max_num_queries):
    from datetime import date, timedelta

    from ..factories import ClosureFactory

    for offset in range(30):
        day = date(2026, 12, 1) + timedelta(days=offset * 3)
        ClosureFactory(office=office, start_date=day, end_date=day)
    # The office, its opening hours, its closures; the next consultation day with its free places; the office's
    # committees for the links to their public pages.
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200


def test_changed_hours_and_closures_show_on_the_next_page_despite_the_office_cache(staff_client, office):
    from datetime import date

    from ihk_office.models import default_office

    assert default_office().weekly_hours()[5][1] == []  # cached now
    from ..factories import ClosureFactory

    staff_client.post(reverse("closure_create"), {"start_date": "2026-12-28", "end_date": "2026-12-28",
                                                  "reason": "Inventur"})
    assert default_office().closed_reason(date(2026, 12, 28)) == "Inventur"
    ClosureFactory(office=office, start_date=date(2027, 2, 1), end_date=date(2027, 2, 1), reason="Umzug")
    assert default_office().closed_reason(date(2027, 2, 1)) == "Umzug"
    office.name = "IHK-Regionalbüro Hattingen (neu)"
    office.save()
    assert default_office().name.endswith("(neu)")


@pytest.mark.parametrize("path", ["/", "/en/", "/impressum/", "/en/datenschutz/", "/barrierefreiheit/"])
def test_public_pages_without_a_form_may_be_kept_briefly_and_revalidated(client, office, settings, path):
    settings.PUBLIC_PAGE_MAX_AGE = 60
    response = client.get(path)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "<form" not in response.content.decode()
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_logged_in_reader_gets_no_public_copy_of_the_home_page(client, office, plain_user):
    client.force_login(plain_user)
    response = client.get("/")
    assert "public" not in response.get("Cache-Control", "") and not response.has_header("ETag")


def test_a_public_page_shows_an_office_change_on_the_next_request(client, office):
    first = client.get("/impressum/")
    office.phone = "02324 999999"
    office.save()
    second = client.get("/impressum/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and "02324 999999" in second.content.decode()
