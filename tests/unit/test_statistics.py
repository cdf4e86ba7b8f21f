"""The statistics (issue #19): figures of a fixed set of stored conversations, cases and
feedback, each expected figure counted by hand below; the periods; the pages' permissions;
and that no message text, contact data or conversation id reaches a page or a CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re

import pytest
from argon2 import PasswordHasher
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from sqlalchemy import select

from bot.database import init_db
from bot.rasa.tracker_store import MaskingSQLTrackerStore
from bot.settings import Settings
from bot.stats import cases, conversations, needs, periods, report
from bot.tickets import audit, service, users
from bot.tickets.models import Ticket, utcnow
from bot.training import load_domain
from bot.web import feedback
from knowledge.database import session_scope
from tests.web_client import run_app

PASSWORD = "riktig-hemmelig-passord"
OSLO_OFFSET = dt.timedelta(hours=1)  # November: CET
WEEK_48 = periods.parse("uke", "2026-W48")  # Monday 23 – Sunday 29 November 2026
WEEK_47 = WEEK_48.previous()
NOW = dt.datetime(2026, 12, 2, 12, 0)  # naive UTC, a Wednesday
ALPHA = "fixture-sender-alpha-0001"
BETA = "fixture-sender-beta-0002"
GAMMA = "fixture-sender-gamma-0003"
DELTA = "fixture-sender-delta-0004"
SECRET_WORDS = ("Kari Nordmann", "jeg vil ikke leve", "Kvadraturen", "bakeri", "41234567")


def _epoch(day: int, hour: int, minute: int = 0) -> float:
    """A time in November 2026, Oslo time, as Rasa's event timestamp."""
    local = dt.datetime(2026, 11, day, hour, minute)
    return (local - OSLO_OFFSET).replace(tzinfo=dt.timezone.utc).timestamp()


def _utc(day: int, hour: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour)


class Conversation:
    """Events of one conversation, a second apart, in the order they happen."""

    def __init__(self, start: float):
        self.clock = start
        self.events = []

    def _next(self) -> float:
        self.clock += 1
        return self.clock

    def user(self, text: str, intent: str) -> Conversation:
        self.events.append(
            UserUttered(text, intent={"name": intent, "confidence": 0.9}, timestamp=self._next())
        )
        return self

    def action(self, name: str) -> Conversation:
        self.events.append(ActionExecuted(name, timestamp=self._next()))
        return self

    def bot(self, *responses: str) -> Conversation:
        for response in responses:
            self.events.append(
                BotUttered(
                    f"Tekst av {response}",
                    metadata={"utter_action": response},
                    timestamp=self._next(),
                )
            )
        return self

    def slot(self, name: str, value) -> Conversation:
        self.events.append(SlotSet(name, value, timestamp=self._next()))
        return self


