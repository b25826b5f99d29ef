"""The framework poster as an A3 PDF: the four values, the eight statements, the work agreements,
the promises (norms) and the current focus value, large enough to read from two metres."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

from dienstverlening.framework import selectors
from dienstverlening.framework.models import WorkAgreement


def poster_context(*, today: datetime.date) -> dict:
    return {
        "organisation_name": settings.DV_ORGANISATION_NAME,
        "values": selectors.values_with_statements(),
        "focus": selectors.focus_current(day=today),
        "norms": selectors.norms_in_force(day=today).organisation_wide(),
        "agreements": WorkAgreement.objects.organisation_wide().select_related("value"),
    }


def poster_bytes(*, today: datetime.date) -> bytes:
    from weasyprint import HTML

    with override("nl"):
        html = render_to_string("reports/pdf/poster.html", poster_context(today=today))
    return HTML(string=html, base_url=".").write_pdf(pdf_variant="pdf/ua-1")
