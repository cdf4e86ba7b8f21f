"""Whose crisis it is: the writer, a third person, or an employee (written by an employer)."""

from __future__ import annotations

import re

from bot.guidance.crisis.guards import _EMPLOYEE, _THIRD
from bot.guidance.crisis.kinds import EMPLOYER, SELF, THIRD


def _who(text: str) -> str:
    if _EMPLOYEE.search(text):
        return EMPLOYER
    first_person = re.search(r"\b(jeg|meg|min|mitt|mine|i|me|my|myself|i'm)\b", text)
    third = _THIRD.search(text)
    if third and (
        not first_person
        or re.search(
            r"\b(min|mitt|mine|my)\b|\b(han|hun|he|she) (har|sier|sa|skal|vil|er|tok|truer|skrev|has|says|said|will|is|took|wants)\b|\bseg\b",
            text,
        )
    ):
        # "kompisen min sier han vil dø": third person; "jeg vil ta livet mitt": self.
        if re.search(
            r"\b(jeg|eg|i) (vil|skal|har lyst|orker|klarer|kommer til|want|wanna|am going)\b.*\b(dø|leve|meg selv|livet mitt|die|myself)\b",
            text,
        ):
            return SELF
        return THIRD
    return SELF
