"""Writes that belong to core: an account's access follows from its role; API clients."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from .audit import audit_context
from .roles import ADMINISTRATOR_GROUP, Role, administrator_permissions_query
from .security_events import api_token_logged

if TYPE_CHECKING:
    from .models import ApiClient, User
    from .oidc import Identity, TeamChoice

logger = logging.getLogger(__name__)

# Every token we issue starts with this, so that it can be recognised (in a log, a repository or
# a secret scanner) as ours. Tokens of the old kind (40 hex characters) have no prefix.
TOKEN_PREFIX = "dv_"
# Characters of a token kept in clear, to tell tokens apart in the admin.
TOKEN_SHOWN = 10


def administrator_group_get() -> Group:
    """The group "Functioneel beheer" (migration core 0003). Should it be gone (deleted by hand,
    or a test database emptied), it is made again with the permissions of ``core.roles``."""
    group, created = Group.objects.get_or_create(name=ADMINISTRATOR_GROUP)
    if created:
        group.permissions.set(Permission.objects.filter(administrator_permissions_query()))
    return group


def user_access_sync(*, user: User) -> None:
    """Make the account's group membership match its role (``User.save`` sets the staff flag).

    A functioneel beheerder is a member of the group "Functioneel beheer", with exactly the
    permissions the role needs; nobody else is. ``User.save`` calls this whenever the role may
    have changed, so the admin, the demo and the command line all go through it.
    """
    with transaction.atomic():
        group = administrator_group_get()
        if user.role == Role.ADMINISTRATOR:
            user.groups.add(group)
        else:
            user.groups.remove(group)


# --- accounts from the identity provider (core.oidc) -------------------------------------------


def _username_free(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: a sign-in never lands in an account by its name."""
    from .models import User

    name, number = base, 1
    while User._default_manager.filter(username__iexact=name).exists():
        number += 1
        name = f"{base[:140]}-{number}"
    return name


def user_oidc_create(*, identity: Identity) -> User:
    """A new account for someone who signed in with a work account the platform did not know:
    a medewerker, unless the groups say otherwise, without a password of its own."""
    from .models import User

    with transaction.atomic(), audit_context(via="sign-in", name="oidc"):
        user = User(
            username=_username_free(identity.username),
            oidc_subject=identity.subject,
            role=identity.role or Role.EMPLOYEE,
        )
        user.set_unusable_password()
        user.save()
        logger.info("Account %s made at a first sign-in with a work account", user.pk)
        return user_oidc_update(user=user, identity=identity)


def _teams_sync(relation, choice: TeamChoice, *, user: User) -> None:
    """Make ``relation`` (the user's managed or member teams) hold exactly the chosen teams among
    the governed ones; teams outside the mapping stay as they are."""
    if not choice.governed:
        return
    model = relation.model
    current = set(relation.filter(slug__in=choice.governed).values_list("slug", flat=True))
    if gone := current - choice.chosen:
        relation.remove(*model._default_manager.filter(slug__in=gone))
    if new := choice.chosen - current:
        teams = list(model._default_manager.filter(slug__in=new))
        relation.add(*teams)
        if missing := new - {team.slug for team in teams}:
            logger.warning(
                "Sign-in of account %s: the group mapping names teams that do not exist: %s",
                user.pk,
                ", ".join(sorted(missing)),
            )


def user_oidc_update(*, user: User, identity: Identity) -> User:
    """Bring an account in line with its work account at a sign-in: subject, name, e-mail
    address, and (when the provider decides them, ``core.oidc``) role and teams. What the
    provider did not send is kept."""
    values = {
        "oidc_subject": identity.subject,
        "first_name": identity.first_name,
        "last_name": identity.last_name,
        "email": identity.email,
        "role": identity.role,
    }
    changed = [
        field
        for field, value in values.items()
        if value is not None and getattr(user, field) != value
    ]
    if "role" in changed:
        logger.info(
            "Sign-in of account %s: role %s → %s (groups claim)", user.pk, user.role, identity.role
        )
    for field in changed:
        setattr(user, field, values[field])
    # The audit trail records these as made by the sign-in through the identity provider.
    with transaction.atomic(), audit_context(via="sign-in", name="oidc"):
        if changed:
            user.save(update_fields=changed)
        _teams_sync(user.managed_teams, identity.managed_teams, user=user)
        _teams_sync(user.member_teams, identity.member_teams, user=user)
    return user


# --- API clients ------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as kept in ``ApiClient.token_hash``. The token has 256 random bits,
    so a plain hash suffices: nobody can search that space, salted or not."""
    return hashlib.sha256(token.encode("utf-8", errors="surrogateescape")).hexdigest()


def _token_new() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def api_token_expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    """When a token made now expires: after ``DV_API_TOKEN_DAYS`` days."""
    return (now or timezone.now()) + datetime.timedelta(days=settings.DV_API_TOKEN_DAYS)


def api_client_create(
    *,
    name: str,
    scopes: Iterable[str],
    sources: Iterable[str] = (),
    description: str = "",
    expires_at: datetime.datetime | None = None,
    created_by: User | None = None,
) -> tuple[ApiClient, str]:
    """A new API client and its token. The token is returned once and never stored."""
    from .models import ApiClient

    client = ApiClient(
        name=name,
        description=description,
        scopes=sorted(set(scopes)),
        sources=", ".join(dict.fromkeys(s.strip() for s in sources if s.strip())),
        expires_at=expires_at or api_token_expiry(),
    )
    client.full_clean(exclude=["token_hash", "token_prefix"])
    token = api_client_save_new(client=client, created_by=created_by)
    return client, token


def api_client_save_new(*, client: ApiClient, created_by: User | None = None) -> str:
    """Save a new (checked) client with a fresh token; returns the token, once."""
    token = _token_new()
    client.token_prefix = token[:TOKEN_SHOWN]
    client.token_hash = token_hash(token)
    client.created_by = created_by
    with transaction.atomic():
        client.save()
        api_token_logged("api_token_created", client=client, by=created_by)
    return token


def api_client_token_renew(
    *, client: ApiClient, expires_at: datetime.datetime | None = None, by: User | None = None
) -> str:
    """A new token for ``client``; the old one stops working at once. Returned once.
    ``by``: who asked for it (the security log names them)."""
    token = _token_new()
    client.token_prefix = token[:TOKEN_SHOWN]
    client.token_hash = token_hash(token)
    client.expires_at = expires_at or api_token_expiry()
    with transaction.atomic():
        client.save(update_fields=["token_prefix", "token_hash", "expires_at"])
        api_token_logged("api_token_renewed", client=client, by=by)
    return token
