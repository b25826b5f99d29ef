"""The group "Functioneel beheer" with exactly the permissions of ``core.roles``.

Users join it through their role (``core.services.user_access_sync``), never by hand.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from dienstverlening.core.roles import (
    ADMINISTRATOR_GROUP,
    ADMINISTRATOR_PERMISSIONS,
    administrator_permissions_query,
)


def create_group(apps, schema_editor):
    database = schema_editor.connection.alias
    # Permissions are normally made after migrate; make them now so the group can hold them.
    for app_label in sorted({app_label for app_label, _model in ADMINISTRATOR_PERMISSIONS}):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=database)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.using(database).get_or_create(name=ADMINISTRATOR_GROUP)
    group.permissions.set(
        Permission.objects.using(database).filter(administrator_permissions_query())
    )


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=ADMINISTRATOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0001_initial"),
        ("core", "0002_cache_table"),
        ("organisation", "0001_initial"),
        ("handling", "0001_initial"),
        ("surveys", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
