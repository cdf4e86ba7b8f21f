"""SQLAlchemy models of the knowledge base (SQLAlchemy 1.4, 2.0 style)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from knowledge.database import Base


class Tiltak(Base):
    __tablename__ = "tiltak"

    id = Column(String(80), primary_key=True)
    name = Column(String(200), nullable=False, unique=True)
    aliases = Column(JSON, nullable=False, default=list)
    audience = Column(String(20), nullable=False)
    target_groups = Column(JSON, nullable=False, default=list)
    scope = Column(String(20), nullable=False)
    municipality = Column(String(80), nullable=False, default="")
    provider = Column(Text, nullable=False, default="")
    tags = Column(JSON, nullable=False, default=list)
    summary = Column(Text, nullable=False)
    min_age = Column(Integer, nullable=True)
    max_age = Column(Integer, nullable=True)
    conditions = Column(Text, nullable=False, default="")
    offers = Column(Text, nullable=False, default="")
    how_to_start = Column(Text, nullable=False, default="")
    contact_role = Column(String(80), nullable=False, default="")
    cost = Column(Text, nullable=False, default="")
    status = Column(String(20), nullable=False)
    key_facts = Column(JSON, nullable=False, default=list)
    conflicts = Column(JSON, nullable=False, default=list)
    # The `en:` block (knowledge/english.py). Nullable: a table made before it gets the
    # column added without a default (knowledge.store.create_schema).
    english = Column(JSON, nullable=True, default=dict)
    last_reviewed = Column(Date, nullable=False, default=dt.date.today)
    content_file = Column(String(120), nullable=False, default="")

    sources = relationship(
        "TiltakSource",
        back_populates="tiltak",
        cascade="all, delete-orphan",
        order_by="TiltakSource.position",
    )


class TiltakSource(Base):
    __tablename__ = "tiltak_source"

    id = Column(Integer, primary_key=True, autoincrement=True)
    tiltak_id = Column(String(80), ForeignKey("tiltak.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False, default=0)
    field = Column(String(40), nullable=False)
    ref = Column(String(120), nullable=False)
    quote = Column(Text, nullable=False, default="")

    tiltak = relationship("Tiltak", back_populates="sources")
