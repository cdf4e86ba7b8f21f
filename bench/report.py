"""bench/results.json → bench/report.md, bench/latency.png and a short table on stdout.

`python -m bench.report` rewrites the report from an existing bench/results.json.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
TARGET_THROUGHPUT = 150.0
TARGET_P95_MS = 100.0
TARGET_STARTUP_S = 20.0
TARGET_RSS_MB = 1200.0
TARGET_RATIO = 5.0


# -- small helpers --------------------------------------------------------------------------
def _get(data, *path, default=None):
    for key in path:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and -len(data) <= key < len(data):
            data = data[key]
        else:
            return default
    return data


def _fmt(value, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:,.{digits}f}".replace(",", " ")
    else:
        text = str(value)
    return f"{text}{unit}"


def _ratio(a, b, digits: int = 1) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.{digits}f}×"


def saturation(stack: dict | None) -> float | None:
    values = [r["throughput"] for r in (stack or {}).get("stress", []) if "throughput" in r]
    return max(values) if values else None


def level(stack: dict | None, mode: str, value) -> dict | None:
    for result in (stack or {}).get(mode, []):
        if result.get("level") == value:
            return result
    return None


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


# -- targets ------------------------------------------------------------------------------------
def startups(results: dict) -> list[float]:
    """Seconds to ready of every start of this assistant in the run (the baseline, its
    variants, the baseline again): one start varies by seconds on a shared machine."""
    return [
        stack["startup"]["ready_s"]
        for name, stack in (results.get("stacks") or {}).items()
        if (name in ("full", "full_again") or name.startswith("alt_"))
        and _get(stack, "startup", "ready_s") is not None
    ]


def targets(results: dict) -> list[dict]:
    full = _get(results, "stacks", "full") or {}
    default = _get(results, "stacks", "default")
    sat = saturation(full)
    sat_default = saturation(default)
    real50 = level(full, "realistic", 50)
    p95 = _get(real50, "latency_ms", "p95")
    errors50 = _get(real50, "error_rate")
    starts = startups(results)
    ready = statistics.median(starts) if starts else None
    rss = _get(full, "rss_peak_mb", "total")
    f1_full = _get(results, "nlu", "full", "macro_f1")
    f1_default = _get(results, "nlu", "default", "macro_f1")
    ratio = sat / sat_default if sat and sat_default else None

    def verdict(ok):
        return "–" if ok is None else ("PASS" if ok else "FAIL")

    return [
        {
            "target": f"stress saturation ≥ {TARGET_THROUGHPUT:.0f} msg/s (full assistant)",
            "measured": f"{_fmt(sat)} msg/s",
            "result": verdict(None if sat is None else sat >= TARGET_THROUGHPUT),
        },
        {
            "target": f"realistic p95 < {TARGET_P95_MS:.0f} ms at 50 msg/s offered",
            "measured": f"p95 {_fmt(p95)} ms, errors {_fmt(errors50, 4)}",
            "result": verdict(None if p95 is None else p95 < TARGET_P95_MS and not errors50),
        },
        {
            "target": f"start-up to ready < {TARGET_STARTUP_S:.0f} s",
            "measured": f"median {_fmt(ready, 2)} s of {len(starts)} starts of this assistant "
            f"in the run ({_fmt(min(starts, default=None), 2)}–{_fmt(max(starts, default=None), 2)}"
            f" s; the first: {_fmt(_get(full, 'startup', 'ready_s'), 2)} s, first reply "
            f"{_fmt(_get(full, 'startup', 'first_reply_s'), 2)} s)",
            "result": verdict(None if ready is None else ready < TARGET_STARTUP_S),
        },
        {
            "target": f"total RSS < {TARGET_RSS_MB / 1000:.1f} GB (Rasa + actions + web, peak)",
            "measured": f"{_fmt(rss)} MB",
            "result": verdict(None if rss is None else rss < TARGET_RSS_MB),
        },
        {
            "target": f"≥ {TARGET_RATIO:.0f}× the default pipeline's throughput at equal or better "
            "macro-F1",
            "measured": f"{_fmt(ratio, 2)}× ({_fmt(sat)} vs {_fmt(sat_default)} msg/s); "
            f"macro-F1 {_fmt(f1_full, 3)} vs {_fmt(f1_default, 3)}",
            "result": verdict(
                None
                if ratio is None or f1_full is None or f1_default is None
                else ratio >= TARGET_RATIO and f1_full >= f1_default
            ),
        },
    ]


# -- plot ---------------------------------------------------------------------------------------
def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    stacks = results.get("stacks") or {}
    styles = {
        "full": ("Én dør inn (sparse + rules)", "tab:blue"),
        "default": ("Rasa default (DIET + TED)", "tab:red"),
        "alt_no_tracker_cache": ("Én dør inn, tracker without cache", "tab:orange"),
        "alt_rasa_sql_store": ("Én dør inn, Rasa-style SQL tracker", "tab:olive"),
        "alt_inmemory_tracker": ("Én dør inn, in-memory tracker", "tab:green"),
        "alt_without_speedups": ("Én dør inn, without rasa_speedups", "tab:purple"),
        "alt_action_workers_2": ("Én dør inn, 2 action workers", "tab:brown"),
    }
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    for name, (label, color) in styles.items():
        stack = stacks.get(name)
        if not stack:
            continue
        marker = "o" if name in ("full", "default") else "s"
        stress = [r for r in stack.get("stress", []) if _get(r, "latency_ms", "p50")]
        if stress:
            xs = [r["throughput"] for r in stress]
            left.plot(xs, [r["latency_ms"]["p50"] for r in stress], marker, ls="-",
                      color=color, label=f"{label} p50")  # fmt: skip
            left.plot(xs, [r["latency_ms"]["p95"] for r in stress], marker, ls="--",
                      color=color, alpha=0.6, label=f"{label} p95")  # fmt: skip
            for r in stress:
                left.annotate(str(r["level"]), (r["throughput"], r["latency_ms"]["p95"]),
                              fontsize=7, color=color, xytext=(3, 3),
                              textcoords="offset points")  # fmt: skip
        real = [
            r for r in stack.get("realistic", []) if not r.get("skipped") and r.get("latency_ms")
        ]
        real = [r for r in real if r["latency_ms"].get("p50") is not None]
        if real:
            xs = [r["offered_rate"] for r in real]
            right.plot(xs, [r["latency_ms"]["p50"] for r in real], marker, ls="-",
                       color=color, label=f"{label} p50")  # fmt: skip
            right.plot(xs, [r["latency_ms"]["p95"] for r in real], marker, ls="--",
                       color=color, alpha=0.6, label=f"{label} p95")  # fmt: skip
    left.set_title("Stress (closed loop): latency vs throughput\n(labels: parallel conversations)")
    left.set_xlabel("throughput (messages/s)")
    right.set_title("Realistic (open loop, 3–8 s think time)")
    right.set_xlabel("offered load (messages/s)")
    right.axhline(TARGET_P95_MS, color="grey", lw=0.8, ls=":")
    right.annotate("p95 target", (right.get_xlim()[0], TARGET_P95_MS), fontsize=7, color="grey")
    for axis in (left, right):
        axis.set_yscale("log")
        axis.set_ylabel("latency (ms, log scale)")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


# -- report ---------------------------------------------------------------------------------------
def _stress_rows(stack: dict) -> list[list]:
    rows = []
    for r in stack.get("stress", []):
        lat, cpu = r.get("latency_ms") or {}, r.get("cpu_ms_per_message") or {}
        rows.append(
            [
                r["level"],
                _fmt(r["throughput"]),
                _fmt(lat.get("p50")),
                _fmt(lat.get("p95")),
                _fmt(lat.get("p99")),
                f"{r['errors']} / {r['messages']}",
                _fmt(cpu.get("rasa"), 1),
                _fmt(cpu.get("action-server"), 1),
                _fmt(_get(r, "rss_peak_mb", "total"), 0),
                _fmt(r.get("other_load_cores"), 2),
            ]
        )
    return rows


def _realistic_rows(stack: dict) -> list[list]:
    rows = []
    for r in stack.get("realistic", []):
        if r.get("skipped"):
            rows.append([r["offered_rate"], "skipped (far above saturation)"] + [""] * 6)
            continue
        lat = r.get("latency_ms") or {}
        rows.append(
            [
                r["offered_rate"],
                _fmt(r["achieved_rate"]),
                _fmt(lat.get("p50")),
                _fmt(lat.get("p95")),
                _fmt(lat.get("p99")),
                f"{r['errors']} / {r['messages']}",
                _fmt(_get(r, "cpu_ms_per_message", "rasa"), 1),
                _fmt(r.get("other_load_cores"), 2),
            ]
        )
    return rows


STRESS_HEADER = ["parallel", "msg/s", "p50 ms", "p95 ms", "p99 ms", "errors / msgs"]
STRESS_HEADER += ["Rasa CPU ms/msg", "actions CPU ms/msg", "peak RSS MB", "other load (cores)"]
REALISTIC_HEADER = ["offered msg/s", "measured msg/s", "p50 ms", "p95 ms", "p99 ms"]
REALISTIC_HEADER += ["errors / msgs", "Rasa CPU ms/msg", "other load (cores)"]


def comparison_rows(results: dict) -> list[list]:
    full = _get(results, "stacks", "full") or {}
    default = _get(results, "stacks", "default") or {}
    rows = []

    def add(name, a, b, digits=1, unit="", higher_is_better=True):
        ratio = _ratio(a, b, 2) if higher_is_better else _ratio(b, a, 2)
        rows.append([name, _fmt(a, digits, unit), _fmt(b, digits, unit), ratio])

    add("saturation throughput (msg/s)", saturation(full), saturation(default))
    for concurrency in (1, 20, 50):
        a, b = level(full, "stress", concurrency), level(default, "stress", concurrency)
        add(f"stress {concurrency} parallel: msg/s", _get(a, "throughput"), _get(b, "throughput"))
        for q in ("p50", "p95", "p99"):
            add(
                f"stress {concurrency} parallel: {q} ms",
                _get(a, "latency_ms", q),
                _get(b, "latency_ms", q),
                higher_is_better=False,
            )
    for rate in (10, 25, 50):
        a, b = level(full, "realistic", rate), level(default, "realistic", rate)
        for q in ("p50", "p95", "p99"):
            add(
                f"realistic {rate} msg/s: {q} ms",
                _get(a, "latency_ms", q),
                _get(b, "latency_ms", q),
                higher_is_better=False,
            )
    add("NLU parse p50 (ms, in-process)", _get(results, "nlu", "full", "parse_ms", "p50"),
        _get(results, "nlu", "default", "parse_ms", "p50"), 2, higher_is_better=False)  # fmt: skip
    add("NLU parse p95 (ms, in-process)", _get(results, "nlu", "full", "parse_ms", "p95"),
        _get(results, "nlu", "default", "parse_ms", "p95"), 2, higher_is_better=False)  # fmt: skip
    add("intent macro-F1 (20 % held out)", _get(results, "nlu", "full", "macro_f1"),
        _get(results, "nlu", "default", "macro_f1"), 3)  # fmt: skip
    add("intent accuracy (20 % held out)", _get(results, "nlu", "full", "accuracy"),
        _get(results, "nlu", "default", "accuracy"), 3)  # fmt: skip
    add("training time, 80 % NLU + rules (s)", _get(results, "training", "full_80", "time_s"),
        _get(results, "training", "default_80", "time_s"), higher_is_better=False)  # fmt: skip
    add("model size (MB)", _get(results, "training", "full_80", "size_mb"),
        _get(results, "training", "default_80", "size_mb"), 2, higher_is_better=False)  # fmt: skip
    add("model load in-process (s)", _get(results, "nlu", "full", "load_s"),
        _get(results, "nlu", "default", "load_s"), 2, higher_is_better=False)  # fmt: skip
    add("start-up to ready (s)", _get(full, "startup", "ready_s"),
        _get(default, "startup", "ready_s"), 2, higher_is_better=False)  # fmt: skip
    add("start-up to first reply (s)", _get(full, "startup", "first_reply_s"),
        _get(default, "startup", "first_reply_s"), 2, higher_is_better=False)  # fmt: skip
    for service in ("rasa", "action-server", "web", "total"):
        add(f"RSS peak {service} (MB)", _get(full, "rss_peak_mb", service),
            _get(default, "rss_peak_mb", service), 0, higher_is_better=False)  # fmt: skip
    add("Rasa CPU per message at stress 20 (ms)",
        _get(level(full, "stress", 20), "cpu_ms_per_message", "rasa"),
        _get(level(default, "stress", 20), "cpu_ms_per_message", "rasa"), 1,
        higher_is_better=False)  # fmt: skip
    return rows


def _profile_lines(results: dict, name: str, title: str) -> list[str]:
    profile = _get(results, "stacks", name, "profile") or {}
    if not profile or profile.get("error"):
        return [f"No profile of {title} ({profile.get('error', 'not run')}).", ""]
    cpu = _get(profile, "load", "cpu_ms_per_message") or {}
    busy_ms = {}
    throughput = _get(profile, "load", "throughput")
    for process in ("rasa", "action-server"):
        idle = _get(profile, process, "idle_share")
        if throughput and idle is not None:
            busy_ms[process] = (1 - idle) * 1000 / throughput
    lines = [
        f"### {title}",
        "",
        f"py-spy ({_get(profile, 'rate', default='?')} Hz, `--idle`) on the main thread of each "
        f"server — the one event loop that handles every request, so blocking calls such as a "
        f'SQLite commit count where they block; the loop waiting for work is "idle" — during '
        f"a stress run with "
        f"{_get(profile, 'concurrency', default='?')} parallel conversations: "
        f"{_fmt(_get(profile, 'load', 'throughput'))} msg/s while sampled. CPU per message: "
        + ", ".join(f"{process} {_fmt(value, 1)} ms" for process, value in cpu.items())
        + "; busy time of the main thread per message: "
        + ", ".join(f"{process} {_fmt(value, 1)} ms" for process, value in busy_ms.items())
        + " (ms / message below = share × busy time).",
        "",
    ]
    for process in ("rasa", "action-server"):
        part = profile.get(process) or {}
        per_message = busy_ms.get(process)
        rows = [
            [category, f"{share:.0%}", _fmt(share * per_message, 2) if per_message else "–"]
            for category, share in (part.get("categories") or {}).items()
        ]
        idle = part.get("idle_share")
        lines.append(
            f"**{process}** ({part.get('samples', 0)} samples, "
            f"{_fmt(None if idle is None else idle * 100, 0)} % idle)"
        )
        lines.append("")
        lines += _table(["where", "share of busy time", "ms / message"], rows)
        lines.append("")
        top = part.get("top_functions") or []
        if top:
            lines.append(
                "Hottest functions (self time): "
                + "; ".join(f"`{t['function']}` {t['share']:.0%}" for t in top[:8])
            )
            lines.append("")
    return lines


def _by_label_lines(results: dict) -> list[str]:
    columns = [
        (name, level(_get(results, "stacks", name), "stress", 1))
        for name in (
            "full",
            "alt_no_tracker_cache",
            "alt_rasa_sql_store",
            "alt_inmemory_tracker",
            "default",
        )
    ]
    columns = [(name, run) for name, run in columns if run and run.get("by_label")]
    if not columns:
        return []
    labels = sorted({label for _, run in columns for label in run["by_label"]})
    rows = []
    for label in labels:
        row = [label]
        for _, run in columns:
            values = run["by_label"].get(label) or {}
            row.append(f"{_fmt(values.get('p50'))} / {_fmt(values.get('p95'))}")
        rows.append(row)
    titles = {
        "full": "this assistant",
        "alt_no_tracker_cache": "tracker without cache",
        "alt_rasa_sql_store": "Rasa-style SQL tracker",
        "alt_inmemory_tracker": "in-memory tracker",
        "default": "default pipeline",
    }
    return [
        "Latency by kind of turn with one conversation at a time (no queueing: the service "
        "time), p50 / p95 ms:",
        "",
        *_table(["turn"] + [titles[name] for name, _ in columns], rows),
        "",
    ]


ALTERNATIVES = {
    "full": "baseline, as `make run` starts it (MaskingSQLTrackerStore: one WAL SQLite "
    "connection + cache of stored events; bot.rasa.speedups; selective domain; 1 action worker)",
    "alt_no_tracker_cache": "tracker store without its cache (`EDI_TRACKER_CACHE=0`): one WAL "
    "connection, but every message reads the conversation back and counts its events",
    "alt_rasa_sql_store": "tracker store as Rasa's SQLTrackerStore works (new connection per "
    "session, rollback journal + fsync, no cache; bench/rasa_variant.py)",
    "alt_inmemory_tracker": "in-memory tracker store (no `tracker_store` in endpoints.yml)",
    "alt_without_speedups": "without bot.rasa.speedups (Rasa's own jsonschema check per "
    "action answer, a new HTTP session per action call, row-order classifier weights)",
    "alt_sqlite_wal": "tracker SQLite in WAL mode, `synchronous=NORMAL` (now in the baseline)",
    "alt_action_workers_2": "ACTION_SERVER_SANIC_WORKERS=2",
    # older runs
    "alt_cached_validator": "cached jsonschema validator (now in the baseline)",
    "alt_both": "cached validator + in-memory tracker store",
}


def _alternative_levels(results: dict) -> tuple[int | None, int | None]:
    plan = _get(results, "meta", "plans", "alt") or {}
    return max(plan.get("stress") or [0]) or None, max(plan.get("realistic") or [0]) or None


def _alternative_rows(results: dict) -> list[list]:
    stacks = results.get("stacks") or {}
    stress_level, realistic_level = _alternative_levels(results)
    base = level(stacks.get("full"), "stress", stress_level)
    rows = []
    for name, title in ALTERNATIVES.items():
        stack = stacks.get(name)
        if not stack:
            continue
        one = level(stack, "stress", 1)
        s, r = level(stack, "stress", stress_level), level(stack, "realistic", realistic_level)
        rows.append(
            [
                title,
                _fmt(_get(one, "latency_ms", "p50")),
                _fmt(_get(s, "throughput")),
                _ratio(_get(s, "throughput"), _get(base, "throughput"), 2),
                _fmt(_get(s, "latency_ms", "p95")),
                _fmt(_get(r, "latency_ms", "p50")),
                _fmt(_get(r, "latency_ms", "p95")),
                _fmt(_get(r, "latency_ms", "p99")),
                f"{_get(r, 'errors', default='–')} / {_get(r, 'messages', default='–')}",
                _fmt(_get(s, "cpu_ms_per_message", "rasa"), 1),
                _fmt(_get(stack, "rss_peak_mb", "total"), 0),
            ]
        )
    return rows


def alternative_header(results: dict) -> list[str]:
    stress_level, realistic_level = _alternative_levels(results)
    return [
        "variant",
        "1 conversation: p50 ms",
        f"{stress_level} parallel: msg/s",
        "vs baseline",
        "p95 ms",
        f"realistic {realistic_level} msg/s: p50 ms",
        "p95 ms",
        "p99 ms",
        "errors / msgs",
        "Rasa CPU ms/msg",
        "peak RSS MB",
    ]


def _busy_ms(results: dict, stack: str, process: str) -> float | None:
    """Busy time of a server's main thread per message during the profiled run."""
    profile = _get(results, "stacks", stack, "profile") or {}
    idle, throughput = _get(profile, process, "idle_share"), _get(profile, "load", "throughput")
    return (1 - idle) * 1000 / throughput if idle is not None and throughput else None


