"""The crisis pattern families are data (bot/guidance/crisis_data/patterns/*.yml): every file
loads, every pattern compiles, and a broken file stops the import with an error that names the
file and the entry, so a bad edit to the safety patterns can never pass unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.guidance.crisis import KINDS, assess
from bot.guidance.crisis.kinds import _flexible
from bot.guidance.crisis.patterns import (
    _COMPILED,
    _FAMILIES,
    PATTERN_DIR,
    PatternDataError,
    load_families,
)


def test_every_pattern_file_loads_and_every_pattern_compiles():
    paths = sorted(PATTERN_DIR.glob("*.yml"))
    assert len(paths) >= 6
    families = load_families()
    assert families == _FAMILIES
    assert len(families) > 300
    for kind, pattern, negatable, english in families:
        assert set(kind.split("+")) <= set(KINDS)
        assert isinstance(negatable, bool) and isinstance(english, bool)
        re.compile(_flexible(pattern))
        assert "{" + "PILLS}" not in pattern  # every part was filled in
    assert [c[4] for c in _COMPILED] == [p for _, p, _, _ in families]


def test_every_kind_has_patterns():
    kinds = {k for kind, _, _, _ in _FAMILIES for k in kind.split("+")}
    assert kinds >= {"suicide", "selfharm", "medical", "violence", "fire"}


def test_the_loaded_patterns_are_the_ones_assess_uses():
    result = assess("jeg vil ta livet mitt", use_model=False)
    assert result.is_crisis
    assert set(result.matched) <= {p for _, p, _, _ in _FAMILIES}


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


GOOD = "- kind: suicide\n  pattern: '\\bselvmord\\w*'\n  negatable: true\n  english: false\n"


def test_a_good_file_loads_and_parts_are_filled_in(tmp_path):
    _write(tmp_path, "00_a.yml", GOOD)
    _write(
        tmp_path,
        "01_b.yml",
        "- kind: fire+violence\n  pattern: 'tok {PILLS}'\n  negatable: false\n  english: false\n",
    )
    families = load_families(tmp_path)
    assert families[0] == ("suicide", r"\bselvmord\w*", True, False)
    assert families[1][0] == "fire+violence"
    assert families[1][1].startswith("tok (piller|")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD + "- pattern: 'dø'\n  negatable: false\n  english: false\n",
            r"02_bad\.yml, entry 2: missing \['kind'\]",
        ),
        (
            GOOD + "- kind: flood\n  pattern: 'flom'\n  negatable: false\n  english: false\n",
            r"02_bad\.yml, entry 2: unknown kind 'flood'",
        ),
        (
            "- kind: suicide\n  pattern: '(dø'\n  negatable: false\n  english: false\n",
            r"02_bad\.yml, entry 1: bad pattern .*\(dø",
        ),
        (
            "- kind: suicide\n  pattern: 'dø'\n  negatable: 'ja'\n  english: false\n",
            r"02_bad\.yml, entry 1: negatable must be true or false",
        ),
        (
            "- kind: suicide\n  pattern: '{NOPE} dø'\n  negatable: false\n  english: false\n",
            r"02_bad\.yml, entry 1: unknown part \{NOPE\}",
        ),
        (
            "- kind: suicide\n  pattern: 'dø'\n  negatable: false\n  english: false\n  note: x\n",
            r"02_bad\.yml, entry 1: .*unknown \['note'\]",
        ),
        ("kind: suicide\n", r"02_bad\.yml: expected a list of entries"),
        ("- kind: [suicide\n", r"02_bad\.yml: not valid YAML"),
    ],
)
def test_a_broken_file_names_the_file_and_the_entry(tmp_path, text, message):
    _write(tmp_path, "01_good.yml", GOOD)
    _write(tmp_path, "02_bad.yml", text)
    with pytest.raises(PatternDataError, match=message):
        load_families(tmp_path)


def test_an_empty_directory_is_an_error(tmp_path):
    with pytest.raises(PatternDataError, match="no pattern files"):
        load_families(tmp_path)
