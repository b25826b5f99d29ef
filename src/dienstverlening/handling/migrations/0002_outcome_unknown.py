"""One list of outcomes for surveys and handling (``framework.models.Outcome``): an item without
a recorded outcome is stored as ``unknown`` instead of an empty string."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    HandlingItem = apps.get_model("handling", "HandlingItem")
    HandlingItem.objects.using(schema_editor.connection.alias).filter(outcome="").update(
        outcome="unknown"
    )


def backwards(apps, schema_editor):
    HandlingItem = apps.get_model("handling", "HandlingItem")
    HandlingItem.objects.using(schema_editor.connection.alias).filter(outcome="unknown").update(
        outcome=""
    )


class Migration(migrations.Migration):

    dependencies = [
        ('handling', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='handlingitem',
            name='outcome',
            field=models.CharField(choices=[('granted', 'toegekend'), ('refused', 'afgewezen'), ('not_applicable', 'niet van toepassing'), ('unknown', 'onbekend')], default='unknown', max_length=20, verbose_name='uitkomst'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
