"""Staff write the standard answers under /intern/auskunft/: a version history says who changed what and when
(old and new value, long texts line by line), and an answer given on the phone is noted on the answer's page.
Only office staff get there."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from companies.models import AnswerGiven
from ihk_office.models import StandardAnswer

from ..factories import AnswerGivenFactory, CompanyFactory, StaffFactory, StandardAnswerFactory
from .test_standard_answers_public import main_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel("2026-03-10 09:00 +01:00", tick=False):
        yield


@pytest.fixture
def answer(office):
    return StandardAnswerFactory(slug="beitragsbescheid", title_de="Beitragsbescheid", title_en="Fee notice",
                                 body_de="# Wer zahlt?\n\nAlle Gewerbetreibenden.\n\n# Befreit\n\nBis 5.200 Euro.")


def staff_pages(answer) -> list[str]:
    return [reverse("answers_staff:list"), reverse("answers_staff:create"),
            *[reverse(f"answers_staff:{name}", args=[answer.pk]) for name in ("detail", "edit", "history")]]


def form_data(answer: StandardAnswer, **changes) -> dict:
    data = {name: getattr(answer, name) for name in ("title_de", "summary_de", "body_de", "title_en", "summary_en",
                                                     "body_en", "slug", "position")}
    data.update(is_published="on" if answer.is_published else "",
                show_consultation_day="on" if answer.show_consultation_day else "")
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


# --- who gets in ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_from_every_staff_answer_page(client, answer):
    for url in staff_pages(answer):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
        assert client.post(url, {"date": "2026-03-10", "title_de": "x"}).status_code == 302, url
    assert not AnswerGiven.objects.exists()
    assert StandardAnswer.objects.get().title_de == "Beitragsbescheid"


def test_members_of_either_committee_get_403_on_every_staff_answer_page(member_a_client, member_b_client, answer):
    for member in (member_a_client, member_b_client):
        for url in staff_pages(answer):
            assert member.get(url).status_code == 403, url
            assert member.post(url, {"date": "2026-03-10", "title_de": "x"}).status_code == 403, url
    assert not AnswerGiven.objects.exists()
    assert StandardAnswer.objects.get().title_de == "Beitragsbescheid"


def test_staff_open_every_staff_answer_page(staff_client, answer):
    for url in staff_pages(answer):
        assert staff_client.get(url).status_code == 200, url


def test_the_staff_start_page_and_the_dashboard_link_to_the_answers(staff_client, answer):
    for url in (reverse("staff_home"), reverse("companies:dashboard")):
        assert f'href="{reverse("answers_staff:list")}"' in staff_client.get(url).content.decode(), url


# --- writing and the history ----------------------------------------------------------------------


def test_staff_write_a_new_answer_and_it_is_public_at_once_in_both_languages(staff_client, client, office):
    response = staff_client.post(reverse("answers_staff:create"), {
        "title_de": "Fördermittel", "summary_de": "Welche Förderung passt?", "body_de": "# Programme\n\n- KfW",
        "title_en": "Funding", "summary_en": "Which funding fits?", "body_en": "# Programmes\n\n- KfW",
        "slug": "foerdermittel", "position": "40", "is_published": "on"})
    created = StandardAnswer.objects.get(slug="foerdermittel")
    assert response.status_code == 302 and response["Location"] == reverse("answers_staff:detail", args=[created.pk])
    assert "<h2>Programme</h2>" in main_text(client.get("/auskunft/foerdermittel/"))
    assert "<h2>Programmes</h2>" in main_text(client.get("/en/auskunft/foerdermittel/"))


def test_the_history_shows_who_changed_what_and_when(office, answer):
    bea = StaffFactory(username="bea", first_name="Bea", last_name="Büro")
    kai = StaffFactory(username="kai", first_name="Kai", last_name="Kollege")
    from ..conftest import logged_in

    with time_machine.travel("2026-03-10 14:05 +01:00", tick=False):
        response = logged_in(bea).post(reverse("answers_staff:edit", args=[answer.pk]), form_data(
            answer, title_de="Der Beitragsbescheid",
            body_de="# Wer zahlt?\n\nAlle Gewerbetreibenden.\n\n# Befreit\n\nBis 5.200 Euro Gewinn im Jahr."))
        assert response.status_code == 302
    answer.refresh_from_db()
    with time_machine.travel("2026-03-11 09:30 +01:00", tick=False):
        logged_in(kai).post(reverse("answers_staff:edit", args=[answer.pk]), form_data(answer, is_published=""))

    html = logged_in(bea).get(reverse("answers_staff:history", args=[answer.pk])).content.decode()
    text = main_text_of(html)
    # Newest first: Kai took it off the public pages, Bea changed the title and one line of the text.
    kai_at, bea_at = text.index("11.03.2026 09:30 · Kai Kollege"), text.index("10.03.2026 14:05 · Bea Büro")
    assert kai_at < bea_at
    kai_part, bea_part = text[kai_at:bea_at], text[bea_at:]
    assert "öffentlich sichtbar" in kai_part and "ja</del> → <ins>" in kai_part and "nein</ins>" in kai_part
    assert "Titel (deutsch)" in bea_part
    assert "Beitragsbescheid</del> → <ins>" in bea_part and "Der Beitragsbescheid</ins>" in bea_part
    assert "Antwort (deutsch, Markdown)" in bea_part
    assert "− Bis 5.200 Euro.</del>" in bea_part and "+ Bis 5.200 Euro Gewinn im Jahr.</ins>" in bea_part
    # Only the changed lines and their neighbours, not the whole text again.
    assert "Alle Gewerbetreibenden." not in bea_part
    assert text.count("angelegt") == 1  # the first version, made by the factory


def main_text_of(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_a_change_made_outside_a_request_names_who_made_it_too(office, answer):
    from ihk_office.services import save_answer

    editor = StaffFactory(first_name="Eva", last_name="Extern")
    answer.summary_de = "Neu gefasst."
    save_answer(answer=answer, by=editor)
    assert answer.history.first().history_user == editor


def test_english_text_needs_a_title_and_a_body_and_slugs_stay_unique(staff_client, answer):
    other = StandardAnswerFactory(slug="existenzgruendung")
    response = staff_client.post(reverse("answers_staff:edit", args=[other.pk]),
                                 form_data(other, title_en="", body_en="", summary_en="Only a summary",
                                           slug="beitragsbescheid"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte auch den englischen Titel angeben." in html
    assert "Bitte auch die englische Antwort schreiben." in html
    assert "Dieses Kürzel hat schon eine andere Auskunft." in html
    other.refresh_from_db()
    assert other.slug == "existenzgruendung" and other.summary_en != "Only a summary"


# --- "am Telefon gegeben" -------------------------------------------------------------------------


def test_the_phone_note_form_opens_with_today(staff_client, answer):
    html = staff_client.get(reverse("answers_staff:detail", args=[answer.pk])).content.decode()
    assert 'type="date"' in html and 'value="2026-03-10"' in html
    assert "Wer zahlt?" in html  # the text to read out on the phone


def test_staff_note_an_answer_given_on_the_phone_with_or_without_a_company(staff_client, staff_user, answer):
    company = CompanyFactory(name="Ruhrblick Café")
    CompanyFactory(name="Ruhrblick Hotel")
    url = reverse("answers_staff:detail", args=[answer.pk])
    response = staff_client.post(url, {"date": "2026-03-10", "company_name": "ruhrblick café"})
    assert response.status_code == 302
    staff_client.post(url, {"date": "2026-03-02", "company_name": ""})
    marks = list(AnswerGiven.objects.order_by("date"))
    assert [(m.date, m.channel, m.company, m.visit, m.staff, m.answer) for m in marks] == [
        (date(2026, 3, 2), "phone", None, None, staff_user, answer),
        (date(2026, 3, 10), "phone", company, None, staff_user, answer)]
    html = staff_client.get(url).content.decode()
    assert "Diesen Monat 2-mal gegeben, insgesamt 2-mal." in html
    assert "10.03.2026 · am Telefon · <a" in html and "Ruhrblick Café" in html


def test_a_phone_note_with_an_unclear_company_or_a_future_date_is_refused_in_german(staff_client, answer):
    CompanyFactory(name="Ruhrblick Café")
    CompanyFactory(name="Ruhrblick Hotel")
    url = reverse("answers_staff:detail", args=[answer.pk])
    unclear = staff_client.post(url, {"date": "2026-03-10", "company_name": "Ruhrblick"})
    assert unclear.status_code == 400
    assert "Mehrere Firmen passen: Ruhrblick Café, Ruhrblick Hotel." in unclear.content.decode()
    unknown = staff_client.post(url, {"date": "2026-03-10", "company_name": "Gibt es nicht"})
    assert "Keine Firma „Gibt es nicht“ gefunden." in unknown.content.decode()
    future = staff_client.post(url, {"date": "2026-03-11"})
    assert "Das Datum darf nicht in der Zukunft liegen." in future.content.decode()
    assert not AnswerGiven.objects.exists()


def test_the_staff_list_counts_each_answer_this_month_and_in_all(staff_client, answer):
    AnswerGivenFactory(answer=answer, date=date(2026, 3, 1))
    AnswerGivenFactory(answer=answer, date=date(2026, 2, 27))
    hidden = StandardAnswerFactory(title_de="Noch nicht öffentlich", is_published=False)
    response = staff_client.get(reverse("answers_staff:list"))
    rows = {row.title_de: (row.given_this_month, row.given_total, row.is_published)
            for row in response.context["answers"]}
    assert rows == {"Beitragsbescheid": (1, 2, True), "Noch nicht öffentlich": (0, 0, False)}
    assert hidden.title_de in response.content.decode()


def test_the_demo_answers_come_with_a_history_naming_the_demo_staff(office, staff_client):
    from ihk_office.demo import seed_standard_answers

    bea = StaffFactory(first_name="Bea", last_name="Büro")
    founding = next(answer for answer in seed_standard_answers(edited_by=bea) if answer.slug == "existenzgruendung")
    assert founding.show_consultation_day and "Später ausbilden?" in founding.body_de
    html = staff_client.get(reverse("answers_staff:history", args=[founding.pk])).content.decode()
    assert "Bea Büro" in html and "+ # Später ausbilden?</ins>" in html
    assert "nächsten Ausbildungssprechtag zeigen" in html
