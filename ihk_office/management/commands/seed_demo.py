"""Load the demo data: the office, its staff account, and each app's demo data. Safe to run again."""

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ihk_office.demo import (
    DEMO_STAFF_PASSWORD,
    DEMO_STAFF_USERNAME,
    seed_office,
    seed_staff_user,
    seed_standard_answers,
)

# Each app's `demo.seed(office=..., scale=..., stdout=...)` adds its part, in this order.
APP_SEEDERS = ["consultations.demo", "companies.demo", "committees.demo", "events.demo"]


class Command(BaseCommand):
    help = "Legt Demodaten an (Büro, Öffnungszeiten, Konten, Firmen, Sprechtage, Gremien). Mehrfach ausführbar."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="vervielfacht Firmen und Besuche (Benchmarks)")

    def handle(self, *args, scale: int, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo legt Konten mit bekannten Passwörtern an und läuft deshalb nur mit DEBUG=1."
            )
        if scale < 1:
            raise CommandError("--scale muss 1 oder größer sein.")
        office = seed_office()
        staff = seed_staff_user()
        seed_standard_answers(edited_by=staff)  # before the apps: companies.demo marks some of them as given
        self.stdout.write(f"Büro: {office.name}, {office.address_line}")
        for module_name in APP_SEEDERS:
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            module.seed(office=office, scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodaten sind angelegt."))
        self.stdout.write(f"Anmeldung Büro:  {DEMO_STAFF_USERNAME} / {DEMO_STAFF_PASSWORD}")
        for module_name in APP_SEEDERS:
            if importlib.util.find_spec(module_name) is not None:
                for line in getattr(importlib.import_module(module_name), "DEMO_LOGINS", []):
                    self.stdout.write(line)
