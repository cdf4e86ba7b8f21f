"""The tiltak entry the search index and the actions work with.

An `Entry` is the entry dict of knowledge/CONTENT.md (every `entry["summary"]` still works)
with its text in a language at hand: `entry.english` is the `en:` block and
`entry.text_in("summary", "en")` the English summary, or None when there is none.
"""

from __future__ import annotations

import yaml

from knowledge.english import FIELDS, canonical_english, norwegian_text

ENGLISH = ("en",)
NORWEGIAN = ("nb", "no", "nn")


def _language(language: str) -> str:
    code = str(language or "").strip().lower().replace("_", "-").split("-")[0]
    if code in ENGLISH:
        return "en"
    if code in NORWEGIAN:
        return "nb"
    raise ValueError(f"unknown language {language!r}; use 'en' or 'nb'")


class Entry(dict):
    """A tiltak entry as a dict, with its English text (`en:` block) at hand."""

    __slots__ = ()

    @property
    def english(self) -> dict:
        """The English fields (summary, offers, how_to_start, eligibility_conditions, cost,
        contact_role, key_facts); a field is missing when it has no English text."""
        english = canonical_english(self.get("en"))
        return dict(english) if isinstance(english, dict) else {}

    def text_in(self, field: str, language: str):
        """The field in `language` ('en' or 'nb'), or None when it has no text there.

        `field` is one of summary, offers, how_to_start, eligibility_conditions, cost,
        contact_role (text) or key_facts (a list of sentences). In English there is no text
        where the Norwegian is empty or `ikke_i_kildene`, nor where none is written yet;
        callers check the Norwegian field for `ikke_i_kildene` as before. The Norwegian value
        is returned as it stands (`ikke_i_kildene` included)."""
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r}; use one of {', '.join(FIELDS)}")
        if _language(language) == "en":
            value = self.english.get(field)
        else:
            value = norwegian_text(self, field)
        return value or None

    def fact_in(self, fact: str, language: str) -> str | None:
        """A key-fact sentence of this entry (as the search finds it, in Norwegian) in
        `language`; None when it is not one of the entry's key facts or has no English."""
        if _language(language) == "nb":
            return fact or None
        texts = [" ".join(text.split()) for text in norwegian_text(self, "key_facts")]
        english = self.english.get("key_facts") or []
        wanted = " ".join(str(fact or "").split())
        if wanted in texts and len(english) == len(texts):
            return english[texts.index(wanted)] or None
        return None


# An entry dumps as the mapping it is (yaml.safe_dump refuses dict subclasses otherwise).
for _dumper in {yaml.SafeDumper, getattr(yaml, "CSafeDumper", yaml.SafeDumper)}:
    _dumper.add_representer(Entry, yaml.representer.SafeRepresenter.represent_dict)
