"""Backup and restore of the assistant's databases: `python -m bot backup DIR` and
`python -m bot restore DIR/edi-…`.

Two databases hold what must survive a lost host (deploy/README.md, "What to back up"):
- the main database (`DATABASE_URL`): knowledge base, tickets and their notes, inbox users,
  feedback;
- the conversations (`TRACKER_DATABASE_URL`, or the main database when that is PostgreSQL).

A SQLite file is copied with SQLite's online backup API (a consistent copy while the servers
keep writing); a PostgreSQL database with `pg_dump --format=custom` (one consistent snapshot)
and restored with `pg_restore --clean --if-exists`. The password of a PostgreSQL URL is given to
the tools in their environment, never on the command line (where `ps` would show it), and no
URL is written into the backup: `manifest.json` names each file's role, kind and SHA-256.

Restore writes into the databases the settings name now, so a fresh database is chosen by
pointing `DATABASE_URL`/`TRACKER_DATABASE_URL` at it. Stop the services first: Rasa keeps
recent conversations in memory and would not see the restored ones.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator."""


@dataclass(frozen=True)
class Database:
    roles: tuple[str, ...]  # "main", "conversations"
    url: str


def databases(main_url: str, conversations_url: str) -> list[Database]:
    """The distinct databases behind the two roles (often one PostgreSQL database)."""
    if main_url == conversations_url:
        return [Database(("main", "conversations"), main_url)]
    return [Database(("main",), main_url), Database(("conversations",), conversations_url)]


def _kind(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"Kan bare ta backup av SQLite og PostgreSQL, ikke «{backend}».")
    return backend


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("En SQLite-database i minnet kan ikke tas backup av.")
    return Path(url.database)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"Fant ikke {name}. Installer PostgreSQL-klienten (apt-get install postgresql-client)."
    )


def _pg_env(url: URL) -> dict[str, str]:
    """libpq's variables for a URL: the tools connect without the password in argv."""
    env = dict(os.environ)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(  # nosec B603
        command, env=env, capture_output=True, text=True, timeout=3600, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{what} feilet: " + " ".join(detail))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while another process writes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(target)
    try:
        with target_db:
            source_db.backup(target_db)
    finally:
        target_db.close()
        source_db.close()


def backup(main_url: str, conversations_url: str, directory: Path, now=None) -> Path:
    """Back up both databases into a new folder under `directory`; returns the folder."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%d-%H%M%S")
    folder = Path(directory) / f"edi-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    folder.chmod(0o700)  # tickets hold consented contact details
    entries = []
    for number, database in enumerate(databases(main_url, conversations_url), start=1):
        url = make_url(database.url)
        kind = _kind(url)
        if kind == "sqlite":
            source = _sqlite_path(url)
            if not source.is_file():
                raise BackupError(f"Databasefilen {source} finnes ikke.")
            name = f"{number}-{'-'.join(database.roles)}.sqlite3"
            _copy_sqlite(source, folder / name)
        else:
            name = f"{number}-{'-'.join(database.roles)}.pgdump"
            command = [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / name),
            ]
            _run(command, _pg_env(url), "pg_dump")
        (folder / name).chmod(0o600)
        entries.append(
            {
                "roles": list(database.roles),
                "kind": kind,
                "file": name,
                "sha256": _sha256(folder / name),
            }
        )
    manifest = {"format": FORMAT, "created": stamp, "files": entries}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return folder


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `directory` (backups hold conversations and
    contact details: they must not outlive the retention much); returns what was deleted."""
    folders = sorted(
        (p for p in Path(directory).glob("edi-*") if (p / MANIFEST).is_file()),
        key=lambda p: p.name,
    )
    old = folders[: max(0, len(folders) - keep)] if keep > 0 else []
    for folder in old:
        shutil.rmtree(folder)
    return old


def _manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            f"{folder} er ikke en backup fra «python -m bot backup» ({MANIFEST} mangler eller er ødelagt)."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Ukjent backupformat i {folder}.")
    for entry in manifest["files"]:
        path = folder / entry["file"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise BackupError(f"{path.name} mangler eller er endret siden backupen ble tatt.")
    return manifest


def restore(folder: Path, main_url: str, conversations_url: str) -> list[str]:
    """Restore a backup folder into the databases the URLs name; returns what was restored."""
    folder = Path(folder)
    manifest = _manifest(folder)
    targets = {"main": main_url, "conversations": conversations_url}
    done = []
    for entry in manifest["files"]:
        for target in dict.fromkeys(targets[role] for role in entry["roles"]):
            url = make_url(target)
            if _kind(url) != entry["kind"]:
                raise BackupError(
                    f"{entry['file']} er en {entry['kind']}-backup og kan ikke legges inn i "
                    f"{url.get_backend_name()}."
                )
            source = folder / entry["file"]
            if entry["kind"] == "sqlite":
                _copy_sqlite(source, _sqlite_path(url))
            else:
                command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
                command += [
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    url.database or "",
                ]
                _run([*command, str(source)], _pg_env(url), "pg_restore")
            done.append(f"{', '.join(entry['roles'])} ({entry['kind']})")
    return done
