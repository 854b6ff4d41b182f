"""`{% link "app:view" pk … %}`: `{% url %}` for views whose arguments are whole numbers (ihk_office/links.py)."""

from django import template

from ihk_office.links import link_to

register = template.Library()


@register.simple_tag
def link(viewname: str, *args) -> str:
    return link_to(viewname, *args)
