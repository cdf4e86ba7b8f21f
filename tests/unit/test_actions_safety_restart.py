"""The crisis, personal-data, privacy, audience and restart actions on recorded trackers: the
responses they send, by name, and the events they return."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, AllSlotsReset, SlotSet

from actions.needs_assessment import (
    ASSESSMENT_SLOTS,
    ActionForgetConversation,
    ActionRestartAssessment,
    ActionRestartConversation,
    ActionSetAudience,
)
from actions.safety import (
    ActionCrisisReply,
    ActionCrisisSoft,
    ActionPersonalDataWarning,
    ActionPrivacyInfo,
)
from bot.settings import load_settings
from tests.actions_fixtures import responses, run, tracker


def _entity(entity: str, value: str) -> dict:
    return {"entity": entity, "value": value}


def test_a_fire_reported_for_someone_else_gets_the_fire_numbers_first():
    entities = [_entity("crisis_kind", "fire"), _entity("crisis_who", "third")]
    messages, events = run(ActionCrisisReply(), tracker("det brenner", "crisis", entities))
    assert responses(messages) == ["utter_crisis_fire", "utter_crisis_follow_up"]
    assert events == []


def test_suicide_in_english_for_oneself_is_answered_in_english():
    entities = [_entity("crisis_kind", "suicide"), _entity("crisis_flag", "english")]
    messages, _ = run(ActionCrisisReply(), tracker("I want to die", "crisis", entities))
    assert responses(messages) == [
        "utter_crisis_self_en",
        "utter_crisis_talk_en",
        "utter_crisis_follow_up_en",
    ]


def test_a_crisis_button_without_entities_is_decided_again_from_the_text():
    messages, _ = run(ActionCrisisReply(), tracker("jeg vil ta livet mitt", "crisis"))
    said = responses(messages)
    assert said[0] == "utter_crisis_self"
    assert said[-1] == "utter_crisis_follow_up"


@pytest.mark.parametrize(
    ("flags", "response"),
    [((), "utter_crisis_soft"), (("english",), "utter_crisis_soft_en")],
)
def test_soft_distress_gets_one_line_in_the_persons_language(flags, response):
    entities = [_entity("crisis_flag", flag) for flag in flags]
    messages, events = run(ActionCrisisSoft(), tracker("jeg er så lei meg", "sad", entities))
    assert responses(messages) == [response]
    assert events == []


@pytest.mark.parametrize(
    ("kinds", "text", "said"),
    [
        (["fnr"], "mitt fnr er ...", ["utter_personal_data_warning"]),
        (["fnr"], "finn saken min", ["utter_personal_data_warning", "utter_no_case_lookup"]),
        (["telefon"], "ring meg", ["utter_personal_data_contact"]),
        (["telefon", "epost"], "her er kontaktinfo", ["utter_personal_data_contact"]),
    ],
)
def test_personal_data_is_warned_about_and_contact_details_are_explained(kinds, text, said):
    entities = [_entity("personal_data", kind) for kind in kinds]
    messages, events = run(ActionPersonalDataWarning(), tracker(text, "inform", entities))
    assert responses(messages) == said
    assert events == []


def test_privacy_info_names_the_retention_the_service_runs_with():
    messages, events = run(ActionPrivacyInfo(), tracker("hva lagrer dere?", "privacy"))
    assert responses(messages) == ["utter_privacy_info"]
    assert messages[0]["conversation_days"] == load_settings().conversation_retention_days
    assert events == []


@pytest.mark.parametrize(
    ("intent", "audience", "response"),
    [
        ("i_am_employer", "arbeidsgiver", "utter_audience_employer"),
        ("i_am_youth", "ungdom", "utter_audience_youth"),
    ],
)
def test_the_audience_is_remembered_and_acknowledged(intent, audience, response):
    messages, events = run(ActionSetAudience(), tracker("", intent))
    assert responses(messages) == [response]
    assert events == [SlotSet("audience", audience)]


def test_restarting_the_assessment_forgets_its_answers_and_the_audience():
    recorded = tracker("start på nytt", "restart", audience="ungdom", situation="skole")
    messages, events = run(ActionRestartAssessment(), recorded)
    assert responses(messages) == ["utter_assessment_restarted"]
    assert events == [
        *(SlotSet(slot, None) for slot in ASSESSMENT_SLOTS),
        SlotSet("audience", None),
        SlotSet("assessment", None),
    ]


@pytest.mark.parametrize(
    ("action", "response"),
    [
        (ActionRestartConversation(), "utter_restarted"),
        (ActionForgetConversation(), "utter_delete_conversation"),
    ],
)
def test_restarting_or_deleting_the_conversation_forgets_everything(action, response):
    recorded = tracker("start på nytt", "restart", form="needs_form", audience="ungdom")
    messages, events = run(action, recorded)
    assert responses(messages) == [response]
    assert events == [AllSlotsReset(), ActiveLoop(None)]
