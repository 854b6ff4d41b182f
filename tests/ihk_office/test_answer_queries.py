"""The standard-answer pages ask the database a fixed, named set of queries, the same when the answers, their
marks and their versions grow tenfold. Counted cold, as in tests/test_page_queries.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import AnswerGiven
from ihk_office.services import save_answer

from ..caches import clear_caches
from ..factories import CompanyFactory, ConsultationDayFactory, StandardAnswerFactory, VisitFactory
from ..test_page_queries import LAYOUT, STAFF

pytestmark = pytest.mark.django_db

EXPECTED = {
    # Anonymous readers have no session: nothing is read for them but the page's own rows and the layout's office.
    "answers": ["published answers in order", *LAYOUT],
    "answer": ["the published answer by its slug", *LAYOUT, "next public consultation days",
               "their slots with the places taken"],
    "staff answers": [*STAFF, "every answer with its counts this month and in all", *LAYOUT],
    "staff answer": [*STAFF, "the answer with its counts", "its latest marks with company, visit and staff",
                     *LAYOUT],
    "history": [*STAFF, "the answer", "its versions with who made them", *LAYOUT],
}


def build(scale: int, *, office, staff_user) -> dict[str, tuple[str | None, str]]:
    today = timezone.localdate()
    for n in range(scale):
        ConsultationDayFactory(office=office, date=today + timedelta(days=7 + 7 * n), slots=4)
    answers = [StandardAnswerFactory(show_consultation_day=True) for _ in range(3 * scale)]
    key = answers[0]
    for n in range(2 * scale):  # versions, each by a person
        key.summary_de = f"Fassung {n}"
        key.body_de += f"\n\nZeile {n}"
        save_answer(answer=key, by=staff_user)
    companies = [CompanyFactory() for _ in range(scale)]
    visits = [VisitFactory(company=company, staff=staff_user, date=today) for company in companies]
    AnswerGiven.objects.bulk_create(
        [AnswerGiven(answer=answer, channel="phone", staff=staff_user, date=today - timedelta(days=n),
                     company=companies[n % scale]) for answer in answers for n in range(10)]
        + [AnswerGiven(answer=key, channel="visit", visit=visit, company=visit.company, staff=staff_user,
                       date=date(today.year, today.month, 1)) for visit in visits])
    return {
        "answers": (None, reverse("answers:list")),
        "answer": (None, key.get_absolute_url()),
        "staff answers": ("staff", reverse("answers_staff:list")),
        "staff answer": ("staff", reverse("answers_staff:detail", args=[key.pk])),
        "history": ("staff", reverse("answers_staff:history", args=[key.pk])),
    }


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("page", EXPECTED)
def test_each_answer_page_asks_a_fixed_named_set_of_queries_at_any_size(client, staff_client, office, staff_user,
                                                                         page, scale):
    persona, url = build(scale, office=office, staff_user=staff_user)[page]
    reader = {None: client, "staff": staff_client}[persona]
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        response = reader.get(url)
    assert response.status_code == 200
    queries = [query["sql"] for query in captured.captured_queries]
    assert len(queries) == len(EXPECTED[page]), "\n\n".join(queries)
    if page == "answer":
        assert "Nächster Termin" in response.content.decode()
    if page == "history":
        assert response.content.decode().count("Fassung") >= 2 * scale
