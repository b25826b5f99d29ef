"""The ``--days`` option of the commands that hand out an API token (``api_client_create``,
``api_client_renew``): how long the token is valid."""

import datetime
from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _


def days_argument_add(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=int, default=None, help=_("dagen geldig (standaard DV_API_TOKEN_DAYS)")
    )


def days_expiry(days: int | None) -> datetime.datetime | None:
    """When a token given ``--days`` stops working; None (the default term) without it."""
    if days is None:
        return None
    if days < 1:
        raise CommandError(_("--days moet minstens 1 zijn."))
    return timezone.now() + datetime.timedelta(days=days)
