from django.db import migrations

# The topics the office's head names for his visits; staff maintain the list in the admin afterwards.
DEFAULT_TOPICS = [
    "Breitband und LTE im Hügelland",
    "Fachkräfte",
    "Ausbildung",
    "Existenzgründung",
    "Unternehmensnachfolge",
    "Beitragsbescheid",
    "Tourismus",
    "Innenstadt",
    "Verkehr und Erreichbarkeit",
    "Gewerbeflächen",
    "Energie",
    "Digitalisierung",
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("companies", "Topic")
    for position, name in enumerate(DEFAULT_TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
