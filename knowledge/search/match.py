"""What a search returns: the entry, how well it matched and why, in one line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    tiltak: dict
    score: float
    reason: str
