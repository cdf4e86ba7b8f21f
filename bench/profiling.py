"""Where the time goes: py-spy samples of the Rasa server and the action server, sorted into
categories (first matching rule wins, rules checked against the whole stack)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
TOOLS_DIR = REPO_DIR / "bench" / "out" / "tools"
RATE = 67  # samples per second and process: enough for shares, light on two cores

RASA_RULES = [
    ("validating action-server answers (jsonschema)", ("jsonschema/",)),
    ("NLU pipeline (parse_message)", ("_parse_message_with_graph", "rasa/nlu/", "bot/rasa/")),
    ("dialogue policies (predict)", ("predict_next_with_tracker", "rasa/core/policies/")),
    (
        "tracker store (SQLite + masking)",
        ("tracker_store.py", "sqlalchemy/", "bot/rasa/privacy.py"),
    ),
    ("action-server call (aiohttp client)", ("rasa/utils/endpoints.py", "aiohttp/")),
    ("actions, responses, forms", ("rasa/core/actions/", "rasa/core/nlg/")),
    ("events, slots, domain bookkeeping", ("rasa/shared/core/",)),
    ("logging", ("logging/", "structlog/")),
    (
        "HTTP server and REST channel (Sanic)",
        ("sanic/", "bot/rasa/channels.py", "rasa/core/channels/"),
    ),
    ("other Rasa code", ("rasa/",)),
]
ACTION_RULES = [
    (
        "knowledge search (TiltakIndex)",
        ("knowledge/search/", "knowledge/normalize.py", "rapidfuzz", "sklearn/", "scipy/"),
    ),
    (
        "database (SQLAlchemy: tickets, content version)",
        ("sqlalchemy/", "sqlite3", "knowledge/store.py", "knowledge/database.py"),
    ),
    (
        "project actions (actions/, bot/)",
        (
            "(actions/",
            "bot/answers",
            "bot/guidance",
            "bot/tickets",
            "bot/texts",
            "bot/notify",
            "bot/privacy",
        ),
    ),
    (
        "rasa_sdk (tracker, forms, dispatcher)",
        (
            "rasa_sdk/executor",
            "rasa_sdk/forms",
            "rasa_sdk/interfaces",
            "rasa_sdk/events",
            "rasa_sdk/utils",
        ),
    ),
    ("HTTP server and JSON (Sanic)", ("sanic/", "json", "rasa_sdk/endpoint.py")),
    ("logging", ("logging/",)),
]
# Sampled with --idle, so a thread blocked in a system call (an fsync in a SQLite commit) counts
# where it blocks. Only the main thread (the event loop that serves every request) is kept; a
# sample whose innermost Python frame is Sanic's serve() is that loop waiting for work (uvloop,
# native code): idle.
MAIN_THREAD = "_run_module_as_main (runpy.py"
IDLE_LEAF = "serve (sanic/server/runners.py"


def py_spy() -> str | None:
    """py-spy from PATH, the venv or bench/out/tools (installed there on first use)."""
    candidates = [
        shutil.which("py-spy"),
        str(Path(sys.executable).parent / "py-spy"),
        str(TOOLS_DIR / "bin" / "py-spy"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            + ["--target", str(TOOLS_DIR), "py-spy"],
            check=True,
            timeout=180,
            capture_output=True,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    binary = TOOLS_DIR / "bin" / "py-spy"
    return str(binary) if binary.is_file() else None


def start_recording(binary: str, pid: int, seconds: int, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [binary, "record", "--pid", str(pid), "--duration", str(seconds), "--rate", str(RATE)]
        + ["--format", "raw", "--nonblocking", "--subprocesses", "--idle", "--output", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _classify(frames: list[str], rules) -> str:
    for name, needles in rules:
        if any(needle in frame for frame in frames for needle in needles):
            return name
    return "event loop, other"


def _function(frame: str) -> str:
    return re.sub(r":\d+\)$", ")", frame.strip())


def analyse(raw_file: Path, rules) -> dict:
    """Shares of the main thread's busy (not waiting) samples per category, the idle share,
    and the hottest functions."""
    categories: Counter = Counter()
    leaves: Counter = Counter()
    total = idle = 0
    if raw_file.is_file():
        for line in raw_file.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [
                f for f in stack.split(";") if not f.startswith(("process ", "thread ")) and f
            ]
            samples = int(count)
            if not any(MAIN_THREAD in frame for frame in frames):
                continue
            total += samples
            if not frames or frames[-1].startswith(IDLE_LEAF):
                idle += samples
                continue
            categories[_classify(frames, rules)] += samples
            leaves[_function(frames[-1])] += samples
    busy = total - idle
    return {
        "samples": total,
        "idle_share": round(idle / total, 4) if total else None,
        "categories": {name: round(n / busy, 4) for name, n in categories.most_common()}
        if busy
        else {},
        "top_functions": [
            {"function": name, "share": round(n / busy, 4)} for name, n in leaves.most_common(12)
        ]
        if busy
        else [],
    }
