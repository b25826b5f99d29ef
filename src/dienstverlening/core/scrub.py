"""Scrubbing personal data out of free text before anyone reads it (or it is stored).

Recognises, and replaces by a placeholder in square brackets:

- BSN: nine digits (optionally grouped with spaces, dots, slashes or any kind of dash) that pass
  the 11-check;
- IBAN: a country code, two check digits and the account, passing the mod-97 check;
- e-mail addresses, also written to dodge a filter: ``jan @ example.nl``, ``jan(at)example.nl``,
  ``jan [at] example (dot) nl``, ``jan at example punt nl``;
- phone numbers: Dutch numbers (06, 010, 0348, +31, 0031) with spaces, dots, slashes, brackets
  or any kind of dash between the digits;
- addresses: postcode with house number (``3441 AB 12``, ``3441ab, 12a``, ``postcode 3441AB
  nummer 12``, ``3441 AB Woerden, Dorpsstraat 12``: up to three words between them), street +
  number followed by a postcode, and a street whose name ends like a street (``…straat``,
  ``…laan``, ``…weg``, …) followed by a number;
- names that the writer introduces: ``mijn naam is …``, ``ik ben …``, ``ik heet …``, ``naam: …``
  and a greeting at the end (``groet, …``, ``mvg …``). A name is one or more capitalised words,
  with tussenvoegsels (``van der``, ``de``) and initials; ``ik ben blij`` stays.

What it cannot catch: a name that is not introduced (``Jan de Vries hielp mij``), a name in
lower case, an address without a number or a postcode, descriptions that point at a person
(``de buurman met de rode auto``). Open answers stay text that only trained staff read.

Every pattern starts at a place where the text itself says "this could begin here" (a look-behind
that fails inside a word or number) and has bounded repetitions, so the time grows linearly with
the length of the text: an import of long answers cannot stall the server.

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
NAME_PLACEHOLDER = "[naam verwijderd]"


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


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Every dash a keyboard, a phone or a word processor makes: hyphen-minus, hyphen, non-breaking
# hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, small and full-width ones.
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACE = r"[^\S\r\n]"  # a space or tab (also a non-breaking space), not a line break

# --- e-mail ------------------------------------------------------------------------------------
# The local part starts where no local-part character stands before it, so a long word is tried
# once, not once per letter. "@" may have spaces around it or be written as (at), [at], {at},
# <at> or " at "; a dot as (dot), [punt], " dot " or " punt ".
_LOCAL_CHARS = r"\w.+'" + DASHES
_AT = (
    r"(?:\s{0,3}(?:@|[(\[{<]\s{0,3}(?:at|@|apenstaartje)\s{0,3}[)\]}>])\s{0,3}"
    r"|\s{1,3}(?:at|apenstaartje)\s{1,3})"
)
_DOT = r"(?:\.|\s{0,3}[(\[{<]\s{0,3}(?:dot|punt)\s{0,3}[)\]}>]\s{0,3}|\s{1,3}(?:dot|punt)\s{1,3})"
_LABEL = r"[\w" + DASHES + r"]{1,63}"
_EMAIL = re.compile(
    rf"(?<![{_LOCAL_CHARS}])[{_LOCAL_CHARS}]{{1,64}}{_AT}{_LABEL}(?:{_DOT}{_LABEL}){{0,8}}"
    rf"{_DOT}[a-z]{{2,24}}(?![^\W\d])",
    re.IGNORECASE,
)

# --- IBAN --------------------------------------------------------------------------------------
_IBAN = re.compile(
    r"(?<![^\W\d])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?\b"
)

# --- BSN ---------------------------------------------------------------------------------------
# Nine digits, possibly grouped: 123 456 789, 123.45.678.9, 12-34-56-789, 111/222/333, 123 – 456.
_GROUP_SEP = rf"(?:{_SPACE}?[./{DASHES}]{_SPACE}?|{_SPACE})"
_BSN = re.compile(
    rf"(?<![\d+])(?<!\d[.,/{DASHES}])\d(?:{_GROUP_SEP}?\d){{8}}(?!\d)(?![.,/{DASHES}]\d)"
)

# --- phone -------------------------------------------------------------------------------------
_PHONE_SEP = rf"[\s./(){DASHES}]"
_PHONE = re.compile(
    rf"(?<![\d_+])(?<!\d[./{DASHES}])"
    r"(?:"
    rf"(?:\+|00){_SPACE}?31[\s.{DASHES}]{{0,2}}(?:\(0\)[\s.{DASHES}]{{0,2}})?[1-9]"
    rf"(?:{_PHONE_SEP}{{0,4}}\d){{7,8}}"  # +31 6 12345678, 0031 (0)348-123456
    # 06–12345678, (0348) 12 34 56; not a date with a time (05-03-2026 14:00)
    rf"|(?!0\d[./{DASHES}][01]?\d[./{DASHES}](?:19|20)\d\d)"
    rf"(?:\({_SPACE}?)?0\d(?:{_PHONE_SEP}{{0,4}}\d){{8}}"
    r")"
    r"(?!\d)"
)

# --- addresses ---------------------------------------------------------------------------------
# Postcode letters: capitals (never SA, SD, SS), or lower case unless the two letters form a
# common word or unit ("in 2024 en 2025", "1250 km") that would otherwise read as a postcode.
NOT_POSTCODE_WORDS = frozenset(
    _words(
        "aan al am as bv ca cm cv de dm do eh en er ga ge gr ha he hh in is ja je "
        "ka kb kg km ma me mg ml mm na nl nr nu of om op "
        "pc pm pp st ta te to tv uw vd wc we xl ze zo"
    )
)
_LETTERS = (
    r"(?:(?!S[ADS])[A-Z]{2}"
    rf"|(?![A-Z]{{2}})(?!(?i:{'|'.join(sorted(NOT_POSTCODE_WORDS))})(?![^\W\d_]))[A-Za-z]{{2}})"
    r"(?![^\W\d_])"
)
_POSTCODE = rf"(?<![\d_])[1-9]\d{{3}}{_SPACE}{{0,2}}{_LETTERS}"
# A house number with an optional addition: 12, 12a, 12 B, 12-2, 12/3.
_HOUSE_NUMBER = (
    rf"\d{{1,5}}(?!\d)"
    rf"(?:{_SPACE}?[{DASHES}/]?{_SPACE}?[A-Za-z](?![^\W\d_])|[{DASHES}/]\d{{1,4}}(?!\d))?"
)
# Between postcode and number: "nummer", "nr.", "huisnummer", or the town and street.
_WORD_GAP = r"[\s,;:]{1,4}"
_WORD = r"[^\s\d,;:!?]{1,40}"
_POSTCODE_HOUSE = re.compile(
    rf"{_POSTCODE}(?:{_WORD_GAP}{_WORD}){{0,3}}[\s,;:]{{0,4}}{_HOUSE_NUMBER}"
)
_STREET_WORD = r"[A-ZÀ-ÖØ-Þ'][a-zß-öø-ÿ'’.]{1,40}"
_HOUSE_POSTCODE = re.compile(
    rf"(?<![^\W\d]){_STREET_WORD}(?:[ {DASHES}][A-Za-zß-öø-ÿ'’.]{{1,40}}){{0,3}}{_SPACE}{{1,3}}"
    rf"{_HOUSE_NUMBER},?\s{{1,3}}[1-9]\d{{3}}{_SPACE}{{0,2}}{_LETTERS}"
)
_STREET_ENDINGS = _words(
    "straat steeg laan dreef weg baan pad plein markt kade gracht singel dijk dam wal hof "
    "hoven park erf veld tuin ring poort haven vliet wetering zijde veste boulevard burcht kamp"
)
_STREET_NUMBER = re.compile(
    rf"(?<![^\W\d])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]{{0,40}}(?:{'|'.join(_STREET_ENDINGS)})"
    rf"{_SPACE}{{1,3}}(?:nr\.?{_SPACE}{{0,2}})?{_HOUSE_NUMBER}"
)

# --- names -------------------------------------------------------------------------------------
# Only where the writer says a name follows. The trigger ignores case, the name does not:
# "ik ben blij" stays, "ik ben Jan de Vries" goes. After "ik ben" the name must start with a
# capital ("ik ben in Woerden geweest" stays); after "mijn naam is", "ik heet", "naam:" and a
# greeting it may start with a tussenvoegsel ("mijn naam is de Vries").
_COLON_OR_SPACE = rf"(?:{_SPACE}{{0,3}}:{_SPACE}{{0,3}}|{_SPACE}{{1,3}})"
_I_AM = rf"(?<![^\W\d])(?i:ik{_SPACE}{{1,3}}ben){_COLON_OR_SPACE}"
_NAME_FOLLOWS = (
    rf"(?:(?<![^\W\d])(?i:(?:mijn{_SPACE}{{1,3}}naam{_SPACE}{{1,3}}is|ik{_SPACE}{{1,3}}heet)){_COLON_OR_SPACE}"
    rf"|(?<![^\W\d])(?i:naam){_SPACE}{{0,3}}:{_SPACE}{{0,3}}"
    r"|(?<![^\W\d])(?i:(?:groet(?:en|jes)?|m\.?v\.?g\.?))(?:\s{0,3},\s{0,3}|\s{1,3}))"
)
_TITLE = rf"(?:(?i:mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de{_SPACE}heer){_SPACE}{{1,3}})?"
_TUSSENVOEGSEL = (
    r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|von|vom|des|del|della|di|da|du|do|dos|das|het|'t|te|ter|"
    r"ten|la|le|el|al|zu|bin|ibn|in{_S}(?:'t|de|het)|op{_S}(?:de|den|ten|'t))"
).replace("{_S}", _SPACE)
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ](?:[a-zß-öø-ÿ'’]{1,30}(?:-[A-Za-zß-öø-ÿ][a-zß-öø-ÿ'’]{1,30})?(?!\w)|\.)"
_MORE_NAME = (
    rf"(?:(?:{_SPACE}{{1,3}}|-|(?<=\.))(?:{_TUSSENVOEGSEL}{_SPACE}{{1,3}}){{0,3}}{_CAPITALISED})"
    r"{0,4}"
)
_INTRODUCED_NAME = re.compile(
    rf"(?P<lead>{_I_AM}{_TITLE}){_CAPITALISED}{_MORE_NAME}"
    rf"|(?P<lead2>{_NAME_FOLLOWS}{_TITLE})(?:{_TUSSENVOEGSEL}{_SPACE}{{1,3}}){{0,3}}"
    rf"{_CAPITALISED}{_MORE_NAME}"
)


def _replace_bsn(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return BSN_PLACEHOLDER if bsn_is_valid(digits) else match.group(0)


def _replace_iban(match: re.Match) -> str:
    return IBAN_PLACEHOLDER if iban_is_valid(match.group(0)) else match.group(0)


def _replace_name(match: re.Match) -> str:
    return (match.group("lead") or match.group("lead2")) + NAME_PLACEHOLDER


def scrub_text(text: str) -> str:
    """Return ``text`` without BSNs, IBANs, e-mail addresses, phone numbers, addresses and
    introduced names.

    Order matters: e-mail and IBAN first (they contain digits), then address forms, then phone
    numbers (so that the nine digits after +31 are not read as a BSN), then BSN (only when the
    11-check passes), then names.
    """
    if not text:
        return text
    result = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    result = _IBAN.sub(_replace_iban, result)
    result = _HOUSE_POSTCODE.sub(ADDRESS_PLACEHOLDER, result)
    result = _POSTCODE_HOUSE.sub(ADDRESS_PLACEHOLDER, result)
    result = _STREET_NUMBER.sub(ADDRESS_PLACEHOLDER, result)
    result = _PHONE.sub(PHONE_PLACEHOLDER, result)
    result = _BSN.sub(_replace_bsn, result)
    result = _INTRODUCED_NAME.sub(_replace_name, result)
    return result