def _category_ms(results: dict, stack: str, process: str, needle: str) -> float | None:
    profile = _get(results, "stacks", stack, "profile") or {}
    per_message = _busy_ms(results, stack, process)
    shares = _get(profile, process, "categories") or {}
    share = sum(v for k, v in shares.items() if needle in k)
    return per_message * share if per_message is not None and shares else None


def findings(results: dict) -> list[str]:
    """Findings and proposals, with this run's numbers (the mechanisms are from reading the
    profiles and the Rasa 3.6 / rasa-sdk 3.6 / SQLAlchemy 1.4 source)."""
    stacks = results.get("stacks") or {}
    full, default = stacks.get("full") or {}, stacks.get("default") or {}
    stress_level, realistic_level = _alternative_levels(results)

    def sat(name):
        return _get(level(stacks.get(name), "stress", stress_level), "throughput")

    def one_p50(name):
        return _get(level(stacks.get(name), "stress", 1), "latency_ms", "p50")

    def rp95(name):
        return _get(level(stacks.get(name), "realistic", realistic_level), "latency_ms", "p95")

    def cpu(name, process="rasa"):
        return _get(level(stacks.get(name), "stress", stress_level), "cpu_ms_per_message", process)

    def part(stack, process, needle):
        return ms(_category_ms(results, stack, process, needle))

    def compare(name):
        return (
            f"{_fmt(sat(name))} msg/s at {stress_level} parallel "
            f"({_ratio(sat(name), sat('full'), 2)} the baseline's {_fmt(sat('full'))}), one "
            f"conversation p50 {ms(one_p50(name))} ms (baseline {ms(one_p50('full'))}), realistic "
            f"{realistic_level} msg/s p95 {ms(rp95(name))} ms (baseline {ms(rp95('full'))}), Rasa "
            f"CPU {ms(cpu(name))} ms per message (baseline {ms(cpu('full'))})"
        )

    ms = lambda v: _fmt(v, 1)  # noqa: E731 - local shorthand
    knowledge = results.get("knowledge") or {}
    real, synthetic = knowledge.get("real") or {}, knowledge.get("synthetic") or {}
    again = stacks.get("full_again")
    first, last = sat("full"), sat("full_again")
    drift = (
        f" The baseline stack measured again at the end of the run gave {_fmt(last)} msg/s at "
        f"{stress_level} parallel (first {_fmt(first)}, "
        f"{_fmt(abs(last - first) / first * 100, 0)} % apart)."
        if again and first and last
        else ""
    )
    default_checks = default.get("answer_checks") or {}
    failed = [name for name, check in default_checks.items() if not check["ok"]]
    default_failed = (
        f" Its answers also differ: {', '.join(failed)} did not end as the integration tests "
        f"expect (last answer: «{default_checks[failed[0]]['last_answer'][:80]}»)."
        if failed
        else ""
    )
    return [
        "## Findings",
        "",
        f"1. **The Rasa server is the bottleneck.** Its one event loop handles every message; "
        f"while profiled it was busy {ms(_busy_ms(results, 'full', 'rasa'))} ms per message "
        f"({ms(_get(full, 'profile', 'load', 'cpu_ms_per_message', 'rasa'))} ms of CPU), the "
        f"action server {ms(_busy_ms(results, 'full', 'action-server'))} ms (mostly idle), the "
        f"web app nothing (it is not on the REST path). Saturation "
        f"({_fmt(saturation(full))} msg/s) comes with a handful of parallel conversations; more "
        f"only queue. Of the Rasa server's busy time: tracker store "
        f"{part('full', 'rasa', 'tracker store')} ms, NLU {part('full', 'rasa', 'NLU')} ms, "
        f"policies {part('full', 'rasa', 'policies')} ms, the call to the action server "
        f"{part('full', 'rasa', 'aiohttp')} ms, actions/responses/forms "
        f"{part('full', 'rasa', 'actions,')} ms, Sanic and the REST channel "
        f"{part('full', 'rasa', 'HTTP server')} ms, checking action answers (jsonschema) "
        f"{part('full', 'rasa', 'jsonschema')} ms.",
        f"2. **The tracker store was the largest single cost; now it is one of several.** "
        f"Rasa's `SQLTrackerStore` on a SQLite file opens a new connection per session "
        f"(SQLAlchemy 1.4's `NullPool`), reads the conversation's events back and rebuilds the "
        f"tracker from JSON for every message, counts the stored events before each save and "
        f"commits with an fsync, all on the event loop. `MaskingSQLTrackerStore` now keeps one "
        f"connection in WAL mode (`synchronous=NORMAL`) and the stored, already masked events "
        f"of recently active conversations (`EDI_TRACKER_CACHE`, 2,000 by default), so a read "
        f"rebuilds the tracker from objects in memory and a save writes only the new events; "
        f"one indexed query for the conversation's newest event id tells whether another "
        f"process (a second Rasa process, the web app deleting it, the retention job) changed "
        f"it since. It now takes "
        f"{part('full', 'rasa', 'tracker store')} ms per message. Measured: the store as "
        f"Rasa's works {compare('alt_rasa_sql_store')}; without the cache (one WAL connection "
        f"kept) {compare('alt_no_tracker_cache')}; the in-memory tracker store (the upper bound; "
        f"loses conversations on restart) {compare('alt_inmemory_tracker')}.",
        f"3. **`bot/rasa/speedups.py` (in the baseline)**: the action-answer validator built "
        f"once instead of per call, one aiohttp session with kept-alive connections to the "
        f"action server instead of a new session per call, and the intent classifier's weights "
        f"stored column by column (scikit-learn copied the transposed matrix on every "
        f"prediction: parse 5.4 → 4.2 ms in-process, identical probabilities); besides, "
        f"endpoints.yml sends the domain (22 KB) only to the two form validators. Without the "
        f"speed-ups: {compare('alt_without_speedups')}.",
        f"4. **What remains is Rasa's own work per message**: NLU "
        f"{part('full', 'rasa', 'NLU')} ms (CountVectors, sparse stacking, the classifier), "
        f"policies {part('full', 'rasa', 'policies')} ms (the tracker's states rebuilt from all "
        f"events for each prediction, with and without rule-only turns; RulePolicy filters "
        f"every rule key), actions, forms and responses {part('full', 'rasa', 'actions,')} ms, "
        f"the action-server call {part('full', 'rasa', 'aiohttp')} ms, Sanic and the REST "
        f"channel {part('full', 'rasa', 'HTTP server')} ms, events and slots "
        f"{part('full', 'rasa', 'events, slots')} ms. None of these is a single large item "
        f"any more.",
        f"5. **Database and knowledge search are small per message** (action server: knowledge "
        f"search {part('full', 'action-server', 'knowledge')} ms, database "
        f"{part('full', 'action-server', 'database')} ms, Sanic and JSON "
        f"{part('full', 'action-server', 'HTTP server')} ms per message). `find_by_name` p50 "
        f"{_fmt(_get(real, 'find_by_name_ms', 'p50'), 2)} / p95 "
        f"{_fmt(_get(real, 'find_by_name_ms', 'p95'), 2)} ms with the {real.get('entries', '–')} "
        f"real entries, {_fmt(_get(synthetic, 'find_by_name_ms', 'p50'), 1)} / "
        f"{_fmt(_get(synthetic, 'find_by_name_ms', 'p95'), 1)} ms with "
        f"{synthetic.get('entries', '–')}; `search_by_need` {_fmt(_get(synthetic, 'search_by_need_ms', 'p50'), 1)} / "
        f"{_fmt(_get(synthetic, 'search_by_need_ms', 'p95'), 1)} ms there, and building that "
        f"index takes {_fmt((synthetic.get('index_build_ms') or 0) / 1000, 1)} s.",
        f"6. **Against Rasa's default pipeline**: NLU parse "
        f"{_ratio(_get(results, 'nlu', 'default', 'parse_ms', 'p50'), _get(results, 'nlu', 'full', 'parse_ms', 'p50'))} "
        f"faster, training {_ratio(_get(results, 'training', 'default_80', 'time_s'), _get(results, 'training', 'full_80', 'time_s'))} "
        f"faster, model {_ratio(_get(results, 'training', 'default_80', 'size_mb'), _get(results, 'training', 'full_80', 'size_mb'))} "
        f"smaller, Rasa server {_fmt(_get(full, 'rss_peak_mb', 'rasa'), 0)} vs "
        f"{_fmt(_get(default, 'rss_peak_mb', 'rasa'), 0)} MB, start-up "
        f"{_ratio(_get(default, 'startup', 'ready_s'), _get(full, 'startup', 'ready_s'))} "
        f"faster, macro-F1 {_fmt(_get(results, 'nlu', 'full', 'macro_f1'), 3)} vs "
        f"{_fmt(_get(results, 'nlu', 'default', 'macro_f1'), 3)}, and end-to-end throughput "
        f"{_ratio(saturation(full), saturation(default), 2)}: both stacks run the same Rasa "
        f"server with the same tracker store and speed-ups, so the difference is what DIET and "
        f"TED cost per message beyond the sparse pipeline and rules.{default_failed}"
        f"{drift}",
        "",
        "## Proposals (in order of effect per effort)",
        "",
        "1. **Use both cores with a second Rasa process** (`EDI_RASA_PROCESSES=2`, "
        "deploy/endpoints-scaled.yml: PostgreSQL tracker store, Redis lock store; the tracker "
        "cache stays valid because it checks each conversation's newest event id). One Rasa "
        "process is one event loop on one core; the measured scale-out is below.",
        "2. **Rasa internals, if more is needed on one core**: build the tracker's states "
        "incrementally instead of from all events for every prediction, index RulePolicy's rule "
        "keys by their last state instead of filtering all of them, skip the `deepcopy` of the "
        "states RulePolicy makes for a debug log line that is filtered out. Each is a patch of "
        "Rasa internals worth a few percent; none is done (the repeated states within one "
        "prediction are already computed once, `bot/rasa/speedups.py`).",
        "3. **Keep the tracker cache and the speed-ups** (findings 2 and 3). Trade-offs: WAL "
        "with `synchronous=NORMAL` can lose the last turns on a power cut (never corrupts the "
        "file); the cache holds up to 2,000 conversations' masked events in the Rasa server's "
        "memory (tracemalloc: about 16 KB for a conversation of 32 events; in this run the "
        f"baseline, which ran thousands of conversations, peaked at "
        f"{_fmt(_get(full, 'rss_peak_mb', 'rasa'), 0)} MB for the Rasa server against "
        f"{_fmt(_get(stacks.get('alt_no_tracker_cache') or {}, 'rss_peak_mb', 'rasa'), 0)} MB "
        "without the cache) and drops a conversation idle for 30 minutes; it costs one indexed "
        "query per read and one per save.",
        "4. **More action-server workers do not help**: the action server is mostly idle "
        "(`python -m bench.run --all-alternatives` measures 2 workers).",
        "5. **Targets out of reach on 2 cores**: 150 msg/s needs about 6.7 ms of Rasa time per "
        "message on one core (about 13 ms with two Rasa processes and nothing else running); "
        "NLU and policies alone cost more than that. The realistic p95 target at 50 msg/s "
        "needs saturation comfortably above 50 msg/s.",
    ]


