"""Building improvement-cycle data for tests, through the services (so the register follows)."""

from dienstverlening.framework.models import Level, Norm, NormSubject, NormUnit
from dienstverlening.improvement.models import Signal, SignalOrigin
from dienstverlening.improvement.services import signal_submit
from tests.organisation.factories import MunicipalityFactory


def signal_submitted(service, sender, *, description: str = "", **fields) -> Signal:
    """A signal about ``service`` from ``sender``, as the page would pass it on."""
    return signal_submit(
        sender=sender,
        service_id=service.pk,
        municipality_id=fields.pop("municipality_id", None) or MunicipalityFactory().pk,
        origin=fields.pop("origin", SignalOrigin.RESIDENT),
        description=description or "De inwoner wist niet dat de pasfoto recent moest zijn.",
        **fields,
    )


def signal_norm(valid_from, *, days: int = 5) -> Norm:
    """The organisation-wide norm for signals: handled within ``days`` working days (90 %)."""
    return Norm.objects.create(
        level=Level.ORGANISATION,
        subject=NormSubject.SIGNAL,
        title=f"We handelen een signaal binnen {days} werkdagen af.",
        target_value=days,
        unit=NormUnit.WORKING_DAYS,
        target_share=90,
        valid_from=valid_from,
    )
