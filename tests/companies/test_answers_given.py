""""Standard answer given": ticked on the visit form or noted on the phone, one mark each, counted per month on
the dashboard ("Beitragsbescheid: 3-mal im März"). Dates are frozen; the count follows every mark added, moved
or removed."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from companies.models import AnswerGiven, Visit

from ..factories import AnswerGivenFactory, CompanyFactory, StandardAnswerFactory, VisitFactory
from .test_visits import visit_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel("2026-03-10 09:00 +01:00", tick=False):
        yield


@pytest.fixture
def fee(office):
    return StandardAnswerFactory(title_de="Beitragsbescheid", title_en="Fee notice", position=30)


@pytest.fixture
def founding(office):
    return StandardAnswerFactory(title_de="Existenzgründung", title_en="Starting a business", position=10)


def dashboard(client, **params):
    return client.get(reverse("companies:dashboard"), params)


def answers_section(response) -> str:
    html = response.content.decode()
    start = html.index('id="answers-heading"')
    return html[start:html.index("</section>", start)]


def counts(response) -> dict[tuple[str, date], int]:
    table = response.context["answers_given"]
    return {(title, row.month): count for row in table.months
            for title, count in zip(table.answers, row.counts, strict=True) if count}


# --- the visit form ---------------------------------------------------------------------------------


def test_the_visit_form_offers_the_published_answers_as_checkboxes(staff_client, fee, founding):
    StandardAnswerFactory(title_de="Noch ein Entwurf", is_published=False)
    html = staff_client.get(reverse("companies:visit_create", args=[CompanyFactory().pk])).content.decode()
    assert "Standardauskunft gegeben" in html
    assert f'name="answers" value="{fee.pk}"' in html and f'name="answers" value="{founding.pk}"' in html
    assert "Noch ein Entwurf" not in html
    assert html.index("Existenzgründung") < html.index("Beitragsbescheid")  # in the answers' order


def test_ticking_answers_at_a_visit_marks_them_given_at_that_visit(staff_client, staff_user, fee, founding):
    company = CompanyFactory(name="Welper Werkzeugbau")
    response = staff_client.post(reverse("companies:visit_create", args=[company.pk]),
                                 visit_post(answers=[fee.pk, founding.pk], date="2026-03-09"))
    assert response.status_code == 302
    visit = Visit.objects.get()
    marks = AnswerGiven.objects.order_by("answer__position")
    assert [(m.answer, m.channel, m.visit, m.company, m.staff, m.date) for m in marks] == [
        (founding, "visit", visit, company, staff_user, date(2026, 3, 9)),
        (fee, "visit", visit, company, staff_user, date(2026, 3, 9))]
    detail = staff_client.get(visit.get_absolute_url()).content.decode()
    assert "Standardauskunft gegeben" in detail and ">Beitragsbescheid</a>" in detail


def test_editing_a_visit_replaces_its_marks_and_moves_them_with_its_date(staff_client, staff_user, fee, founding):
    visit = VisitFactory(date=date(2026, 2, 20), staff=staff_user)
    AnswerGivenFactory(answer=fee, channel="visit", visit=visit, company=visit.company, staff=staff_user,
                       date=visit.date)
    phone = AnswerGivenFactory(answer=fee, date=date(2026, 2, 20))  # another staff's call: untouched
    form = staff_client.get(reverse("companies:visit_edit", args=[visit.pk])).content.decode()
    assert re.search(rf'name="answers" value="{fee.pk}"[^>]* checked', form)
    assert not re.search(rf'name="answers" value="{founding.pk}"[^>]* checked', form)
    response = staff_client.post(reverse("companies:visit_edit", args=[visit.pk]),
                                 visit_post(answers=[founding.pk], date="2026-03-02"))
    assert response.status_code == 302
    at_visit = AnswerGiven.objects.filter(visit=visit)
    assert [(m.answer, m.date) for m in at_visit] == [(founding, date(2026, 3, 2))]
    assert AnswerGiven.objects.filter(pk=phone.pk).exists()
    # Ticked again with another date: the same mark follows the visit into the other month.
    staff_client.post(reverse("companies:visit_edit", args=[visit.pk]),
                      visit_post(answers=[founding.pk], date="2026-02-27"))
    assert [(m.answer, m.date) for m in AnswerGiven.objects.filter(visit=visit)] == [(founding, date(2026, 2, 27))]


def test_an_answer_taken_off_the_public_pages_stays_ticked_on_its_visits(staff_client, staff_user, fee):
    visit = VisitFactory(date=date(2026, 3, 2), staff=staff_user)
    AnswerGivenFactory(answer=fee, channel="visit", visit=visit, company=visit.company, staff=staff_user,
                       date=visit.date)
    fee.is_published = False
    fee.save()
    staff_client.post(reverse("companies:visit_edit", args=[visit.pk]), visit_post(answers=[fee.pk],
                                                                                  summary="Nachgetragen"))
    assert AnswerGiven.objects.filter(visit=visit, answer=fee).exists()


# --- the dashboard ----------------------------------------------------------------------------------


def test_the_dashboard_count_follows_the_marks(staff_client, staff_user, fee, founding):
    # Nothing yet: the section says so.
    assert "noch keine Standardauskunft vermerkt" in answers_section(dashboard(staff_client))

    # Two at visits, one on the phone in March; one in February; one before the range asked for.
    for day in (date(2026, 3, 2), date(2026, 3, 5)):
        visit = VisitFactory(date=day, staff=staff_user)
        AnswerGivenFactory(answer=fee, channel="visit", visit=visit, company=visit.company, date=day)
    AnswerGivenFactory(answer=fee, date=date(2026, 3, 9))
    AnswerGivenFactory(answer=founding, date=date(2026, 2, 27))
    AnswerGivenFactory(answer=fee, date=date(2025, 12, 31))
    response = dashboard(staff_client, since="2026-01-01")
    assert counts(response) == {("Beitragsbescheid", date(2026, 3, 1)): 3,
                                ("Existenzgründung", date(2026, 2, 1)): 1}
    section = answers_section(response)
    assert "Beitragsbescheid: 3-mal im März" in section
    assert "Existenzgründung: 1-mal im März" not in section
    assert [row.month for row in response.context["answers_given"].months] == [
        date(2026, 3, 1), date(2026, 2, 1), date(2026, 1, 1)]

    # A call noted on the answer's page counts at once …
    staff_client.post(reverse("answers_staff:detail", args=[fee.pk]), {"date": "2026-03-10"})
    assert "Beitragsbescheid: 4-mal im März" in answers_section(dashboard(staff_client, since="2026-01-01"))

    # … and a visit deleted takes its mark with it; the December one counts once the range includes it.
    Visit.objects.filter(date=date(2026, 3, 2)).delete()
    response = dashboard(staff_client, since="2025-12-01")
    assert counts(response) == {("Beitragsbescheid", date(2026, 3, 1)): 3,
                                ("Existenzgründung", date(2026, 2, 1)): 1,
                                ("Beitragsbescheid", date(2025, 12, 1)): 1}


def test_the_dashboard_count_moves_to_the_next_month_when_the_month_turns(staff_client, fee):
    AnswerGivenFactory(answer=fee, date=date(2026, 3, 31))
    with time_machine.travel("2026-04-01 08:00 +02:00", tick=False):
        AnswerGivenFactory(answer=fee, date=date(2026, 4, 1))
        response = dashboard(staff_client, since="2026-03-01")
        section = answers_section(response)
    assert "Beitragsbescheid: 1-mal im April" in section
    assert counts(response) == {("Beitragsbescheid", date(2026, 4, 1)): 1,
                                ("Beitragsbescheid", date(2026, 3, 1)): 1}


def test_the_dashboard_names_the_answers_in_english_under_en(staff_client, fee):
    AnswerGivenFactory(answer=fee, date=date(2026, 3, 3))
    html = staff_client.get("/en" + reverse("companies:dashboard")).content.decode()
    start = html.index('id="answers-heading"')
    assert "Fee notice" in html[start:]
