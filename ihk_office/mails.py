"""Mails are templates: `templates/mails/<name>_subject.txt` and `<name>_body.txt`, rendered in the recipient's
language (German, the office's language, where the recipient's is not known), never in the language of the
page that happened to cause them."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_mail(name: str, context: dict, *, language: str | None = None) -> tuple[str, str]:
    """(subject, body) of the mail `name`; the context also holds `site_url` for the links."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"mails/{name}_subject.txt", context).split())
        body = render_to_string(f"mails/{name}_body.txt", context).strip() + "\n"
    return subject, body
