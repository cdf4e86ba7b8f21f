"""Read the reviewable YAML content files in `knowledge/content/`: the one content loader."""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge.entry import Entry
from knowledge.paths import CONTENT_DIR

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ten times faster


def load_yaml(text: str):
    """YAML through libyaml when it is there: the content files are read at every build and
    every editor save, and the C loader is ten times faster than the pure Python one."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506  # nosec B506


def content_files(directory: Path = CONTENT_DIR) -> list[Path]:
    """The content files in name order, so that entries keep one order wherever they are read."""
    return sorted(Path(directory).glob("*.yml"))


def load_content_files(directory: Path = CONTENT_DIR) -> list[dict]:
    """All entries of all content files as dicts, in file order, each tagged with its file
    name (`_file`)."""
    entries = []
    for path in content_files(Path(directory)):
        for entry in load_yaml(path.read_text(encoding="utf-8")) or []:
            entry["_file"] = path.name
            entries.append(entry)
    return entries


def load_content(directory: Path = CONTENT_DIR) -> list[Entry]:
    """All entries of all content files, in file order, each tagged with its file name."""
    return [Entry(entry) for entry in load_content_files(directory)]
