"""Read functions of the standard-answer pages: each loads what its page shows in a fixed number of queries."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from .models import Office, StandardAnswer

RECENT_MARKS = 20  # the staff page of an answer lists the latest marks "given"
HISTORY_LIMIT = 100
# Fields whose changes the history shows line by line (Markdown), not as one old → new pair.
LONG_TEXT_FIELDS = {"body_de", "body_en", "summary_de", "summary_en"}


def public_answers() -> list[StandardAnswer]:
    """The list at /auskunft/: every published answer in order (1 query)."""
    return list(StandardAnswer.objects.published().in_order())


def public_answer_page(slug: str, *, office: Office | None, now: datetime) -> dict:
    """One published answer (1 query) and, when it asks for it, the next consultation day with a place that can be
    booked online (2 more: the days, their slots)."""
    answer = get_object_or_404(StandardAnswer.objects.published(), slug=slug)
    next_day = None
    if answer.show_consultation_day and office is not None:
        from consultations.selectors import next_public_day

        next_day = next_public_day(office, now)
    return {"answer": answer, "next_consultation_day": next_day}


def _with_counts(answers, *, today: date):
    """How often each answer was marked as given this month and in all (in the answers' own query)."""
    return answers.annotate(given_this_month=Count("marks", filter=Q(marks__date__gte=today.replace(day=1))),
                            given_total=Count("marks"))


def staff_answers_page(*, today: date) -> list[StandardAnswer]:
    """Every answer, published or not, with its counts (1 query)."""
    return list(_with_counts(StandardAnswer.objects.in_order(), today=today))


def staff_answer_page(pk: int, *, today: date) -> dict:
    """The answer with its counts, and the latest marks with their company, visit and who gave it (2 queries)."""
    from companies.models import AnswerGiven

    answer = get_object_or_404(_with_counts(StandardAnswer.objects.all(), today=today), pk=pk)
    marks = list(AnswerGiven.objects.filter(answer=answer).select_related("company", "visit", "staff")
                 .order_by("-date", "-pk")[:RECENT_MARKS])
    return {"answer": answer, "marks": marks}


@dataclass
class Change:
    """One field of one version: its old and new value, or, for long texts, the changed lines."""

    field: str
    old: str = ""
    new: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)  # ("-" removed | "+" added | " " kept | "…", text)


@dataclass
class Version:
    record: object  # the historical record (history_date, history_user, history_type)
    changes: list[Change]

    @property
    def who(self) -> str:
        user = self.record.history_user
        return (user.get_full_name() or user.get_username()) if user else gettext("System")


def _shown(model_field, value) -> str:
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nein")
    if value in (None, ""):
        return "–"
    return str(value)


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The lines that changed between two texts, with one line of context around each change."""
    lines = []
    for line in difflib.unified_diff((old or "").splitlines(), (new or "").splitlines(), lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(("…", ""))
        else:
            lines.append((line[:1], line[1:]))
    return lines


def answer_history(answer: StandardAnswer, *, limit: int = HISTORY_LIMIT) -> list[Version]:
    """Who changed what and when, newest first: each version with the fields it changed (1 query)."""
    # One version more than shown: the oldest one shown is compared with it.
    records = list(answer.history.select_related("history_user").order_by("-history_date", "-history_id")
                   [:limit + 1])
    versions, previous = [], None
    for record in reversed(records):  # oldest first, so each version is compared with the one before it
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                model_field = StandardAnswer._meta.get_field(change.field)
                label = str(model_field.verbose_name)
                if change.field in LONG_TEXT_FIELDS:
                    changes.append(Change(field=label, lines=line_diff(change.old, change.new)))
                else:
                    changes.append(Change(field=label, old=_shown(model_field, change.old),
                                          new=_shown(model_field, change.new)))
        versions.append(Version(record=record, changes=changes))
        previous = record
    versions.reverse()
    return versions[:limit]
