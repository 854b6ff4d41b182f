"""The office's kinds of location obstacles (staff add more on the portal's kinds page)."""

from django.db import migrations

# (German name, English name); the order is the order of the lists. seed_demo reads this list too.
DEFAULT_KINDS = [
    ("Breitband/LTE", "Broadband/LTE"),
    ("Mobilfunk", "Mobile coverage"),
    ("Verkehr und Parken", "Traffic and parking"),
    ("Gewerbeflächen", "Commercial space"),
    ("Fachkräfte", "Skilled labour"),
    ("Verwaltung", "Administration"),
    ("Sonstiges", "Other"),
]


def add_kinds(apps, schema_editor):
    ObstacleKind = apps.get_model("companies", "ObstacleKind")
    for position, (name, name_en) in enumerate(DEFAULT_KINDS, start=1):
        ObstacleKind.objects.get_or_create(name=name, defaults={"name_en": name_en, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("companies", "0004_location_obstacles")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
