"""The coordinators' inbox: login, lockout, access per queue, CSRF, actions, filters, export."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re

import pytest
from argon2 import PasswordHasher

from bot.settings import Settings
from bot.tickets import service, users
from bot.tickets.models import utcnow
from tests.web_client import run_app

PASSWORD = "riktig-hemmelig-passord"
CONTACT_YOUTH = {"name": "Siri Ungdom", "phone": "41234567", "email": "siri@example.no"}
CONTACT_EMPLOYER = {"name": "Per Bedrift", "phone": "99887766", "email": "per@firma.no"}


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    """A fresh database with three users and two tickets; returns settings and references."""
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    users.add_user("vera", PASSWORD, "veileder", url=url)
    users.add_user("bernt", PASSWORD, "bedriftskoordinator", url=url)
    users.add_user("anne", PASSWORD, "admin", url=url)
    users.add_user("rita", PASSWORD, "redaktør", url=url)
    now = utcnow()
    youth = service.create_ticket(
        "ungdom",
        CONTACT_YOUTH,
        {"audience": "ungdom", "tiltak": ["Arbeidstrening"], "answers": {"age": 19}},
        [("bruker", "Hei, jeg trenger jobb"), ("assistent", "Jeg kan sette deg i kontakt.")],
        url=url,
        now=now - dt.timedelta(hours=2),
    )
    employer = service.create_ticket(
        "arbeidsgiver",
        CONTACT_EMPLOYER,
        {"audience": "arbeidsgiver", "tiltak": ["Lønnstilskudd"]},
        [("bruker", "Vi vil ansette, ring 99887766")],
        url=url,
        now=now - dt.timedelta(hours=1),
    )
    settings = dataclasses.replace(Settings(), database_url=url, cookie_secure=False)
    return {"settings": settings, "url": url, "youth": youth, "employer": employer}


run = run_app


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "no CSRF field on the page"
    return match.group(1)


async def login(client, username: str, password: str = PASSWORD):
    page = await (await client.get("/inbox/login")).text()
    return await client.post(
        "/inbox/login",
        data={"csrf": csrf_of(page), "username": username, "password": password},
        allow_redirects=False,
    )


async def logged_in(client, username: str) -> str:
    """Log in and return the session's CSRF token."""
    response = await login(client, username)
    assert response.status == 303
    page = await (await client.get("/inbox")).text()
    return csrf_of(page)


def ticket(inbox, reference: str):
    return service.get_ticket(reference, ("ungdom", "arbeidsgiver"), url=inbox["url"])


def test_login_works_and_sets_a_strict_httponly_session_cookie(inbox):
    async def check(client):
        response = await login(client, "vera")
        assert response.status == 303
        assert response.headers["Location"] == "/inbox"
        cookie = response.cookies["edi_inbox"]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert cookie["path"] == "/inbox"
        response = await client.get("/inbox")
        page = await response.text()
        assert response.status == 200
        assert '<html lang="nb">' in page
        assert "Innlogget som <strong>vera</strong>" in page
        assert response.headers["Cache-Control"] == "no-store"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]

    run(inbox["settings"], check)


def test_cookies_are_secure_by_default(inbox):
    settings = dataclasses.replace(inbox["settings"], cookie_secure=True)

    async def check(client):
        response = await client.get("/inbox/login")
        cookie = response.cookies["edi_login_csrf"]
        assert cookie["secure"]
        # the test client talks plain http, so it would not send a Secure cookie by itself
        response = await client.post(
            "/inbox/login",
            data={"csrf": csrf_of(await response.text()), "username": "vera", "password": PASSWORD},
            headers={"Cookie": f"edi_login_csrf={cookie.value}"},
            allow_redirects=False,
        )
        assert response.status == 303
        assert response.cookies["edi_inbox"]["secure"]

    run(settings, check)


def test_wrong_password_and_unknown_user_are_refused(inbox):
    async def check(client):
        for username, password in [("vera", "feil-passord-123"), ("ingen", PASSWORD)]:
            response = await login(client, username, password)
            assert response.status == 401
            assert "Feil brukernavn eller passord" in await response.text()
            assert "edi_inbox" not in response.cookies
        response = await client.get("/inbox", allow_redirects=False)
        assert response.status == 303

    run(inbox["settings"], check)


def test_five_failures_lock_the_account_for_fifteen_minutes(inbox):
    async def check(client):
        for attempt in range(1, 6):
            response = await login(client, "vera", f"feil-passord-{attempt:03d}")
            assert response.status == 401
        assert "midlertidig låst" in await response.text()
        response = await login(client, "vera", PASSWORD)
        assert response.status == 401
        assert "midlertidig låst" in await response.text()
        assert "edi_inbox" not in response.cookies

    run(inbox["settings"], check)
    [vera] = [u for u in users.list_users(url=inbox["url"]) if u.username == "vera"]
    remaining = vera.locked_until - utcnow()
    assert dt.timedelta(minutes=14) < remaining <= dt.timedelta(minutes=15)
    later = utcnow() + dt.timedelta(minutes=16)
    assert users.authenticate("vera", PASSWORD, url=inbox["url"], now=later).status == "ok"


