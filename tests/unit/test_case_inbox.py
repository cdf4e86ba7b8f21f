"""The inbox list as a coordinator works it (issue #18, item 3): open cases by answer
deadline, overdue ones marked, waiting time, "mine saker", a search for a reference or words of
the need, one line of need per case; the CSV and the e-mail carry the deadline."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import email
import email.policy
import io
import re

import pytest
from argon2 import PasswordHasher

from bot.settings import Settings
from bot.tickets import service, users
from bot.tickets.case import Case, Contact
from bot.tickets.models import utcnow
from bot.tickets.notify import build_message
from bot.tickets.service_level import answer_by, spoken_date
from tests.unit.test_inbox import PASSWORD, logged_in
from tests.web_client import run_app


@pytest.fixture
def cases(tmp_path, monkeypatch):
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    users.add_user("vera", PASSWORD, "veileder", url=url)
    users.add_user("vilde", PASSWORD, "veileder", url=url)
    now = utcnow()

    def open_case(need: str, days_ago: float, **extra) -> str:
        case = Case(audience="ungdom", contact=Contact(first_name="Siri"), need=need, **extra)
        created = now - dt.timedelta(days=days_ago)
        return service.open_case(case, [("bruker", need)], 2, url=url, now=created).reference

    made = {
        "late": open_case("trenger hjelp med cv og søknader", 10),
        "fresh": open_case("vil fullføre videregående", 0.01),
        "mine": open_case("lurer på lærlingplass i bilfag", 1, asking_for="forelder"),
        "closed": open_case("ferdig sak", 20),
    }
    service.claim(made["mine"], "vera", ("ungdom",), url=url)
    service.close(made["closed"], "vilde", "Avtalt møte", ("ungdom",), url=url)
    settings = dataclasses.replace(Settings(), database_url=url, cookie_secure=False)
    return {"url": url, "settings": settings, "now": now, **made}


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr[^>]*>\s*<th scope=\"row\">.*?</tr>", page, re.S)


def _references(page: str) -> list[str]:
    return re.findall(r">(EDI-\d{4}-\d{4})</a>", "".join(_rows(page)))


def test_the_list_is_sorted_by_deadline_and_marks_the_overdue(cases):
    async def check(client):
        await logged_in(client, "vera")
        page = await (await client.get("/inbox")).text()
        rows = _rows(page)
        order = _references(page)
        assert order == [cases["late"], cases["mine"], cases["fresh"], cases["closed"]]
        late, mine, fresh, closed = rows
        assert 'class="overdue"' in late and "Over fristen" in late
        assert "Over fristen" not in mine, "a case someone has taken is not overdue"
        assert "Over fristen" not in fresh and "Over fristen" not in closed
        assert "10 døgn" in late, "how long it has waited"
        assert "trenger hjelp med cv og søknader" in late, "one line of need"
        assert "spør for en annen" in mine
        created = cases["now"] - dt.timedelta(days=0.01)
        assert spoken_date(answer_by(created, 2)) in fresh

    run_app(cases["settings"], check)


def test_mine_and_the_search(cases):
    async def check(client):
        await logged_in(client, "vera")
        page = await (await client.get("/inbox?mine=1")).text()
        assert _references(page) == [cases["mine"]]
        assert "<h1>Mine saker</h1>" in page and "checked" in page
        number = int(cases["fresh"].rsplit("-", 1)[1])
        for query in (cases["fresh"], f"edi {cases['fresh'][4:8]} {number}", "VIDEREGÅENDE"):
            page = await (await client.get("/inbox", params={"q": query})).text()
            assert _references(page) == [cases["fresh"]], query
        page = await (await client.get("/inbox", params={"q": "finnes ikke"})).text()
        assert "Ingen saker." in page
        page = await (await client.get("/inbox", params={"q": "<script>x</script>"})).text()
        assert "<script>x" not in page and "&lt;script&gt;" in page

    run_app(cases["settings"], check)


def test_the_csv_has_the_deadline_and_who_asks_but_no_need_or_contact(cases):
    async def check(client):
        await logged_in(client, "vera")
        text = await (await client.get("/inbox/export.csv")).text()
        rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
        header = rows.pop("reference")
        assert header[-2:] == ["answer_by", "asking_for"]
        assert rows[cases["mine"]][-1] == "forelder" and rows[cases["late"]][-1] == ""
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", row[-2]) for row in rows.values())
        assert "Siri" not in text and "cv og søknader" not in text

    run_app(cases["settings"], check)


def test_the_email_gives_the_deadline_and_still_no_personal_data():
    settings = dataclasses.replace(
        Settings(), smtp_from="innboks@edi.example", notify_to=("k@edi.example",)
    )
    message = build_message("EDI-2026-0007", "ungdom", settings, dt.date(2026, 12, 3))
    body = email.message_from_bytes(message.as_bytes(), policy=email.policy.default).get_content()
    assert "Svarfrist: torsdag 3. desember." in body
    assert "køen ungdom (veileder)" in body
