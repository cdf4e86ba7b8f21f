"""Numbers typed with any spacing are found (issue 14, item 9); year spans are not phones."""

import pytest

from bot.guidance.personal_data import find_personal_data, mask_personal_data


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("912  34  567", "telefon"),
        ("ring 912\t34\t567", "telefon"),
        ("912\u00a034\u00a0567", "telefon"),
        ("912\u202f34\u202f567", "telefon"),
        ("912.34.567", "telefon"),
        ("912-34-567", "telefon"),
        ("+47  912 34 567", "telefon"),
        ("150765  00565", "fodselsnummer"),
        ("158765 - 00016", "fodselsnummer"),
        ("1587 65 000 16", "fodselsnummer"),
        ("1234 . 56 . 78903", "kontonummer"),
        ("1234\u00a056\u00a078903", "kontonummer"),
    ],
)
def test_any_spacing_is_found_and_masked(text, kind):
    masked, kinds = mask_personal_data(text)
    assert kinds == [kind]
    assert not any(c.isdigit() for c in masked), masked


def test_a_number_right_after_another_is_found_too():
    kinds = [f.kind for f in find_personal_data("fnr 158765 00016. 984.69.861")]
    assert kinds == ["fodselsnummer", "telefon"]
    kinds = [f.kind for f in find_personal_data("19 45\u00a062\u00a030\u00a012")]
    assert kinds == ["telefon"]


@pytest.mark.parametrize("text", ["(2021–2025)", "2021-2025", "10-49 ansatte", "i 2024 og 2025"])
def test_year_spans_and_small_numbers_stay(text):
    assert find_personal_data(text) == []


def test_a_ticket_reference_is_not_a_phone_number():
    text = "Saken er registrert med referanse EDI-2026-0001. Ring 912 34 567."
    assert mask_personal_data(text)[0] == (
        "Saken er registrert med referanse EDI-2026-0001. Ring [telefonnummer]."
    )
