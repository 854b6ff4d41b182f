"""Template filters for the long lists of the directory and visit log."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def dmy(value: date | None) -> str:
    """A date as 24.12.2026, like |date:"d.m.Y" but about ten times cheaper: for lists of fifty rows and more."""
    return f"{value:%d.%m.%Y}" if value else ""


@register.filter
def tel(value: str) -> str:
    """The `tel:` URI of a phone number as people write it: "02324 32419" -> "tel:+49232432419"."""
    from ihk_office.models import phone_uri

    return phone_uri(value)