def _conversations() -> dict[str, list]:
    alpha = (
        Conversation(_epoch(24, 10))
        .user("Hei, jeg heter Kari Nordmann", "greet")  # 1: annet
        .action("utter_greet")
        .bot("utter_greet")
        .user("hva er jobbskolen", "ask_tiltak")  # 2: kunnskapsbase; asked jobbskolen
        .action("action_answer_tiltak")
        .bot("utter_tiltak_summary", "utter_tiltak_more")
        .slot("current_tiltak", "jobbskolen")
        .slot("tiltak_opened", ["jobbskolen"])
        .user("blablabla", "nlu_fallback")  # 3: mente_du, taken by 4
        .action("action_fallback")
        .bot("utter_did_you_mean")
        .user("/ask_eligibility", "ask_eligibility")  # 4: kunnskapsbase
        .action("action_answer_tiltak")
        .bot("utter_tiltak_for_whom")
        .user("hva finnes for meg", "find_tiltak")  # 5: kunnskapsbase; recommended a, b
        .action("action_answer_tiltak")
        .bot("utter_recommend_intro", "utter_recommend_item", "utter_recommend_item")
        .slot("current_tiltak", "tiltak-a")
        .slot("tiltak_recommended", ["tiltak-a", "tiltak-b"])
        .user('/ask_tiltak{"tiltak": "tiltak-b"}', "ask_tiltak")  # 6: kunnskapsbase; opened b
        .action("action_answer_tiltak")
        .bot("utter_tiltak_summary")
        .slot("current_tiltak", "tiltak-b")
        .slot("tiltak_opened", ["jobbskolen", "tiltak-b"])
    )
    beta = (
        Conversation(_epoch(25, 20))
        .user("jeg vil ikke leve", "crisis")  # 1: krise
        .action("action_crisis_reply")
        .bot("utter_crisis_self", "utter_crisis_follow_up")
        .user("xyz", "nlu_fallback")  # 2: mente_du, not taken ("Noe annet")
        .action("action_fallback")
        .bot("utter_did_you_mean")
        .user("/something_else", "something_else")  # 3: annet
        .action("utter_something_else")
        .bot("utter_something_else")
        .user("hva koster en iphone", "out_of_scope")  # 4: utenfor
        .action("action_out_of_scope")
        .bot("utter_out_of_scope")
        .user("asdf", "nlu_fallback")  # 5: fallback
        .action("action_fallback")
        .bot("utter_default")
        .user("ingen av delene", "deny")  # 6: kunnskapsbase; assessment; recommended a
        .action("action_recommend")
        .bot("utter_recommend_intro", "utter_recommend_item")
        .slot("assessment", {"age": "19", "situation": "ingen av delene", "barrier": "helse"})
        .slot("tiltak_recommended", ["tiltak-a"])
    )
    # Gamma: asked about tiltak-a by name in week 47, about jobbskolen in week 48.
    gamma_47 = (
        Conversation(_epoch(18, 9))
        .user("hva er tiltak a", "ask_tiltak")
        .action("action_answer_tiltak")
        .bot("utter_tiltak_summary")
        .slot("tiltak_opened", ["tiltak-a"])
    )
    gamma_48 = (
        Conversation(_epoch(26, 9))
        .user("fortell om jobbskolen", "ask_tiltak")  # 1: kunnskapsbase; asked jobbskolen
        .action("action_answer_tiltak")
        .bot("utter_tiltak_summary")
        .slot("tiltak_opened", ["tiltak-a", "jobbskolen"])
    )
    delta = (
        Conversation(_epoch(29, 23, 30))  # Sunday evening: still week 48 in Oslo
        .user("lærling", "i_am_employer")  # 1: kunnskapsbase; employer assessment
        .action("action_recommend")
        .bot("utter_recommend_intro_employer")
        .slot(
            "assessment",
            {"employer_need": "lærling", "sector": "Vi driver et bakeri i Kvadraturen"},
        )
        .user("hva med lønn", "ask_cost")  # 2: vet_ikke
        .action("action_answer_tiltak")
        .bot("utter_tiltak_pay_unknown")
    )
    after = Conversation(_epoch(30, 0, 30)).user("hei", "greet").bot("utter_greet")  # week 49
    return {
        ALPHA: alpha.events,
        BETA: beta.events,
        GAMMA: gamma_47.events + gamma_48.events,
        DELTA: delta.events,
        "fixture-sender-later-0005": after.events,
    }


def _ticket(url, queue, summary, created, answered=None, closed=None) -> str:
    reference = service.create_ticket(
        queue,
        {"first_name": "Kari Nordmann", "contact_info": "41234567"},
        summary,
        [],
        url=url,
        now=created,
    )
    with session_scope(url) as session:
        ticket = session.execute(select(Ticket).where(Ticket.reference == reference)).scalar_one()
        if answered:
            ticket.status, ticket.claimed_by, ticket.claimed_at = "under_arbeid", "vera", answered
            audit.record(session, ticket, "vera", "claimed", answered)
        if closed:
            ticket.status, ticket.closed_at = "lukket", closed
            audit.record(session, ticket, "vera", "closed", closed)
    return reference


