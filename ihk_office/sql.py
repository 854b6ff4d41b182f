"""Pieces of written-out SQL shared by the few queries written out for their cost (each says what it saved).

They run on PostgreSQL (production, CI) and on SQLite (`make run`)."""

from datetime import date, datetime

from django.db import connection
from django.utils import timezone


def month_start(column: str) -> str:
    """SQL for the first day of the month of the date column `column` (quoted by the caller)."""
    if connection.vendor == "postgresql":
        # Truncated as a timestamp without time zone: TruncMonth's date → timestamp with time zone conversion ran
        # row by row and cost half of the query.
        return f"CAST(DATE_TRUNC('month', {column}::timestamp) AS date)"
    return f"DATE({column}, 'start of month')"


def as_date(value: date | str) -> date:
    """A date column's value as a date: SQLite answers written-out queries with the ISO text (month_start's too)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def fetch_rows(sql: str, params: list) -> list[tuple]:
    """The rows of a written-out query."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_dicts(sql: str, params: list) -> list[dict]:
    """The rows of a written-out query as dicts by column name."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def aware(value: datetime | None) -> datetime | None:
    """A datetime column's value as the ORM gives it: SQLite answers written-out queries with naive UTC values."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, connection.timezone)
    return value
