"""The review queue (issue #19): unanswered messages from the stored conversations and the
widget's thumbs down, masked, grouped and counted; resolved by a tiltak alias (live in the
search index), a training example (written for the next training, never a held-out turn) or
a dismissal; only editors and admins."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import time

import pytest
import sqlalchemy as sa
import yaml
from argon2 import PasswordHasher

from bot.settings import Settings
from bot.tickets import users
from bot.web import feedback, review_examples, unanswered
from knowledge import edit_history, search
from knowledge.paths import CONTENT_DIR
from knowledge.store import replace_all
from tests.web_client import run_app

PASSWORD = "riktig-hemmelig-passord"
QUESTION = "hva er blåbærordningen?"


def _conversations(tracker_url: str) -> None:
    engine = sa.create_engine(tracker_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id TEXT, "
            "type_name TEXT, timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)"
        )
        clock = [time.time() - 3600]

        def user(sender, text, intent="nlu_fallback"):
            clock[0] += 1
            data = {
                "event": "user",
                "text": text,
                "timestamp": clock[0],
                "parse_data": {"intent": {"name": intent}},
            }
            connection.execute(
                sa.text(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) "
                    "VALUES (:s, 'user', :t, :i, :d)"
                ),
                {"s": sender, "t": clock[0], "i": intent, "d": json.dumps(data)},
            )

        def bot(sender, response):
            clock[0] += 1
            data = {
                "event": "bot",
                "text": "…",
                "timestamp": clock[0],
                "metadata": {"utter_action": response},
            }
            connection.execute(
                sa.text(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) "
                    "VALUES (:s, 'bot', :t, :d)"
                ),
                {"s": sender, "t": clock[0], "d": json.dumps(data)},
            )

        user("a", QUESTION)
        bot("a", "utter_default")
        user("b", "Hva er blåbærordningen")
        bot("b", "utter_did_you_mean")
        user("b", "/something_else", "something_else")
        bot("b", "utter_something_else")
        user("c", "kan dere fikse bilen min, ring 41234567", "out_of_scope")
        bot("c", "utter_out_of_scope")
        user("d", "hei", "greet")
        bot("d", "utter_greet")
        user("d", "hva er jobbskolen", "ask_tiltak")
        bot("d", "utter_tiltak_summary")
        user("f", "hva er snarveiprogrammet", "ask_tiltak")
        bot("f", "utter_tiltak_unknown")
        user("e", "what is this thing", "english")
        bot("e", "utter_out_of_scope_en")
    engine.dispose()


@pytest.fixture
def queue(tmp_path, monkeypatch, content):
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    monkeypatch.setattr(search.cache, "REFRESH_SECONDS", 0.0)
    url = f"sqlite:///{tmp_path / 'edi.db'}"
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    replace_all(content, url=url)
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    monkeypatch.setenv("EDI_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("EDI_REVIEW_NLU_FILE", str(tmp_path / "review_additions.yml"))
    monkeypatch.setenv("TRACKER_DATABASE_URL", tracker_url)
    _conversations(tracker_url)
    feedback.save_vote("d", "svar-2", "down", url=url)  # the answer to "hva er jobbskolen"
    feedback.save_vote("d", "svar-1", "up", url=url)
    users.add_user("rita", PASSWORD, "redaktør", url=url)
    users.add_user("bernt", PASSWORD, "bedriftskoordinator", url=url)
    settings = dataclasses.replace(
        Settings(), database_url=url, cookie_secure=False, var_dir=tmp_path
    )
    return {"settings": settings, "url": url, "tracker": tracker_url, "tmp": tmp_path}


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


async def login(client, username: str) -> None:
    page = await (await client.get("/inbox/login")).text()
    response = await client.post(
        "/inbox/login",
        data={"csrf": csrf_of(page), "username": username, "password": PASSWORD},
        allow_redirects=False,
    )
    assert response.status == 303


def test_unanswered_messages_are_found_masked_and_grouped(queue):
    groups = unanswered.open_groups(queue["tracker"], queue["url"])
    by_text = {g.text: g for g in groups}
    assert len(by_text) == 5, by_text
    assert "hva er jobbskolen" in by_text and "what is this thing" in by_text
    [car] = [text for text in by_text if "bilen" in text]
    assert "41234567" not in car and "[" in car
    first = groups[0]
    assert first.count == 2 and normalised(first.text) == normalised(QUESTION)
    assert first.reasons == {"fallback": 2, "declined": 1}
    assert {first.text, *first.examples} == {QUESTION, "Hva er blåbærordningen"}
    reasons = {r for g in groups for r in g.reasons}
    assert reasons == {"fallback", "declined", "out_of_scope", "thumbs_down", "unknown_tiltak"}
    assert not any(g.text == "hei" for g in groups)
    down = next(g for g in groups if "jobbskolen" in g.text)
    assert down.reasons == {"thumbs_down": 1}


def normalised(text: str) -> str:
    return unanswered.normalised(text)


def test_an_editor_links_a_group_to_a_tiltak_and_it_is_answered(queue):
    assert not search.get_index(queue["url"]).find_by_name(QUESTION)
    group = unanswered.open_groups(queue["tracker"], queue["url"])[0]

    async def check(client):
        await login(client, "rita")
        page = await (await client.get("/inbox/vurdering")).text()
        assert "blåbærordningen" in page and "41234567" not in page
        page = await (await client.get(f"/inbox/vurdering/{group.key}")).text()
        response = await client.post(
            f"/inbox/vurdering/{group.key}/tiltak",
            data={"csrf": csrf_of(page), "tiltak": "jobbskolen", "phrase": "blåbærordningen"},
            allow_redirects=False,
        )
        assert response.status == 303
        page = await (await client.get(response.headers["Location"])).text()
        assert "Koblet til tiltaket" in page
        assert f"/inbox/vurdering/{group.key}" not in page
        assert re.search(r"Koblet til tiltak</dt><dd>2 meldinger", page)

    run_app(queue["settings"], check)
    match = search.get_index(queue["url"]).find_by_name(QUESTION)
    assert match and match[0].tiltak["id"] == "jobbskolen"
    assert "blåbærordningen" in (queue["tmp"] / "content" / "ungdom_lokal.yml").read_text()
    assert edit_history.history("jobbskolen", queue["url"])[0].action == "alias"
    assert unanswered.resolved_counts(queue["url"]) == {"tiltak": 2}


def test_a_training_example_is_written_and_a_retrain_is_due(queue):
    group = next(
        g for g in unanswered.open_groups(queue["tracker"], queue["url"]) if "bilen" in g.text
    )
    before = review_examples.retrain_status(queue["settings"], queue["url"])
    assert before.added_since_training == 0

    async def check(client):
        await login(client, "rita")
        page = await (await client.get(f"/inbox/vurdering/{group.key}")).text()
        assert "[telefonnummer]" in page and "41234567" not in page
        token = csrf_of(page)
        response = await client.post(
            f"/inbox/vurdering/{group.key}/hensikt",
            data={"csrf": token, "intent": "out_of_scope", "text": group.text},
        )
        assert response.status == 400
        assert "maskerte personopplysninger" in await response.text()
        response = await client.post(
            f"/inbox/vurdering/{group.key}/hensikt",
            data={"csrf": token, "intent": "out_of_scope", "text": "ring meg på 41234567"},
        )
        assert response.status == 400
        assert "kan ikke ha personopplysninger" in await response.text()
        response = await client.post(
            f"/inbox/vurdering/{group.key}/hensikt",
            data={"csrf": token, "intent": "crisis", "text": "kan dere fikse bilen min"},
        )
        assert response.status == 400
        response = await client.post(
            f"/inbox/vurdering/{group.key}/hensikt",
            data={"csrf": token, "intent": "out_of_scope", "text": "kan dere fikse bilen min"},
            allow_redirects=False,
        )
        assert response.status == 303
        page = await (await client.get("/inbox/vurdering")).text()
        assert "Modellen bør trenes på nytt: 1 nytt treningseksempel" in page

    run_app(queue["settings"], check)
    written = yaml.safe_load((queue["tmp"] / "review_additions.yml").read_text())
    assert written["version"] == "3.1"
    assert written["nlu"] == [
        {"intent": "out_of_scope", "examples": "- kan dere fikse bilen min\n"}
    ]
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    review_examples.add_example(
        "ask_tiltak", "hva er «blåbær»: ordningen - kort sagt?", "rita", queue["url"]
    )
    parsed = RasaYAMLReader().read(queue["tmp"] / "review_additions.yml")  # Rasa's schema check
    assert [(m.get("intent"), m.get("text")) for m in parsed.training_examples] == [
        ("ask_tiltak", "hva er «blåbær»: ordningen - kort sagt?"),
        ("out_of_scope", "kan dere fikse bilen min"),
    ]
    status = review_examples.retrain_status(queue["settings"], queue["url"])
    assert status.due and status.added_since_training == 2
    assert unanswered.resolved_counts(queue["url"]) == {"intent": 1}


def test_a_heldout_turn_never_becomes_training_data(queue):
    from tests.heldout.cases import load_cases, user_turns

    turn = next(
        text
        for _, text in user_turns(load_cases())
        if len(text.split()) > 3 and not re.search(r"[\d\[\]{}@/#]", text)
    )
    with pytest.raises(review_examples.ExampleRefused, match="tests/heldout"):
        review_examples.add_example("ask_tiltak", turn + ".", "rita")
    with pytest.raises(review_examples.ExampleRefused, match="finnes allerede"):
        existing = yaml.safe_load(
            (review_examples.REPO_DIR / "data" / "nlu" / "chitchat.yml").read_text()
        )["nlu"][0]["examples"].splitlines()[0][2:]
        review_examples.add_example("greet", existing, "rita")
    assert not (queue["tmp"] / "review_additions.yml").exists()


def test_dismiss_and_permissions(queue):
    group = unanswered.open_groups(queue["tracker"], queue["url"])[-1]

    async def coordinator(client):
        await login(client, "bernt")
        assert (await client.get("/inbox/vurdering")).status == 404
        assert (await client.get(f"/inbox/vurdering/{group.key}")).status == 404
        page = await (await client.get("/inbox")).text()
        assert "Vurderingskø" not in page
        response = await client.post(
            f"/inbox/vurdering/{group.key}/avvis", data={"csrf": csrf_of(page)}
        )
        assert response.status == 404

    run_app(queue["settings"], coordinator)

    async def editor(client):
        await login(client, "rita")
        response = await client.post(f"/inbox/vurdering/{group.key}/avvis", data={"csrf": "x"})
        assert response.status == 403
        page = await (await client.get(f"/inbox/vurdering/{group.key}")).text()
        response = await client.post(
            f"/inbox/vurdering/{group.key}/avvis",
            data={"csrf": csrf_of(page)},
            allow_redirects=False,
        )
        assert response.status == 303

    run_app(queue["settings"], editor)
    assert unanswered.resolved_counts(queue["url"]) == {"dismiss": group.count}
    assert group.key not in {g.key for g in unanswered.open_groups(queue["tracker"], queue["url"])}
