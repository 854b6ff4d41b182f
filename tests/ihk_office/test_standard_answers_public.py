"""The standard answers in public: anyone reads the three seeded answers in German under /auskunft/ and in English
under /en/auskunft/, with the office's contact and, where the answer asks for it, the next consultation day."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from ihk_office.demo import seed_standard_answers
from ihk_office.models import StandardAnswer

from ..factories import ConsultationDayFactory, StandardAnswerFactory

pytestmark = pytest.mark.django_db

# What each seeded answer must say, in each language (the must-show facts of issue #15).
FACTS = {
    "existenzgruendung": {
        "de": ["Existenzgründung", "Businessplan", "Gewerbeanmeldung", "STARTERCENTER NRW", "Gründungszuschuss",
               "150 Tagen", "300 Euro"],
        "en": ["Starting a business", "business plan", "Register your business", "STARTERCENTER NRW",
               "start-up grant", "150 days", "300 euros"],
    },
    "unternehmensnachfolge": {
        "de": ["Unternehmensnachfolge", "drei bis fünf Jahre", "Ertragswert", "nexxt-change",
               "https://www.nexxt-change.org/", "Regionalpartner"],
        "en": ["Handing a business on", "three to five years", "capitalised earnings value", "nexxt-change",
               "https://www.nexxt-change.org/", "regional partner"],
    },
    "beitragsbescheid": {
        "de": ["Beitragsbescheid", "§ 2 IHK-Gesetz", "Grundbeitrag", "Umlage", "15.340 Euro", "5.200 Euro",
               "25.000 Euro", "Beitragsabteilung", "Widerspruch"],
        "en": ["Membership-fee notice", "section 2 of the IHK Act", "Basic fee", "Levy", "15,340 euros",
               "5,200 euros", "25,000 euros", "fee department", "object"],
    },
}


@pytest.fixture
def answers(office):
    return {answer.slug: answer for answer in seed_standard_answers()}


def main_text(response) -> str:
    """The page's <main>, with the line breaks of the Markdown source as plain spaces."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", html[html.index("<main"):html.index("</main>")])


def test_anonymous_visitors_find_the_three_answers_listed_in_german_and_english(client, answers):
    german = main_text(client.get("/auskunft/"))
    english = main_text(client.get("/en/auskunft/"))
    for title in ("Existenzgründung", "Unternehmensnachfolge", "Beitragsbescheid"):
        assert f">{title}</a>" in german
    for title in ("Starting a business", "Handing a business on", "Membership-fee notice"):
        assert f">{title}</a>" in english
    # In the order staff set, each linking to its page in the same language.
    assert german.index("Existenzgründung") < german.index("Unternehmensnachfolge") < german.index("Beitragsbescheid")
    assert 'href="/auskunft/beitragsbescheid/"' in german and 'href="/en/auskunft/beitragsbescheid/"' in english


