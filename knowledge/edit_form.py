"""An entry as the content editor's form shows it: one spreadsheet row of text cells, with
Norwegian labels, a fingerprint to notice a concurrent edit, and errors by field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.cells import COLUMNS, FILE_COLUMN, entry_to_row
from knowledge.spreadsheet import HEADER_ROW

# What an editor sees for each column (the spreadsheet's column names stay the keys).
LABELS = {
    "id": "ID",
    "name": "Navn",
    "aliases": "Andre navn (alias)",
    "audience": "Målgruppe",
    "scope": "Område",
    "target_groups": "Målgrupper",
    "municipality": "Kommune",
    "provider": "Hvem som tilbyr det",
    "tags": "Emner",
    "summary": "Kort beskrivelse",
    "min_age": "Minstealder",
    "max_age": "Maksalder",
    "conditions": "Vilkår",
    "offers": "Dette får man",
    "how_to_start": "Slik kommer man i gang",
    "contact_role": "Hvem man kan spørre",
    "cost": "Kostnad",
    "status": "Status",
    "sources": "Kilder",
    "key_facts": "Nøkkeltall",
    "conflicts": "Kildene er uenige",
    "last_reviewed": "Sist gjennomgått",
    "en_summary": "Engelsk: kort beskrivelse",
    "en_offers": "Engelsk: dette får man",
    "en_how_to_start": "Engelsk: slik kommer man i gang",
    "en_conditions": "Engelsk: vilkår",
    "en_cost": "Engelsk: kostnad",
    "en_contact_role": "Engelsk: hvem man kan spørre",
    "en_key_facts": "Engelsk: nøkkeltall",
    FILE_COLUMN: "Innholdsfil",
}
EDITED_ROW = HEADER_ROW + 1  # the row number the edited entry gets in validation
REQUIRED_MESSAGE = "mangler (feltet er påkrevd)"


@dataclass(frozen=True)
class FieldError:
    column: str
    message: str

    @property
    def label(self) -> str:
        return LABELS.get(self.column, self.column)

    def __str__(self) -> str:
        if self.message == REQUIRED_MESSAGE:
            return f"Feltet «{self.label}» kan ikke være tomt."
        return f"Feltet «{self.label}»: {self.message}"


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def form_row(entry: Mapping) -> dict[str, str]:
    """The entry as one spreadsheet row of text cells (what the form shows and history keeps)."""
    return {column: cell(value) for column, value in entry_to_row(entry).items()}


def row_fingerprint(row: Mapping) -> str:
    """A short hash of a row, so a form can tell whether the entry changed since it was opened."""
    text = json.dumps({c: cell(row.get(c)) for c in COLUMNS}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def changed_columns(before: Mapping | None, after: Mapping) -> list[str]:
    if before is None:
        return [c for c in COLUMNS if cell(after.get(c))]
    return [c for c in COLUMNS if cell(before.get(c)) != cell(after.get(c))]
