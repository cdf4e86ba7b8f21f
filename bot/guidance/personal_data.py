"""Find and mask personal data: fødselsnummer / D-nummer, bank account numbers, phone
numbers and e-mail addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.tickets.reference import TYPED_REFERENCE

FNR_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
FNR_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# Between the digits of a number people type spaces (also two, tabs, non-breaking and thin
# spaces), dots and dashes: "912  34  567", "150765 - 00565", "1234.56.78903".
SEP = r"[ \t\u00a0\u2007\u2009\u202f.\-\u2010-\u2013]{0,3}"
_ELEVEN_DIGITS = re.compile(rf"(?<![\d])(\d(?:{SEP}\d){{10}})(?![\d])")
_DIGIT_RUN = re.compile(rf"(?<![\d])\d(?:{SEP}\d)*(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(rf"(?<![\d+])(?:(?:\+|00){SEP}47{SEP})?(?:\d{SEP}){{7}}\d(?![\d])")

_YEARS = re.compile(r"(?:19|20)\d\d\s{0,2}[-\u2010-\u2014/]\s{0,2}(?:19|20)\d\d")

# A case reference as people type it ("EDI-2026-0003", "edi 2026 0003") is no phone number.
_REFERENCE = TYPED_REFERENCE

LABELS = {
    "fodselsnummer": "[fødselsnummer]",
    "kontonummer": "[kontonummer]",
    "nummer": "[nummer]",
    "telefon": "[telefonnummer]",
    "epost": "[e-post]",
}


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int
    value: str


def _mod11(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def is_fodselsnummer(number: str) -> bool:
    """11 digits whose two control digits are valid (fødselsnummer, D-nummer, synthetic)."""
    digits = [int(c) for c in re.sub(r"\D", "", number)]
    if len(digits) != 11:
        return False
    k1 = _mod11(digits[:9], FNR_WEIGHTS_1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _mod11(digits[:10], FNR_WEIGHTS_2)
    return k2 is not None and k2 == digits[10]


def is_account_number(number: str) -> bool:
    digits = [int(c) for c in re.sub(r"\D", "", number)]
    if len(digits) != 11:
        return False
    check = _mod11(digits[:10], ACCOUNT_WEIGHTS)
    return check is not None and check == digits[10]


def find_personal_data(text: str) -> list[Found]:
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def rest() -> str:
        """The text with what was found blanked out, so that a later pattern neither matches
        it nor is kept from the digits right after it ("23812462628. 984.69.861")."""
        blanked = text
        for start, end in taken:
            blanked = blanked[:start] + "#" * (end - start) + blanked[end:]
        return blanked

    for match in _EMAIL.finditer(text):
        found.append(Found("epost", match.start(), match.end(), match.group()))
        taken.append(match.span())
    # A run of more than eleven digits ("923609016 79 77 18 26 93 3": an org number, then an
    # account number): the valid fødselsnummer or account number inside it is what it holds,
    # wherever it starts, so that no part of it is left to be read as a phone number.
    for run in _DIGIT_RUN.finditer(rest()):
        digits = [run.start() + i for i, ch in enumerate(run.group()) if ch.isdigit()]
        first = 0
        while len(digits) > 11 and first + 11 <= len(digits):
            start, end = digits[first], digits[first + 10] + 1
            value = text[start:end]
            kind = (
                "fodselsnummer"
                if is_fodselsnummer(value)
                else "kontonummer"
                if is_account_number(value)
                else None
            )
            if kind is None:
                first += 1
                continue
            found.append(Found(kind, start, end, value))
            taken.append((start, end))
            first += 11
    for match in _ELEVEN_DIGITS.finditer(rest()):
        value = match.group(1)
        if is_fodselsnummer(value):
            kind = "fodselsnummer"
        elif is_account_number(value):
            kind = "kontonummer"
        else:
            kind = "nummer"
        found.append(Found(kind, match.start(1), match.end(1), value))
        taken.append(match.span(1))
    # Every start, not only after the previous candidate: in "19 45 62 30 12" the eight digits
    # from "19" are no phone number, the eight from "45" are. A ticket reference is none.
    remaining, position = _REFERENCE.sub(lambda m: "#" * len(m.group()), rest()), 0
    while (match := _PHONE.search(remaining, position)) is not None:
        position = match.start() + 1
        if not free(*match.span()):
            continue
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("47") and len(digits) == 10:
            digits = digits[2:]
        elif digits.startswith("0047"):
            digits = digits[4:]
        if _YEARS.fullmatch(match.group().strip()):
            continue  # "2021–2025" is a span of years
        if len(digits) == 8 and digits[0] in "2345679":
            found.append(Found("telefon", match.start(), match.end(), match.group().strip()))
            taken.append(match.span())
            position = match.end()
    return sorted(found, key=lambda f: f.start)


def mask_personal_data(text: str, keep: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """Replace personal data with labels. `keep` lists kinds left as they are (e.g. a phone
    number a user gives with consent in a handoff). Returns the text and the kinds found."""
    kinds: list[str] = []
    pieces: list[str] = []
    position = 0
    for item in find_personal_data(text):
        kinds.append(item.kind)
        if item.kind in keep:
            continue
        pieces.append(text[position : item.start])
        pieces.append(LABELS[item.kind])
        position = item.end
    pieces.append(text[position:])
    return "".join(pieces), kinds
