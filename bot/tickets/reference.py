"""Case references (EDI-2026-0003): the one place that knows how they look.

A reference is made as `EDI-<year>-<number, at least four digits>`. People type it back in
many ways ("edi 2026 3", "EDI-2026-0003", "Edi2026-0003"); `find_reference` reads all of them
and `normalise` gives the stored form. The personal-data masking uses `TYPED_REFERENCE` too, so
that the digits of a reference are never taken for a phone number.
"""

from __future__ import annotations

import re

# As stored and as the inbox's URLs use it.
STORED_PATTERN = r"EDI-\d{4}-\d{4,}"
STORED = re.compile(rf"^{STORED_PATTERN}\Z")
# As typed: any case, spaces, dashes, dots or nothing between the parts; a number of up to six
# digits that does not run on into more digits ("edi 2026 91234567" is no reference).
TYPED_REFERENCE = re.compile(
    r"(?<![\w])edi[\s\u00a0\-_.:/#]{0,3}((?:19|20)\d\d)[\s\u00a0\-_./]{0,3}(\d{1,6})(?![\d])",
    re.IGNORECASE,
)


def make_reference(year: int, number: int) -> str:
    return f"EDI-{year}-{number:04d}"


def normalise(year: str | int, number: str | int) -> str:
    return make_reference(int(year), int(number))


def find_reference(text: str) -> str | None:
    """The first case reference typed in the text, in its stored form, or None."""
    match = TYPED_REFERENCE.search(text or "")
    if match is None or int(match.group(2)) == 0:
        return None
    return normalise(match.group(1), match.group(2))


def is_reference(text: str) -> bool:
    return bool(STORED.match(text or ""))
