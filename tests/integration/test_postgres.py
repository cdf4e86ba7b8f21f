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
import tempfile
from pathlib import Path

import pytest

from knowledge.paths import CONTENT_DIR, REPO_DIR
from knowledge.spreadsheet import canonical_entry, import_spreadsheet, write_spreadsheet
from knowledge.store import content_version, load_all, replace_all
from tests.conftest import free_port

SCRIPT = REPO_DIR / "scripts" / "postgres-test-server.sh"
CANNOT_INSTALL = 3  # the script's exit code when PostgreSQL is missing and cannot be installed


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


_failed_start: list[tuple[int, str]] = []  # pytest retries a failed fixture for every test


def _give_up(code: int, message: str):
    if code == CANNOT_INSTALL and not _in_ci():
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="module")
def postgres_url():
    if _failed_start:
        _give_up(*_failed_start[0])
    # A fresh directory under /tmp: as root the server runs as `postgres`, which must be able
    # to reach it (pytest's own tmp_path is private to root).
    directory = Path(tempfile.mkdtemp(prefix="edi-pg-"))
    try:
        started = subprocess.run(
            ["bash", str(SCRIPT), "start", str(directory), str(free_port())],
            capture_output=True,
            text=True,
            timeout=900,  # the first run may install PostgreSQL with apt-get
        )
        if started.returncode != 0:
            message = (
                f"PostgreSQL-testserveren startet ikke (exit {started.returncode}):\n"
                f"{started.stderr.strip()[-3000:]}"
            )
            _failed_start.append((started.returncode, message))
            _give_up(started.returncode, message)
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(directory)], timeout=120, check=False)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def filled(postgres_url, content):
    replace_all(content, url=postgres_url, check_sources=True)
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
    replace_all(content, url=filled, check_sources=True)
