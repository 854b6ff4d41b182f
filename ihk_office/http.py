"""HTTP caching of the public pages: a proxy or browser in front may keep them briefly and revalidate cheaply."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag


def public_page(view):
    """For pages anyone may read and that hold no form: `Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE` and an
    ETag, answering a matching If-None-Match with 304. Only for anonymous readers: a logged-in person's header
    carries their name and a CSRF token (the logout form), so their copy stays theirs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if (request.method in {"GET", "HEAD"} and response.status_code == 200 and not response.streaming
                and not request.user.is_authenticated):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    return wrapper