def fill(tracker_url: str, url: str) -> dict:
    """The fixture's conversations in a real tracker store, its cases and its feedback."""
    store = MaskingSQLTrackerStore(host=tracker_url, domain=Domain.empty(), cache_conversations=0)
    for sender, events in _conversations().items():
        rows, _ = store._masked_rows(sender, events)
        store._insert(rows)
    store.engine.dispose()
    # Week 48 (working days: 2; Tuesday's case is due by the end of Thursday).
    _ticket(
        url,
        "ungdom",
        {"audience": "ungdom", "tiltak": ["Jobbskolen"]},
        _utc(24, 9),
        answered=_utc(25, 9),
        closed=_utc(27, 10),
    )  # answered after 24 h
    _ticket(
        url,
        "arbeidsgiver",
        {"audience": "arbeidsgiver", "tiltak": ["tiltak-b"]},
        _utc(25, 12),
        answered=_utc(30, 8),
    )  # due end of Friday 27: late, after 116 h
    _ticket(
        url, "ungdom", {"audience": "ungdom", "asking_for": "forelder"}, _utc(26, 10)
    )  # due end of Monday 30: waiting, overdue on 2 December
    _ticket(
        url,
        "ungdom",
        {"audience": "ungdom", "tiltak": ["Jobbskolen"]},
        _utc(17, 9),
        answered=_utc(17, 10),
    )  # week 47
    for session_id, message_id, vote in (
        (ALPHA, "svar-2", "up"),  # kunnskapsbase
        (ALPHA, "svar-3", "down"),  # mente_du
        (ALPHA, "svar-99", "up"),  # no such answer
        (BETA, "svar-1", "up"),  # krise
        (BETA, "svar-5", "down"),  # fallback
    ):
        feedback.save_vote(session_id, message_id, vote, url=url)
    feedback.save_rating(ALPHA, 4, url=url)
    feedback.save_rating(BETA, 2, url=url)
    feedback.save_rating(GAMMA, 5, url=url)
    with session_scope(url) as session:  # the widget saves "today": move them into week 48
        for row in session.execute(select(feedback.Feedback)).scalars():
            row.created_on = dt.date(2026, 11, 18 if row.session_id == GAMMA else 26)
    return {"tracker_url": tracker_url, "url": url}


@pytest.fixture
def stored(tmp_path):
    return fill(f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'edi.db'}")


def _engine(stored):
    engine = conversations.engine_for(stored["tracker_url"])
    assert conversations.has_events(engine)
    return engine


# -- periods ----------------------------------------------------------------------------------
def test_weeks_and_months_have_norwegian_labels_and_oslo_bounds():
    assert WEEK_48.label == "uke 48, 2026" and WEEK_48.key == "2026-W48"
    assert WEEK_48.first == dt.date(2026, 11, 23) and WEEK_48.end == dt.date(2026, 11, 30)
    assert WEEK_48.start_utc == dt.datetime(2026, 11, 22, 23, 0)  # midnight in Oslo
    month = periods.parse("maned", "2026-03")
    assert month.label == "mars 2026" and month.end == dt.date(2026, 4, 1)
    assert month.end_utc == dt.datetime(2026, 3, 31, 22, 0)  # summer time from 29 March
    assert periods.parse("uke", "2025-W53", now=dt.date(2026, 5, 5)).key == "2026-W19"
    assert periods.parse("uke", "2026-W53").first == dt.date(2026, 12, 28)  # 2026 has 53
    assert periods.parse("x", "2026-W48").kind == "uke"
    assert periods.parse("maned", "2026-13", now=dt.date(2026, 5, 5)).key == "2026-05"
    assert periods.parse("maned", "2026-01").previous().label == "desember 2025"
    assert [p.key for p in periods.series(WEEK_48, 3)] == ["2026-W46", "2026-W47", "2026-W48"]


