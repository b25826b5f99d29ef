"""Personal data is scrubbed from open answers: BSN (11-check), phone, e-mail, IBAN, address."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dienstverlening.core.scrub import bsn_is_valid, iban_is_valid, scrub_text


def bsn_from(first8: str) -> str | None:
    """Complete eight digits with the ninth that passes the 11-check, if one exists."""
    total = sum(int(d) * w for d, w in zip(first8, range(9, 1, -1), strict=True))
    last = total % 11
    return first8 + str(last) if last < 10 else None


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_valid_bsn_is_scrubbed(first8):
    bsn = bsn_from(first8)
    if bsn is None or bsn == "000000000":
        return
    assert bsn_is_valid(bsn)
    text = f"Mijn nummer is {bsn}, graag terugbellen."
    assert bsn not in scrub_text(text)
    spaced = f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"
    assert bsn[:4] not in scrub_text(f"BSN {spaced}")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_nine_digits_failing_the_check_are_kept(digits):
    if bsn_is_valid(digits) or digits.startswith("0"):
        return  # valid ones are scrubbed; leading 0 may read as a phone number
    assert digits in scrub_text(f"Zaaknummer {digits}")


@given(st.text(max_size=200))
def test_scrub_never_crashes_and_is_idempotent(text):
    once = scrub_text(text)
    assert scrub_text(once) == once


@pytest.mark.parametrize(
    "text,gone",
    [
        ("Bel 06-12345678 even", "12345678"),
        ("Bel 0612345678", "0612345678"),
        ("tel. 0348 - 42 84 11", "42 84 11"),
        ("bel +31 6 1234 5678", "1234 5678"),
        ("bel 0031612345678", "612345678"),
        ("(010) 123 45 67", "123 45 67"),
        ("mail naar j.de.vries+post@woerden.nl", "vries"),
        ("IBAN NL91 ABNA 0417 1643 00", "0417"),
        ("rekening NL91ABNA0417164300", "NL91ABNA0417164300"),
        ("Ik woon op 3441 AB 12 in Woerden", "3441 AB 12"),
        ("adres: 3421ab 7a", "3421ab"),
        ("Kerkstraat 12, 3441 AB Woerden", "Kerkstraat 12"),
    ],
)
def test_personal_data_is_replaced(text, gone):
    assert gone not in scrub_text(text)
    assert "verwijderd]" in scrub_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 en 2025 ging het 3 keer mis.",
        "Ik gaf een 8 en wachtte 20 minuten.",
        "Bel 14 0348 voor een afspraak.",
    ],
)
def test_ordinary_text_is_kept(text):
    assert scrub_text(text) == text


def test_iban_check():
    assert iban_is_valid("NL91 ABNA 0417 1643 00")
    assert iban_is_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_is_valid("NL91 ABNA 0417 1643 01")
