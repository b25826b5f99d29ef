"""Messages with counts, for pages, commands and background work alike.

Singular or plural through ``ngettext`` (the Dutch plural is also used for 0) and numbers in the
Dutch format (``1.234``), so no message says "1 uitnodigingen" or "8025".
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienstverlening.core.formats import format_number


def imported_in_text(count: int, seconds: float) -> str:
    return ngettext(
        "%(count)s antwoord geïmporteerd in %(seconds)s s.",
        "%(count)s antwoorden geïmporteerd in %(seconds)s s.",
        count,
    ) % {"count": format_number(count), "seconds": format_number(seconds, 1)}


def rows_good_text(count: int) -> str:
    return ngettext("De regel is goed.", "Alle %(count)s regels zijn goed.", count) % {
        "count": format_number(count)
    }


def invitations_sent_text(sent: int, reminded: int) -> str:
    invitations = ngettext("%(count)s uitnodiging", "%(count)s uitnodigingen", sent) % {
        "count": format_number(sent)
    }
    reminders = ngettext("%(count)s herinnering", "%(count)s herinneringen", reminded) % {
        "count": format_number(reminded)
    }
    return _("%(invitations)s en %(reminders)s verstuurd.") % {
        "invitations": invitations,
        "reminders": reminders,
    }