# -- the conversations ------------------------------------------------------------------------
def test_conversations_and_messages_per_week(stored):
    engine = _engine(stored)
    week = conversations.volume(engine, WEEK_48)
    # alpha, beta, gamma (its second week), delta; not the one after midnight on Sunday.
    assert week.conversations == 4
    assert week.user_messages == 6 + 6 + 1 + 2
    assert week.bot_messages == (1 + 2 + 1 + 1 + 3 + 1) + (2 + 1 + 1 + 1 + 1 + 2) + 1 + 2
    before = conversations.volume(engine, WEEK_47)
    assert (before.conversations, before.user_messages, before.bot_messages) == (1, 1, 1)


def test_each_user_message_gets_one_answer_type(stored):
    found = conversations.answers(_engine(stored), WEEK_48)
    assert found.by_type == {
        "krise": 1,  # beta 1
        "kunnskapsbase": 4 + 1 + 1 + 1,  # alpha 2, 4, 5, 6; beta 6; gamma; delta 1
        "vet_ikke": 1,  # delta 2
        "mente_du": 2,  # alpha 3, beta 2
        "utenfor": 1,  # beta 4
        "fallback": 1,  # beta 5
        "annet": 2,  # alpha 1, beta 3
    }
    assert found.turns == 15
    assert found.suggestions_taken == 1  # alpha's; beta chose "Noe annet"


def test_demand_per_tiltak_counts_conversations(stored):
    demand = conversations.demand(_engine(stored), WEEK_48)
    # gamma asked about tiltak-a in week 47: only its new jobbskolen counts in week 48.
    assert dict(demand.asked) == {"jobbskolen": 2}
    assert dict(demand.recommended) == {"tiltak-a": 2, "tiltak-b": 1}
    assert dict(demand.opened) == {"tiltak-b": 1}
    assert dict(conversations.demand(_engine(stored), WEEK_47).asked) == {"tiltak-a": 1}


def test_needs_of_the_assessments_are_categories(stored):
    counted = needs.count_needs(conversations.assessments(_engine(stored), WEEK_48))
    assert dict(counted["situation"]) == {"Verken skole eller jobb": 1}
    assert dict(counted["barrier"]) == {"Helse": 1}
    assert dict(counted["employer_need"]) == {"Ta inn en lærling": 1}
    assert dict(counted["sector"]) == {"Annet": 1}  # the typed words are never a category
    assert needs.category("sector", "Jeg jobber på et sykehjem") == "Helse og omsorg"
    assert needs.category("barrier", "hopp over") is None


# -- cases and feedback -----------------------------------------------------------------------
def test_handoffs_per_queue_and_service_level(stored):
    found = cases.handoffs(WEEK_48, 2, NOW, stored["url"])
    assert dict(found.by_queue) == {"ungdom": 2, "arbeidsgiver": 1}
    assert dict(found.by_asking_for["ungdom"]) == {"seg selv": 1, "forelder": 1}
    assert dict(found.by_asking_for["arbeidsgiver"]) == {"seg selv": 1}
    assert (found.answered, found.answered_in_time, found.waiting_overdue) == (2, 1, 1)
    assert sorted(found.hours_to_answer) == [24.0, 116.0]
    assert cases.Handoffs.median(found.hours_to_answer) == 70.0
    assert (found.closed, found.hours_to_close) == (1, [73.0])
    assert dict(found.tiltak) == {"Jobbskolen": 1, "tiltak-b": 1}


def test_thumbs_per_answer_type_and_ratings(stored):
    built = report.build(WEEK_48, stored["tracker_url"], stored["url"], 2, now=NOW)
    thumbs = {row[0]: row[1:3] for row in built.table("tommel").rows}
    labels = report.ANSWER_LABELS
    assert thumbs[labels["kunnskapsbase"]] == [1, 0]
    assert thumbs[labels["mente_du"]] == [0, 1]
    assert thumbs[labels["krise"]] == [1, 0]
    assert thumbs[labels["fallback"]] == [0, 1]
    assert thumbs["Svaret er slettet eller ukjent"] == [1, 0]
    assert sum(sum(counts) for counts in thumbs.values()) == 5
    ratings = {row[0]: row[1] for row in built.table("vurdering").rows}
    assert ratings == {"1 av 5": 0, "2 av 5": 1, "3 av 5": 0, "4 av 5": 1, "5 av 5": 0}
    assert "Snitt: 3,0 av 5 (2 vurderinger)" in built.table("vurdering").note


