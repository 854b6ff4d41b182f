"""A password reset answers the same for an address with an account and one without; only the account's
address gets a mail. (The fuzz test in test_fuzz_public_forms.py has no account at all, so it cannot show it.)"""

import pytest
from django.test import Client

from ihk_office.models import OutgoingMail

from ..csrf import TOKEN
from ..factories import UserFactory


@pytest.fixture
def counting_cache(own_cache):
    # Any throttle on resets needs a cache that counts, also when the suite runs with CACHE_URL=dummycache://.
    return own_cache


def answer(address: str) -> tuple:
    client = Client()
    response = client.post("/konto/password_reset/", {"email": address})
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return response.status_code, response.get("Location"), TOKEN.sub("", page.content.decode()).replace(address, "")


@pytest.mark.parametrize("known_address", ["beirat@example.org", "Beirat@Example.org"])
def test_a_reset_for_a_known_and_an_unknown_address_looks_the_same(office, counting_cache, known_address):
    UserFactory(username="beirat", email="beirat@example.org")
    known, unknown = answer(known_address), answer("niemand@example.org")
    assert known == unknown
    assert known[0] in (200, 302)
    assert OutgoingMail.objects.count() == 1  # the account's owner, nobody else
    assert OutgoingMail.objects.get().to == ["beirat@example.org"]
