"""Score conversation cases against a running bot, with the evaluation kit's matching rules.

The same rules as ``../shared/eval/run_eval.py`` (see its README), written here so the test
suite does not depend on a folder outside the repository:

- the reply of a turn is every ``text`` field of the returned messages plus the titles of
  their ``buttons``, joined with newlines;
- matching is case-insensitive on Unicode NFC text with all whitespace (also non-breaking
  space) collapsed; ``any``/``all``/``none`` are substring checks, ``regex``/``not_regex``
  are Python regular expressions searched case-insensitively;
- an empty reply fails unless ``empty_ok: true``; a turn without ``expect`` only needs a
  non-empty reply;
- every case gets its own sender id, its turns are sent in order, and a case passes when all
  its turns pass.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
import urllib.error
import urllib.request
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

WEBHOOK_PATH = "/webhooks/rest/webhook"
KIT_CATEGORIES = (
    "tiltak_youth",
    "tiltak_employer",
    "facts",
    "handoff",
    "out_of_scope",
    "crisis",
    "privacy",
    "robustness",
    "greeting_chitchat",
)
LIST_KEYS = ("any", "all", "none", "regex", "not_regex")
EXPECT_KEYS = frozenset(LIST_KEYS) | {"empty_ok"}
_WS = re.compile(r"\s+")


def normalize(text: str | None) -> str:
    """NFC form with every run of whitespace (incl. non-breaking space) made one space."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str | None) -> str:
    return normalize(text).casefold()


def compile_pattern(pattern: str) -> re.Pattern:
    return re.compile(normalize(pattern), re.IGNORECASE)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def check_expect(reply: str, expect: dict | None) -> list[str]:
    """The reasons a reply fails the expectations; an empty list means the turn passed."""
    expect = expect or {}
    norm_reply = normalize(reply)
    folded = norm_reply.casefold()
    if not norm_reply:
        return [] if expect.get("empty_ok", False) else ["empty reply"]
    reasons = []
    any_list = expect.get("any") or []
    if any_list and not any(fold(s) in folded for s in any_list):
        reasons.append(f"any: none of {_dumps(any_list)} found")
    for s in expect.get("all") or []:
        if fold(s) not in folded:
            reasons.append(f"all: missing {_dumps(s)}")
    for s in expect.get("none") or []:
        if fold(s) in folded:
            reasons.append(f"none: found {_dumps(s)}")
    for pattern in expect.get("regex") or []:
        if not compile_pattern(pattern).search(norm_reply):
            reasons.append(f"regex: no match for /{pattern}/")
    for pattern in expect.get("not_regex") or []:
        match = compile_pattern(pattern).search(norm_reply)
        if match:
            reasons.append(f"not_regex: /{pattern}/ matched {_dumps(match.group(0))}")
    return reasons


def reply_text(messages: list) -> str:
    """All text fields and button titles of one turn's reply."""
    parts = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            parts.append(text)
        for button in message.get("buttons") or []:
            if isinstance(button, dict) and isinstance(button.get("title"), str):
                parts.append(button["title"])
    return "\n".join(parts)


def case_problems(case: object) -> list[str]:
    """Format problems of one case (the kit's validation rules)."""
    if not isinstance(case, dict):
        return ["a case must be a mapping"]
    where = f"case {case.get('id')!r}"
    problems = []
    if not isinstance(case.get("id"), str) or not case["id"].strip():
        problems.append(f"{where}: 'id' must be a non-empty string")
    if not isinstance(case.get("category"), str) or not case["category"].strip():
        problems.append(f"{where}: 'category' must be a non-empty string")
    unknown = set(case) - {"id", "category", "note", "turns", "_file"}
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    if case.get("note") is not None and not isinstance(case["note"], str):
        problems.append(f"{where}: 'note' must be a string")
    turns = case.get("turns")
    if not isinstance(turns, list) or not turns:
        return [*problems, f"{where}: 'turns' must be a non-empty list"]
    for number, turn in enumerate(turns, 1):
        at = f"{where} turn {number}"
        if not isinstance(turn, dict):
            problems.append(f"{at}: must be a mapping")
            continue
        if set(turn) - {"user", "expect"}:
            problems.append(f"{at}: unknown keys {sorted(set(turn) - {'user', 'expect'})}")
        if not isinstance(turn.get("user"), str):
            problems.append(f"{at}: 'user' must be a string")
        expect = turn.get("expect")
        if expect is None:
            continue
        if not isinstance(expect, dict):
            problems.append(f"{at}: 'expect' must be a mapping")
            continue
        if set(expect) - EXPECT_KEYS:
            problems.append(f"{at}: unknown expect keys {sorted(set(expect) - EXPECT_KEYS)}")
        for key in LIST_KEYS:
            values = expect.get(key)
            if values is None:
                continue
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                problems.append(f"{at}: expect.{key} must be a list of strings")
                continue
            if key in ("regex", "not_regex"):
                for pattern in values:
                    try:
                        compile_pattern(pattern)
                    except re.error as error:
                        problems.append(f"{at}: bad {key} {pattern!r}: {error}")
        if "empty_ok" in expect and not isinstance(expect["empty_ok"], bool):
            problems.append(f"{at}: expect.empty_ok must be true or false")
    return problems


