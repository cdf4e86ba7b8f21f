"""Store tiltak entries in the database and read them back.

The entry dict has the shape of the YAML content files (see knowledge/CONTENT.md); it is
the one exchange format between content files, spreadsheets and the database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, String, delete, inspect, select, text
from sqlalchemy.orm import selectinload

from knowledge.coerce import parse_date
from knowledge.database import get_engine, session_scope
from knowledge.english import canonical_english
from knowledge.entry import Entry
from knowledge.models import Base, Tiltak, TiltakSource
from knowledge.validation import Problem, validate_entries


class Meta(Base):
    """Key/value facts about the stored content, e.g. when it last changed."""

    __tablename__ = "knowledge_meta"

    key = Column(String(40), primary_key=True)
    value = Column(String(200), nullable=False)
    updated_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


class InvalidContent(ValueError):
    """Raised when entries do not validate; nothing has been stored."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} feil i innholdet")
        self.problems = problems


def _as_date(value) -> dt.date:
    """The review date of a validated entry (validation has rejected any other value)."""
    found = parse_date(value)
    if found is None:
        raise ValueError(f"'{value}' er ikke en dato (ÅÅÅÅ-MM-DD)")
    return found


def _int_or_none(value) -> int | None:
    if value is None or str(value).strip() in ("", "nan", "None"):
        return None
    return int(float(value))


def entry_to_model(entry: dict) -> Tiltak:
    eligibility = entry.get("eligibility") or {}
    tiltak = Tiltak(
        id=str(entry["id"]).strip(),
        name=str(entry["name"]).strip(),
        aliases=list(entry.get("aliases") or []),
        audience=entry["audience"],
        target_groups=list(entry.get("target_groups") or []),
        scope=entry["scope"],
        municipality=entry.get("municipality") or "",
        provider=entry.get("provider") or "",
        tags=list(entry.get("tags") or []),
        summary=str(entry["summary"]).strip(),
        min_age=_int_or_none(eligibility.get("min_age")),
        max_age=_int_or_none(eligibility.get("max_age")),
        conditions=(eligibility.get("conditions") or "").strip(),
        offers=(entry.get("offers") or "").strip(),
        how_to_start=(entry.get("how_to_start") or "").strip(),
        contact_role=entry.get("contact_role") or "",
        cost=(entry.get("cost") or "").strip(),
        status=entry["status"],
        key_facts=[dict(fact) for fact in entry.get("key_facts") or []],
        conflicts=[dict(conflict) for conflict in entry.get("conflicts") or []],
        english=canonical_english(entry.get("en")),
        last_reviewed=_as_date(entry["last_reviewed"]),
        content_file=entry.get("_file") or "",
    )
    tiltak.sources = [
        TiltakSource(
            position=position,
            field=source["field"],
            ref=source["ref"],
            quote=source.get("quote") or "",
        )
        for position, source in enumerate(entry.get("sources") or [])
    ]
    return tiltak


def model_to_entry(tiltak: Tiltak) -> Entry:
    entry = {
        "id": tiltak.id,
        "name": tiltak.name,
        "aliases": list(tiltak.aliases or []),
        "audience": tiltak.audience,
        "target_groups": list(tiltak.target_groups or []),
        "scope": tiltak.scope,
        "municipality": tiltak.municipality,
        "provider": tiltak.provider,
        "tags": list(tiltak.tags or []),
        "summary": tiltak.summary,
        "eligibility": {
            "min_age": tiltak.min_age,
            "max_age": tiltak.max_age,
            "conditions": tiltak.conditions,
        },
        "offers": tiltak.offers,
        "how_to_start": tiltak.how_to_start,
        "contact_role": tiltak.contact_role,
        "cost": tiltak.cost,
        "status": tiltak.status,
        "sources": [{"field": s.field, "ref": s.ref, "quote": s.quote} for s in tiltak.sources],
        "key_facts": [dict(fact) for fact in tiltak.key_facts or []],
        "conflicts": [dict(conflict) for conflict in tiltak.conflicts or []],
        "last_reviewed": tiltak.last_reviewed,
    }
    if tiltak.english:  # like the content files: no `en` key when there is no English
        entry["en"] = canonical_english(tiltak.english)
    if tiltak.content_file:
        entry["_file"] = tiltak.content_file
    return Entry(entry)


def create_schema(url: str | None = None) -> None:
    """Create the tables; a `tiltak` table made before a column existed gets the column."""
    engine = get_engine(url)
    Base.metadata.create_all(engine)
    present = {column["name"] for column in inspect(engine).get_columns(Tiltak.__tablename__)}
    missing = [c for c in Tiltak.__table__.columns if c.name not in present and c.nullable]
    if missing:
        with engine.begin() as connection:
            for column in missing:
                kind = column.type.compile(dialect=engine.dialect)
                connection.execute(
                    text(f"ALTER TABLE {Tiltak.__tablename__} ADD COLUMN {column.name} {kind}")
                )


def replace_all(
    entries: list[dict], url: str | None = None, check_sources: bool | None = None
) -> int:
    """Validate, then replace every stored entry in one transaction. Returns the count."""
    problems = validate_entries(entries, check_sources=check_sources)
    if problems:
        raise InvalidContent(problems)
    create_schema(url)
    with session_scope(url) as session:
        session.execute(delete(TiltakSource))
        session.execute(delete(Tiltak))
        session.add_all(entry_to_model(entry) for entry in entries)
        version = dt.datetime.utcnow().isoformat()
        meta = session.get(Meta, "version") or Meta(key="version")
        meta.value = version
        meta.updated_at = dt.datetime.utcnow()
        session.add(meta)
    return len(entries)


def load_all(url: str | None = None) -> list[dict]:
    with session_scope(url) as session:
        rows = session.execute(
            select(Tiltak)
            .options(selectinload(Tiltak.sources))
            .order_by(Tiltak.content_file, Tiltak.id)
        ).scalars()
        return [model_to_entry(row) for row in rows]


def content_version(url: str | None = None) -> str | None:
    with session_scope(url) as session:
        meta = session.get(Meta, "version")
        return meta.value if meta else None
