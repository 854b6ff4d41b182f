"""Parts of a page that are the same for everyone allowed to see them, rendered once and kept in the cache.

A cached part must not carry one person's CSRF token to another, yet it may hold forms: it is rendered with a
placeholder where `{% csrf_token %}` puts the token, and every response puts the requesting person's own
token in its place (`personalise`). The placeholder is fixed, so a part rendered by one server process can be
served by another; were it ever typed into the data, the reader would only see their own token.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

CSRF_PLACEHOLDER = "csrf-token-of-the-request-8d1c5f0e27b94a36"


def render_shared(template_name: str, context: dict) -> SafeString:
    """Render a part that depends only on `context` (no request, no user); see `personalise`."""
    return render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER})


def personalise(request, html: str) -> SafeString:
    """The part with this request's CSRF token in its forms (only where it has any)."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    # Rendered by our templates with autoescaping (render_shared); only the token is put in.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
