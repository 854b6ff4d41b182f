"""Failed log-ins are limited per IP address across user names too; password resets per IP and per address,
and a throttled reset looks exactly like any other."""

from django.test import Client
from django.urls import reverse

from ihk_office.models import OutgoingMail

from ..factories import UserFactory


def test_failures_over_many_names_from_one_address_lock_that_address(client, office, settings, own_cache):
    settings.LOGIN_FAILURE_RATE_PER_IP = "20/15m"
    person = UserFactory(username="echt")
    # 20 failures over 10 names, two each: far below the per-name lock-out of 5.
    for attempt in range(20):
        response = client.post(reverse("login"), {"username": f"name{attempt % 10}", "password": "falsch"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": person.username, "password": "ein-sicheres-passwort"})
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(reverse("login"), {"username": person.username, "password": "ein-sicheres-passwort"}
                      ).status_code == 302


def test_a_few_failures_from_one_address_do_not_lock_it(client, office):
    person = UserFactory(username="echt")
    for attempt in range(4):
        client.post(reverse("login"), {"username": f"name{attempt}", "password": "falsch"})
    assert client.post(reverse("login"), {"username": person.username, "password": "ein-sicheres-passwort"}
                       ).status_code == 302


def test_password_resets_for_one_address_are_throttled_and_look_the_same(office, settings, own_cache):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
    person = UserFactory(email="frau.x@example.org")
    answers = []
    for n in range(5):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")  # different addresses: only the per-address limit
        answers.append(client.post(reverse("password_reset"), {"email": person.email}))
    unknown = Client(REMOTE_ADDR="192.0.2.99").post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert {(a.status_code, a["Location"]) for a in [*answers, unknown]} == {(302, reverse("password_reset_done"))}
    assert OutgoingMail.objects.filter(to=[person.email]).count() == 3


def test_password_resets_from_one_ip_address_are_throttled_and_look_the_same(client, office, settings, own_cache):
    settings.PASSWORD_RESET_RATE_PER_IP = "10/h"
    people = [UserFactory(email=f"person{n}@example.org") for n in range(12)]
    answers = [client.post(reverse("password_reset"), {"email": person.email}) for person in people]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("password_reset_done"))}
    assert OutgoingMail.objects.filter(category="password-reset").count() == 10
