"""Render the YAML content files: one entry in the style of knowledge/CONTENT.md, and the
plan of which files an import or an edit writes (every planned file is read back first).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge import english
from knowledge.canonical import canonical_entry, without_file
from knowledge.content import content_files, load_yaml

DEFAULT_FILES = {  # (scope, audience) -> file, when no other entry shows where such entries go
    ("annen_kommune", None): "andre_kommuner.yml",
    ("nasjonal", None): "nav_nasjonal.yml",
    ("lokal", "ungdom"): "ungdom_lokal.yml",
    ("lokal", None): "arbeidsgiver_lokal.yml",
}
YAML_WIDTH = 96
_HEADER = "# {title}. Format: knowledge/CONTENT.md\n"
_SIMPLE_TEXT = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*(?<!\s)$")
_RESOLVER = yaml.resolver.Resolver()


def _plain(value) -> str:
    """A scalar as PyYAML writes it in a block mapping (quoted only when needed)."""
    if isinstance(value, str) and value == "":
        return '""'
    if (
        isinstance(value, str)
        and value.isprintable()
        and _SIMPLE_TEXT.match(value)
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    ):
        return value  # the common case, without the (slow) emitter
    dumped = yaml.safe_dump({"k": value}, allow_unicode=True, width=math.inf)
    return dumped[3:].rstrip("\n")


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def _flow(items: list[str], quoted: bool = False) -> str:
    if quoted:
        return "[" + ", ".join(_quoted(item) for item in items) + "]"
    return yaml.safe_dump(
        list(items), allow_unicode=True, default_flow_style=True, width=math.inf
    ).rstrip("\n")


def _foldable(text: str) -> bool:
    return bool(text) and text.isprintable() and "  " not in text and text == text.strip()


def _long_text(key: str, text: str, indent: int, always_fold: bool) -> list[str]:
    """`key: text`, as a folded block (`>-`) wrapped at YAML_WIDTH when it is long."""
    pad = " " * indent
    one_line = f"{pad}{key}: {_plain(text)}"
    if not text or (len(one_line) <= YAML_WIDTH and not always_fold) or not _foldable(text):
        return [one_line]
    lines, current = [f"{pad}{key}: >-"], ""
    for word in text.split(" "):
        if current and len(pad) + 2 + len(current) + 1 + len(word) > YAML_WIDTH:
            lines.append(f"{pad}  {current}")
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(f"{pad}  {current}")
    return lines


def render_entry(entry: Mapping) -> str:
    """One entry as a YAML list item, in the style of knowledge/CONTENT.md."""
    e = canonical_entry(entry)
    el = e["eligibility"]
    lines = [
        f"- id: {_plain(e['id'])}",
        f"  name: {_plain(e['name'])}",
        f"  aliases: {_flow(e['aliases'])}",
        f"  audience: {_plain(e['audience'])}",
        f"  target_groups: {_flow(e['target_groups'])}",
        f"  scope: {_plain(e['scope'])}",
        f"  municipality: {_plain(e['municipality'])}",
        f"  provider: {_plain(e['provider'])}",
        f"  tags: {_flow(e['tags'])}",
        *_long_text("summary", e["summary"], 2, True),
        "  eligibility:",
        f"    min_age: {_plain(el['min_age'])}",
        f"    max_age: {_plain(el['max_age'])}",
        *_long_text("conditions", el["conditions"], 4, True),
        *_long_text("offers", e["offers"], 2, True),
        *_long_text("how_to_start", e["how_to_start"], 2, False),
        f"  contact_role: {_plain(e['contact_role'])}",
        *_long_text("cost", e["cost"], 2, False),
        f"  status: {_plain(e['status'])}",
    ]
    lines.append("  sources:" if e["sources"] else "  sources: []")
    for source in e["sources"]:
        lines += [
            f"    - field: {_plain(source['field'])}",
            f"      ref: {_quoted(source['ref'])}",
            f"      quote: {_quoted(source['quote'])}",
        ]
    lines.append("  key_facts:" if e["key_facts"] else "  key_facts: []")
    for fact in e["key_facts"]:
        lines += [
            f"    - text: {_quoted(fact['text'])}",
            f"      ref: {_quoted(fact['ref'])}",
            f"      quote: {_quoted(fact['quote'])}",
        ]
    lines.append("  conflicts:" if e["conflicts"] else "  conflicts: []")
    for conflict in e["conflicts"]:
        note = _long_text("note", conflict["note"], 6, True)
        note[0] = "    - " + note[0].lstrip()
        lines += [*note, f"      refs: {_flow(conflict['refs'], quoted=True)}"]
    lines += english.yaml_lines(e["en"], _long_text, _quoted)
    lines.append(f"  last_reviewed: {_plain(e['last_reviewed'])}")
    return "\n".join(lines) + "\n"


def render_content_file(
    entries: list[dict], header: str, unchanged: Mapping[str, tuple[dict, str]] | None = None
) -> str:
    """A content file. An entry found unchanged in `unchanged` (id -> (entry, YAML text))
    keeps its YAML text as it was, so that the diff a reviewer sees shows real changes only.
    """
    unchanged = unchanged or {}
    texts = []
    for entry in entries:
        meaning = without_file(canonical_entry(entry))
        previous = unchanged.get(meaning["id"])
        texts.append(previous[1] if previous and previous[0] == meaning else render_entry(entry))
    return header + "\n".join(texts)


def existing_entry_texts(directory: Path) -> dict[str, tuple[dict, str]]:
    """The YAML text of each entry of the content files in `directory`, by id."""
    found: dict[str, tuple[dict, str]] = {}
    for path in content_files(directory):
        pieces: list[list[str]] = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith("- "):
                pieces.append([line])
            elif pieces:
                pieces[-1].append(line)
        for lines in pieces:
            text = "".join(lines).rstrip("\n") + "\n"
            try:
                loaded = load_yaml(text)
            except yaml.YAMLError:
                continue
            if isinstance(loaded, list) and len(loaded) == 1 and isinstance(loaded[0], dict):
                meaning = without_file(canonical_entry(loaded[0]))
                found.setdefault(meaning["id"], (meaning, text))
    return found


def _file_header(path: Path) -> str:
    """The leading comment lines of an existing content file, or a new one."""
    if path.is_file():
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if not line.startswith("#"):
                break
            lines.append(line)
        if lines:
            return "".join(lines)
    title = path.stem.replace("_", " ").capitalize()
    return _HEADER.format(title=title)


def assign_files(entries: list[dict]) -> list[dict]:
    """Give entries without `_file` the file where entries of that audience and scope live."""
    by_kind: dict[tuple[str, str], Counter] = {}
    by_scope: dict[str, Counter] = {}
    for entry in entries:
        if entry.get("_file"):
            by_kind.setdefault((entry["audience"], entry["scope"]), Counter())[entry["_file"]] += 1
            by_scope.setdefault(entry["scope"], Counter())[entry["_file"]] += 1
    result = []
    for entry in entries:
        entry = dict(entry)
        if not entry.get("_file"):
            kind = by_kind.get((entry["audience"], entry["scope"]))
            scope = by_scope.get(entry["scope"])
            if kind:
                entry["_file"] = kind.most_common(1)[0][0]
            elif scope:
                entry["_file"] = scope.most_common(1)[0][0]
            else:
                entry["_file"] = DEFAULT_FILES.get(
                    (entry["scope"], entry["audience"]),
                    DEFAULT_FILES.get((entry["scope"], None), "nye_tiltak.yml"),
                )
        result.append(entry)
    return result


@dataclass
class ContentPlan:
    """The content files after an import: every file's text, which differ, which go away."""

    texts: dict[str, str]
    changed: list[str]
    removed: list[str]


def plan_content_files(entries: list[dict], directory: Path) -> ContentPlan:
    """Render the content files for the entries (grouped by `_file`, in the given order).

    Every file that differs from the one on disk is read back and compared with the entries,
    so a file is never written that would not load as exactly these entries.
    """
    directory = Path(directory)
    groups: dict[str, list[dict]] = {}
    for entry in entries:
        groups.setdefault(entry["_file"], []).append(entry)
    unchanged = existing_entry_texts(directory) if directory.is_dir() else {}
    texts, changed = {}, []
    for name in sorted(groups):
        path = directory / name
        text = render_content_file(groups[name], _file_header(path), unchanged)
        texts[name] = text
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        loaded = load_yaml(text) or []
        expected = [without_file(canonical_entry(e)) for e in groups[name]]
        if [without_file(canonical_entry(e)) for e in loaded] != expected:
            raise RuntimeError(f"{name}: den skrevne YAML-en gir ikke de samme tiltakene")
        changed.append(name)
    removed = [path.name for path in content_files(directory) if path.name not in texts]
    return ContentPlan(texts, changed, removed)