def test_every_inbox_url_refuses_access_without_login(inbox):
    reference = inbox["youth"]

    async def check(client):
        for path in [
            "/inbox",
            "/inbox/",
            "/inbox/export.csv",
            f"/inbox/{reference}",
            "/inbox/EDI-2000-9999",
            "/inbox/finnes-ikke",
        ]:
            response = await client.get(path, allow_redirects=False)
            assert response.status == 303, path
            assert response.headers["Location"].startswith("/inbox/login"), path
        for action in ["claim", "note", "close"]:
            response = await client.post(
                f"/inbox/{reference}/{action}",
                data={"csrf": "x", "text": "hei", "outcome": "ferdig"},
                allow_redirects=False,
            )
            assert response.status == 403
            body = await response.text()
            assert "Siri" not in body and "41234567" not in body
        assert (await client.post("/inbox/logout", allow_redirects=False)).status == 403
        # a forged session cookie is no better than none
        client.session.cookie_jar.update_cookies({"edi_inbox": "forged-token"})
        response = await client.get(f"/inbox/{reference}", allow_redirects=False)
        assert response.status == 303

    run(inbox["settings"], check)
    unchanged = ticket(inbox, reference)
    assert unchanged.status == "ny" and not unchanged.notes and unchanged.claimed_by is None


def test_login_redirects_back_to_the_ticket_it_came_from(inbox):
    reference = inbox["youth"]

    async def check(client):
        response = await client.get(f"/inbox/{reference}", allow_redirects=False)
        assert response.headers["Location"] == f"/inbox/login?next=/inbox/{reference}"
        page = await (await client.get(response.headers["Location"])).text()
        response = await client.post(
            "/inbox/login",
            data={
                "csrf": csrf_of(page),
                "username": "vera",
                "password": PASSWORD,
                "next": f"/inbox/{reference}",
            },
            allow_redirects=False,
        )
        assert response.headers["Location"] == f"/inbox/{reference}"

    run(inbox["settings"], check)


def test_login_ignores_a_next_outside_the_inbox(inbox):
    async def check(client):
        page = await (await client.get("/inbox/login?next=https://evil.example/")).text()
        assert "evil" not in page
        response = await client.post(
            "/inbox/login",
            data={
                "csrf": csrf_of(page),
                "username": "vera",
                "password": PASSWORD,
                "next": "//evil.example/",
            },
            allow_redirects=False,
        )
        assert response.headers["Location"] == "/inbox"

    run(inbox["settings"], check)


def test_veileder_cannot_see_or_touch_an_employer_ticket(inbox):
    employer, youth = inbox["employer"], inbox["youth"]

    async def check(client):
        csrf = await logged_in(client, "vera")
        page = await (await client.get("/inbox")).text()
        assert youth in page and employer not in page
        page = await (await client.get("/inbox?queue=arbeidsgiver")).text()
        assert employer not in page
        response = await client.get(f"/inbox/{employer}")
        assert response.status == 404
        assert "Per Bedrift" not in await response.text()
        for action in ["claim", "note", "close"]:
            response = await client.post(
                f"/inbox/{employer}/{action}",
                data={"csrf": csrf, "text": "snoker", "outcome": "lukket av feil person"},
                allow_redirects=False,
            )
            assert response.status == 404, action
        csv_text = await (await client.get("/inbox/export.csv")).text()
        assert youth in csv_text and employer not in csv_text

    run(inbox["settings"], check)
    unchanged = ticket(inbox, employer)
    assert unchanged.status == "ny" and unchanged.claimed_by is None and not unchanged.notes


def test_redaktor_sees_no_case_at_all(inbox):
    employer, youth = inbox["employer"], inbox["youth"]

    async def check(client):
        csrf = await logged_in(client, "rita")
        page = await (await client.get("/inbox")).text()
        assert employer not in page and youth not in page
        for reference in (employer, youth):
            assert (await client.get(f"/inbox/{reference}")).status == 404
            response = await client.post(
                f"/inbox/{reference}/claim", data={"csrf": csrf}, allow_redirects=False
            )
            assert response.status == 404
        csv_text = await (await client.get("/inbox/export.csv")).text()
        assert employer not in csv_text and youth not in csv_text
        # Nor can an editor write to the person of a case (bot/web/case_reply.py).
        for action in ("take", "write", "release"):
            response = await client.post(
                f"/inbox/{youth}/{action}",
                data={"csrf": csrf, "text": "hei"},
                allow_redirects=False,
            )
            assert response.status == 404, action
        assert (await client.get(f"/inbox/{youth}/messages.json")).status == 404

    run(inbox["settings"], check)
    assert ticket(inbox, youth).claimed_by is None


