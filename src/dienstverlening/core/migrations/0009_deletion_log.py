"""The deletion log of ``dienstverlening purge`` (``core.retention``), readable by the group
"Functioneel beheer" (``core.roles``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from dienstverlening.core.roles import ADMINISTRATOR_GROUP, administrator_permissions_query


def group_permissions(apps, schema_editor):
    database = schema_editor.connection.alias
    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=database)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(database).filter(name=ADMINISTRATOR_GROUP).first()
    if group is not None:
        group.permissions.set(
            Permission.objects.using(database).filter(administrator_permissions_query())
        )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_user_oidc_subject'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeletionLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ran_at', models.DateTimeField(verbose_name='uitgevoerd op')),
                ('rule', models.CharField(help_text='De soort gegevens, bijvoorbeeld open_answers.', max_length=50, verbose_name='regel')),
                ('action', models.CharField(choices=[('delete', 'verwijderd'), ('wipe', 'persoonsgegevens gewist')], max_length=10, verbose_name='wat er gebeurde')),
                ('period', models.CharField(help_text='In dagen (d) of jaren (y).', max_length=10, verbose_name='bewaartermijn')),
                ('cutoff', models.DateTimeField(help_text='Wat van vóór dit moment is, viel buiten de bewaartermijn.', verbose_name='grens')),
                ('count', models.PositiveBigIntegerField(verbose_name='aantal')),
                ('details', models.JSONField(blank=True, default=dict, help_text='Aantallen per tabel, ook wat mee verwijderd werd (zoals opschortingen).', verbose_name='per tabel')),
                ('dry_run', models.BooleanField(default=False, help_text='Alleen geteld; er is niets verwijderd.', verbose_name='proefdraaien')),
                ('error', models.TextField(blank=True, verbose_name='fout')),
            ],
            options={
                'verbose_name': 'verwijdering',
                'verbose_name_plural': 'verwijderingen',
                'ordering': ['-ran_at', 'pk'],
                'indexes': [models.Index(fields=['rule', '-ran_at'], name='core_deletionlog_rule_idx')],
            },
        ),
        migrations.RunPython(group_permissions, migrations.RunPython.noop),
    ]
