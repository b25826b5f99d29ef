"""The group "Functioneel beheer": exactly the model permissions the functioneel beheerder needs.

Users join it through their role (``core.services.user_access_sync``), never by hand. What the
group may not do is as deliberate as what it may: no survey responses, runs or questionnaires,
no framework (the coördinator's), no groups or permissions, no deleting accounts (set them
inactive), no deleting organisation data that measurements point to.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Functioneel beheer"

VIEW_ADD_CHANGE = ("view", "add", "change")
EVERYTHING = ("view", "add", "change", "delete")

PERMISSIONS = {
    # Accounts and roles.
    ("core", "user"): VIEW_ADD_CHANGE,
    # Unlock a colleague who typed a wrong password too often.
    ("axes", "accessattempt"): ("view", "delete"),
    # Who does what.
    ("organisation", "municipality"): VIEW_ADD_CHANGE,
    ("organisation", "domain"): VIEW_ADD_CHANGE,
    ("organisation", "team"): VIEW_ADD_CHANGE,
    ("organisation", "service"): VIEW_ADD_CHANGE,
    ("organisation", "channel"): VIEW_ADD_CHANGE,
    # Intake: mailboxes, import sources with their column mapping, closing days.
    ("handling", "mailbox"): EVERYTHING,
    ("handling", "mailfolderstate"): ("view",),
    ("handling", "importsource"): EVERYTHING,
    ("handling", "closingday"): EVERYTHING,
    ("handling", "handlingitem"): ("view",),
    ("surveys", "importmapping"): EVERYTHING,
}


def create_group(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so the group can hold them.
    for app_label in {app_label for app_label, _model in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.using(schema_editor.connection.alias).get_or_create(name=GROUP)
    wanted = []
    for (app_label, model), actions in PERMISSIONS.items():
        for action in actions:
            wanted.append(
                Permission.objects.using(schema_editor.connection.alias).get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


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
