"""Credentials in mails are read by their owner only.

A member of "Büro" (with every right the demo gives that group) asks for a password reset of a superuser and
invites a new committee member. Then it opens every page it can reach, the admin included: none shows either
link or token. The mails still reach a real SMTP server with working links, and their texts are erased once
sent.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse

from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..factories import (
    BookingFactory,
    CommitteeFactory,
    CompanyFactory,
    ConsultationDayFactory,
    MeetingFactory,
    StaffFactory,
    VisitFactory,
)

RESET_LINK = re.compile(r"(?:https?://[^/\s]+)?(/konto/reset/(?P<uid>[\w-]+)/(?P<token>[\w-]+)/)")
HREF = re.compile(r"""(?:href|action)="([^"]+)\"""")
# Never followed: leaving the session, switching the language, and the admin's variations of one list (sorted,
# with facets, in a popup); of its filters only one at a time (combinations show the same rows again).
SKIP = re.compile(r"^/(konto/logout|i18n/|static/)|[?&](o|_changelist_filters|_popup|_to_field|_facets)=|"
                  r"^/admin/.*\?.*&")
MAX_PAGES = 1500


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """GET every same-site page reachable from `starts` by links; returns {url: body and headers as text}."""
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content).decode("utf-8", "replace")
        else:
            body = response.content.decode("utf-8", "replace")
        seen[url] = body + "\n" + "\n".join(f"{name}: {value}" for name, value in response.headers.items())
        links = HREF.findall(body)
        if response.status_code in (301, 302):
            links.append(response["Location"])
        for link in links:
            absolute = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(absolute)
            if parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not SKIP.search(target):
                queue.append(target)
    assert len(seen) < MAX_PAGES, "the crawl hit its limit: raise MAX_PAGES or skip more variations"
    return seen


def secrets_of(text: str) -> list[str]:
    """What must never be shown: the reset path and the token in it (the uid alone is a user's number)."""
    match = RESET_LINK.search(text)
    assert match, text
    return [match.group(1), match.group("token")]


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("chefin", "chefin@example.org", "ein-sicheres-passwort")


@pytest.fixture
def office_member(office):
    """A member of "Büro" with every right the demo gives the group (StaffFactory uses ihk_office.demo)."""
    return StaffFactory(username="bea")


@pytest.fixture
def office_client(office_member):
    client = Client()
    client.force_login(office_member)
    return client


@pytest.fixture
def credential_mails(office, boss, office_client):
    committee = CommitteeFactory(office=office)
    assert office_client.post(reverse("password_reset"), {"email": boss.email}).status_code == 302
    response = office_client.post(
        reverse("committees_staff:member_invite", args=[committee.pk]),
        {"email": "neu@example.org", "first_name": "Nora", "last_name": "Neu", "role": "member",
         "start_date": "2026-01-01"},
    )
    assert response.status_code == 302
    mails = list(OutgoingMail.objects.filter(carries_credential=True).order_by("pk"))
    assert [mail.category for mail in mails] == ["password-reset", "committees-invite"]
    return mails


def test_the_office_group_may_not_open_the_outbox_or_user_accounts_in_the_admin(office_member):
    assert not any(
        office_member.has_perm(f"{app}.{action}_{model}")
        for app, model in [("ihk_office", "outgoingmail"), ("auth", "user"), ("auth", "group"),
                           ("committees", "calendarfeed")]
        for action in ("view", "add", "change", "delete")
    )
    assert office_member.has_perm("companies.change_company")  # the office's own work stays theirs


@pytest.fixture
def office_data(office, office_member):
    """Something on every staff page: a company with a visit, a booked consultation day, a meeting."""
    committee = CommitteeFactory(office=office)
    VisitFactory(company=CompanyFactory(), staff=office_member)
    BookingFactory(slot=ConsultationDayFactory(office=office, slots=1).slots.get())
    MeetingFactory(committee=committee)


def test_no_page_reachable_to_the_office_shows_a_reset_or_invitation_link(
        credential_mails, office_data, office_client, office_member, boss):
    secrets = [secret for mail in credential_mails for secret in secrets_of(mail.body)]
    starts = ["/", "/intern/", "/admin/", "/gremien/", *[reverse("mail_detail", args=[m.pk]) for m in credential_mails]]
    pages = crawl(office_client, starts)
    assert len(pages) > 250  # the crawl really went through the staff area and the admin
    assert any(url.startswith("/admin/companies/") for url in pages)
    leaks = [(url, secret) for url, text in pages.items() for secret in secrets if secret in text]
    assert not leaks
    assert office_client.get("/admin/ihk_office/outgoingmail/").status_code == 403
    # Nor does a search for the token find the mail (the search box shows back only what was typed).
    found = office_client.get(reverse("mail_log"), {"q": secrets[1]}).content.decode()
    assert "Keine E-Mail passt zu dieser Suche." in found and "chefin@example.org" not in found


def test_not_even_a_superuser_reads_a_credential_mail_in_the_admin_or_the_mail_log(credential_mails, boss):
    client = Client()
    client.force_login(boss)
    secrets = [secret for mail in credential_mails for secret in secrets_of(mail.body)]
    urls = ["/admin/ihk_office/outgoingmail/", reverse("mail_log")]
    for mail in credential_mails:
        urls += [f"/admin/ihk_office/outgoingmail/{mail.pk}/change/", reverse("mail_detail", args=[mail.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), url  # 403: the superuser is not in "Büro"
        assert not any(secret in response.content.decode() for secret in secrets), url


def test_credential_mails_reach_the_mail_server_with_working_links_and_their_text_is_erased(
        credential_mails, office_client, smtp_sink, settings, boss):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    expected = {mail.to[0]: secrets_of(mail.body)[0] for mail in credential_mails}

    assert outbox.send_pending() == 2

    received = {message["To"]: message.get_payload(decode=True).decode() for message in smtp_sink.messages}
    assert {to: secrets_of(text)[0] for to, text in received.items()} == expected
    for mail in OutgoingMail.objects.filter(carries_credential=True):
        assert (mail.status, mail.body, mail.html_body, mail.attachments) == ("sent", "", "", [])
        assert mail.sent_at and mail.subject and mail.to  # the log still says what went to whom, when
    log = office_client.get(f"{reverse('mail_log')}?q=neu@example").content.decode()
    assert "neu@example.org" in log and "Einladung in" in log
    assert "chefin@example.org" not in log

    # The new member follows the link from the mail and sets a password.
    newcomer = Client()
    response = newcomer.get(expected["neu@example.org"], follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = newcomer.post(set_password_url, {"new_password1": "Ruhrtal-Radweg-2026",
                                                "new_password2": "Ruhrtal-Radweg-2026"})
    assert response.status_code == 302
    login = Client().post(reverse("login"), {"username": "neu@example.org", "password": "Ruhrtal-Radweg-2026"})
    assert login.status_code == 302 and login["Location"] == reverse("after_login")
    # The superuser's link is valid too (only checked: following it would change the password).
    token = RESET_LINK.search(received["chefin@example.org"]).group("token")
    assert default_token_generator.check_token(boss, token)
