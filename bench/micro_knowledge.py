"""Knowledge lookup timings: `TiltakIndex.find_by_name` and `search_by_need` with the real
content and with synthetic entries made from it (names and aliases varied).

`python -m bench.micro_knowledge OUT_JSON [SYNTHETIC_COUNT] [TIME_LIMIT_S]`
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time

from bench.conversations import nlu_examples
from bench.loadgen import percentiles

PLACES = (
    "Vennesla Songdalen Søgne Lillesand Grimstad Arendal Mandal Lindesnes Farsund Flekkefjord "
    "Evje Iveland Birkenes Froland Tvedestrand Risør Gjerstad Vegårshei Åmli Bygland Valle "
    "Sirdal Kvinesdal Hægebostad Åseral Lyngdal Marnardal Audnedal Tromøy Hisøy"
).split()
PREFIXES = "Ny Nord Sør Vest Øst Fjord Lyng Berg Skog Elv Strand Dal Hav Fjell Vik".split()


def synthetic_entries(real: list[dict], count: int, seed: int = 11) -> list[dict]:
    """`count` entries: real ones copied with new ids, names and aliases."""
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        base = real[number % len(real)]
        entry = copy.deepcopy(base)
        place = PLACES[number % len(PLACES)]
        prefix = PREFIXES[(number // len(PLACES)) % len(PREFIXES)]
        serial = number // (len(PLACES) * len(PREFIXES))
        tag = f"{prefix}{place.lower()}{serial or ''}"
        entry["id"] = f"{base['id']}-{number}"
        entry["name"] = f"{base['name']} {tag}"
        entry["aliases"] = [f"{alias} {tag}" for alias in (base.get("aliases") or [])[:3]]
        entry["aliases"].append(f"{prefix}-{rng.choice(['modellen', 'løftet', 'pakka'])} {tag}")
        entries.append(entry)
    return entries


def timed(function, queries, limit_s: float) -> tuple[list[float], int]:
    """Milliseconds per call; stops after `limit_s` seconds."""
    times: list[float] = []
    hits = 0
    stop = time.perf_counter() + limit_s
    for query in queries:
        started = time.perf_counter()
        result = function(query)
        times.append((time.perf_counter() - started) * 1000)
        hits += bool(result)
        if time.perf_counter() > stop:
            break
    return times, hits


def measure(entries: list[dict], name_queries: list[str], need_queries: list, limit_s: float):
    from knowledge.search import TiltakIndex

    started = time.perf_counter()
    index = TiltakIndex(entries)
    build_ms = (time.perf_counter() - started) * 1000
    for query in name_queries[:5]:  # warm caches (tokeniser, fold, regexes)
        index.find_by_name(query)
    by_name, name_hits = timed(index.find_by_name, name_queries, limit_s)
    by_need, need_hits = timed(
        lambda q: index.search_by_need(q[0], audience=q[1], age=q[2], tags=q[3]),
        need_queries,
        limit_s,
    )
    return {
        "entries": len(entries),
        "aliases": len(index.aliases),
        "index_build_ms": round(build_ms, 1),
        "find_by_name_ms": percentiles(by_name),
        "find_by_name_hit_rate": round(name_hits / max(1, len(by_name)), 3),
        "search_by_need_ms": percentiles(by_need),
        "search_by_need_hit_rate": round(need_hits / max(1, len(by_need)), 3),
    }


def main() -> None:
    from knowledge.content import load_content

    out = sys.argv[1]
    synthetic_count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    limit_s = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
    rng = random.Random(5)
    real = load_content()
    examples = nlu_examples(("ask_tiltak", "find_tiltak"))
    real_names = [f"Hva er {e['name']}?" for e in real]
    real_names += [f"fortell om {a}" for e in real for a in (e.get("aliases") or [])[:2]]
    real_names += examples["ask_tiltak"]
    profiles = [
        ("ungdom", 19, ("helse", "jobb")),
        ("ungdom", 17, ("skole",)),
        ("arbeidsgiver", None, ("rekruttere",)),
        (None, None, ()),
    ]
    needs = [(text, *rng.choice(profiles)) for text in examples["find_tiltak"]]
    needs += [("jobb", "ungdom", 19, ("helse",)), ("bygg og anlegg", "arbeidsgiver", None, ())]
    results = {"real": measure(real, real_names * 2, needs * 3, limit_s)}
    synthetic = synthetic_entries(real, synthetic_count)
    synthetic_names = [f"Hva er {e['name']}?" for e in rng.sample(synthetic, 150)]
    synthetic_names += [f"fortell om {e['aliases'][-1]}" for e in rng.sample(synthetic, 50)]
    synthetic_names += rng.sample(real_names, 50)
    rng.shuffle(synthetic_names)
    results["synthetic"] = measure(synthetic, synthetic_names, needs, limit_s)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