def _post(webhook: str, sender: str, message: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(
        webhook,
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")


def run_case(case: dict, base_url: str, timeout: float = 30.0) -> dict:
    """Send the turns of one case in order with one new sender id; score every turn."""
    webhook = base_url.rstrip("/") + WEBHOOK_PATH
    sender = f"heldout-{uuid.uuid4()}"
    turns = []
    for turn in case["turns"]:
        entry = OrderedDict(user=turn["user"], reply="", latency_ms=None, error=None)
        start = time.perf_counter()
        try:
            status, raw = _post(webhook, sender, turn["user"], timeout)
            entry["latency_ms"] = round((time.perf_counter() - start) * 1000.0, 1)
            parsed = json.loads(raw) if raw.strip() else []
            if status != 200:
                entry["error"] = f"HTTP {status}"
            elif not isinstance(parsed, list):
                entry["error"] = f"reply is not a JSON list: {raw[:200]}"
            else:
                entry["reply"] = reply_text(parsed)
        except (OSError, ValueError) as error:
            entry["error"] = f"{type(error).__name__}: {error}"
        entry["reasons"] = (
            [entry["error"]] if entry["error"] else check_expect(entry["reply"], turn.get("expect"))
        )
        entry["passed"] = not entry["reasons"]
        turns.append(entry)
    return OrderedDict(
        id=case["id"],
        category=case["category"],
        sender=sender,
        turns=turns,
        passed=all(t["passed"] for t in turns),
    )


def run_cases(
    cases: list[dict], base_url: str, concurrency: int = 4, timeout: float = 30.0
) -> list[dict]:
    """Run cases in parallel (the turns of one case always in order); results in case order."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(lambda case: run_case(case, base_url, timeout), cases))


def summarize(results: list[dict]) -> OrderedDict:
    order = list(KIT_CATEGORIES)
    for result in results:
        if result["category"] not in order:
            order.append(result["category"])
    by_category = OrderedDict()
    for category in order:
        rows = [r for r in results if r["category"] == category]
        if rows:
            passed = sum(r["passed"] for r in rows)
            by_category[category] = OrderedDict(
                passed=passed, total=len(rows), pct=round(100.0 * passed / len(rows), 1)
            )
    passed = sum(r["passed"] for r in results)
    latencies = sorted(
        t["latency_ms"] for r in results for t in r["turns"] if t["latency_ms"] is not None
    )

    def percentile(pct: int):
        if not latencies:
            return None
        rank = max(1, -(-pct * len(latencies) // 100))
        return latencies[min(rank, len(latencies)) - 1]

    return OrderedDict(
        passed=passed,
        total=len(results),
        score=round(passed / len(results), 4) if results else 0.0,
        by_category=by_category,
        latency_ms=OrderedDict(p50=percentile(50), p95=percentile(95), n=len(latencies)),
    )


def format_summary(summary: dict) -> str:
    width = max([len("category")] + [len(c) for c in summary["by_category"]])
    lines = [f"{'category':<{width}} {'passed':>7} {'total':>6} {'%':>7}"]
    for category, row in summary["by_category"].items():
        lines.append(
            f"{category:<{width}} {row['passed']:>7} {row['total']:>6} {row['pct']:>6.1f}%"
        )
    pct = 100.0 * summary["score"]
    lines.append(f"{'overall':<{width}} {summary['passed']:>7} {summary['total']:>6} {pct:>6.1f}%")
    latency = summary["latency_ms"]
    if latency["n"]:
        lines.append(
            f"latency: p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms "
            f"({latency['n']} requests)"
        )
    return "\n".join(lines)


def format_failure(result: dict) -> str:
    lines = [f"FAIL {result['id']} [{result['category']}]"]
    for number, turn in enumerate(result["turns"], 1):
        mark = "ok  " if turn["passed"] else "FAIL"
        lines.append(f"  turn {number} {mark} user:  {turn['user'].replace(chr(10), ' ')[:300]}")
        reply = turn["reply"].replace("\n", " | ") if turn["reply"] else "(empty)"
        lines.append(f"              reply: {reply[:600]}")
        lines.extend(f"              - {reason}" for reason in turn["reasons"])
    return "\n".join(lines)
