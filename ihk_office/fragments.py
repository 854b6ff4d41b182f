"""Parts of a page that are the same for everyone allowed to see them, rendered once and kept in the cache.

A cached part must not carry one person's CSRF token to another, yet it may hold forms. So it is rendered with
a one-off random marker where `{% csrf_token %}` puts the token, and kept cut at those places: every response
joins the pieces with the requesting person's own token (`personalise`). The marker is never stored or sent,
so nothing typed into the data (a company's website, a booking's question) can make a token appear elsewhere.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class SharedHtml:
    """Rendered HTML cut where the CSRF token of the reader goes (one piece when it has no form)."""

    pieces: tuple[str, ...]


def render_shared(template_name: str, context: dict) -> SharedHtml:
    """Render a part that depends only on `context` (no request, no user); see `personalise`."""
    marker = f"csrf-{secrets.token_hex(16)}"
    html = render_to_string(template_name, {**context, "csrf_token": marker})
    return SharedHtml(pieces=tuple(html.split(marker)))


def personalise(request, part: SharedHtml) -> SafeString:
    """The part with this request's CSRF token in its forms (only where it has any)."""
    html = get_token(request).join(part.pieces) if len(part.pieces) > 1 else part.pieces[0]
    # Rendered by our templates with autoescaping (render_shared); only the token is put in.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
