"""Read and write the reviewable YAML content files in `knowledge/content/`."""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge.entry import Entry
from knowledge.paths import CONTENT_DIR


def content_files(directory: Path = CONTENT_DIR) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def load_content(directory: Path = CONTENT_DIR) -> list[Entry]:
    """All entries of all content files, in file order, each tagged with its file name."""
    entries: list[Entry] = []
    for path in content_files(directory):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            entry["_file"] = path.name
            entries.append(Entry(entry))
    return entries
