"""How large a request body may be, by path, and the middleware that refuses larger ones with 413.

The proxy (deploy/nginx.conf) enforces the same limits; this is for deployments without it, and a second
fence behind it. The middleware looks only at the declared Content-Length, before anything reads the body,
so an over-large upload never reaches memory or the temp directory.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

# Where documents and files are uploaded (staff only): the upload limit. Keep in step with deploy/nginx.conf.
UPLOAD_PATHS = [
    re.compile(r"^/intern/gremien/sitzungen/\d+/dokumente/$"),  # committees_staff:document_upload
    re.compile(r"^/intern/gremien/\d+/unterlagen/hochladen/$"),  # committees_staff:committee_document_upload
    re.compile(r"^/intern/firmen/import/$"),  # companies:import (CSV)
]
# The staff area and the admin: the default limit. Everything else is public (or a member page): small.
STAFF_PREFIXES = ("/intern/", "/admin/")


# English pages live under /en/ (i18n_patterns): the same limits apply there.
LANGUAGE_PREFIX = re.compile(r"^/en(?=/)")


def body_limit(path: str) -> int:
    """The largest request body, in bytes, accepted for `path`."""
    path = LANGUAGE_PREFIX.sub("", path)
    if any(pattern.match(path) for pattern in UPLOAD_PATHS):
        return settings.REQUEST_BODY_LIMIT_UPLOAD
    if path.startswith(STAFF_PREFIXES):
        return settings.REQUEST_BODY_LIMIT_STAFF
    return settings.REQUEST_BODY_LIMIT_PUBLIC


class RequestBodyLimitMiddleware:
    """413 for a request whose declared body is larger than its path allows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django itself reads no body for a malformed length
        if length > body_limit(request.path_info):
            # This runs before LocaleMiddleware: the page speaks the language of the path.
            language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            with translation.override(language):
                return render(request, "413.html", {"limit_mb": _megabytes(body_limit(request.path_info))},
                              status=413)
        return self.get_response(request)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".").replace(".", ",")
