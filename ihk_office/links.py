"""Links to views whose arguments are whole numbers, for pages with a link per row: `link_to("app:view", pk)` in
Python, `{% load links %}{% link "app:view" pk %}` in templates (ihk_office/templatetags/links.py). Django's
reverse() searches the URL patterns on every call (30–40 µs; the day sheet made 36 of them); here each view is
reversed once per process, language and URL configuration, and the numbers are filled in."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Numbers no real key reaches soon, each unlikely to occur in a path by chance: the marks replaced by the arguments.
_PLACEHOLDER = 918273645


@lru_cache(maxsize=512)
def _pattern(viewname: str, count: int, language: str | None, prefix: str, urlconf: str | None) -> tuple[str, list]:
    # The arguments after viewname are the key: reverse() depends on each of them (the language through
    # i18n_patterns).
    marks = [str(_PLACEHOLDER + index) for index in range(count)]
    return reverse(viewname, args=marks, urlconf=urlconf), marks


def link_to(viewname: str, *args: int) -> str:
    path, marks = _pattern(viewname, len(args), get_language(), get_script_prefix(), get_urlconf())
    for mark, value in zip(marks, args, strict=True):
        path = path.replace(mark, str(int(value)), 1)
    return path
