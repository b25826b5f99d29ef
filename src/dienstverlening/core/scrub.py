"""Scrubbing personal data out of free text before anyone reads it (or it is stored).

Recognises, and replaces by a placeholder in square brackets:

- BSN: nine digits (optionally grouped with spaces, dots or dashes) that pass the 11-check;
- IBAN: a country code, two check digits and the account, passing the mod-97 check;
- e-mail addresses;
- phone numbers: Dutch numbers (06, 010, 0348, +31, 0031) with common separators;
- postcode with house number: ``1234 AB 12``, ``1234AB, 12a``, and street + number
  followed by a postcode.

The placeholders are Dutch because the readers are; they are not translated so that stored
text does not depend on the language of the person who answered.
"""

from __future__ import annotations

import re

BSN_PLACEHOLDER = "[BSN verwijderd]"
IBAN_PLACEHOLDER = "[rekeningnummer verwijderd]"
EMAIL_PLACEHOLDER = "[e-mailadres verwijderd]"
PHONE_PLACEHOLDER = "[telefoonnummer verwijderd]"
ADDRESS_PLACEHOLDER = "[adres verwijderd]"


def bsn_is_valid(digits: str) -> bool:
    """The 11-check ('elfproef') of a burgerservicenummer: 9 digits, weights 9..2 and -1."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def iban_is_valid(text: str) -> bool:
    """ISO 13616 mod-97 check; spaces are ignored."""
    iban = re.sub(r"\s+", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?\b")
# Nine digits, possibly grouped (123 456 789, 123.45.678.9, 12-34-56-789).
_BSN = re.compile(r"(?<![\d+])\d(?:[ .-]?\d){8}(?![\d])")
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:"
    r"(?:\+|00)\s?31[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){7,8}"  # +31 6 12345678, 0031...
    r"|0\d(?:[\s.()/-]{0,3}\d){8}"  # 0612345678, 0348-123456, (0348) 12 34 56, 010 123 4567
    r")"
    r"(?!\d)"
)
_POSTCODE_HOUSE = re.compile(
    r"\b[1-9]\d{3}(?:[ ]?(?!SA|SD|SS)[A-Z]{2}|[a-z]{2})\b[\s,]*(?:nr\.?\s*)?\d{1,5}"
    r"(?:-?[A-Za-z]\b)?",
)
_HOUSE_POSTCODE = re.compile(
    r"\b[A-Z][a-zà-ÿ]+(?:[ -][A-Za-zà-ÿ]+){0,3}\s\d{1,5}[A-Za-z]?(?:[ -]\d{1,4})?,?\s+"
    r"[1-9]\d{3}(?:[ ]?[A-Z]{2}|[a-z]{2})\b"
)


def _replace_bsn(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return BSN_PLACEHOLDER if bsn_is_valid(digits) else match.group(0)


def _replace_iban(match: re.Match) -> str:
    return IBAN_PLACEHOLDER if iban_is_valid(match.group(0)) else match.group(0)


def scrub_text(text: str) -> str:
    """Return ``text`` without BSNs, IBANs, e-mail addresses, phone numbers and addresses.

    Order matters: e-mail and IBAN first (they contain digits), then address forms, then BSN
    (only when the 11-check passes), then phone numbers.
    """
    if not text:
        return text
    result = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    result = _IBAN.sub(_replace_iban, result)
    result = _HOUSE_POSTCODE.sub(ADDRESS_PLACEHOLDER, result)
    result = _POSTCODE_HOUSE.sub(ADDRESS_PLACEHOLDER, result)
    result = _BSN.sub(_replace_bsn, result)
    result = _PHONE.sub(PHONE_PLACEHOLDER, result)
    return result
