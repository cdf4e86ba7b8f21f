"""Synthetic personal data and a scanner that finds it anywhere, in any spacing.

Used by the privacy property test (unit level) and the integration test through the real
stack. Every number here is synthetic: fødselsnumre and D-numre have month + 80 (never
issued), phone numbers and account numbers are random with valid control digits.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from bot.guidance.personal_data import ACCOUNT_WEIGHTS, FNR_WEIGHTS_1, FNR_WEIGHTS_2


def _mod11(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def synthetic_fnr(rng: random.Random, d_number: bool = False) -> str:
    """A synthetic fødselsnummer (month + 80) or D-nummer (day + 40, month + 80)."""
    while True:
        day = rng.randint(1, 28) + (40 if d_number else 0)
        month = rng.randint(1, 12) + 80
        digits = [int(c) for c in f"{day:02d}{month:02d}{rng.randint(0, 99):02d}"]
        digits += [int(c) for c in f"{rng.randint(0, 999):03d}"]
        k1 = _mod11(digits, FNR_WEIGHTS_1)
        if k1 is None:
            continue
        k2 = _mod11([*digits, k1], FNR_WEIGHTS_2)
        if k2 is None:
            continue
        return "".join(map(str, [*digits, k1, k2]))


def synthetic_account(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(9)]
        check = _mod11(digits, ACCOUNT_WEIGHTS)
        if check is not None:
            return "".join(map(str, [*digits, check]))


def synthetic_phone(rng: random.Random) -> str:
    return rng.choice("49") + "".join(str(rng.randint(0, 9)) for _ in range(7))


def synthetic_email(rng: random.Random) -> str:
    local = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
    return f"{local}.{rng.randint(10, 99)}@example.no"


SEPARATORS = [" ", "  ", "\t", "\u00a0", ".", "-", " - ", "\u2009"]


def spaced(digits: str, rng: random.Random) -> str:
    """The digits as a person might type them: in groups with any separator, or not."""
    style = rng.randint(0, 4)
    if style == 0:
        return digits
    sep = rng.choice(SEPARATORS)
    if len(digits) == 8:
        groups = [(0, 3, 5, 8), (0, 2, 4, 6, 8), (0, 4, 8)][style % 3]
    elif style in (1, 2) and len(digits) == 11:
        groups = (0, 6, 11) if style == 1 else (0, 4, 6, 11)
    else:
        groups = tuple(range(0, len(digits), 2)) + (len(digits),)
    text = sep.join(digits[a:b] for a, b in zip(groups, groups[1:], strict=False))
    if len(digits) == 8 and rng.random() < 0.2:
        text = "+47" + rng.choice([" ", "  ", ""]) + text
    return text


# -- finding it again ------------------------------------------------------------------------
_ESCAPES = re.compile(r"\\u[0-9a-fA-F]{4}|\\[tnr]")


def _digit_pattern(digits: str) -> re.Pattern:
    """The digits with anything but letters and digits (up to 6 characters) between them."""
    between = r"[^0-9A-Za-z]{0,6}"
    return re.compile(r"(?<!\d)" + between.join(digits) + r"(?!\d)")


class Secret:
    def __init__(self, kind: str, value: str) -> None:
        self.kind = kind
        self.value = value  # as canonical digits, or the e-mail address
        if kind == "epost":
            self.pattern = re.compile(re.escape(value), re.I)
        else:
            self.pattern = _digit_pattern(value)

    def found_in(self, text: str) -> bool:
        return bool(self.pattern.search(_ESCAPES.sub(" ", text)))

    def __repr__(self) -> str:
        return f"{self.kind}:{self.value}"


def read_raw(path: Path) -> str:
    """A file's bytes as text (SQLite pages, WAL frames, logs)."""
    return path.read_bytes().decode("latin-1") if path.is_file() else ""


def raw_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def sqlite_dump(path: Path) -> str:
    """Every row of every table of a SQLite file as text (JSON columns decoded too)."""
    import sqlite3

    if not path.is_file():
        return ""
    connection = sqlite3.connect(path)
    try:
        lines = list(connection.iterdump())
    finally:
        connection.close()
    text = "\n".join(lines)
    decoded = []
    for match in re.finditer(r"'(\{.*?\})'", text):
        try:
            decoded.append(json.dumps(json.loads(match.group(1)), ensure_ascii=False))
        except ValueError:
            continue
    return text + "\n" + "\n".join(decoded)