@pytest.mark.parametrize("slug", FACTS)
@pytest.mark.parametrize("language", ["de", "en"])
def test_anonymous_visitors_read_each_answer_in_german_and_in_english(client, answers, slug, language):
    response = client.get(("/en" if language == "en" else "") + f"/auskunft/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    text = main_text(response)
    for fact in FACTS[slug][language]:
        assert fact in text, fact
    # The Markdown became headings and lists, and no raw Markdown is left over.
    assert "<h2>" in text and ("<ol>" in text or "<ul>" in text)
    assert "# " not in text and "**" not in text
    # The other language's text is not mixed in.
    other = "en" if language == "de" else "de"
    assert getattr(answers[slug], f"summary_{other}") not in text


def test_every_answer_page_gives_the_offices_contact_from_the_office_model(client, answers, office):
    office.phone, office.email = "02324 3803399", "auskunft@example.org"
    office.save()
    text = main_text(client.get("/auskunft/beitragsbescheid/"))
    assert 'href="tel:+4923243803399"' in text and ">02324 3803399</a>" in text
    assert 'href="mailto:auskunft@example.org"' in text
    assert "Im Bruchfeld 17" in text and "45525 Hattingen" in text


def test_the_next_consultation_day_shows_only_on_answers_that_ask_for_it(client, answers, office):
    day = ConsultationDayFactory(office=office, date=timezone.localdate() + timedelta(days=9), slots=2)
    founding = main_text(client.get("/auskunft/existenzgruendung/"))
    assert answers["existenzgruendung"].show_consultation_day
    assert "Ausbildungssprechtag" in founding and f'href="/sprechtag/tag/{day.pk}/"' in founding
    assert day.date.strftime("%Y") in founding
    fee = main_text(client.get("/auskunft/beitragsbescheid/"))
    assert not answers["beitragsbescheid"].show_consultation_day
    assert "/sprechtag/" not in fee


def test_without_a_bookable_day_the_answer_points_to_the_consultation_days(client, answers):
    text = main_text(client.get("/auskunft/existenzgruendung/"))
    assert 'href="/sprechtag/"' in text and "ersten Donnerstag" in text


def test_the_home_page_and_the_navigation_link_to_the_answers(client, answers, office):
    html = client.get("/").content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    nav = html[html.index("<nav"):html.index("</nav>")]
    assert 'href="/auskunft/"' in main and 'href="/auskunft/"' in nav
    assert 'href="/en/auskunft/"' in client.get("/en/").content.decode()


def test_an_unpublished_answer_is_hidden_from_everyone_in_public(client, staff_client, office):
    hidden = StandardAnswerFactory(slug="entwurf", title_de="Geheimer Entwurf", is_published=False)
    StandardAnswerFactory(slug="sichtbar", title_de="Sichtbare Frage")
    for reader in (client, staff_client):
        assert "Geheimer Entwurf" not in reader.get("/auskunft/").content.decode()
        assert reader.get(f"/auskunft/{hidden.slug}/").status_code == 404
        assert reader.get("/en/auskunft/entwurf/").status_code == 404
    assert client.get("/auskunft/gibt-es-nicht/").status_code == 404


def test_an_answer_without_english_text_shows_the_german_one_marked_as_german(client, office):
    StandardAnswerFactory(slug="nur-deutsch", title_de="Nur auf Deutsch", title_en="", summary_en="", body_en="")
    html = client.get("/en/auskunft/nur-deutsch/").content.decode()
    assert '<html lang="en">' in html
    assert re.search(r'<article[^>]* lang="de"', html) and "Nur auf Deutsch" in html


def test_the_answers_markdown_is_sanitised(client, office):
    StandardAnswerFactory(slug="boese", body_de='# Titel\n\n<script>alert(1)</script>\n\n[klick](javascript:alert(2))'
                                                 '\n\n<img src=x onerror="alert(3)">')
    text = main_text(client.get("/auskunft/boese/"))
    assert "<script>alert" not in text and "javascript:" not in text and "onerror" not in text
    assert "<h2>Titel</h2>" in text


def test_anonymous_readers_get_a_cacheable_page_with_an_etag(client, answers):
    response = client.get("/auskunft/beitragsbescheid/")
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    again = client.get("/auskunft/beitragsbescheid/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("persona", ["anonymous", "member A", "member B", "staff"])
def test_every_persona_reads_the_public_answers(persona, client, member_a_client, member_b_client, staff_client,
                                                answers):
    reader = {"anonymous": client, "member A": member_a_client, "member B": member_b_client,
              "staff": staff_client}[persona]
    for url in ["/auskunft/", "/en/auskunft/", *[f"/auskunft/{slug}/" for slug in FACTS],
                *[f"/en/auskunft/{slug}/" for slug in FACTS]]:
        assert reader.get(url).status_code == 200, url
    # Logged-in readers get their own copy (their name is in the header), never a shared one.
    if persona != "anonymous":
        assert "public" not in reader.get("/auskunft/").get("Cache-Control", "")


def test_seeding_twice_keeps_what_staff_changed(office):
    seed_standard_answers()
    StandardAnswer.objects.filter(slug="beitragsbescheid").update(title_de="Beitrag: Ihre Fragen")
    seed_standard_answers()
    assert StandardAnswer.objects.count() == 3
    assert StandardAnswer.objects.get(slug="beitragsbescheid").title_de == "Beitrag: Ihre Fragen"


@pytest.mark.parametrize("moment", ["2026-12-05 10:00 +01:00"])
def test_the_page_says_when_the_answer_was_last_changed(client, office, moment):
    with time_machine.travel(moment, tick=False):
        StandardAnswerFactory(slug="stand")
    assert "Stand: 5. Dezember 2026" in main_text(client.get("/auskunft/stand/"))
