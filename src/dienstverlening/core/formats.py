"""Dutch number formats: ``1.234,5`` and ``84 %``. Used by templates through ``core_tags``."""

from decimal import Decimal


def format_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_percent(value: float | int | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{format_number(value, decimals)}\u00a0%"
