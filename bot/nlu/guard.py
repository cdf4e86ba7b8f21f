"""MessageGuard: rule-based overrides that run after the intent classifier.

Order of precedence: crisis (suicide, self-harm, violence, danger) first, then personal data
(fødselsnummer, account, phone, e-mail), then English. The classifier's own ranking is kept
behind the override so the fallback can still offer "Mente du …?" choices.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.understanding.crisis import is_crisis
from bot.understanding.personal_data import find_personal_data
from bot.understanding.profile import asks_for_person, is_english, wants_person

PERSONAL_DATA_ENTITY = "personal_data"
UNSURE_INTENTS = {"nlu_fallback", "out_of_scope", "bot_challenge"}
SOFT_CRISIS_CONFIDENCE = 0.25


def _confidence_of(message: Message, intent_name: str) -> float:
    for ranked in message.get(INTENT_RANKING_KEY) or []:
        if ranked.get(INTENT_NAME_KEY) == intent_name:
            return float(ranked.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    return 0.0


def _override(message: Message, intent_name: str) -> None:
    intent = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [
        r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent_name
    ]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MessageGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageGuard:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button payload: the intent is given
            found = find_personal_data(text)
            if found:
                entities = list(message.get(ENTITIES) or [])
                entities.extend(
                    {
                        "entity": PERSONAL_DATA_ENTITY,
                        "value": item.kind,
                        "start": item.start,
                        "end": item.end,
                        "extractor": "MessageGuard",
                    }
                    for item in found
                )
                message.set(ENTITIES, entities, add_to_output=True)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0
            crisis_guess = _confidence_of(message, "crisis")
            if is_crisis(text):
                _override(message, "crisis")
            elif crisis_guess >= SOFT_CRISIS_CONFIDENCE:
                # Only the classifier thinks so: say where help is, gently, and still answer.
                _override(message, "crisis_maybe")
            elif (intent in UNSURE_INTENTS or confidence < 0.6) and asks_for_person(text):
                _override(message, "request_human")
            elif found:
                _override(message, "share_personal_info")
            elif is_english(text):
                _override(message, "request_human" if wants_person(text) else "english")
        return messages
