"""Who is logged in, read on every request: the database session (ihk_office.sessions) and the user with their
staff flag in one query (ihk_office.auth_backends)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ihk_office.auth_backends import StaffModelBackend
from ihk_office.permissions import is_office_staff
from ihk_office.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_from_the_database_alone():
    session = SessionStore()
    session["answer"] = 42
    session.create()
    assert SessionStore(session.session_key)["answer"] == 42
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(session.session_key).load() == {"answer": 42}
    assert len(queries) == 1


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key():
    session = SessionStore()
    session["answer"] = 42
    session.set_expiry(60)
    session.create()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        expired = SessionStore(session.session_key)
        assert expired.load() == {}
        assert expired.session_key is None  # never written back under the old key
    assert SessionStore("x" * 32).load() == {}


def test_the_backend_brings_the_staff_flag_with_the_user(staff_user, plain_user):
    backend = StaffModelBackend()
    with CaptureQueriesContext(connection) as queries:
        staff = backend.get_user(str(staff_user.pk))
        assert is_office_staff(staff) is True
    assert len(queries) == 1
    other = backend.get_user(plain_user.pk)
    assert other == plain_user and is_office_staff(other) is False
    assert not hasattr(staff, "in_group")


def test_the_backend_refuses_inactive_missing_and_malformed_users(staff_user):
    backend = StaffModelBackend()
    staff_user.is_active = False
    staff_user.save()
    assert backend.get_user(staff_user.pk) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("1 OR 1=1") is None


def test_a_log_out_ends_the_session_in_the_database(staff_client):
    assert staff_client.get(reverse("staff_home")).status_code == 200
    key = staff_client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()
    staff_client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    staff_client.cookies[settings.SESSION_COOKIE_NAME] = key  # a copied cookie is worth nothing afterwards
    assert staff_client.get(reverse("staff_home")).status_code == 302


def test_a_session_of_the_former_backend_is_logged_out_not_an_error(client, staff_user):
    client.force_login(staff_user)
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert session[SESSION_KEY] == str(staff_user.pk)
    assert client.get(reverse("staff_home")).status_code == 302
