"""CSV cells a spreadsheet will not run as formulas (the inbox's exports)."""

from __future__ import annotations

import csv
import io
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A formula character after a separator a spreadsheet may split on (a Norwegian one splits on
# ";" and ignores the quotes of a comma-separated file), spaces allowed in between.
FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n|]\s*)(?=[=+\-@])")


def cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets an apostrophe in front: at the start of
    the cell and after every separator, so `ok;=1+1;x` split on ";" is `ok`, `'=1+1`, `x`."""
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    return "'" + text if text[:1] in FORMULA_START else text


def write_csv(header: list[str], rows) -> str:
    """Every field quoted and neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(str(value)) for value in row])
    return buffer.getvalue()
