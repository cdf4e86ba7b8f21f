"""Short Norwegian labels for intents, used on "Mente du …?" buttons."""

from __future__ import annotations

INTENT_LABELS = {
    "ask_tiltak": "Spørsmål om et tiltak",
    "find_tiltak": "Finne tiltak som passer for meg",
    "ask_eligibility": "Hvem som kan få et tiltak",
    "ask_how_to_start": "Hvordan man kommer i gang",
    "ask_cost": "Hva det koster",
    "ask_fact": "Tall og resultater",
    "request_human": "Snakke med en person",
    "privacy_question": "Hva som lagres om meg",
    "delete_conversation": "Slette samtalen",
    "what_can_you_do": "Hva du kan hjelpe med",
    "i_am_youth": "Jeg er ung og vil ha jobb eller skole",
    "i_am_employer": "Jeg er arbeidsgiver",
    "start_assessment": "Finn tiltak for meg",
    "bot_challenge": "Om du er en robot",
    "greet": "Hilse",
    "goodbye": "Avslutte samtalen",
    "start_over": "Starte på nytt",
}


def intent_label(intent: str) -> str | None:
    return INTENT_LABELS.get(intent)
