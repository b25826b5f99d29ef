"""What the survey intake keeps of residents, and for how long (``core.retention``).

- **Invitation addresses** are needed only while a mail may still go out; the intake already
  wipes them at the reminder, the answer and the run's end (``invitations``). What is left is
  caught here: an invitation never sent (a run that stayed in concept, a mail server that kept
  refusing) is closed without its address, and one sent but never reminded loses its address
  (its link keeps working); an address somehow left where no mail can go any more is wiped
  whatever its age.
- **Invitation hashes** (salted) only stop inviting the same person twice within
  ``SURVEYS_REINVITE_MONTHS``; after the period the hash is wiped, the row stays for the run's
  counts.
- **Open answers** (scrubbed, still a resident's own words) are deleted; the response with its
  mark and statement answers stays, and the dashboard reads the roll-up ``AnswerTally``, so no
  figure changes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.models import PurgeAction
from dienstverlening.core.retention import Purge, Rule

from .models import Invitation, InvitationStatus, OpenAnswer

MAY_MAIL = (InvitationStatus.PENDING, InvitationStatus.SENT)


def _invitation_addresses(purge: Purge) -> None:
    with_address = Invitation.objects.exclude(email="")
    purge.wipe(
        with_address.filter(status=InvitationStatus.PENDING, created_on__lt=purge.cutoff_date),
        email="",
        status=InvitationStatus.CLOSED,
    )
    purge.wipe(
        with_address.filter(status=InvitationStatus.SENT, sent_on__lt=purge.cutoff_date),
        email="",
    )
    purge.wipe(with_address.exclude(status__in=MAY_MAIL), email="")


def _invitation_hashes(purge: Purge) -> None:
    purge.wipe(
        Invitation.objects.filter(created_on__lt=purge.cutoff_date).exclude(address_hash=""),
        address_hash="",
    )


def _open_answers(purge: Purge) -> None:
    purge.delete(OpenAnswer.objects.filter(response__answered_on__lt=purge.cutoff_date))


RULES = [
    Rule(
        code="invitation_addresses",
        label=_("E-mailadressen van uitnodigingen"),
        counted_from=_("na het aanmaken of versturen"),
        default="14d",
        run=_invitation_addresses,
        action=PurgeAction.WIPE,
    ),
    Rule(
        code="invitation_hashes",
        label=_("Vingerafdrukken van uitgenodigde adressen"),
        counted_from=_("na het aanmaken"),
        default="1y",
        run=_invitation_hashes,
        action=PurgeAction.WIPE,
    ),
    Rule(
        code="open_answers",
        label=_("Open antwoorden"),
        counted_from=_("na de datum van het antwoord"),
        default="5y",
        run=_open_answers,
    ),
]