def test_permissions_of_the_roles():
    from bot.tickets.models import may

    assert may("redaktør", "content") and may("redaktør", "statistics")
    assert may("admin", "content") and may("admin", "statistics")
    for role in ("veileder", "bedriftskoordinator", "ukjent"):
        assert not may(role, "content") and not may(role, "statistics")
    assert not may("admin", "ukjent-rett")


def test_bedriftskoordinator_cannot_see_a_youth_ticket(inbox):
    employer, youth = inbox["employer"], inbox["youth"]

    async def check(client):
        csrf = await logged_in(client, "bernt")
        page = await (await client.get("/inbox")).text()
        assert employer in page and youth not in page
        assert (await client.get(f"/inbox/{youth}")).status == 404
        response = await client.post(
            f"/inbox/{youth}/claim", data={"csrf": csrf}, allow_redirects=False
        )
        assert response.status == 404
        assert (await client.get(f"/inbox/{employer}")).status == 200

    run(inbox["settings"], check)
    assert ticket(inbox, youth).claimed_by is None


def test_admin_sees_both_queues(inbox):
    async def check(client):
        await logged_in(client, "anne")
        page = await (await client.get("/inbox")).text()
        assert inbox["youth"] in page and inbox["employer"] in page
        # open cases by answer deadline, then the one that has waited longest (issue #18)
        assert page.index(inbox["youth"]) < page.index(inbox["employer"]), "longest waiting first"
        for reference in (inbox["youth"], inbox["employer"]):
            assert (await client.get(f"/inbox/{reference}")).status == 200

    run(inbox["settings"], check)


def test_post_without_or_with_a_wrong_csrf_token_is_rejected_and_changes_nothing(inbox):
    reference = inbox["youth"]

    async def check(client):
        csrf = await logged_in(client, "vera")
        for data in [{}, {"csrf": ""}, {"csrf": csrf[:-1] + ("A" if csrf[-1] != "A" else "B")}]:
            for action in ["claim", "note", "close"]:
                response = await client.post(
                    f"/inbox/{reference}/{action}",
                    data={**data, "text": "notat", "outcome": "ferdig"},
                    allow_redirects=False,
                )
                assert response.status == 403, (action, data)
        response = await client.post("/inbox/logout", data={"csrf": "feil"})
        assert response.status == 403
        assert (await client.get("/inbox", allow_redirects=False)).status == 200

    run(inbox["settings"], check)
    unchanged = ticket(inbox, reference)
    assert unchanged.status == "ny" and unchanged.claimed_by is None and not unchanged.notes


def test_login_form_needs_its_csrf_token(inbox):
    async def check(client):
        await client.get("/inbox/login")
        response = await client.post(
            "/inbox/login",
            data={"csrf": "gjettet", "username": "vera", "password": PASSWORD},
            allow_redirects=False,
        )
        assert response.status == 403
        assert "edi_inbox" not in response.cookies

    run(inbox["settings"], check)


def test_claim_note_and_close_show_up_on_the_ticket_page(inbox):
    reference = inbox["youth"]

    async def check(client):
        csrf = await logged_in(client, "vera")
        page = await (await client.get(f"/inbox/{reference}")).text()
        assert "Siri Ungdom" in page and "41234567" in page  # consented contact
        assert "Arbeidstrening" in page and "Ungdom" in page  # summary
        assert "Hei, jeg trenger jobb" in page  # transcript excerpt
        assert "<script" not in page and "style=" not in page

        response = await client.post(
            f"/inbox/{reference}/claim", data={"csrf": csrf}, allow_redirects=False
        )
        assert response.status == 303
        page = await (await client.get(response.headers["Location"])).text()
        assert "Du har tatt saken." in page and "Under arbeid" in page and "vera" in page

        response = await client.post(
            f"/inbox/{reference}/note",
            data={"csrf": csrf, "text": "Ringte, <b>svarte ikke</b>"},
        )
        page = await response.text()
        assert "Notatet er lagret." in page
        assert "Ringte, &lt;b&gt;svarte ikke&lt;/b&gt;" in page

        response = await client.post(
            f"/inbox/{reference}/close", data={"csrf": csrf, "outcome": "  "}
        )
        assert response.status == 400
        assert "Skriv et utfall" in await response.text()

        response = await client.post(
            f"/inbox/{reference}/close", data={"csrf": csrf, "outcome": "Avtalt møte"}
        )
        page = await response.text()
        assert "Saken er lukket." in page and "Avtalt møte" in page and "Lukket" in page
        assert 'action="/inbox/' + reference + '/close"' not in page

    run(inbox["settings"], check)
    done = ticket(inbox, reference)
    assert done.status == "lukket" and done.claimed_by == "vera" and done.outcome == "Avtalt møte"
    assert [n.text for n in done.notes] == ["Ringte, <b>svarte ikke</b>"]


