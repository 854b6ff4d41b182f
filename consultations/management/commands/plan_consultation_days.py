"""Create the coming consultation days by the first-Thursday rule (holiday-aware). Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consultations.services import plan_days
from ihk_office.models import Office


class Command(BaseCommand):
    help = "Plant die Ausbildungssprechtage (erster Donnerstag im Monat, Feiertage berücksichtigt)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.CONSULTATION_PLAN_MONTHS,
                            help="so viele Monate ab heute planen")
        parser.add_argument("--office", default=None, help="Kürzel des Büros (Standard: alle)")

    def handle(self, *args, months: int, office: str | None, **options):
        if months < 1:
            raise CommandError("--months muss 1 oder größer sein.")
        offices = Office.objects.with_calendar()
        if office:
            offices = offices.filter(slug=office)
        if not offices.exists():
            raise CommandError("Kein Büro gefunden – zuerst seed_demo oder das Büro in der Verwaltung anlegen.")
        for each in offices:
            entries = plan_days(office=each, start=timezone.localdate(), months=months)
            created = [e for e in entries if e.action == "create"]
            self.stdout.write(f"{each.name}: {len(created)} neue Sprechtage")
            for entry in entries:
                when = entry.date.strftime("%d.%m.%Y") if entry.date else "—"
                label = {"create": "angelegt", "exists": "vorhanden", "skip": "fällt aus"}[entry.action]
                extra = f" ({entry.reason})" if entry.reason else ""
                self.stdout.write(f"  {entry.rule_date:%d.%m.%Y} → {when}: {label}{extra}")
