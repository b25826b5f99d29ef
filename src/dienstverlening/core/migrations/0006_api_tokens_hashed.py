"""Old API tokens (Django REST framework's authtoken, kept in plain text) become API clients that
keep only the SHA-256 of the token, so integrations keep working; the plain keys are deleted.

A moved token gets the scopes its account's role allowed before (handling for the functioneel
beheerder or the permission handling.change_handlingitem, invitations for the coördinator and
the beheerder, KPIs for everyone), the sources in the register at the time of moving (it could
write them all before; narrow them to its own in the admin), and a year before it expires.

Also gives the group "Functioneel beheer" the permissions for API clients (``core.roles``).
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q
from django.utils import timezone

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


def tokens_to_clients(apps, schema_editor):
    database = schema_editor.connection.alias
    Token = apps.get_model("authtoken", "Token")
    ApiClient = apps.get_model("core", "ApiClient")
    HandlingItem = apps.get_model("handling", "HandlingItem")
    Permission = apps.get_model("auth", "Permission")
    tokens = list(Token.objects.using(database).select_related("user"))
    if not tokens:
        return
    sources = ""
    for source in sorted(
        HandlingItem.objects.using(database).values_list("source", flat=True).distinct()
    ):
        if not source.startswith("mailbox-") and len(sources) + len(source) + 2 <= 1000:
            sources = f"{sources}, {source}" if sources else source
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=getattr(settings, "DV_API_TOKEN_DAYS", 365))
    for token in tokens:
        user = token.user
        may_push = (
            user.is_superuser
            or user.role == "beheerder"
            or Permission.objects.using(database)
            .filter(content_type__app_label="handling", codename="change_handlingitem")
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
        scopes = ["kengetallen"]
        if may_push:
            scopes.append("afhandeling")
        if user.role in ("coordinator", "beheerder"):
            scopes.append("uitnodigingen")
        ApiClient.objects.using(database).create(
            name=f"{user.username} (overgezet token)"[:100],
            description=(
                f"Overgezet van het token van account '{user.username}' "
                f"(gemaakt op {timezone.localtime(token.created):%d-%m-%Y}). Het mag de bronnen "
                "die er bij het overzetten waren: beperk die tot de eigen bron."
            ),
            scopes=sorted(scopes),
            sources=sources if may_push else "",
            token_prefix=token.key[:8],
            token_hash=hashlib.sha256(token.key.encode()).hexdigest(),
            expires_at=expires_at,
            is_active=user.is_active,
            created_at=token.created,
        )
    Token.objects.using(database).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_apiclient"),
        ("core", "0003_functional_admin_group"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("handling", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(group_permissions, migrations.RunPython.noop),
        migrations.RunPython(tokens_to_clients, migrations.RunPython.noop),
    ]
