from django.db import migrations, models


def count_existing_visits(apps, schema_editor):
    """Fill each company's number of visits from the visits already recorded."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    Company = apps.get_model("companies", "Company")
    Visit = apps.get_model("companies", "Visit")
    counted = Visit.objects.filter(company=OuterRef("pk")).order_by().values("company").annotate(n=Count("pk"))
    Company.objects.update(visit_count=Coalesce(Subquery(counted.values("n")), 0))


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0003_visit_tallies'),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='visit_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='Besuche'),
        ),
        migrations.RunPython(count_existing_visits, migrations.RunPython.noop),
    ]
