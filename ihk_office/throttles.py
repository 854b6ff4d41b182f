"""Throttles on the account pages, beside django-axes' lock-out of one user name from one address.

- Failed log-ins are also counted per IP address across all user names (LOGIN_FAILURE_RATE_PER_IP, higher than
  axes' per-name limit): guessing many names from one address is stopped too.
- Password-reset requests are counted per IP address and per e-mail address (known or not). Over either limit
  no mail goes out, and the page answers exactly as always: nobody learns whether an address has an account
  or whether a limit was reached.

The counters live in the shared cache (django-ratelimit), like the booking rate limit.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django_ratelimit.core import get_usage, is_ratelimited

LOGIN_FAILURES = "accounts:login-failures-per-ip"


def login_blocked(request) -> bool:
    """True once this IP address has used up its failed log-ins (the next attempt is refused unread)."""
    usage = get_usage(request, group=LOGIN_FAILURES, key="ip", rate=settings.LOGIN_FAILURE_RATE_PER_IP,
                      increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


@receiver(user_login_failed)
def count_login_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        get_usage(request, group=LOGIN_FAILURES, key="ip", rate=settings.LOGIN_FAILURE_RATE_PER_IP, increment=True)


def password_reset_refused(request, email: str) -> bool:
    """Count this request against its IP address and its e-mail address; True when either is over its limit."""
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    per_address = is_ratelimited(request, group="accounts:password-reset-per-address",
                                 key=lambda _group, _request: digest,
                                 rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS, increment=True)
    per_ip = is_ratelimited(request, group="accounts:password-reset-per-ip", key="ip",
                            rate=settings.PASSWORD_RESET_RATE_PER_IP, increment=True)
    return per_address or per_ip
