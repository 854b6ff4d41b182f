"""The address a request came from, for rate limits and log-in lock-outs.

Behind the proxy (BEHIND_PROXY=1) every request reaches gunicorn from the proxy, over a unix socket or
loopback, so REMOTE_ADDR says nothing. The proxy (deploy/nginx.conf) sets X-Forwarded-For to the address
it saw; only its LAST entry is trusted: earlier ones are whatever the client chose to send.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The one answer to "where did this request come from?" (rate limits, lock-outs, holds per address)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = _valid(forwarded.rsplit(",", 1)[-1])
        if last:
            return last
    # No address at all (a unix socket without the proxy's header): one shared key, still a valid address
    # for django-ratelimit. It names a bucket to count in, nothing is ever bound to it.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104  # nosec B104
