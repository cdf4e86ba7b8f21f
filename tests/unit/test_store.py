from knowledge.store import content_version, load_all, replace_all


def _comparable(entry: dict) -> dict:
    entry = dict(entry)
    entry.pop("_file", None)
    entry["last_reviewed"] = str(entry["last_reviewed"])
    eligibility = entry.get("eligibility") or {}
    entry["eligibility"] = {
        "min_age": eligibility.get("min_age"),
        "max_age": eligibility.get("max_age"),
        "conditions": eligibility.get("conditions") or "",
    }
    for name in ("offers", "how_to_start", "cost", "provider", "municipality", "contact_role"):
        entry[name] = (entry.get(name) or "").strip()
    entry["summary"] = entry["summary"].strip()
    for name in ("aliases", "target_groups", "tags", "key_facts", "conflicts"):
        entry[name] = list(entry.get(name) or [])
    entry["sources"] = [
        {"field": s["field"], "ref": s["ref"], "quote": s.get("quote") or ""}
        for s in entry["sources"]
    ]
    return entry


def test_database_round_trip_keeps_every_field(knowledge_db, content):
    stored = {e["id"]: _comparable(e) for e in load_all(knowledge_db)}
    assert stored == {e["id"]: _comparable(e) for e in content}


def test_replace_all_changes_the_content_version(tmp_path, content):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    replace_all(content[:1], url=url)
    first = content_version(url)
    replace_all(content, url=url)
    assert content_version(url) != first
    assert len(load_all(url)) == len(content)
