"""Log-in, cool-off after failed log-ins, password reset through the outbox, demo data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ihk_office.models import Office, OpeningHours, OutgoingMail


def test_staff_log_in_and_land_in_the_staff_area(client, staff_user):
    response = client.post(
        reverse("login"), {"username": staff_user.username, "password": "ein-sicheres-passwort"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("staff_home")


def test_five_failed_logins_lock_the_account_for_a_while(client, staff_user, office):
    for _ in range(5):
        client.post(reverse("login"), {"username": staff_user.username, "password": "falsch"})
    response = client.post(reverse("login"), {"username": staff_user.username, "password": "ein-sicheres-passwort"})
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()


def test_a_wrong_password_gives_a_german_message(client, staff_user, office):
    response = client.post(reverse("login"), {"username": staff_user.username, "password": "falsch"})
    assert "Benutzername oder Passwort ist falsch" in response.content.decode()


def test_password_reset_mail_goes_through_the_outbox(client, staff_user, office):
    response = client.post(reverse("password_reset"), {"email": staff_user.email})
    assert response.status_code == 302
    queued = OutgoingMail.objects.get(category="password-reset")
    assert queued.to == [staff_user.email]
    assert "/konto/reset/" in queued.body


def test_password_reset_answers_the_same_for_an_unknown_address(client, office):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert not OutgoingMail.objects.exists()


def test_logout_is_a_post(staff_client):
    assert staff_client.post(reverse("logout")).status_code == 302


def test_seed_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    counts = (Office.objects.count(), OpeningHours.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (Office.objects.count(), OpeningHours.objects.count()) == counts == (1, 5)
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="buero")
    assert staff.is_staff and staff.groups.filter(name="Büro").exists()
    assert staff.check_password("hattingen-buero")


def test_seed_demo_refuses_to_create_known_passwords_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo")
    assert not Office.objects.exists()
