"""Every environment variable is read in one place (the package bot/settings/) and documented twice: the
README's settings table and .env.example. An operator who reads either finds every knob."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("bot", "knowledge", "actions")

# Modules outside bot/settings/ that may touch os.environ, and why.
ALLOWED = {
    # Writes, not reads: the settings' child environment put under this process before Rasa,
    # TensorFlow and SQLAlchemy are imported (they read it themselves).
    "bot/cli.py": "os.environ.update(child_env(...)) before importing Rasa",
    # A copy for a child process: pg_dump/psql get libpq's PG* variables on top.
    "bot/ops/backup.py": "dict(os.environ) as the environment of pg_dump/psql",
    # The nginx entry point's own settings (EDI_SERVER_NAME, EDI_TLS_*, EDI_*_PORT,
    # EDI_*_UPSTREAM*) are read from the environment with Settings.extra_env on top.
    "bot/ops/entry_point.py": "the entry point's variables, overlaid with Settings.extra_env",
}

READERS = re.compile(
    r"(?:_int|_bool|_list|_origins|_str|_lenient_int|os\.environ\.get|env\.get|_port\(env,"
    r"|_host_ports\(\s*env,)\(?\s*\"([A-Z][A-Z0-9_]+)\""
)
# Read, but not a setting: extended with the repository for the processes we start.
NOT_SETTINGS = {"PYTHONPATH"}
SECRET_ENV = re.compile(r"^[A-Z_]+_AUTH_ENV = \"([A-Z][A-Z0-9_]+)\"", re.MULTILINE)


def _python_files():
    for directory in SOURCE_DIRS:
        yield from sorted((REPO / directory).rglob("*.py"))


def variables_read() -> set[str]:
    """The names bot/settings/ (and the allowed readers above) take from the environment."""
    names = set()
    settings_files = [
        p.relative_to(REPO).as_posix() for p in sorted((REPO / "bot" / "settings").glob("*.py"))
    ]
    for relative in (*settings_files, *ALLOWED):
        text = (REPO / relative).read_text(encoding="utf-8")
        names.update(READERS.findall(text))
        names.update(SECRET_ENV.findall(text))
        if relative in ALLOWED:  # their names, however they are read (tuples, loops)
            names.update(re.findall(r"\"(EDI_[A-Z0-9_]+)\"", text))
    return names - NOT_SETTINGS


def readme_table() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Settings (environment variables)")
    end = text.index("\n## ", start + 1)
    return "\n".join(line for line in text[start:end].splitlines() if line.startswith("| `"))


def test_the_collection_finds_the_settings():
    names = variables_read()
    # Sanity: the patterns see plain, typed and secret readers and the exceptions' names.
    for name in ("EDI_HOST", "RASA_PORT", "EDI_COOKIE_SECURE", "EDI_NOTIFY_TO", "EDI_LIVE_SECRET"):
        assert name in names
    for name in ("EDI_TRACKER_CACHE", "EDI_RATE_LIMIT_WEB_PER_IP", "EDI_SQLITE_BUSY_TIMEOUT"):
        assert name in names
    assert "EDI_SERVER_NAME" in names and "EDI_TLS_KEY" in names and "EDI_SEEDS_DIR" in names


def test_every_variable_is_in_the_readme_table():
    table = readme_table()
    missing = sorted(name for name in variables_read() if f"`{name}`" not in table)
    assert not missing, f"add to README.md's settings table: {missing}"


def test_every_variable_is_in_env_example():
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    missing = sorted(variables_read() - listed)
    assert not missing, f"add to .env.example: {missing}"


def test_only_settings_reads_the_environment():
    readers = []
    for path in _python_files():
        relative = path.relative_to(REPO).as_posix()
        if relative.startswith("bot/settings/") or relative in ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bos\.environ\b|\bgetenv\(|from os import .*environ", text):
            readers.append(relative)
    assert not readers, f"read the environment through bot.settings.Settings: {readers}"


def test_the_exceptions_are_still_needed():
    # An exception nobody needs any more is a door left open: take it off the list.
    stale = [
        relative
        for relative in ALLOWED
        if "os.environ" not in (REPO / relative).read_text(encoding="utf-8")
    ]
    assert not stale, f"remove from ALLOWED: {stale}"
