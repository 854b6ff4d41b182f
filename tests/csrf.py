"""Clients that check CSRF tokens as a browser's requests are checked, for pages served from cached parts."""

import re

from django.test import Client

from .factories import StaffFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def staff_browser() -> Client:
    """A new member of staff, logged in, whose POSTs need the token of a page they were given."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory())
    return client


def first_token(html: str) -> str:
    return TOKEN.search(html).group(1)
