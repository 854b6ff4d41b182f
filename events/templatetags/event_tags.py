"""The company page's hook: which events people of the company came to ("came to … on 12 March")."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("events/includes/company_attendance.html")
def company_attendance(company):
    return {"attended": selectors.company_attendance(company)}
