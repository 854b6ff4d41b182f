"""Render the directory, the busiest company and the dashboard in-process and report queries and times.

Run it against the seeded benchmark data: `manage.py seed_demo --scale 10`, then this command.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Visit


class Command(BaseCommand):
    help = "Misst Abfragen und Renderzeit der Firmenseiten (Verzeichnis, Firma mit den meisten Besuchen, Übersicht)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, runs: int, **options):
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk").first()
        busiest = Company.objects.annotate(n=Count("visits")).order_by("-n").first()
        if staff is None or busiest is None:
            raise CommandError("Keine Daten: erst `manage.py seed_demo --scale 10` ausführen.")
        client = Client(SERVER_NAME="localhost")
        client.force_login(staff)
        self.stdout.write(f"{connection.vendor}: {Company.objects.count()} Firmen, {Visit.objects.count()} Besuche; "
                          f"{busiest.name}: {busiest.n} Besuche")
        pages = {
            "Verzeichnis": reverse("companies:directory"),
            "Verzeichnis, gefiltert": reverse("companies:directory") + "?q=bau&district=mitte&visited=12",
            f"Firma ({busiest.n} Besuche)": busiest.get_absolute_url(),
            "Übersicht": reverse("companies:dashboard"),
        }
        for name, url in pages.items():
            client.get(url)  # warm up caches and connections
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url}: {response.status_code}")
            self.stdout.write(f"{name:28} {len(queries.captured_queries):3} Abfragen  "
                              f"Median {statistics.median(timings):6.1f} ms  max {max(timings):6.1f} ms")
