"""The knowledge base on a real PostgreSQL server (DATABASE_URL), started for this module.

scripts/postgres-test-server.sh installs Debian's postgresql when it is missing and runs a
throwaway cluster on a free loopback port. In CI (CI=true) a missing PostgreSQL fails the
test; on a developer's machine it is skipped with the reason.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys

import pytest

from knowledge.canonical import canonical_entry
from knowledge.importing import import_spreadsheet
from knowledge.paths import CONTENT_DIR, REPO_DIR
from knowledge.spreadsheet import write_spreadsheet
from knowledge.store import content_version, load_all, replace_all
from knowledge.validation import sources_available


@pytest.fixture(scope="module")
def filled(postgres_url, content):
    replace_all(content, url=postgres_url, check_sources=sources_available())
    return postgres_url


def _by_id(entries):
    return {e["id"]: canonical_entry(e) for e in entries}


def test_round_trip_keeps_every_field(filled, content):
    assert _by_id(load_all(filled)) == _by_id(content)


def test_search_works_against_postgres(filled):
    from knowledge.search import get_index

    matches = get_index(filled).find_by_name("Hva er Bedriftspakken?")
    assert matches and matches[0].tiltak["id"] == "bedriftspakken"


def test_invalid_import_leaves_postgres_unchanged(filled, content, tmp_path):
    content_dir = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content_dir)
    entries = copy.deepcopy(content)
    entries[0]["audience"] = "alle"
    entries[1]["eligibility"]["min_age"], entries[1]["eligibility"]["max_age"] = 30, 16
    sheet = tmp_path / "feil.xlsx"
    write_spreadsheet(entries, str(sheet))
    before, version = load_all(filled), content_version(filled)

    result = import_spreadsheet(str(sheet), url=filled, content_dir=content_dir)
    assert {(p.row, p.column) for p in result.problems} >= {(2, "audience"), (3, "max_age")}
    assert load_all(filled) == before
    assert content_version(filled) == version


def test_cli_export_and_import_through_database_url(filled, content, tmp_path):
    content_dir = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content_dir)
    sheet = tmp_path / "tiltak.csv"
    env = {**os.environ, "DATABASE_URL": filled}
    command = [sys.executable, "-m", "knowledge"]
    exported = subprocess.run(
        [*command, "export", str(sheet), "--content-dir", str(content_dir)],
        env=env,
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    assert "fra databasen postgresql://postgres:***@127.0.0.1" in exported.stderr

    # A coordinator's edit, imported through DATABASE_URL.
    text = sheet.read_text(encoding="utf-8-sig")
    edited = text.replace("Bedriftspakken – fem steg til ny kollega", "Bedriftspakken (fem steg)")
    assert edited != text
    sheet.write_text(edited, encoding="utf-8")
    imported = subprocess.run(
        [*command, "import", str(sheet), "--content-dir", str(content_dir)],
        env=env,
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert "1 endret" in imported.stdout
    stored = _by_id(load_all(filled))
    assert stored["bedriftspakken"]["name"] == "Bedriftspakken (fem steg)"
    assert "name: Bedriftspakken (fem steg)\n" in (
        content_dir / "arbeidsgiver_lokal.yml"
    ).read_text(encoding="utf-8")
    # Back to the real content for any test that follows.
    replace_all(content, url=filled, check_sources=sources_available())


def test_parallel_wrong_passwords_lock_the_account_on_postgres(postgres_url, monkeypatch):
    """The atomic failure count (UPDATE … + 1, read back under the row lock) on PostgreSQL."""
    import threading

    from argon2 import PasswordHasher

    from bot.tickets import users
    from bot.tickets.models import utcnow

    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=4096))
    monkeypatch.setattr(users, "_dummy_hash", None)
    password = "riktig-hemmelig-passord"
    users.add_user("pg-vera", password, "veileder", url=postgres_url)
    barrier = threading.Barrier(30)

    def attempt(number: int, username: str) -> None:
        barrier.wait()
        users.authenticate(username, f"feil-passord-{number:03d}", url=postgres_url)

    for username in ("pg-vera", "pg-ukjent"):
        threads = [threading.Thread(target=attempt, args=(n, username)) for n in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        barrier.reset()
    [vera] = [u for u in users.list_users(url=postgres_url) if u.username == "pg-vera"]
    assert vera.failed_attempts >= users.MAX_FAILED_ATTEMPTS
    assert vera.locked_until > utcnow()
    assert users.authenticate("pg-vera", password, url=postgres_url).status == "locked"
    assert users.authenticate("pg-ukjent", password, url=postgres_url).status == "locked"
