"""The dashboard's count of standard answers given, per month and answer ("Beitragsbescheid: 14-mal im März")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language

from .models import AnswerGiven

MONTHS_SHOWN = 24  # as far back as the dashboard's chart


@dataclass
class AnswerMonth:
    month: date  # the first day of the month
    counts: list[int]  # per answer, in the order of `AnswersGiven.answers`

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class AnswersGiven:
    answers: list[str]  # the titles (in the active language) of the answers given in the range
    months: list[AnswerMonth]  # newest first, from this month back to the month of `since`

    @property
    def this_month(self) -> list[tuple[str, int]]:
        """(title, count) of the answers given in the newest month, the most frequent first."""
        if not self.months:
            return []
        pairs = [(title, count) for title, count in zip(self.answers, self.months[0].counts, strict=True) if count]
        return sorted(pairs, key=lambda pair: -pair[1])


def _first_of_month_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, 1)


def answers_given_per_month(*, since: date, today: date) -> AnswersGiven:
    """How often each standard answer was marked as given in each month from `since`'s month to today's (at most
    MONTHS_SHOWN months): one GROUP BY over the marks, joined with the answers for their titles and order."""
    start = max(since.replace(day=1), _first_of_month_before(today, MONTHS_SHOWN - 1))
    rows = list(AnswerGiven.objects.filter(date__gte=start, date__lte=today)
                .annotate(month=TruncMonth("date"))
                .values("month", "answer_id", "answer__title_de", "answer__title_en", "answer__position").order_by()
                .annotate(count=Count("*")))
    return _table(rows, start=start, today=today)


def _table(rows: list[dict], *, start: date, today: date) -> AnswersGiven:
    english = (get_language() or "").startswith("en")
    by_answer: dict[int, dict] = {}
    for row in rows:
        by_answer.setdefault(row["answer_id"], row)
    order = sorted(by_answer, key=lambda pk: (by_answer[pk]["answer__position"], by_answer[pk]["answer__title_de"],
                                              pk))
    titles = [(english and by_answer[pk]["answer__title_en"]) or by_answer[pk]["answer__title_de"] for pk in order]
    column = {pk: index for index, pk in enumerate(order)}
    counts: dict[date, list[int]] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        counts.setdefault(month, [0] * len(order))[column[row["answer_id"]]] += row["count"]
    months = []
    cursor = today.replace(day=1)
    while cursor >= start:
        months.append(AnswerMonth(month=cursor, counts=counts.get(cursor, [0] * len(order))))
        cursor = _first_of_month_before(cursor, 1)
    return AnswersGiven(answers=titles, months=months)
