"""The visit counts the dashboard and the directory read, kept in the database in the same transaction as the
visits they count: `VisitTally` (visits per day, all and per topic), `Company.last_visit_on` and
`Company.visit_count`.

Counting 50,000 visits on every dashboard costs far more than the rest of the page; a few hundred tally rows
cost almost nothing. The rows of a day (and a company's last visit) are recomputed from the visits whenever a
visit of that day (or company) is written, through any path: companies/signals.py calls `visits_changed` on
saves, deletes and topic changes (services, admin, shell alike). Bulk writes that send no signals (the demo
seeder) call `rebuild()`.

Concurrency: two transactions that write visits of the same day must not both count from a snapshot without
the other's visit. On PostgreSQL each recount takes a transaction-level advisory lock per day (and the
company rows are locked before their recount), so the second waits for the first to commit and then counts
both; SQLite runs one writing transaction at a time anyway.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Company, Visit, VisitTally

_LOCK_NAMESPACE = zlib.crc32(b"companies.visit_tally")


def _lock_days(days: list[date]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for day in days:  # sorted: two writers never wait for each other crosswise
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, day.toordinal()])


@transaction.atomic
def visits_changed(*, days: Iterable[date], company_ids: Iterable[int]) -> None:
    """Recount the tallies of these days and the last visit and number of visits of these companies from the
    visits."""
    days = sorted({day for day in days if day is not None})
    company_ids = sorted({pk for pk in company_ids if pk is not None})
    if days:
        _lock_days(days)
        VisitTally.objects.filter(day__in=days).delete()
        visits = Visit.objects.filter(date__in=days)
        rows = [VisitTally(day=row["date"], topic_id=None, visits=row["n"])
                for row in visits.values("date").annotate(n=Count("pk")).order_by()]
        rows += [VisitTally(day=row["visit__date"], topic_id=row["topic_id"], visits=row["n"])
                 for row in Visit.topics.through.objects.filter(visit__date__in=days)
                 .values("visit__date", "topic_id").annotate(n=Count("pk")).order_by()]
        VisitTally.objects.bulk_create(rows)
    if company_ids:
        list(Company.objects.select_for_update().filter(pk__in=company_ids).values_list("pk", flat=True))
        Company.objects.filter(pk__in=company_ids).update(**_company_counts())


@transaction.atomic
def rebuild() -> None:
    """Recount everything (after bulk writes that send no signals, or to repair after raw SQL)."""
    days = list(Visit.objects.values_list("date", flat=True).distinct().order_by())
    days += list(VisitTally.objects.values_list("day", flat=True).distinct().order_by())
    visits_changed(days=days, company_ids=[])
    Company.objects.update(**_company_counts())


def _company_counts() -> dict:
    """Each company's last visit and number of visits, as expressions for an UPDATE of the companies."""
    visits = Visit.objects.filter(company=OuterRef("pk")).order_by()
    return {"last_visit_on": Subquery(visits.order_by("-date").values("date")[:1]),
            "visit_count": Coalesce(Subquery(visits.values("company").annotate(n=Count("pk")).values("n")), 0)}
