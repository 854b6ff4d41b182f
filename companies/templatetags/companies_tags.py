"""Template filters for the long lists of the directory and visit log."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def dmy(value: date | None) -> str:
    """A date as 24.12.2026, like |date:"d.m.Y" but about ten times cheaper: for lists of fifty rows and more."""
    return f"{value:%d.%m.%Y}" if value else ""
