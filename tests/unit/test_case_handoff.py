"""The case contract end to end at unit level (issue #18, items 1, 2 and 6): a recorded
conversation runs through the real actions (needs assessment, a tiltak question, the handoff
form, the submit action) with a `CollectingDispatcher`; the ticket the submit action wrote has
the contract's keys, the assessment, the tiltak and the whole conversation, masked; the inbox
page rendered from that ticket shows only Norwegian labels."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from argon2 import PasswordHasher

import actions.handoff as handoff
from actions.case_status import ActionAskingForOther
from actions.handoff import (
    ActionAskHandoffConfirm,
    ActionAskHandoffConsent,
    ActionOfferHuman,
    ActionSubmitHandoff,
)
from actions.handoff_form import ValidateHandoffForm
from actions.needs_assessment import ActionRecommend, ActionStartAssessment, ValidateNeedsForm
from actions.tiltak_answers import ActionAnswerTiltak
from bot.settings import Settings
from bot.tickets import service, users
from bot.tickets.case import ASSESSMENT_LABELS, CASE_LABELS, CONTACT_LABELS, LABELS, TILTAK_LABELS
from bot.tickets.models import utcnow
from bot.tickets.service_level import answer_by, spoken_date
from tests.case_chat import Chat
from tests.unit.test_inbox import PASSWORD, csrf_of
from tests.web_client import run_app

FNR = "02900356687"  # synthetic (month + 80), valid control digits
QUEUES = ("arbeidsgiver", "ungdom")
# What the inbox showed before the contract: labels for keys the handoff writes, made up from
# the keys themselves.
ENGLISH = ["Company name", "Org number", "Contact name", "Contact info", "Handoff need"]
ENGLISH += ["Contact time", "Contact way", "First name", "Asking for", "Tiltak recommended"]
PAGE_FACTS = {"Kø", "Status", "Opprettet", "Svarfrist", "Tatt av", "Lukket", "Utfall"}


@pytest.fixture
def sent(knowledge_db, monkeypatch):
    """The submit action writes to the knowledge database (as in production); the e-mail
    thread is replaced by a list."""
    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    monkeypatch.delenv("EDI_ANSWER_WORKING_DAYS", raising=False)
    notified: list[tuple] = []
    monkeypatch.setattr(handoff, "_notify", lambda *args: notified.append(args))
    return notified


def _youth_conversation(chat: Chat) -> None:
    chat.user("hei")
    chat.bot("utter_greet")
    chat.user("/start_assessment", intent="start_assessment")
    chat.set(audience="ungdom")
    chat.run(ActionStartAssessment())
    needs = ValidateNeedsForm()
    for slot, text in [
        ("age", "19"),
        ("situation", "ingen av delene"),
        ("barrier", f"helse, fnr {FNR}"),
        ("goal", "jobb"),
    ]:
        chat.bot(f"utter_ask_{slot}")
        chat.answer(needs, slot, text)
    chat.run(ActionRecommend())
    chat.user("hva er jobbskolen?", intent="ask_tiltak")
    chat.run(ActionAnswerTiltak())


def _handoff(chat: Chat, answers: list[tuple[str, str]], wish: str | None = None) -> list[dict]:
    """The form's questions answered; the wish (when or how to be contacted) written under the
    summary, which then shows it; then "ja"."""
    chat.user("kan noen ringe meg?", intent="request_human")
    chat.run(ActionOfferHuman())
    chat.run(ActionAskHandoffConsent())
    form = ValidateHandoffForm()
    chat.answer(form, "handoff_consent", "ja")
    for slot, text in answers:
        chat.bot(f"utter_ask_{slot}")
        chat.answer(form, slot, text)
    confirm = chat.run(ActionAskHandoffConfirm())
    if wish is not None:
        assert chat.answer(form, "handoff_confirm", wish)["handoff_confirm"] is None
        confirm = chat.run(ActionAskHandoffConfirm())
    chat.answer(form, "handoff_confirm", "ja")
    return confirm + chat.run(ActionSubmitHandoff())


def _reference(messages: list[dict]) -> str:
    [done] = [m for m in messages if str(m.get("response")).startswith("utter_handoff_done")]
    return done["reference"]


def test_the_youth_case_carries_the_assessment_the_tiltak_and_the_whole_conversation(sent):
    chat = Chat()
    _youth_conversation(chat)
    assert chat.slots["age"] is None, "the form's own slots are reset after recommending"
    messages = _handoff(
        chat,
        [
            ("first_name", "Kari"),
            ("contact_info", "mobil 912 34 567"),
            ("handoff_need", "vil ha jobb etter sommeren"),
        ],
        wish="sms",
    )
    [confirm] = [m for m in messages if m.get("response") == "utter_handoff_confirm"]
    assert confirm["summary"].splitlines() == [
        "Fornavn: Kari",
        "Kontakt: 912 34 567",
        "Behov: vil ha jobb etter sommeren",
        "Kontaktmåte: sms",
    ]
    reference = _reference(messages)
    ticket = service.get_ticket(reference, QUEUES)
    assert ticket.queue == "ungdom"
    assert ticket.consented_contact == {"first_name": "Kari", "contact_info": "912 34 567"}
    summary = ticket.summary
    assert set(summary) <= {*CASE_LABELS, "assessment", "tiltak", *TILTAK_LABELS}
    assert summary["assessment"] == {
        "age": "19",
        "situation": "ingen av delene",
        "barrier": "helse, fnr [fødselsnummer]",
        "goal": "jobb",
    }
    assert summary["need"] == "vil ha jobb etter sommeren"
    assert summary["contact_way"] == "sms"
    assert summary["tiltak_recommended"], "the recommendations go with the case"
    assert "Jobbskolen" in summary["tiltak_opened"]
    texts = [line["text"] for line in ticket.transcript_excerpt]
    assert texts[0] == "hei", "the excerpt starts where the conversation started"
    assert "Hvor gammel er du?" in texts and "hva er jobbskolen?" in texts
    assert any("912 34 567" not in t and "[telefonnummer]" in t for t in texts)
    stored = json.dumps([ticket.summary, ticket.transcript_excerpt], ensure_ascii=False)
    assert FNR not in stored and "912 34 567" not in stored
    # the service level: the person is told the day, the coordinators' e-mail gets it too
    due = answer_by(ticket.created_at, 2)
    [done] = [m for m in messages if m.get("response") == "utter_handoff_done_youth"]
    assert done["due"] == spoken_date(due)
    assert summary["answer_by"] == due.isoformat()
    assert sent[-1][:3] == (reference, "ungdom", due)


def test_the_employer_case_has_the_employer_fields_and_their_labels(sent):
    chat = Chat(audience="arbeidsgiver")
    chat.user("vi vil rekruttere")
    messages = _handoff(
        chat,
        [
            ("company_name", "Fjord Tech AS"),
            ("org_number", "923609016"),
            ("contact_name", "Kari Nordmann"),
            ("contact_info", "kari@example.com"),
            ("handoff_need", "vi trenger en lærling i høst"),
        ],
        wish="formiddag",
    )
    ticket = service.get_ticket(_reference(messages), QUEUES)
    assert ticket.queue == "arbeidsgiver"
    assert ticket.consented_contact == {
        "company_name": "Fjord Tech AS",
        "org_number": "923609016",
        "contact_name": "Kari Nordmann",
        "contact_info": "kari@example.com",
    }
    assert ticket.summary["contact_time"] == "formiddag"
    [confirm] = [m for m in messages if m.get("response") == "utter_handoff_confirm"]
    labels = [line.split(":")[0] for line in confirm["summary"].splitlines()]
    # An e-mail address alone can only be written to: the way is known without asking.
    assert labels == [
        "Bedrift",
        "Org.nr.",
        "Kontaktperson",
        "Kontakt",
        "Behov",
        "Når det passer",
        "Kontaktmåte",
    ]


def test_someone_asking_for_another_is_addressed_so_and_the_case_says_it(sent):
    chat = Chat()
    chat.user("jeg spør for sønnen min", intent="asking_for_other")
    [ack] = chat.run(ActionAskingForOther())
    assert ack["response"] == "utter_asking_for_other"
    assert chat.slots["asking_for"] == "forelder" and chat.slots["for_other"] == "ja"
    assert chat.slots["audience"] == "ungdom"
    messages = _handoff(
        chat,
        [
            ("first_name", "Per"),
            ("contact_info", "per@example.com"),
            ("handoff_need", "han har droppet ut og trenger noe å gjøre"),
        ],
    )
    texts = [e["text"] for e in chat.events if e.get("event") == "bot"]
    assert any("ikke med den du spør for" in t for t in texts), "consent: who is contacted"
    assert "Hva er fornavnet ditt? Det er deg veilederen tar kontakt med." in texts
    assert "Hva trenger den du spør for hjelp med? Skriv kort med egne ord." in texts
    done = texts[-1]
    assert "tar kontakt med deg, ikke med den du spør for" in done
    ticket = service.get_ticket(_reference(messages), QUEUES)
    assert ticket.summary["asking_for"] == "forelder"
    assert ticket.consented_contact["first_name"] == "Per"


def test_the_who_am_i_button_for_someone_else_sets_the_audience_and_who_asks():
    for validator in (ValidateNeedsForm(), ValidateHandoffForm()):
        chat = Chat()
        result = chat.answer(validator, "who_am_i", "jeg spør for en annen")
        assert result["audience"] == "ungdom" and result["asking_for"] == "annen"
        assert result["for_other"] == "ja"
        assert chat.answer(validator, "who_am_i", "ung")["audience"] == "ungdom"
    assert "Jeg spør for en annen" in _buttons("utter_ask_who_am_i")
    assert "Jeg spør for en annen" in _buttons("utter_ask_handoff_form_who_am_i")


def _buttons(response: str) -> list[str]:
    from tests.case_chat import RESPONSES

    return [b["title"] for b in RESPONSES[response][0]["buttons"]]


# -- the inbox page of a ticket the real handoff wrote --------------------------------------
def test_the_case_page_of_a_real_handoff_has_only_norwegian_labels(sent, knowledge_db, monkeypatch):
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    name = f"vera{utcnow().strftime('%H%M%S%f')}"
    users.add_user(name, PASSWORD, "veileder", url=knowledge_db)
    chat = Chat()
    chat.user("jeg spør for datteren min", intent="asking_for_other")
    chat.run(ActionAskingForOther())
    _youth_conversation(chat)
    reference = _reference(
        _handoff(
            chat,
            [
                ("first_name", "Kari"),
                ("contact_info", "912 34 567"),
                ("handoff_need", "vil ha jobb etter sommeren"),
            ],
            wish="på sms",
        )
    )
    settings = dataclasses.replace(Settings(), database_url=knowledge_db, cookie_secure=False)

    async def check(client):
        page = await (await client.get("/inbox/login")).text()
        await client.post(
            "/inbox/login", data={"csrf": csrf_of(page), "username": name, "password": PASSWORD}
        )
        page = await (await client.get(f"/inbox/{reference}")).text()
        labels = {re.sub(r"<[^>]+>", "", d).strip() for d in re.findall(r"<dt>(.*?)</dt>", page)}
        assert labels <= set(LABELS.values()) | PAGE_FACTS, labels - set(LABELS.values())
        for label in ("Fornavn", "Kontakt", "Behov", "Kontaktmåte", "Spør på vegne av"):
            assert f"<dt>{label}</dt>" in page
        for label in ASSESSMENT_LABELS.values():
            if label in ("Alder", "Gjør nå", "Står i veien", "Vil helst"):
                assert f"<dt>{label}</dt>" in page, label
        assert "ingen av delene" in page and "helse, fnr [fødselsnummer]" in page
        assert "sitt barn (forelder)" in page and "Jobbskolen" in page
        for english in ENGLISH:
            assert english not in page
        for key in (*CONTACT_LABELS, *CASE_LABELS, *ASSESSMENT_LABELS):
            assert f">{key}<" not in page
        listing = await (await client.get(f"/inbox?q={reference}")).text()
        assert "vil ha jobb etter sommeren" in listing, "one line of need per case"
        assert "spør for en annen" in listing

    run_app(settings, check)


def test_a_long_conversation_keeps_its_start_and_its_latest_messages():
    messages = [("bruker", f"melding {i} {'x' * 400} tlf 912 34 567") for i in range(100)]
    excerpt = service.mask_transcript(messages)
    texts = [line["text"] for line in excerpt]
    assert texts[0].startswith("melding 0 ") and texts[-1].startswith("melding 99 ")
    [note] = [line for line in excerpt if line["from"] == service.NOTE_SPEAKER]
    kept = len(excerpt) - 1
    assert note["text"] == f"{100 - kept} meldinger er utelatt her."
    assert sum(len(t) for t in texts) <= service.MAX_TRANSCRIPT_CHARS + len(note["text"])
    assert all("912 34 567" not in t for t in texts)


def test_a_ticket_from_before_the_contract_is_read_with_its_old_keys():
    from bot.tickets.case import Case

    case = Case.from_ticket(
        {"first_name": "Ali", "contact_info": "41234567", "phone": "x"},
        {"audience": "ungdom", "behov": "jobb", "når": "formiddag", "tiltak": ["jobbskolen"]},
    )
    assert (case.need, case.contact_time, case.tiltak_opened) == (
        "jobb",
        "formiddag",
        ("jobbskolen",),
    )
    sections = dict(case.sections())
    assert ("Behov", "jobb") in sections["Saken"]
    assert ("Annet", "x") in sections["Kontaktopplysninger"]


def test_asked_when_they_will_be_called_the_form_gives_the_day(sent):
    chat = Chat(audience="ungdom", handoff_consent="ja")
    chat.answer(ValidateHandoffForm(), "handoff_need", "når blir jeg ringt?")
    [message] = chat.messages
    assert message["response"] == "utter_handoff_when_contacted"
    assert message["due"] == spoken_date(answer_by(utcnow(), 2))
    said = [e["text"] for e in chat.events if e.get("event") == "bot"]
    assert f"innen {message['due']}" in said[-1]
