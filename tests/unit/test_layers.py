"""The dependency direction the README's map describes: actions -> bot -> knowledge, nothing
back up; the guidance logic, the case, the web app and the statistics import no Rasa (only the
plug-ins in bot/rasa/ do); knowledge/ takes only its settings from bot/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _violations(folder: str, forbidden) -> list[str]:
    found = []
    for path in sorted((REPO / folder).rglob("*.py")):
        for module in imported_modules(path):
            if forbidden(module):
                found.append(f"{path.relative_to(REPO)} imports {module}")
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize(
    "folder, forbidden, why",
    [
        ("bot", lambda m: _top(m) == "actions", "bot/ must not import actions/"),
        (
            "knowledge",
            lambda m: (
                _top(m) in ("actions", "rasa", "rasa_sdk")
                or (_top(m) == "bot" and m != "bot.settings")
            ),
            "knowledge/ takes only bot.settings from above",
        ),
        *[
            (folder, lambda m: _top(m) in ("rasa", "rasa_sdk"), f"{folder} imports no Rasa")
            for folder in ("bot/guidance", "bot/tickets", "bot/web", "bot/stats")
        ],
    ],
)
def test_dependency_direction(folder, forbidden, why):
    found = _violations(folder, forbidden)
    assert not found, f"{why}: {found}"


def test_bot_settings_is_a_leaf():
    # knowledge/ imports it, so it must import nothing else of the project (or the circle closes).
    own = {
        module
        for path in (REPO / "bot" / "settings").glob("*.py")
        for module in imported_modules(path)
        if _top(module) in ("bot", "knowledge", "actions") and not module.startswith("bot.settings")
    }
    assert not own


def test_the_scan_sees_an_import(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import rasa.core\nfrom bot.web import app\nfrom . import x\n")
    assert imported_modules(sample) == {"rasa.core", "bot.web"}
