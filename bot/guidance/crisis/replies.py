"""The reply: the names of the domain's crisis responses, most urgent first."""

from __future__ import annotations

from bot.guidance.crisis.kinds import (
    CHILD,
    EMPLOYER,
    FIRE,
    MEDICAL,
    SELF,
    SELFHARM,
    SUICIDE,
    THIRD,
    VIOLENCE,
    CrisisAssessment,
)

# --- the reply: names of domain responses ----------------------------------------------------

# Which number each kind must show (tests check the lead responses against this).
NUMBERS_BY_KIND = {
    SUICIDE: ("113", "116 123", "22 40 00 40"),
    SELFHARM: ("116 123", "113"),
    MEDICAL: ("113",),
    VIOLENCE: ("112",),
    CHILD: ("116 111",),
    FIRE: ("110",),
}


ENGLISH_RESPONSES = {
    "utter_crisis_fire": "utter_crisis_fire_en",
    "utter_crisis_violence": "utter_crisis_violence_en",
    "utter_crisis_medical": "utter_crisis_medical_en",
    "utter_crisis_self": "utter_crisis_self_en",
    "utter_crisis_other": "utter_crisis_other_en",
    "utter_crisis_employee": "utter_crisis_employee_en",
    "utter_crisis_talk": "utter_crisis_talk_en",
    "utter_crisis_talk_other": "utter_crisis_talk_other_en",
    "utter_crisis_child": "utter_crisis_child_en",
    "utter_crisis_follow_up": "utter_crisis_follow_up_en",
}


def crisis_responses(assessment: CrisisAssessment) -> list[str]:
    """Response names, most urgent first. The last one always lists 113, 112 and 110."""
    kinds = assessment.kinds or frozenset({SUICIDE})
    names: list[str] = []
    if FIRE in kinds:
        names.append("utter_crisis_fire")
    if VIOLENCE in kinds:
        names.append("utter_crisis_violence")
    if MEDICAL in kinds:
        names.append("utter_crisis_medical")
    if kinds & {SUICIDE, SELFHARM}:
        lead = {
            SELF: "utter_crisis_self",
            THIRD: "utter_crisis_other",
            EMPLOYER: "utter_crisis_employee",
        }[assessment.who]
        names.append(lead)
        names.append("utter_crisis_talk" if assessment.who == SELF else "utter_crisis_talk_other")
    if CHILD in kinds or assessment.young:
        names.append("utter_crisis_child")
    names.append("utter_crisis_follow_up")
    if assessment.english:
        names = [ENGLISH_RESPONSES[name] for name in names]
    return names
