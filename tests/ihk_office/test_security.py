"""Production settings pass Django's deployment check, and responses carry the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!Qm2@vLk9#pR4$tW8^zN1&cB6*hJ3(sD5)fG0-aE2+uY7=iO9?eT4!",
    "ALLOWED_HOSTS": "portal.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "DATABASE_URL": "sqlite:////tmp/ihk-deploy-check.sqlite3",
}


def manage(*args, env_overrides):
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last is set by browser tests
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_or_hosts(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


def test_a_malformed_boolean_fails_loudly():
    result = manage("check", env_overrides={**PRODUCTION_ENV, "DEBUG": "perhaps"})
    assert result.returncode != 0 and "is not a boolean" in result.stderr


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_responses_carry_csp_hsts_nosniff_frame_and_referrer_headers(client, office):
    response = client.get("/", secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_csrf_and_session_cookies_are_http_only(client, staff_user, office):
    response = client.get("/konto/login/")
    assert response.cookies["csrftoken"]["httponly"]
    response = client.post("/konto/login/", {"username": staff_user.username, "password": "ein-sicheres-passwort"})
    assert response.cookies["sessionid"]["httponly"]
