"""The dashboard's count of standard answers given, per month and answer ("Beitragsbescheid: 14-mal im März")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language

from ihk_office.models import StandardAnswer
from ihk_office.sql import as_date, fetch_rows, month_start

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
    MONTHS_SHOWN months): one query, the marks counted per answer and month, then joined with the answers for their
    titles and order.

    Written out: the ORM's version (TruncMonth, grouped by the titles too) cost 2.0 ms, 1.5 of them in PostgreSQL,
    which truncated every date as a timestamp with time zone and grouped by text; this one costs 0.9 ms.
    """
    start = max(since.replace(day=1), _first_of_month_before(today, MONTHS_SHOWN - 1))
    given, answers = AnswerGiven._meta.db_table, StandardAnswer._meta.db_table
    month = month_start('"date"')
    rows = [AnswerCount(*row) for row in fetch_rows(
        f'SELECT g.answer_id, g.month, g.n, a.title_de, a.title_en, a.position FROM (SELECT answer_id, '  # noqa: S608  # nosec B608 – names from the models, values parameters
        f'{month} AS month, COUNT(*) AS n FROM "{given}" WHERE "date" >= %s AND "date" <= %s '
        f'GROUP BY answer_id, {month}) g JOIN "{answers}" a ON a.id = g.answer_id',
        [start, today],
    )]
    return _table(rows, start=start, today=today)


@dataclass
class AnswerCount:
    answer_id: int
    month: date | str  # as_date()
    count: int
    title_de: str
    title_en: str
    position: int


def _table(rows: list[AnswerCount], *, start: date, today: date) -> AnswersGiven:
    english = (get_language() or "").startswith("en")
    by_answer: dict[int, AnswerCount] = {}
    for row in rows:
        by_answer.setdefault(row.answer_id, row)
    order = sorted(by_answer, key=lambda pk: (by_answer[pk].position, by_answer[pk].title_de, pk))
    titles = [(english and by_answer[pk].title_en) or by_answer[pk].title_de for pk in order]
    column = {pk: index for index, pk in enumerate(order)}
    counts: dict[date, list[int]] = {}
    for row in rows:
        month = as_date(row.month)
        counts.setdefault(month, [0] * len(order))[column[row.answer_id]] += row.count
    months = []
    cursor = today.replace(day=1)
    while cursor >= start:
        months.append(AnswerMonth(month=cursor, counts=counts.get(cursor, [0] * len(order))))
        cursor = _first_of_month_before(cursor, 1)
    return AnswersGiven(answers=titles, months=months)
