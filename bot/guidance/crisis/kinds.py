"""The decision's vocabulary: levels, kinds, who, and the assessment they form."""

from __future__ import annotations

import dataclasses

DANGER = "danger"
DISTRESS = "distress"
NONE = "none"

SUICIDE = "suicide"
SELFHARM = "selfharm"
MEDICAL = "medical"
VIOLENCE = "violence"
CHILD = "child"
FIRE = "fire"
KINDS = (SUICIDE, SELFHARM, MEDICAL, VIOLENCE, CHILD, FIRE)

SELF = "self"
THIRD = "third"
EMPLOYER = "employer"


@dataclasses.dataclass(frozen=True)
class CrisisAssessment:
    level: str = NONE
    kinds: frozenset[str] = frozenset()
    who: str = SELF
    young: bool = False
    english: bool = False
    matched: tuple[str, ...] = ()

    @property
    def is_crisis(self) -> bool:
        return self.level == DANGER


def _flexible(pattern: str) -> str:
    """Patterns are written with single spaces; optional groups may leave two or none."""
    return pattern.replace(" *", " ").replace(" ?", " ").replace(" ", r"\s*")