def test_list_filters_by_queue_and_status(inbox):
    youth, employer = inbox["youth"], inbox["employer"]
    service.claim(youth, "anne", ("ungdom",), url=inbox["url"])

    async def check(client):
        await logged_in(client, "anne")
        page = await (await client.get("/inbox?queue=ungdom")).text()
        assert youth in page and employer not in page
        page = await (await client.get("/inbox?queue=arbeidsgiver")).text()
        assert employer in page and youth not in page
        page = await (await client.get("/inbox?status=under_arbeid")).text()
        assert youth in page and employer not in page
        page = await (await client.get("/inbox?status=ny&queue=ungdom")).text()
        assert youth not in page and employer not in page and "Ingen saker." in page
        page = await (await client.get("/inbox?status=tull&queue=tull")).text()
        assert youth in page and employer in page
        assert "<caption>" in page and '<label for="status">' in page

    run(inbox["settings"], check)


def test_csv_export_has_references_and_no_contact_details(inbox):
    service.close(inbox["employer"], "anne", "=HYPERLINK(1)", ("arbeidsgiver",), url=inbox["url"])

    async def check(client):
        await logged_in(client, "anne")
        response = await client.get("/inbox/export.csv")
        assert response.status == 200
        assert response.content_type == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        text = await response.text()
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][0] == "reference"
        assert {row[0] for row in rows[1:]} == {inbox["youth"], inbox["employer"]}
        for secret in [*CONTACT_YOUTH.values(), *CONTACT_EMPLOYER.values(), "trenger jobb"]:
            assert secret not in text
        [closed] = [row for row in rows if row[0] == inbox["employer"]]
        assert closed[6] == "'=HYPERLINK(1)", "no formulas run in a spreadsheet"

    run(inbox["settings"], check)


def test_csv_export_quotes_every_field_and_defuses_formulas_after_separators(inbox):
    outcome = "ok;=1+1;x, +SUM(A1)\n@cmd\t-2|  =3"
    service.close(inbox["employer"], "anne", outcome, ("arbeidsgiver",), url=inbox["url"])

    async def check(client):
        await logged_in(client, "anne")
        text = await (await client.get("/inbox/export.csv")).text()
        for line in csv.reader(io.StringIO(text)):
            assert line  # every row parses
        # every field quoted: each physical line starts and ends with a quote
        records = text.strip("\r\n").split("\r\n")
        assert all(r.startswith('"') and r.endswith('"') for r in records)
        assert '"reference","queue","status"' in text
        # a spreadsheet splitting on ";", "," or "|" (and ignoring the quotes) sees no formula
        for piece in re.split(r"[;,|\t\r\n]", text):
            cell = piece.strip().strip('"').strip()
            assert cell[:1] not in ("=", "+", "-", "@"), repr(piece)
        [closed] = [r for r in csv.reader(io.StringIO(text)) if r[0] == inbox["employer"]]
        assert closed[6] == "ok;'=1+1;x, '+SUM(A1)\n'@cmd\t'-2|  '=3"

    run(inbox["settings"], check)


def test_csv_cells_are_neutralised():
    assert service._cell("=1+1") == "'=1+1"
    assert service._cell("ok;=1+1;x") == "ok;'=1+1;x"
    assert service._cell("\t=1") == "'\t'=1"
    assert service._cell("Avtalt møte") == "Avtalt møte"
    assert service._cell("2026-12-01T10:00") == "2026-12-01T10:00"


def test_logout_ends_the_session(inbox):
    async def check(client):
        csrf = await logged_in(client, "vera")
        token = client.session.cookie_jar.filter_cookies(client.make_url("/inbox"))["edi_inbox"]
        response = await client.post("/inbox/logout", data={"csrf": csrf}, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/inbox/login"
        assert users.session_user(token.value, url=inbox["url"]) is None
        client.session.cookie_jar.update_cookies({"edi_inbox": token.value})
        assert (await client.get("/inbox", allow_redirects=False)).status == 303

    run(inbox["settings"], check)


def test_sessions_expire_and_die_with_the_account(inbox):
    url = inbox["url"]
    token = users.start_session("vera", hours=8, url=url)
    assert users.session_user(token, url=url).queues == ("ungdom",)
    assert users.session_user(token, url=url, now=utcnow() + dt.timedelta(hours=7)) is not None
    assert users.session_user(token, url=url, now=utcnow() + dt.timedelta(hours=9)) is None
    assert users.session_user(token, url=url) is None, "an expired session is deleted"
    token = users.start_session("bernt", hours=8, url=url)
    users.remove_user("bernt", url=url)
    assert users.session_user(token, url=url) is None
