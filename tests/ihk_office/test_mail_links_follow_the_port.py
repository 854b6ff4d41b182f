"""Finding 2 of issue 13: `make run PORT=8101` sends mail links to port 8101, not to the default 8000.

The Makefile is run for real, with a stand-in virtualenv whose `python` and `honcho` only write down the
SITE_URL they were started with: every process of `make run` (web, worker, beat under honcho) builds its links
from that variable.
"""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RECORDER = """#!/bin/sh
echo "$(basename "$0") SITE_URL=$SITE_URL" >> "$RECORD"
"""


def run_make(tmp_path: Path, *arguments: str, environment: dict | None = None) -> list[str]:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for name in ("python", "honcho"):
        program = venv / "bin" / name
        program.write_text(RECORDER)
        program.chmod(0o755)
    (venv / ".run-installed").touch()  # newer than pyproject.toml and the lock: nothing to install
    record = tmp_path / "record.txt"
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "PORT", "MAKEFLAGS"}}
    env |= {"RECORD": str(record), **(environment or {})}
    subprocess.run(["make", "--no-print-directory", "run", f"VENV={venv}", *arguments], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    return record.read_text().splitlines()


def test_make_run_on_another_port_gives_every_process_links_to_that_port(tmp_path):
    lines = run_make(tmp_path, "PORT=8101")

    assert lines == ["python SITE_URL=http://127.0.0.1:8101"] * 2 + ["honcho SITE_URL=http://127.0.0.1:8101"]


def test_make_run_keeps_a_site_url_that_was_set(tmp_path):
    lines = run_make(tmp_path, "PORT=8101", environment={"SITE_URL": "https://portal.example.org"})

    assert set(lines) == {"python SITE_URL=https://portal.example.org", "honcho SITE_URL=https://portal.example.org"}
