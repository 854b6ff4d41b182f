"""Every URL pattern of the project, read from the URL resolver, with a way to fill in its path tokens.

Used by the tests that must cover every staff or member page (access, fuzzing): a page added later is covered
without touching them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

TOKEN = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "intern/firmen/<int:pk>/"
    name: str  # the URL name with its namespace, e.g. "companies:company_detail"

    @property
    def tokens(self) -> list[tuple[str, str]]:
        """(converter, name) of each path token, in order."""
        return [(m.group("converter") or "str", m.group("name")) for m in TOKEN.finditer(self.route)]

    def url(self, values: dict[str, str] | None = None, default: str = "1") -> str:
        """The path with each token replaced by `values[name]`, or by `default`."""
        values = values or {}
        return "/" + TOKEN.sub(lambda m: str(values.get(m.group("name"), default)), self.route)

    def __str__(self) -> str:
        return self.route


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield Route(route=route.lstrip("^").rstrip("$"), name=f"{namespace}{pattern.name or ''}")


def routes(prefix: str = "") -> list[Route]:
    """Every route whose path starts with `prefix` (without the leading slash), e.g. "intern/"."""
    return [route for route in _walk(get_resolver().url_patterns) if route.route.startswith(prefix)]
