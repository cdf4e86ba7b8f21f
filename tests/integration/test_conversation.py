"""Conversations over Rasa's REST channel with the real action server and knowledge base."""

import uuid


def _sender() -> str:
    return f"it-{uuid.uuid4().hex[:12]}"


def test_named_tiltak_is_answered_from_the_knowledge_base(stack, content):
    bedriftspakken = next(e for e in content if e["id"] == "bedriftspakken")
    text = stack.say_text(_sender(), "Hva er Bedriftspakken?")
    assert bedriftspakken["summary"].strip() in text
    assert "Fem steg" in text


def test_unknown_tiltak_is_admitted(stack):
    text = stack.say_text(_sender(), "hva er superduper-tilskuddsordningen xyz?")
    assert "kjenner jeg ikke" in text or "forsto jeg ikke" in text


def test_greeting_says_it_is_an_automatic_assistant(stack):
    text = stack.say_text(_sender(), "hei")
    assert "automatisk assistent" in text or "fødselsnummer" in text


def test_web_chat_page_answers_the_same_question(stack, content):
    summary = next(e for e in content if e["id"] == "bedriftspakken")["summary"].strip()
    status, replies = stack.post(
        "/chat",
        {"sender": _sender(), "message": "Hva er Bedriftspakken?"},
        base=stack.settings.web_url.rstrip("/"),
    )
    assert status == 200
    assert any(summary in r.get("text", "") for r in replies)
