"""Who changed which entry when (`content_change`: the form row before and after).

Append-only; a revert (knowledge.editing.revert) saves an older row through the validated
path. Usernames and content only, no personal data of people who asked for help.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import JSON, Column, DateTime, Integer, String, select

from knowledge.database import get_engine, session_scope
from knowledge.edit_form import LABELS, cell, changed_columns, form_row
from knowledge.models import Base
from knowledge.store import create_schema

ACTIONS = {
    "edit": "endret",
    "revert": "tilbakestilt",
    "alias": "alias fra vurderingskøen",
    "import": "importert fra regneark",
}


class ContentChange(Base):
    """One saved edit of one entry: who, when, what (the spreadsheet row before and after).
    Append-only; usernames and content, no personal data of people who asked for help."""

    __tablename__ = "content_change"

    id = Column(Integer, primary_key=True, autoincrement=True)
    entry_id = Column(String(80), nullable=False, index=True)
    editor = Column(String(80), nullable=False)
    action = Column(String(20), nullable=False)
    at = Column(DateTime, nullable=False)
    before = Column(JSON, nullable=True)
    after = Column(JSON, nullable=False)


_schema_ready: set[str] = set()


def ensure_schema(url: str | None = None) -> None:
    engine = get_engine(url)
    key = str(engine.url)
    if key not in _schema_ready:
        create_schema(url)
        Base.metadata.create_all(engine, tables=[ContentChange.__table__])
        _schema_ready.add(key)


@dataclass(frozen=True)
class Change:
    id: int
    entry_id: str
    editor: str
    action: str
    at: dt.datetime
    columns: tuple[str, ...]  # what changed
    before: dict | None
    after: dict

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def labels(self) -> list[str]:
        return [LABELS.get(c, c) for c in self.columns]

    @property
    def diff(self) -> list[tuple[str, str, str]]:
        """(label, before, after) of every changed field, as the form shows the cells."""
        before = self.before or {}
        return [
            (LABELS.get(c, c), cell(before.get(c)), cell(self.after.get(c))) for c in self.columns
        ]


def history(entry_id: str, url: str | None = None) -> list[Change]:
    """The saved changes of one entry, newest first."""
    ensure_schema(url)
    with session_scope(url) as session:
        rows = session.execute(
            select(ContentChange)
            .where(ContentChange.entry_id == entry_id)
            .order_by(ContentChange.id.desc())
        ).scalars()
        return [
            Change(
                r.id,
                r.entry_id,
                r.editor,
                r.action,
                r.at,
                tuple(changed_columns(r.before, r.after)),
                r.before,
                r.after,
            )
            for r in rows
        ]


def record_import(
    entries: list[dict], before: Mapping[str, dict], editor: str, url: str | None = None
) -> int:
    """After a spreadsheet import: one history row for every entry it added or changed."""
    ensure_schema(url)
    now = dt.datetime.utcnow()
    count = 0
    with session_scope(url) as session:
        for entry in entries:
            after = form_row(entry)
            previous = before.get(entry["id"])
            if previous is not None and not changed_columns(previous, after):
                continue
            session.add(
                ContentChange(
                    entry_id=entry["id"],
                    editor=editor,
                    action="import",
                    at=now,
                    before=previous,
                    after=after,
                )
            )
            count += 1
    return count
