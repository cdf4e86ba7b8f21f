"""Find tiltak by name (typos, inflections, Nynorsk) and by need (free text, audience, age).

`TiltakIndex` is built once from the stored entries and kept in memory; `get_index()` rebuilds
it when the stored content changes. Every match carries the reason it matched. One module per
job: `names` (name search), `needs` (need search), `facts` (fact sentences), `aliases` (what
the name search compares), `index` (the shared build), `cache` (the index per database).
"""

from knowledge.search.aliases import FUZZY_CUTOFF
from knowledge.search.cache import get_index
from knowledge.search.facts import (
    FACT_PATTERNS,
    TYPED_ONLY_FACTS,
    asks_typed_only_fact,
    counted_word,
    fact_type,
)
from knowledge.search.index import TiltakIndex
from knowledge.search.match import Match, Reason
from knowledge.search.names import STRONG_MATCH, WEAK_MATCH
from knowledge.search.needs import COMMON_WORD_ZIPF, GENERIC_TAGS

__all__ = [
    "COMMON_WORD_ZIPF",
    "FACT_PATTERNS",
    "FUZZY_CUTOFF",
    "GENERIC_TAGS",
    "STRONG_MATCH",
    "Reason",
    "WEAK_MATCH",
    "asks_typed_only_fact",
    "Match",
    "TiltakIndex",
    "counted_word",
    "fact_type",
    "TYPED_ONLY_FACTS",
    "get_index",
]
