"""The forms' shared validator, cancelling and refusing a handoff, and the action server's registry: every custom action and form
validator the domain names is one the action server registers."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

import actions.handoff as handoff
from actions.handoff import HANDOFF_SLOTS, ActionCancelHandoff, ActionSubmitHandoff
from actions.handoff_form import ValidateHandoffForm
from actions.needs_assessment import ValidateNeedsForm
from bot.training import load_domain
from tests.actions_fixtures import responses, run, tracker

FORMS = [(ValidateHandoffForm(), "handoff_form"), (ValidateNeedsForm(), "needs_form")]


@pytest.mark.parametrize(("validator", "form"), FORMS)
@pytest.mark.parametrize(
    ("answer", "slots", "said"),
    [
        (
            "jeg er arbeidsgiver",
            {"who_am_i": "jeg er arbeidsgiver", "audience": "arbeidsgiver"},
            [],
        ),
        ("ungdom", {"who_am_i": "ungdom", "audience": "ungdom"}, []),
        # the company given where who is asking is asked: an employer
        (
            "Bamsebo barnehage, kontaktperson Ingrid Moe",
            {"who_am_i": "Bamsebo barnehage, kontaktperson Ingrid Moe", "audience": "arbeidsgiver"},
            [],
        ),
        ("ja da", {"who_am_i": None}, ["utter_invalid_who_am_i"]),
        ("  bananer ", {"who_am_i": None}, ["utter_invalid_who_am_i"]),
        (None, {"who_am_i": None}, ["utter_invalid_who_am_i"]),
    ],
)
def test_both_forms_ask_who_you_are_the_same_way(validator, form, answer, slots, said):
    dispatcher = CollectingDispatcher()
    recorded = tracker(answer or "", form=form, requested_slot="who_am_i")
    result = validator.validate_who_am_i(answer, dispatcher, recorded, {})
    assert result == slots
    assert responses(dispatcher.messages) == said


def test_every_custom_action_in_the_domain_is_registered():
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = load_domain()
    named = {a if isinstance(a, str) else next(iter(a)) for a in domain.get("actions") or []}
    custom = {n for n in named if n.startswith(("action_", "validate_"))}
    custom |= {f"validate_{form}" for form in domain.get("forms") or {}}
    assert custom
    assert sorted(custom - set(executor.actions)) == []


def test_cancelling_the_handoff_forgets_its_answers():
    recorded = tracker("avbryt", "cancel", form="handoff_form", first_name="Ola")
    messages, events = run(ActionCancelHandoff(), recorded)
    assert responses(messages) == ["utter_handoff_cancelled"]
    assert events == [SlotSet(slot, None) for slot in HANDOFF_SLOTS]


@pytest.mark.parametrize(
    ("consent", "confirm", "said"),
    [("nei", None, ["utter_handoff_declined"]), ("ja", None, []), (None, "ja", [])],
)
def test_no_case_is_made_without_consent_and_confirmation(consent, confirm, said, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no case may be opened")

    monkeypatch.setattr(handoff, "open_case", refuse)
    recorded = tracker("nei", handoff_consent=consent, handoff_confirm=confirm)
    messages, events = run(ActionSubmitHandoff(), recorded)
    assert responses(messages) == said
    assert events == [SlotSet(slot, None) for slot in HANDOFF_SLOTS]
