"""The guidance conversations over the REST channel (issue: guidance for youth and employers)."""

from __future__ import annotations

import re
import uuid

import pytest

from bot.training import load_domain

DOMAIN = load_domain()
SYNTHETIC_FNR = "02900356687"


def response_text(name: str) -> str:
    return " ".join(DOMAIN["responses"][name][0]["text"].split())


def _sender() -> str:
    return f"it-{uuid.uuid4().hex[:12]}"


def _texts(replies: list[dict]) -> list[str]:
    return [" ".join(r.get("text", "").split()) for r in replies]


def _buttons(replies: list[dict]) -> list[dict]:
    return [b for r in replies for b in r.get("buttons") or []]


def test_greeting_offers_the_three_starting_points(stack):
    replies = stack.say(_sender(), "hei")
    text = " ".join(_texts(replies))
    assert "automatisk assistent" in text and "fødselsnummer" in text
    titles = [b["title"] for b in _buttons(replies)]
    assert titles == ["Jeg er ung og vil ha jobb eller skole", "Jeg er arbeidsgiver", "Noe annet"]


def test_harmless_words_are_not_a_crisis(stack):
    text = " ".join(_texts(stack.say(_sender(), "skolen er drepende kjedelig")))
    assert "113" not in text


def test_crisis_interrupts_the_needs_assessment(stack):
    sender = _sender()
    stack.say(sender, "/i_am_youth")
    replies = stack.say(sender, "jeg orker ikke mer, vil ikke leve")
    assert _texts(replies)[0] == response_text("utter_crisis_self")
    # The form is left: the next message is answered normally.
    assert "Hvor gammel" not in " ".join(_texts(stack.say(sender, "hva er Jobbskolen?")))


@pytest.mark.parametrize(
    "message",
    [
        f"personnummer {SYNTHETIC_FNR} – kan du finne saken min?",
        "Nummeret mitt er 976 54 321 hvis noen lurer",
        "mailen min er lise@example.com",
    ],
)
def test_personal_data_is_never_repeated(stack, message):
    text = " ".join(_texts(stack.say(_sender(), message)))
    digits_in = re.sub(r"\D", "", message)
    assert digits_in not in re.sub(r"\D", "", text) or not digits_in
    assert "@" not in text
    assert text


def test_privacy_questions_are_answered(stack):
    assert "lagr" in " ".join(_texts(stack.say(_sender(), "hva lagrer dere om meg?")))
    assert "slett" in " ".join(_texts(stack.say(_sender(), "slett samtalen")))


def test_named_tiltak_answer_has_follow_up_buttons(stack, content):
    replies = stack.say(_sender(), "hva er jobbskolen?")
    summary = next(e for e in content if e["id"] == "jobbskolen")["summary"].strip()
    assert any(summary in t for t in _texts(replies))
    titles = [b["title"] for b in _buttons(replies)]
    assert titles == ["Hvem kan få det?", "Hvordan kommer jeg i gang?", "Snakk med en person"]


def test_follow_up_button_uses_the_remembered_tiltak(stack):
    sender = _sender()
    stack.say(sender, "hva er jobbskolen?")
    text = " ".join(_texts(stack.say(sender, "/ask_eligibility")))
    assert "16" in text and "25" in text


def test_youth_needs_assessment_ends_with_recommendations(stack):
    sender = _sender()
    replies = stack.say(sender, "/i_am_youth")
    assert response_text("utter_ask_age") in _texts(replies)
    assert response_text("utter_ask_situation") in _texts(stack.say(sender, "19"))
    assert response_text("utter_ask_barrier") in _texts(stack.say(sender, "ingen av delene"))
    assert response_text("utter_ask_goal") in _texts(stack.say(sender, "helse"))
    replies = stack.say(sender, "jobb")
    texts = _texts(replies)
    assert response_text("utter_recommend_intro") in texts
    items = [t for t in texts if "passer" in t]
    assert 1 <= len(items) <= 3
    assert any(b["title"] == "Snakk med en person" for b in _buttons(replies))


def test_employer_assessment_accepts_free_text_and_skip(stack):
    sender = _sender()
    stack.say(sender, "/i_am_employer")
    stack.say(sender, "vi vil gjerne rekruttere en ungdom")
    stack.say(sender, "hopp over")
    texts = _texts(stack.say(sender, "bygg og anlegg"))
    assert response_text("utter_recommend_intro_employer") in texts


def test_invalid_age_gets_a_specific_message_and_a_new_try(stack):
    sender = _sender()
    stack.say(sender, "/i_am_youth")
    texts = _texts(stack.say(sender, "veldig gammel"))
    assert response_text("utter_invalid_age") in texts
    assert response_text("utter_ask_age") in texts


def test_assessment_can_be_cancelled_and_restarted(stack):
    sender = _sender()
    stack.say(sender, "/i_am_youth")
    assert response_text("utter_assessment_cancelled") in _texts(stack.say(sender, "avbryt"))
    stack.say(sender, "/i_am_youth")
    stack.say(sender, "20")
    texts = _texts(stack.say(sender, "start på nytt"))
    assert response_text("utter_assessment_restarted") in texts


def test_misunderstanding_twice_offers_a_person_and_does_not_loop(stack):
    sender = _sender()
    first = stack.say(sender, "blorg fnaps kvix")
    second = stack.say(sender, "zzkx plumb vorp")
    third = stack.say(sender, "qwxy brrk")
    assert _texts(second)[0] == response_text("utter_still_not_understood")
    assert any(b["payload"] == "/request_human" for b in _buttons(second))
    assert _texts(third)[0] == response_text("utter_give_up_politely")
    assert _texts(first)[0] in (response_text("utter_did_you_mean"), response_text("utter_default"))


def test_out_of_scope_is_honest(stack):
    texts = _texts(stack.say(_sender(), "hvordan blir været i helga?"))
    assert texts[0] in (response_text("utter_out_of_scope"), response_text("utter_did_you_mean"))


def test_english_in_english_out(stack):
    sender = _sender()
    text = " ".join(_texts(stack.say(sender, "Can employers get help when hiring young people?")))
    assert "This may suit you" in text and "Dette" not in text
    follow_up = " ".join(_texts(stack.say(sender, "How do I get started?")))
    assert "How to get started" in follow_up or "My sources don't say" in follow_up
    assert "Slik kommer du i gang" not in follow_up


def test_bot_is_honest_about_being_a_bot(stack):
    text = " ".join(_texts(stack.say(_sender(), "er du en robot?")))
    assert "ikke et menneske" in text


def test_every_entry_is_answered_by_name(stack, content):
    """'Hva er X?' for every entry in the knowledge base returns that entry's summary."""
    failures = []
    for entry in content:
        replies = stack.say(_sender(), f"Hva er {entry['name']}?")
        if not any(entry["summary"].strip() in t for t in _texts(replies)):
            failures.append(entry["id"])
    assert failures == []


def test_distress_without_danger_is_gentle_and_still_answered(stack):
    texts = _texts(stack.say(_sender(), "jeg har angst og klarer ikke gå på skolen"))
    assert texts[0] == response_text("utter_crisis_soft")
    assert "116 123" in texts[0]
    assert len(texts) > 1, "the question is answered too"


def test_a_question_about_schemes_for_anxiety_gets_no_crisis_line(stack):
    texts = _texts(stack.say(_sender(), "finnes det tiltak for unge med angst?"))
    assert texts and texts[0] != response_text("utter_crisis_soft")
    assert not any("116 123" in t or "113" in t for t in texts)