def test_the_report_tables_hold_the_same_figures(stored):
    built = report.build(WEEK_48, stored["tracker_url"], stored["url"], 2, now=NOW)
    assert built.conversations == 4
    volume = built.table("samtaler").rows
    assert len(volume) == report.SERIES_LENGTH and volume[-1] == ["uke 48", 4, 15, 9 + 8 + 1 + 2]
    assert volume[-2] == ["uke 47", 1, 1, 1]
    answers = {row[0]: row[1:] for row in built.table("svartyper").rows}
    assert answers[report.ANSWER_LABELS["kunnskapsbase"]] == [7, 100 * 7 / 15]
    suggestions = built.table("mente-du").rows
    assert suggestions[1][1:] == [1, 50.0] and suggestions[2][1:] == [1, 50.0]
    tiltak = {row[0]: row[1:] for row in built.table("tiltak").rows}
    assert tiltak["jobbskolen"] == [2, 0, 0, 0]  # no knowledge base here: ids stay ids
    assert tiltak["Jobbskolen"] == [0, 0, 0, 1]
    assert tiltak["tiltak-b"] == [0, 1, 1, 1]
    service_rows = {row[0]: row[1:] for row in built.table("svartid").rows}
    assert service_rows == {
        "Svart innen fristen": [1, 100 / 3],
        "Svart etter fristen": [1, 100 / 3],
        "Ikke svart, over fristen": [1, 100 / 3],
        "Ikke svart, fristen er ikke ute": [0, 0.0],
    }
    times = {row[0]: row[1:] for row in built.table("tid").rows}
    assert times == {"Til første svar": [70.0, 2], "Til saken ble lukket": [73.0, 1]}


def test_an_empty_period_has_zeros_everywhere(stored):
    built = report.build(periods.parse("uke", "2026-W30"), stored["tracker_url"], stored["url"], 2)
    assert built.conversations == 0
    assert all(table.empty for table in built.tables)


def test_a_database_without_conversations_yet(tmp_path):
    built = report.build(
        WEEK_48, f"sqlite:///{tmp_path / 'none.db'}", f"sqlite:///{tmp_path / 'edi.db'}", 2
    )
    assert built.conversations == 0 and all(table.empty for table in built.tables)


# -- the pages --------------------------------------------------------------------------------
@pytest.fixture
def web(stored, tmp_path, monkeypatch):
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    for name, role in (
        ("rita", "redaktør"),
        ("anne", "admin"),
        ("vera", "veileder"),
        ("bernt", "bedriftskoordinator"),
    ):
        users.add_user(name, PASSWORD, role, url=stored["url"])
    monkeypatch.setenv("TRACKER_DATABASE_URL", stored["tracker_url"])
    settings = dataclasses.replace(
        Settings(), database_url=stored["url"], cookie_secure=False, var_dir=tmp_path
    )
    return {**stored, "settings": settings}


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


WEEK_QUERY = "?per=uke&periode=2026-W48"


def test_redaktor_and_admin_see_the_statistics_others_get_404(web):
    async def check(client):
        for name in ("vera", "bernt"):
            client.session.cookie_jar.clear()
            await login(client, name)
            page = await (await client.get("/inbox")).text()
            assert "/inbox/statistikk" not in page  # no link in the menu
            for path in ("/inbox/statistikk", "/inbox/statistikk/svartyper.csv"):
                response = await client.get(path + WEEK_QUERY)
                assert response.status == 404, (name, path)
                body = await response.text()
                assert "Statistikk" not in body and "Hvordan assistenten svarte" not in body
        for name in ("rita", "anne"):
            client.session.cookie_jar.clear()
            await login(client, name)
            response = await client.get("/inbox/statistikk" + WEEK_QUERY)
            page = await response.text()
            assert response.status == 200, name
            assert "<h1>Statistikk – uke 48, 2026</h1>" in page
            assert 'href="/inbox/statistikk"' in page  # the menu link
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
            assert response.headers["Cache-Control"] == "no-store"
            assert " style=" not in page and "<script" not in page  # strict CSP
            response = await client.get("/inbox/statistikk/finnes-ikke.csv" + WEEK_QUERY)
            assert response.status == 404

    run_app(web["settings"], check)


