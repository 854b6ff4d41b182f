"""Pieces of written-out SQL shared by the few queries written out for their cost (each says what it saved).

They run on PostgreSQL (production, CI) and on SQLite (`make run`)."""

from datetime import date

from django.db import connection


def month_start(column: str) -> str:
    """SQL for the first day of the month of the date column `column` (quoted by the caller)."""
    if connection.vendor == "postgresql":
        # Truncated as a timestamp without time zone: TruncMonth's date → timestamp with time zone conversion ran
        # row by row and cost half of the query.
        return f"CAST(DATE_TRUNC('month', {column}::timestamp) AS date)"
    return f"DATE({column}, 'start of month')"


def as_date(value: date | str) -> date:
    """A date column's value as a date: SQLite answers written-out queries with the ISO text."""
    return date.fromisoformat(value) if isinstance(value, str) else value