def _knowledge_rows(results: dict) -> list[list]:
    rows = []
    for name, part in (results.get("knowledge") or {}).items():
        rows.append(
            [
                f"{name} ({part['entries']} entries, {part['aliases']} names/aliases)",
                _fmt(part["index_build_ms"], 0),
                _fmt(part["find_by_name_ms"]["p50"], 2),
                _fmt(part["find_by_name_ms"]["p95"], 2),
                _fmt(part["search_by_need_ms"]["p50"], 2),
                _fmt(part["search_by_need_ms"]["p95"], 2),
            ]
        )
    return rows


def write_report(results: dict, out_dir: Path = BENCH_DIR) -> None:
    try:
        plot(results, out_dir / "latency.png")
    except Exception as error:  # noqa: BLE001 - the report is still worth writing
        print(f"plot failed: {error}", file=sys.stderr)
    meta = results.get("meta") or {}
    full = _get(results, "stacks", "full") or {}
    default = _get(results, "stacks", "default") or {}
    lines = [
        "# Benchmark: how fast, how much, and against Rasa's default",
        "",
        f"Generated by `make bench` (bench/run.py) on {meta.get('date')}, commit "
        f"`{meta.get('commit')}`, Python {meta.get('python')}, {meta.get('cpus')} CPU cores; "
        f"load average {_loadavg(meta.get('load_average_at_start'))} at the start and "
        f"{_loadavg(meta.get('load_average_at_end'))} at the end (other work on the machine "
        f"shares the cores); the run took {_fmt((meta.get('total_s') or 0) / 60, 1)} min."
        + (" **Quick mode: short levels, not comparable.**" if meta.get("quick") else ""),
        "",
        "![latency against load](latency.png)",
        "",
        "## Targets",
        "",
    ]
    lines += _table(
        ["target", "measured", "result"],
        [[t["target"], t["measured"], t["result"]] for t in targets(results)],
    )
    lines += ["", "## Side by side: this assistant vs Rasa's default pipeline", ""]
    lines += _table(
        [
            "",
            "Én dør inn (config.yml)",
            "Rasa default (bench/config_default.yml)",
            "advantage",
        ],  # fmt: skip
        comparison_rows(results),
    )
    lines += [
        "",
        '"advantage" is how many times better this assistant is (higher throughput or F1, '
        "lower latency, time or memory); below 1× the default is better.",
        "",
        "## Stress (closed loop: N conversations in parallel, no pause)",
        "",
        "This assistant:",
        "",
    ]
    lines += _table(STRESS_HEADER, _stress_rows(full))
    if default:
        lines += ["", "Rasa default pipeline:", ""]
        lines += _table(STRESS_HEADER, _stress_rows(default))
    lines += [""] + _recheck_lines(results)
    lines += [
        "",
        "## Realistic (open loop: conversations arrive at a fixed rate, 3–8 s think time)",
        "",
        "This assistant:",
        "",
    ]
    lines += _table(REALISTIC_HEADER, _realistic_rows(full))
    if default:
        lines += ["", "Rasa default pipeline:", ""]
        lines += _table(REALISTIC_HEADER, _realistic_rows(default))
    lines += ["", "## Memory, start-up, training", ""]
    lines += _table(
        ["", "Rasa server", "action server", "web app", "total"],
        [
            [f"{label} RSS idle (MB)"]
            + [_fmt(_get(stack, "rss_idle_mb", k), 0) for k in ("rasa", "action-server", "web", "total")]
            for label, stack in (("this assistant", full), ("default pipeline", default))
            if stack
        ]
        + [
            [f"{label} RSS peak under load (MB)"]
            + [_fmt(_get(stack, "rss_peak_mb", k), 0) for k in ("rasa", "action-server", "web", "total")]
            for label, stack in (("this assistant", full), ("default pipeline", default))
            if stack
        ],
    )  # fmt: skip
    training = results.get("training") or {}
    lines += [""]
    lines += _table(
        ["model", "training data", "training time (s)", "model size (MB)"],
        [
            [name, data, _fmt(_get(training, name, "time_s")), _fmt(_get(training, name, "size_mb"), 2)]
            for name, data in (
                ("full", "config.yml, all data (the model of the stack)"),
                ("full_80", "config.yml, 80 % NLU + rules + stories (F1)"),
                ("default_80", "config_default.yml, 80 % NLU + rules + stories (F1 and its stack)"),
            )
        ],
    )  # fmt: skip
    if any(_get(training, name, "reused") for name in training):
        lines += ["", "Some models were reused from an earlier run (`--reuse-models`)."]
    if _get(training, "default_80", "cached"):
        lines += [
            "",
            f"The default pipeline's model was not retrained in this run: bench/out/cache held a "
            f"model of exactly the same inputs (config, domain, data, split, Rasa version), "
            f"trained on {_get(training, 'default_80', 'date')}; its training time is from "
            f"then. `python -m bench.run --retrain-default` trains it again.",
        ]
    lines += [
        "",
        f"Start-up (this assistant): ready after {_fmt(_get(full, 'startup', 'ready_s'), 2)} s "
        f"(per service: {_services_ready(full)}), first answer to «Hva er Jobbskolen?» after "
        f"{_fmt(_get(full, 'startup', 'first_reply_s'), 2)} s.",
        "",
        "Answer checks after warm-up (one conversation of each kind, the answers the integration "
        "tests expect): "
        + ", ".join(
            f"{name} {sum(c['ok'] for c in checks.values())}/{len(checks)}"
            + (
                " (failed: " + ", ".join(k for k, c in checks.items() if not c["ok"]) + ")"
                if not all(c["ok"] for c in checks.values())
                else ""
            )
            for name, checks in (
                (name, stack.get("answer_checks") or {})
                for name, stack in (results.get("stacks") or {}).items()
            )
            if checks
        )
        + ".",
        "",
        "## Knowledge lookup (knowledge.search.TiltakIndex, in-process)",
        "",
    ]
    lines += _table(
        ["content", "index build ms", "find_by_name p50", "p95", "search_by_need p50", "p95"],
        _knowledge_rows(results),
    )
    lines += ["", "## NLU", ""]
    lines += _table(
        [
            "pipeline",
            "macro-F1",
            "weighted F1",
            "accuracy",
            "parse p50 ms",
            "parse p95 ms",
            "load s",
            "held-out examples",
        ],  # fmt: skip
        [
            [
                name,
                _fmt(p.get("macro_f1"), 3),
                _fmt(p.get("weighted_f1"), 3),
                _fmt(p.get("accuracy"), 3),
                _fmt(_get(p, "parse_ms", "p50"), 2),
                _fmt(_get(p, "parse_ms", "p95"), 2),
                _fmt(p.get("load_s"), 2),
                p.get("test_examples"),
            ]  # fmt: skip
            for name, p in (results.get("nlu") or {}).items()
        ],
    )
    lines += ["", "## Where the time goes (profile)", ""]
    lines += _profile_lines(results, "full", "This assistant as `make run` starts it")
    lines += _profile_lines(
        results, "alt_no_tracker_cache", "With the tracker store's cache off (EDI_TRACKER_CACHE=0)"
    )
    lines += _by_label_lines(results)
    lines += ["## Alternatives measured", ""]
    lines += _table(alternative_header(results), _alternative_rows(results))
    lines += [""] + findings(results)
    scale_out = out_dir / "scale_out.md"
    if scale_out.is_file():
        lines += ["", scale_out.read_text(encoding="utf-8").strip()]
    lines += ["", "## Method", ""] + METHOD
    (out_dir / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _recheck_lines(results: dict) -> list[str]:
    again = _get(results, "stacks", "full_again")
    full = _get(results, "stacks", "full")
    if not again or not full:
        return []
    parts = []
    for concurrency in (1, 20):
        a, b = level(full, "stress", concurrency), level(again, "stress", concurrency)
        parts.append(
            f"{concurrency} parallel {_fmt(_get(b, 'throughput'))} msg/s, p50 "
            f"{_fmt(_get(b, 'latency_ms', 'p50'))} ms, Rasa CPU "
            f"{_fmt(_get(b, 'cpu_ms_per_message', 'rasa'))} ms/msg, other load "
            f"{_fmt(_get(b, 'other_load_cores'), 2)} cores (first: "
            f"{_fmt(_get(a, 'throughput'))} msg/s, {_fmt(_get(a, 'latency_ms', 'p50'))} ms, "
            f"{_fmt(_get(a, 'cpu_ms_per_message', 'rasa'))} ms/msg, "
            f"{_fmt(_get(a, 'other_load_cores'), 2)} cores)"
        )
    return [
        "The same baseline stack measured again at the end of the run (other developers' work "
        "shares the two cores, so numbers drift): " + "; ".join(parts) + ".",
        "",
    ]


def _services_ready(stack: dict) -> str:
    ready = _get(stack, "startup", "services_ready_s") or {}
    return ", ".join(f"{name} {seconds} s" for name, seconds in ready.items()) or "–"


def _loadavg(values) -> str:
    return " / ".join(f"{v:.1f}" for v in values) if values else "–"


METHOD = [
    "- Each stack is started like `make run` does (`bot.processes.Stack`: action server, Rasa "
    "server, web app) on free loopback ports, with its own var dir, a tmp SQLite knowledge "
    "database (`knowledge.store.replace_all`) and its own SQLite tracker database. The "
    "per-IP and per-sender rate limits of the REST channel are switched off for the run "
    "(`EDI_RATE_LIMIT_PER_IP=0`, `EDI_RATE_LIMIT_PER_SENDER=0`): the load generator is one IP.",
    "- The load generator (`bench/loadgen.py`, asyncio + aiohttp, one keep-alive connection "
    "pool) runs in its own process and posts to `/webhooks/rest/webhook` on 127.0.0.1. Each "
    "request has a 10 s time-out. Conversations (`bench/conversations.py`) follow the "
    "integration tests: «Hva er X?» for knowledge entries and follow-up buttons (35 %), the "
    "youth needs assessment `/i_am_youth`, `19`, `ingen av delene`, `helse`, `jobb` (25 %), the "
    "employer assessment (15 %), the two handoffs of test_handoff.py ending in a ticket (15 %), "
    "small talk (10 %); about 6.8 turns on average, a new sender id per conversation.",
    "- Stress: N virtual users run conversations back to back; 3 s warm-up, then throughput "
    "(answered messages per second) and latency over the window. Realistic: conversations "
    "start at a fixed rate (offered messages/s ÷ mean turns), 3–8 s think time between turns; "
    "latency is measured from the moment a message was due (no coordinated omission); only "
    "messages due after the ramp-up count.",
    "- Errors: time-outs, connection errors, non-200 answers, empty answers and the channel's "
    "«Beklager, jeg får ikke svart» (the action server failed).",
    "- RSS: VmRSS of each service's process tree (`/proc/<pid>/status`, children summed), "
    "sampled every second; CPU per message from `/proc/<pid>/stat` before and after a run.",
    "- NLU: `rasa data split nlu` 80/20 with seed 42; both pipelines trained with the 80 % NLU "
    "data plus rules and stories; Rasa's NLU evaluation (as `rasa test nlu`) on the 20 %, macro "
    "average F1 from intent_report.json. The default pipeline's stack runs that 80 % model "
    "(one DIET training keeps the run within time); this assistant's stack runs the model "
    "trained on all data. Parse timings: `Agent.load` + `agent.parse_message` over the "
    "held-out texts, in one process.",
    "- The default pipeline is measured at the same load levels with shorter windows; a "
    "realistic level more than twice its stress saturation throughput is skipped (it would "
    "only measure time-outs).",
]


def print_table(results: dict) -> None:
    full = _get(results, "stacks", "full") or {}
    default = _get(results, "stacks", "default") or {}
    print()
    print(f"{'':38} {'Én dør inn':>14} {'Rasa default':>14} {'advantage':>10}")
    for row in comparison_rows(results):
        if any(key in row[0] for key in ("stress 1 ", "p99", "accuracy", "model load")):
            continue
        print(f"{row[0]:38} {row[1]:>14} {row[2]:>14} {row[3]:>10}")
    print()
    for target in targets(results):
        print(f"  [{target['result']:>4}] {target['target']}: {target['measured']}")
    stress_level, realistic_level = _alternative_levels(results)
    b_s, b_r = level(full, "stress", stress_level), level(full, "realistic", realistic_level)
    for name in ALTERNATIVES:
        stack = _get(results, "stacks", name)
        if stack and name != "full":
            s, r = level(stack, "stress", stress_level), level(stack, "realistic", realistic_level)
            print(
                f"  {name}: stress {stress_level} {_fmt(_get(s, 'throughput'))} msg/s "
                f"(baseline {_fmt(_get(b_s, 'throughput'))}), realistic {realistic_level} p95 "
                f"{_fmt(_get(r, 'latency_ms', 'p95'))} ms "
                f"(baseline {_fmt(_get(b_r, 'latency_ms', 'p95'))})"
            )
    del default
    print()


if __name__ == "__main__":
    data = json.loads((BENCH_DIR / "results.json").read_text(encoding="utf-8"))
    write_report(data, BENCH_DIR)
    print_table(data)