def test_a_redaktor_has_the_statistics_in_the_menu_and_never_sees_a_case(web):
    async def check(client):
        await login(client, "rita")
        response = await client.get("/inbox", allow_redirects=False)
        assert response.status == 303  # no empty case list: the content pages (main)
        page = await (await client.get("/inbox/statistikk")).text()
        assert 'href="/inbox/statistikk"' in page and "Mine saker" not in page
        with session_scope(web["url"]) as session:
            references = list(session.execute(select(Ticket.reference)).scalars())
        for reference in references:
            assert (await client.get(f"/inbox/{reference}")).status == 404
        csrf = csrf_of(page)
        response = await client.post(
            f"/inbox/{references[0]}/claim", data={"csrf": csrf}, allow_redirects=False
        )
        assert response.status == 404

    run_app(web["settings"], check)


def test_statistics_need_a_login_and_posts_need_the_csrf_token(web):
    async def check(client):
        response = await client.get("/inbox/statistikk", allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"] == "/inbox/login?next=/inbox/statistikk"
        response = await client.get("/inbox/statistikk/svartyper.csv", allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/inbox/login"
        assert (await client.post("/inbox/statistikk", allow_redirects=False)).status == 403
        await login(client, "anne")
        response = await client.post(
            "/inbox/statistikk", data={"csrf": "feil"}, allow_redirects=False
        )
        assert response.status == 403  # the guard refuses before any route is looked at

    run_app(web["settings"], check)


def test_page_and_csv_show_the_figures_and_nothing_personal(web):
    async def check(client):
        await login(client, "anne")
        response = await client.get("/inbox/statistikk" + WEEK_QUERY)
        page = await response.text()
        assert "<svg" in page and '<table class="stats">' in page
        keys = re.findall(r'href="/inbox/statistikk/([a-z-]+)\.csv\?', page)
        assert {
            "samtaler",
            "svartyper",
            "mente-du",
            "saker",
            "svartid",
            "tommel",
            "vurdering",
            "tiltak",
            "behov-sector",
        } <= set(keys)
        assert "Ingen samtaler i perioden." not in page
        texts = [page]
        for key in keys:
            response = await client.get(f"/inbox/statistikk/{key}.csv" + WEEK_QUERY)
            assert response.status == 200 and response.content_type == "text/csv"
            assert f"edi-statistikk-{key}-2026-W48.csv" in response.headers["Content-Disposition"]
            texts.append(await response.text())
        answers = list(csv.reader(io.StringIO(texts[keys.index("svartyper") + 1])))
        assert answers[0] == ["Valgt periode", "Svartype", "Meldinger", "Andel"]
        assert ["uke 48, 2026", report.ANSWER_LABELS["kunnskapsbase"], "7", "46.7"] in answers
        for text in texts:
            for secret in (ALPHA, BETA, GAMMA, DELTA, "fixture-sender", *SECRET_WORDS):
                assert secret not in text

        empty = await (await client.get("/inbox/statistikk?per=maned&periode=2026-07")).text()
        assert "Ingen samtaler i perioden." in empty and "juli 2026" in empty

    run_app(web["settings"], check)


def test_a_report_is_reused_until_something_new_is_stored(stored):
    cache = report.ReportCache()
    made = []

    def make():  # on Sunday of week 48: the week is not over
        made.append(1)
        sunday = dt.datetime(2026, 11, 29, 12, 0)
        return report.build(WEEK_48, stored["tracker_url"], stored["url"], 2, now=sunday)

    stamp = report.fingerprint(stored["tracker_url"], stored["url"])
    first = cache.get(("uke", WEEK_48.key), stamp, make)
    assert cache.get(("uke", WEEK_48.key), stamp, make) is first and len(made) == 1
    store = MaskingSQLTrackerStore(
        host=stored["tracker_url"], domain=Domain.empty(), cache_conversations=0
    )
    later = Conversation(_epoch(27, 12)).user("hei", "greet").bot("utter_greet")
    store._insert(store._masked_rows("fixture-sender-new-0006", later.events)[0])
    store.engine.dispose()
    new_stamp = report.fingerprint(stored["tracker_url"], stored["url"])
    assert new_stamp != stamp
    again = cache.get(("uke", WEEK_48.key), new_stamp, make)
    assert len(made) == 2 and again.conversations == first.conversations + 1
    feedback.save_rating(DELTA, 3, url=stored["url"])
    assert report.fingerprint(stored["tracker_url"], stored["url"]) != new_stamp


def test_a_period_that_is_over_changes_only_with_the_case_log(stored):
    past = report.fingerprint(stored["tracker_url"], stored["url"], WEEK_47)
    store = MaskingSQLTrackerStore(
        host=stored["tracker_url"], domain=Domain.empty(), cache_conversations=0
    )
    later = Conversation(_epoch(27, 12)).user("hei", "greet").bot("utter_greet")
    store._insert(store._masked_rows("fixture-sender-new-0007", later.events)[0])
    store.engine.dispose()
    feedback.save_rating(DELTA, 3, url=stored["url"])
    assert report.fingerprint(stored["tracker_url"], stored["url"], WEEK_47) == past
    with session_scope(stored["url"]) as session:
        ticket = session.execute(select(Ticket).where(Ticket.status == "ny")).scalars().first()
        audit.record(session, ticket, "vera", "claimed")
    assert report.fingerprint(stored["tracker_url"], stored["url"], WEEK_47) != past


def test_the_page_says_when_examples_from_the_review_queue_wait_for_training(web):
    from bot.web import unanswered

    init_db(web["url"])
    with session_scope(web["url"]) as session:
        session.add(unanswered.ExampleAdded(intent="ask_cost", editor="rita", at=utcnow()))

    async def check(client):
        await login(client, "rita")
        page = await (await client.get("/inbox/statistikk" + WEEK_QUERY)).text()
        assert "Assistenten bør trenes på nytt: 1 eksempel fra vurderingskøen" in page

    run_app(web["settings"], check)


def test_every_answer_response_of_the_domain_has_an_answer_type():
    """A new `utter_tiltak_*` or `utter_recommend_*` response must be sorted into «from the
    knowledge base» or «the sources do not say»; and every name the statistics look for exists."""

    domain = load_domain()
    responses = set(domain["responses"])
    actions = {a if isinstance(a, str) else next(iter(a)) for a in domain["actions"]}
    follow_ups = {"utter_recommend_next", "utter_tiltak_more"}  # said after an answer
    sorted_names = {
        *conversations.KNOWLEDGE_RESPONSES,
        *conversations.UNKNOWN_RESPONSES,
        *follow_ups,
        *(f"{name}_en" for name in follow_ups),
    }
    answers = {r for r in responses if r.startswith(("utter_tiltak_", "utter_recommend_"))}
    assert answers - sorted_names == set()
    looked_for = {
        *conversations.KNOWLEDGE_RESPONSES,
        *conversations.UNKNOWN_RESPONSES,
        *conversations.SUGGESTION_RESPONSES,
        *conversations.OUT_OF_SCOPE_RESPONSES,
        *conversations.FALLBACK_RESPONSES,
    }
    base_names = {name.removesuffix("_en") for name in looked_for}
    assert base_names - responses == set()
    assert set(conversations.CRISIS_ACTIONS) <= actions
