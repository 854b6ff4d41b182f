"""gunicorn's access log without the keys in addresses.

A password-reset or set-password link, a booking's signed links and a member's calendar feed carry their
credential in the path; an access log line would hand it to whoever reads the logs. This logger class
(named in gunicorn.conf.py) writes such paths with the key replaced by "…".
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

KEYED_PATHS = re.compile(
    r"(/konto/reset/[^/\s]+/|/sprechtag/(?:bestaetigen|buchung|angebot)/|/gremien/kalender/)[^/\s?\"]+"
)


def mask(text: str) -> str:
    return KEYED_PATHS.sub(lambda match: match.group(1) + "…", text)


class TokenMaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask(value) if isinstance(value, str) else value for name, value in atoms.items()}
