"""gunicorn's access log (configured by gunicorn.conf.py) never writes the key of a keyed address."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]


def test_the_access_log_masks_reset_booking_and_calendar_keys():
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    logger = config.logger_class(config)
    for path in ["/konto/reset/MQ/dj31j2-7763231f916882bd71015bc7ce6aa2cd/", "/sprechtag/buchung/eyJiIjo0Mn0:1t:x/",
                 "/gremien/kalender/Zm9vYmFyYmF6cXV4.ics"]:
        environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1",
                   "HTTP_REFERER": f"https://portal.example{path}"}
        atoms = logger.atoms(SimpleNamespace(status="200 OK", sent=10, headers=[]), SimpleNamespace(headers=[]),
                             environ, datetime.timedelta(milliseconds=5))
        line = " ".join(str(value) for value in atoms.values())
        secret = path.rstrip("/").rsplit("/", 1)[1].removesuffix(".ics")
        assert secret not in line and "…" in atoms["r"]
