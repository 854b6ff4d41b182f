"""Two rules that hold for every request, kept in one place each.

- `ResponseHeadersMiddleware` (first in MIDDLEWARE, so it also sees WhiteNoise's static files): every response
  carries a `Permissions-Policy` that switches off the browser features the portal never uses; every page
  made for a person (anything shown to a logged-in user, the staff area and its exports, the admin, account
  and token pages) is `Cache-Control: private, no-store`, so neither a shared proxy nor the browser's disk
  keeps it.
- `RejectNulMiddleware` (after CSRF): a NUL byte in the path, a query parameter or a form field is never
  meaningful and PostgreSQL refuses to store or compare it, so such a request is answered 400 before any
  view runs, instead of a 500 from deep inside a query.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
)

# Pages that belong to one person or carry a key in their address, whoever asks for them.
PRIVATE_PATH_PREFIXES = (
    "/intern/",  # the staff area and its CSV exports
    "/admin/",
    "/konto/",  # log-in, password reset (its confirm page carries the token)
    "/gremien/kalender/",  # a member's private calendar feed
    "/sprechtag/bestaetigen/", "/sprechtag/buchung/", "/sprechtag/angebot/",  # a booking's signed links
)
PRIVATE = "private, no-store"


def _for_a_person(request) -> bool:
    if request.path.startswith(PRIVATE_PATH_PREFIXES):
        return True
    # Without a session cookie nobody is logged in: the session is not even read.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _for_a_person(request):
            response["Cache-Control"] = PRIVATE
            # Validators would let a cache answer "not modified" from a copy it must not have.
            for validator in ("ETag", "Last-Modified", "Expires"):
                if validator in response:
                    del response[validator]
        return response


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Runs after CsrfViewMiddleware, which has read request.POST for a POST already (the body is parsed once).
        if (
            "\x00" in request.path
            or _has_nul(request.GET.keys())
            or _has_nul(value for values in request.GET.lists() for value in values[1])
            or (request.method == "POST" and (
                _has_nul(request.POST.keys())
                or _has_nul(value for values in request.POST.lists() for value in values[1])
                or _has_nul(upload.name for upload in request.FILES.values())
            ))
        ):
            return HttpResponseBadRequest(
                _("Die Anfrage enthält ein unzulässiges Zeichen (NUL). Bitte entfernen Sie es und versuchen Sie es "
                  "erneut."),
                content_type="text/plain; charset=utf-8",
            )
        return None
