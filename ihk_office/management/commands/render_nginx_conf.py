"""Render deploy/nginx.conf for this checkout: `make up` runs it before honcho starts nginx and gunicorn."""

import getpass
import os
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = settings.BASE_DIR / "deploy" / "nginx.conf"


def render(*, listen: str, upstream: str, prefix: Path, mime_types: str = "/etc/nginx/mime.types") -> str:
    """The configuration text: the template with each ${IHK_…} value filled in (like envsubst)."""
    values = {
        "IHK_LISTEN": listen,
        "IHK_UPSTREAM": upstream,
        "IHK_PREFIX": str(prefix),
        "IHK_MIME_TYPES": mime_types,
        "IHK_STATIC_ROOT": str(settings.STATIC_ROOT),
        "IHK_BODY_LIMIT_PUBLIC": str(settings.REQUEST_BODY_LIMIT_PUBLIC),
        "IHK_BODY_LIMIT_STAFF": str(settings.REQUEST_BODY_LIMIT_STAFF),
        "IHK_BODY_LIMIT_UPLOAD": str(settings.REQUEST_BODY_LIMIT_UPLOAD),
        # Started by root, nginx would run its workers as "nobody", who may not write var/nginx: keep the
        # user who started it. (Started by anyone else, nginx keeps that user anyway.)
        "IHK_USER_LINE": f"user {getpass.getuser()};" if os.geteuid() == 0 else "",
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    left = re.findall(r"\$\{IHK_\w+\}", text)
    if left:
        raise CommandError(f"deploy/nginx.conf names values nobody fills in: {', '.join(sorted(set(left)))}")
    return text


class Command(BaseCommand):
    help = "Write the nginx configuration (deploy/nginx.conf filled in) under its own prefix directory."

    def add_arguments(self, parser):
        parser.add_argument("--listen", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}",
                            help="address:port nginx listens on (default 127.0.0.1:$PORT)")
        parser.add_argument("--upstream", default=None,
                            help="where gunicorn listens: unix:/path/to.sock or 127.0.0.1:PORT "
                                 "(default unix:$GUNICORN_SOCKET)")
        parser.add_argument("--prefix", default=str(settings.BASE_DIR / "var" / "nginx"),
                            help="nginx's own directory: configuration, pid, logs, temp files")
        parser.add_argument("--mime-types", default="/etc/nginx/mime.types")

    def handle(self, *args, listen, upstream, prefix, mime_types, **options):
        if upstream is None:
            socket = os.environ.get("GUNICORN_SOCKET")
            if not socket:
                raise CommandError("Say where gunicorn listens: --upstream or GUNICORN_SOCKET.")
            upstream = f"unix:{Path(socket).resolve()}"
        prefix_dir = Path(prefix).resolve()
        for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix_dir / "tmp" / temp).mkdir(parents=True, exist_ok=True)
        output = prefix_dir / "nginx.conf"
        output.write_text(render(listen=listen, upstream=upstream, prefix=prefix_dir, mime_types=mime_types))
        self.stdout.write(str(output))
