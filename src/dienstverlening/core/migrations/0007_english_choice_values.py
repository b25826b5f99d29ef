"""Roles and API scopes are stored in English; what people see (the labels) stays the same."""

from django.db import migrations, models

# Old stored value → new stored value. The migrations before this one write the old values.
ROLES = {
    "medewerker": "employee",
    "teammanager": "team_manager",
    "coordinator": "coordinator",
    "directie": "management",
    "beheerder": "administrator",
}
SCOPES = {
    "afhandeling": "handling",
    "uitnodigingen": "invitations",
    "kengetallen": "kpis",
}


def _convert(apps, schema_editor, roles, scopes):
    database = schema_editor.connection.alias
    User = apps.get_model("core", "User")
    for old, new in roles.items():
        if old != new:
            User.objects.using(database).filter(role=old).update(role=new)
    ApiClient = apps.get_model("core", "ApiClient")
    for client in ApiClient.objects.using(database).all():
        converted = sorted({scopes.get(scope, scope) for scope in client.scopes})
        if converted != client.scopes:
            client.scopes = converted
            client.save(update_fields=["scopes"])


def forwards(apps, schema_editor):
    _convert(apps, schema_editor, ROLES, SCOPES)


def backwards(apps, schema_editor):
    _convert(
        apps,
        schema_editor,
        {new: old for old, new in ROLES.items()},
        {new: old for old, new in SCOPES.items()},
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_api_tokens_hashed'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(choices=[('employee', 'medewerker'), ('team_manager', 'teammanager'), ('coordinator', 'coördinator dienstverlening'), ('management', 'directie'), ('administrator', 'functioneel beheerder')], default='employee', help_text='Bepaalt wat iemand mag wijzigen. Lezen mag iedereen die is ingelogd.', max_length=20, verbose_name='rol'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
