import pytest

from bot.guidance.personal_data import (
    find_personal_data,
    is_account_number,
    is_fodselsnummer,
    mask_personal_data,
)

SYNTHETIC_FNR = "02900356687"  # month + 80: synthetic, valid control digits


def test_fodselsnummer_control_digits():
    assert is_fodselsnummer(SYNTHETIC_FNR)
    assert is_fodselsnummer("16840169956")
    assert not is_fodselsnummer("02900356688")  # last digit wrong
    assert not is_fodselsnummer("1234567890")  # too short


def test_account_number_control_digit():
    assert is_account_number("1234.56.78903")
    assert not is_account_number("1234.56.78904")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"personnummer {SYNTHETIC_FNR} – finn saken", "fodselsnummer"),
        ("fnr 168401 69956", "fodselsnummer"),
        ("kontonr 1234.56.78903", "kontonummer"),
        ("ring 976 54 321", "telefon"),
        ("mobil 48 12 34 56", "telefon"),
        ("+47 40123456", "telefon"),
        ("mail ola.nordmann@example.com", "epost"),
    ],
)
def test_kinds_are_found_and_masked(text, kind):
    masked, kinds = mask_personal_data(text)
    assert kind in kinds
    digits = "".join(c for c in text if c.isdigit())
    assert digits[-6:] not in "".join(c for c in masked if c.isdigit()) or not digits
    assert "@" not in masked


def test_numbers_that_are_not_personal_data_stay():
    for text in ("jeg er 18 år", "vi har 12 ansatte", "i 2024 og 2025", "24 millioner kroner"):
        assert find_personal_data(text) == [], text


def test_consented_contact_can_be_kept():
    masked, kinds = mask_personal_data(f"tlf 92 34 56 78, fnr {SYNTHETIC_FNR}", keep=("telefon",))
    assert "92 34 56 78" in masked
    assert SYNTHETIC_FNR not in masked
    assert kinds == ["telefon", "fodselsnummer"]


@pytest.mark.parametrize(
    "text",
    [
        "923609016 79  77  18  26  93  3,",  # an org number, then an account number
        "ref 12 34 15076500565",  # digits, then a fødselsnummer
        "4 15076500565",
    ],
)
def test_a_valid_number_inside_a_longer_run_is_found_where_it_starts(text):
    from bot.guidance.contact import find_contact

    found = find_personal_data(text)
    assert [f.kind for f in found if f.kind in ("fodselsnummer", "kontonummer")]
    assert find_contact(text) is None, "no part of it is a phone number"
    masked, _ = mask_personal_data(text)
    assert "77  18  26  93" not in masked and "15076500565" not in masked
