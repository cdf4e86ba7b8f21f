"""Where the knowledge content and the source reports live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
CONTENT_DIR = PACKAGE_DIR / "content"


def seeds_dir() -> Path:
    """The source reports; `EDI_SEEDS_DIR` overrides the default `../shared/seeds`."""
    return Path(os.environ.get("EDI_SEEDS_DIR", REPO_DIR.parent / "shared" / "seeds"))
