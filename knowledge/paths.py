"""Where the knowledge content and the source reports live."""

from __future__ import annotations

from pathlib import Path

from bot.settings import env_seeds_dir

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
CONTENT_DIR = PACKAGE_DIR / "content"


def seeds_dir() -> Path:
    """The source reports; `EDI_SEEDS_DIR` overrides the default `../shared/seeds`."""
    return env_seeds_dir(REPO_DIR.parent / "shared" / "seeds")
