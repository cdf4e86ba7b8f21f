"""The README's map matches the tree: every repository path it names exists, and the top level
of `bot/` shows the layers it describes (no module there that the map does not name)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"

# a backticked token that names a file or folder of this repository
_PATH = re.compile(
    r"`((?:[\w.-]+/)+[\w.*-]*|[\w-]+\.(?:py|yml|yaml|md|toml|txt|json|j2|conf|js|css|html))`"
)
# generated at run time or on the operator's machine, not in the repository
_NOT_IN_REPO = (
    "var/",
    "models/",
    "bench/out/",
    "web/node_modules/",
    "tests/artifacts/",
    "data/nlu/review_additions.yml",  # written by the review queue
    "../",
    "shared/",  # the reports and the evaluation kit beside the repository
)


def _named_paths(text: str) -> set[str]:
    found = set()
    for match in _PATH.finditer(text):
        path = match.group(1)
        if path.startswith(_NOT_IN_REPO) or "<" in path or path.startswith(("http", "/")):
            continue
        found.add(path)
    return found


def _exists(path: str) -> bool:
    if "*" in path:
        return any(REPO.glob(path))
    if (REPO / path).exists():
        return True
    # a bare name ("case.py", "crisis_data/") is named inside a row that gives its folder
    if "/" not in path.rstrip("/"):
        path = path.rstrip("/")
        return any(
            p for p in REPO.rglob(path) if ".venv" not in p.parts and "node_modules" not in p.parts
        )
    return False


def test_every_path_the_readme_names_exists():
    missing = sorted(p for p in _named_paths(README.read_text(encoding="utf-8")) if not _exists(p))
    assert not missing, f"README.md names paths that do not exist: {missing}"


def test_the_map_names_every_top_level_module_and_package_of_bot():
    text = README.read_text(encoding="utf-8")
    start = text.index("## Where things are")
    table = text[start : text.index("\n## ", start + 5)]
    top = [p for p in (REPO / "bot").iterdir() if not p.name.startswith(("_", "."))]
    unnamed = []
    for p in top:
        if p.is_dir():
            if f"`bot/{p.name}/`" not in table:
                unnamed.append(f"bot/{p.name}/")
        elif p.suffix == ".py" and f"`{p.name}`" not in table:
            unnamed.append(f"bot/{p.name}")
    assert not unnamed, f"bot/ has modules the README map does not name: {unnamed}"


def test_the_checker_sees_a_missing_path():
    assert _named_paths("see `bot/nowhere/thing.py` and `actions/`") == {
        "bot/nowhere/thing.py",
        "actions/",
    }
    assert not _exists("bot/nowhere/thing.py")
    assert _exists("actions/")
