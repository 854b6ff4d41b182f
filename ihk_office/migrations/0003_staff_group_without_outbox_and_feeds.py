"""Existing databases: the group "Büro" loses its admin rights over the outbox (mail texts, password links)
and over members' calendar feeds (private feed tokens). New databases get the group from ihk_office.demo."""

from django.conf import settings
from django.db import migrations

WITHHELD_MODELS = [("ihk_office", "outgoingmail"), ("committees", "calendarfeed")]


def withhold(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=settings.STAFF_GROUP_NAME).first()
    if group is None:
        return
    for app_label, model in WITHHELD_MODELS:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ihk_office", "0002_outgoingmail_carries_credential"),
    ]

    operations = [migrations.RunPython(withhold, migrations.RunPython.noop)]
