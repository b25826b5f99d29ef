"""Password validators for local accounts (AUTH_PASSWORD_VALIDATORS; docs/security.md).

``Woerden2026`` and ``Dienstverlening`` pass Django's own validators, yet they are the first
guesses of anyone who knows where the account belongs: ``OrganisationNameValidator`` refuses
them. ``MinimumLengthValidator`` is Django's, with a message Django's Dutch translation lacks.
Forms and commands that set a password all run these validators.
"""

from __future__ import annotations

import re
import unicodedata

from django.apps import apps
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Digits and signs people use for letters ("W0erden", "Dienstverl3ning", "@").
_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_SHORTEST_NAME = 4


def _fold(text: str) -> str:
    """Lower case, without accents, letters and digits only: ``"Ôude-Water"`` → ``"oudewater"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z@]", "", plain)


def _readings(password: str) -> set[str]:
    """The password as written and with look-alike digits read as letters (1 as i and as l)."""
    folded = _fold(password)
    lookalike = folded.translate(_LOOKALIKES)
    return {folded, lookalike, lookalike.replace("i", "l")} | {folded.replace("1", "l")}


class OrganisationNameValidator:
    """Refuses a password that contains a name of the organisation, in any case, with accents,
    separators or look-alike digits (``W0erden-2026``), whatever is added around it.

    The names: ``words`` (from the settings), the words of DV_ORGANISATION_NAME of four letters
    or more, and the ``name`` of every row of ``name_model`` (``"app_label.Model"``, e.g. the
    municipalities), read when a password is checked.
    """

    def __init__(self, words: list[str] | None = None, name_model: str | None = None) -> None:
        self.words = list(words or [])
        self.name_model = name_model

    def names(self) -> set[str]:
        names = {_fold(word) for word in self.words}
        names |= {_fold(word) for word in re.findall(r"\w+", settings.DV_ORGANISATION_NAME)}
        if self.name_model:
            try:
                model = apps.get_model(self.name_model)
                with transaction.atomic():  # a missing table must not break the caller's
                    rows = list(model._default_manager.values_list("name", flat=True))
            except (LookupError, DatabaseError):
                rows = []  # no such app, or no table yet (before the first migrate)
            names |= {_fold(name) for name in rows}
        return {name for name in names if len(name) >= _SHORTEST_NAME}

    def validate(self, password: str, user=None) -> None:
        readings = _readings(password)
        for name in sorted(self.names(), key=len, reverse=True):
            if any(name in reading for reading in readings):
                raise ValidationError(
                    _(
                        "Gebruik geen naam van de gemeente of de organisatie in uw wachtwoord "
                        "(het bevat “%(name)s”). Zo’n wachtwoord is makkelijk te raden."
                    ),
                    code="password_organisation_name",
                    params={"name": name},
                )

    def get_help_text(self) -> str:
        examples = [word.capitalize() for word in self.words[:3]]
        if not examples:
            return _(
                "Uw wachtwoord mag geen naam van de gemeente of de organisatie bevatten (ook "
                "niet met cijfers erachter)."
            )
        return _(
            "Uw wachtwoord mag geen naam van de gemeente of de organisatie bevatten, zoals "
            "%(examples)s (ook niet met cijfers erachter)."
        ) % {"examples": ", ".join(examples)}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule. Django 5.2 changed its message, and its Dutch translation was not
    updated: "too short" came out in English. Same rule, our own Dutch text."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}
