"""`make bench`: how fast, how much, and against Rasa's default pipeline.

Everything runs on loopback, in a temporary directory (own ports, own var dir, own SQLite
knowledge and tracker databases), and stops by itself. Steps, with progress lines:

 1. knowledge DB (tmp SQLite) and the held-out NLU split (`rasa data split nlu`, 80/20, seed);
 2. knowledge lookup timings (real content and 5,000 synthetic entries);
 3. training: the project's pipeline on all data (the stack's model) and on the 80 % split,
    Rasa's default pipeline (bench/config_default.yml) on the 80 % split (its stack's model);
 4. NLU: intent macro-F1 on the 20 % held out, model load time, parse_message timings;
 5. the whole stack as `make run` starts it: start-up, RSS, stress (closed loop) and realistic
    (open loop) load, py-spy profile of the Rasa and action servers;
 6. alternatives on the same stack (in-memory tracker store, 2 action-server workers);
 7. the same load against Rasa's default pipeline;
 8. bench/results.json, bench/report.md, bench/latency.png and a short table.

`python -m bench.run --quick` runs short levels (for trying it out); `--keep` keeps the tmp
directory; `--reuse-models DIR` takes trained models from a kept directory (development only:
the training times are then the ones of that earlier run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

from bench import profiling
from bench.conversations import answer_checks
from bench.rasa_variant import VARIANTS_ENV
from bench.report import print_table, write_report
from bot.processes import Stack
from bot.settings import QUIET_ENV, REPO_DIR, Settings

BENCH_DIR = REPO_DIR / "bench"
STARTED = time.monotonic()

FULL_PLAN = {
    "stress": [1, 5, 20, 50],
    "stress_warmup": 3,
    "stress_duration": 15,
    "realistic": [10, 25, 50],
    "realistic_ramp": 32,
    "realistic_window": 25,
    "timeout": 10.0,
    "profile_concurrency": 20,
    "profile_seconds": 12,
}
# Rasa's default pipeline: same levels, shorter; realistic levels far above its saturation
# throughput are skipped (they would only measure time-outs).
DEFAULT_PLAN = {
    **FULL_PLAN,
    "stress_duration": 12,
    "realistic_ramp": 30,
    "realistic_window": 20,
    "skip_realistic_above_saturation": 2.0,
}
ALTERNATIVE_PLAN = {**FULL_PLAN, "stress": [1, 20], "realistic": [25], "realistic_ramp": 30}
ALTERNATIVE_PLAN["realistic_window"] = 20
RECHECK_PLAN = {**FULL_PLAN, "stress": [1, 20], "realistic": []}
QUICK = {
    "stress": [1, 20],
    "stress_duration": 5,
    "realistic": [25],
    "realistic_ramp": 8,
    "realistic_window": 8,
    "profile_seconds": 6,
}


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:7.1f}s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quiet_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QUIET_ENV)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_DIR), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def run_logged(command: list[str], log_file: Path, timeout: float, **env: str) -> float:
    """Run a command with its output in `log_file`; seconds it took. Raises on failure."""
    started = time.perf_counter()
    with log_file.open("w") as out:
        result = subprocess.run(
            command,
            cwd=REPO_DIR,
            env=quiet_env(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
        )
    if result.returncode != 0:
        tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-20:])
        raise RuntimeError(f"{' '.join(command[:4])} … failed:\n{tail}")
    return time.perf_counter() - started


# -- processes: RSS and CPU of a process tree --------------------------------------------------
def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_pids(root: int) -> list[int]:
    tree, pids, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(tree.get(pid, []))
    return pids


def rss_mb(root: int) -> float:
    total_kb = 0
    for pid in tree_pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return round(total_kb / 1024, 1)


def cpu_seconds(root: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in tree_pids(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used (from /proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class RssSampler(threading.Thread):
    """Samples the RSS of each service tree once a second; `peak()` since a mark."""

    def __init__(self, pids: dict[str, int]):
        super().__init__(daemon=True)
        self.pids = pids
        self.samples: list[tuple[float, dict[str, float]]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(1.0):
            self.samples.append((time.monotonic(), self.now()))

    def now(self) -> dict[str, float]:
        values = {name: rss_mb(pid) for name, pid in self.pids.items()}
        values["total"] = round(sum(values.values()), 1)
        return values

    def peak(self, since: float = 0.0) -> dict[str, float]:
        chosen = [values for at, values in self.samples if at >= since] or [self.now()]
        return {name: max(v[name] for v in chosen) for name in chosen[0]}


# -- one stack ------------------------------------------------------------------------------------
class BenchStack:
    def __init__(
        self,
        name: str,
        models_dir: Path,
        tmp: Path,
        knowledge_url: str,
        endpoints: Path | None = None,
        extra_env: dict[str, str] | None = None,
        rasa_module: str | None = None,
    ):
        self.name = name
        var_dir = tmp / f"var-{name}"
        env = {
            "DATABASE_URL": knowledge_url,
            "TRACKER_DATABASE_URL": f"sqlite:///{var_dir / 'tracker.db'}",
            "EDI_COOKIE_SECURE": "false",
            # The load generator is one IP sending hundreds of messages a second.
            "EDI_RATE_LIMIT_PER_IP": "0",
            "EDI_RATE_LIMIT_PER_SENDER": "0",
            **(extra_env or {}),
        }
        self.settings = Settings(
            rasa_port=free_port(),
            action_port=free_port(),
            web_port=free_port(),
            var_dir=var_dir,
            models_dir=models_dir,
            extra_env=env,
        )
        self.stack = Stack(self.settings)
        rasa = next(s for s in self.stack.services if s.name == "rasa")
        if endpoints is not None:
            rasa.command[rasa.command.index("--endpoints") + 1] = str(endpoints)
        if rasa_module is not None:
            rasa.command[rasa.command.index("bot.rasa.server")] = rasa_module
        self.url = f"{self.settings.rasa_url}/webhooks/rest/webhook"
        self.sampler: RssSampler | None = None

    def start(self) -> dict:
        ready: dict[str, float] = {}
        began = time.perf_counter()

        def report(line: str) -> None:
            ready[line.strip().split()[0]] = round(time.perf_counter() - began, 2)

        self.stack.start(timeout=240, report=report)
        ready_s = time.perf_counter() - began
        first_reply_s = self._first_reply(began)
        self.pids = {s.name: s.process.pid for s in self.stack.services}
        self.sampler = RssSampler(self.pids)
        self.sampler.start()
        return {
            "ready_s": round(ready_s, 2),
            "first_reply_s": round(first_reply_s, 2),
            "services_ready_s": ready,
        }

    def _first_reply(self, began: float) -> float:
        body = json.dumps({"sender": "bench-first", "message": "Hva er Jobbskolen?"}).encode()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            request = urllib.request.Request(  # noqa: S310 - the http URL we built
                self.url, data=body, headers={"Content-Type": "application/json"}
            )
            try:
                with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                    if response.status == 200 and json.loads(response.read()):
                        return time.perf_counter() - began
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name}: no reply within 60 s after start")

    def say(self, sender: str, text: str) -> list[dict]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the http URL we built
            self.url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return json.loads(response.read())

    def cpu(self) -> dict[str, float]:
        return {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def stop(self) -> None:
        if self.sampler:
            self.sampler.stopping.set()
        self.stack.stop()


def load(stack: BenchStack, config: dict, out_dir: Path) -> dict:
    """One load run in a separate process; adds CPU per message and peak RSS."""
    config = {"url": stack.url, "seed": 42, **config}
    name = f"{stack.name}-{config['mode']}-{config.get('concurrency') or config.get('rate')}"
    out = out_dir / f"{name}.json"
    limit = config.get("warmup", 0) + config.get("ramp", 0) + config["duration"]
    limit += config["timeout"] + 60
    cpu_before, mark, busy_before = stack.cpu(), time.monotonic(), machine_busy_seconds()
    subprocess.run(
        [sys.executable, "-m", "bench.loadgen", json.dumps(config), str(out)],
        cwd=REPO_DIR,
        env=quiet_env(),
        check=True,
        timeout=limit,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    cpu_after, elapsed = stack.cpu(), time.monotonic() - mark
    ours = sum(cpu_after.values()) - sum(cpu_before.values()) + result["loadgen_cpu_s"]
    others = machine_busy_seconds() - busy_before - ours
    # Cores' worth of CPU that other processes on the machine used during the run (the
    # load generator's start-up counts here too): a high value means the numbers are low.
    result["other_load_cores"] = round(max(0.0, others) / elapsed, 2)
    sent = max(1, result.get("sent_total") or result["messages"])
    result["cpu_ms_per_message"] = {
        name: round((cpu_after[name] - cpu_before[name]) * 1000 / sent, 2) for name in cpu_after
    }
    result["cpu_ms_per_message"]["loadgen"] = round(result["loadgen_cpu_s"] * 1000 / sent, 2)
    result["rss_peak_mb"] = stack.sampler.peak(mark)
    return result


def run_levels(stack: BenchStack, plan: dict, out_dir: Path, label: str) -> dict:
    results: dict = {"stress": [], "realistic": []}
    for concurrency in plan["stress"]:
        result = load(
            stack,
            {
                "mode": "stress",
                "concurrency": concurrency,
                "warmup": plan["stress_warmup"],
                "duration": plan["stress_duration"],
                "timeout": plan["timeout"],
            },
            out_dir,
        )
        results["stress"].append(result)
        lat = result["latency_ms"]
        log(
            f"  {label} stress {concurrency:>3} parallel: {result['throughput']:7.1f} msg/s, "
            f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, "
            f"errors {result['errors']}"
        )
    saturation = max((r["throughput"] for r in results["stress"]), default=0.0)
    for rate in plan["realistic"]:
        factor = plan.get("skip_realistic_above_saturation")
        if factor and saturation and rate > factor * saturation:
            results["realistic"].append(
                {"mode": "realistic", "level": rate, "offered_rate": rate, "skipped": True}
            )
            log(f"  {label} realistic {rate} msg/s: skipped (> {factor}× saturation)")
            continue
        result = load(
            stack,
            {
                "mode": "realistic",
                "rate": rate,
                "ramp": plan["realistic_ramp"],
                "duration": plan["realistic_window"],
                "timeout": plan["timeout"],
                "think": [3.0, 8.0],
            },
            out_dir,
        )
        results["realistic"].append(result)
        lat = result["latency_ms"]
        log(
            f"  {label} realistic {rate:>3} msg/s offered ({result['achieved_rate']} in window): "
            f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, "
            f"errors {result['errors']}"
        )
    return results


def warm_up(stack: BenchStack, out_dir: Path) -> None:
    load(
        stack,
        {"mode": "stress", "concurrency": 5, "warmup": 0, "duration": 4, "timeout": 10.0},
        out_dir,
    )


def measure_stack(
    name: str,
    models_dir: Path,
    tmp: Path,
    knowledge_url: str,
    plan: dict,
    profile: bool = False,
    endpoints: Path | None = None,
    extra_env: dict[str, str] | None = None,
    rasa_module: str | None = None,
) -> dict:
    out_dir = tmp / "load"
    out_dir.mkdir(exist_ok=True)
    stack = BenchStack(name, models_dir, tmp, knowledge_url, endpoints, extra_env, rasa_module)
    log(f"{name}: starting the stack (ports {stack.settings.rasa_port}, …)")
    try:
        startup = stack.start()
        idle = stack.sampler.now()
        log(
            f"{name}: ready in {startup['ready_s']} s, first reply after "
            f"{startup['first_reply_s']} s; RSS {idle['total']} MB"
        )
        warm_up(stack, out_dir)
        checks = answer_checks(stack.say)
        passed = sum(check["ok"] for check in checks.values())
        log(f"{name}: answer checks {passed}/{len(checks)} as the integration tests expect")
        results = {"startup": startup, "rss_idle_mb": idle, "answer_checks": checks}
        results.update(run_levels(stack, plan, out_dir, name))
        if profile:
            results["profile"] = profile_stack(stack, plan, out_dir, tmp)
        results["rss_peak_mb"] = stack.sampler.peak()
        results["logs_errors"] = _log_errors(stack)
        return results
    finally:
        stack.stop()


def _log_errors(stack: BenchStack) -> dict[str, int]:
    counts = {}
    for service in stack.stack.services:
        text = service.log_path.read_text(errors="replace") if service.log_path.is_file() else ""
        counts[service.name] = sum(
            1 for line in text.splitlines() if " ERROR " in line or "Traceback" in line
        )
    return counts


def profile_stack(stack: BenchStack, plan: dict, out_dir: Path, tmp: Path) -> dict:
    binary = profiling.py_spy()
    if not binary:
        log("  py-spy not available; no profile")
        return {"error": "py-spy not available"}
    seconds = plan["profile_seconds"]
    files = {
        "rasa": tmp / f"profile-{stack.name}-rasa.txt",
        "action-server": tmp / f"profile-{stack.name}-actions.txt",
    }
    recorders = [
        profiling.start_recording(binary, stack.pids[name], seconds + 2, path)
        for name, path in files.items()
    ]
    time.sleep(0.5)
    result = load(
        stack,
        {
            "mode": "stress",
            "concurrency": plan["profile_concurrency"],
            "warmup": 1,
            "duration": seconds,
            "timeout": plan["timeout"],
        },
        out_dir,
    )
    for recorder in recorders:
        try:
            recorder.wait(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            recorder.kill()
    profile = {
        "load": {k: result[k] for k in ("throughput", "latency_ms", "cpu_ms_per_message")},
        "rate": profiling.RATE,
        "concurrency": plan["profile_concurrency"],
        "rasa": profiling.analyse(files["rasa"], profiling.RASA_RULES),
        "action-server": profiling.analyse(files["action-server"], profiling.ACTION_RULES),
    }
    for name in ("rasa", "action-server"):
        if files[name].is_file():
            shutil.copy(files[name], BENCH_DIR / "out" / files[name].name)
        top = list(profile[name]["categories"].items())[:3]
        log(f"  profile {name}: " + ", ".join(f"{k} {v:.0%}" for k, v in top))
    return profile


# -- training and NLU ---------------------------------------------------------------------------
def model_size_mb(models_dir: Path) -> float:
    return round((models_dir / "edi.tar.gz").stat().st_size / 1e6, 2)


def train(config: Path, data: list[Path], models_dir: Path, log_file: Path) -> dict:
    command = [sys.executable, "-m", "rasa", "train", "--config", str(config)]
    command += ["--domain", "domain", "--data", *map(str, data)]
    command += ["--out", str(models_dir), "--fixed-model-name", "edi", "--force"]
    seconds = run_logged(command, log_file, timeout=1500)
    return {"time_s": round(seconds, 1), "size_mb": model_size_mb(models_dir)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short levels, to try it out")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--reuse-models", type=Path, help="trained models from a kept tmp dir")
    parser.add_argument("--skip-default", action="store_true")
    parser.add_argument("--skip-alternatives", action="store_true")
    parser.add_argument(
        "--all-alternatives", action="store_true", help="also 2 action-server workers"
    )
    parser.add_argument(
        "--retrain-default",
        action="store_true",
        help="train the default pipeline even when bench/out/cache has a model of the same inputs",
    )
    args = parser.parse_args()

    plans = {
        "full": dict(FULL_PLAN),
        "default": dict(DEFAULT_PLAN),
        "alt": dict(ALTERNATIVE_PLAN),
        "recheck": dict(RECHECK_PLAN),
    }
    if args.quick:
        plans = {name: {**plan, **QUICK} for name, plan in plans.items()}
        plans["recheck"]["realistic"] = []
    (BENCH_DIR / "out").mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="edi-bench-"))
    log(f"Benchmark in {tmp}")
    results: dict = {
        "meta": {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "commit": _git_commit(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "quick": args.quick,
            "plans": plans,
        }
    }
    try:
        results.update(_run(args, tmp, plans))
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results["meta"]["total_s"] = round(time.monotonic() - STARTED, 1)
    results["meta"]["load_average_at_end"] = os.getloadavg()
    (BENCH_DIR / "results.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    write_report(results, BENCH_DIR)
    print_table(results)
    log("wrote bench/results.json, bench/report.md, bench/latency.png")
    return 0


def _default_fingerprint() -> str:
    """The inputs of the default pipeline's model: its config, the domain, the data, the split
    (fraction and seed are fixed here) and the Rasa version."""
    import hashlib
    from importlib.metadata import version

    rasa_version = version("rasa")
    digest = hashlib.sha256(f"{rasa_version} 0.8 42".encode())
    files = [BENCH_DIR / "config_default.yml", *sorted((REPO_DIR / "domain").glob("*.yml"))]
    files += sorted(p for p in (REPO_DIR / "data").rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(REPO_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _run(args: argparse.Namespace, tmp: Path, plans: dict) -> dict:
    from knowledge.content import load_content
    from knowledge.store import replace_all

    results: dict = {}
    knowledge_url = f"sqlite:///{tmp / 'edi.db'}"
    count = replace_all(load_content(), url=knowledge_url)
    log(f"knowledge DB: {count} tiltak in {knowledge_url}")

    split_dir = tmp / "split"
    run_logged(
        [sys.executable, "-m", "rasa", "data", "split", "nlu", "--nlu", "data/nlu"]
        + ["--training-fraction", "0.8", "--random-seed", "42", "--out", str(split_dir)],
        tmp / "split.log",
        timeout=300,
    )
    log("NLU split 80/20 (seed 42) written")

    log("knowledge lookups (real content, then 5,000 synthetic entries) …")
    knowledge_out = tmp / "knowledge.json"
    run_logged(
        [sys.executable, "-m", "bench.micro_knowledge", str(knowledge_out), "5000", "8"],
        tmp / "knowledge.log",
        timeout=300,
    )
    results["knowledge"] = json.loads(knowledge_out.read_text())
    for name, part in results["knowledge"].items():
        log(
            f"  {name} ({part['entries']} entries): find_by_name p50 "
            f"{part['find_by_name_ms']['p50']} ms / p95 {part['find_by_name_ms']['p95']} ms, "
            f"search_by_need p50 {part['search_by_need_ms']['p50']} ms / p95 "
            f"{part['search_by_need_ms']['p95']} ms"
        )

    models = {name: tmp / "models" / name for name in ("full", "full_80", "default_80")}
    core_data = [REPO_DIR / "data" / "rules", REPO_DIR / "data" / "stories.yml"]
    split_data = [split_dir / "training_data.yml", *core_data]
    jobs = {
        "full": (REPO_DIR / "config.yml", [REPO_DIR / "data"]),
        "full_80": (REPO_DIR / "config.yml", split_data),
        "default_80": (BENCH_DIR / "config_default.yml", split_data),
    }
    if args.skip_default:
        jobs.pop("default_80")
    results["training"] = {}
    cache = BENCH_DIR / "out" / "cache" / f"default_80-{_default_fingerprint()}"
    for name, (config, data) in jobs.items():
        if name == "default_80" and (cache / "edi.tar.gz").is_file() and not args.retrain_default:
            shutil.copytree(cache, models[name])
            previous = json.loads((cache / "training.json").read_text())
            results["training"][name] = {**previous, "cached": True}
            log(f"training {name}: same inputs as on {previous['date']}; reusing {cache.name}")
            continue
        reused = args.reuse_models and (args.reuse_models / "models" / name / "edi.tar.gz")
        if reused and reused.is_file():
            shutil.copytree(reused.parent, models[name])
            previous = json.loads((args.reuse_models / "training.json").read_text())
            results["training"][name] = {**previous[name], "reused": True}
            log(f"training {name}: reused from {args.reuse_models}")
            continue
        log(f"training {name} ({config.name}) …")
        results["training"][name] = train(config, data, models[name], tmp / f"train-{name}.log")
        log(
            f"  trained {name} in {results['training'][name]['time_s']} s, "
            f"{results['training'][name]['size_mb']} MB"
        )
        if name == "default_80":
            results["training"][name]["date"] = dt.datetime.now().isoformat(timespec="seconds")
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(models[name], cache)
            (cache / "training.json").write_text(json.dumps(results["training"][name]))
    (tmp / "training.json").write_text(json.dumps(results["training"]))

    log("NLU: held-out macro-F1 and parse_message timings …")
    spec = {
        "test_data": str(split_dir / "test_data.yml"),
        "repeat": 2 if args.quick else 4,
        "time_limit": 30,
        "models": {
            "full": {
                "path": str(models["full_80"] / "edi.tar.gz"),
                "results_dir": str(tmp / "nlu-full"),
            },
            "default": {
                "path": str(models["default_80"] / "edi.tar.gz"),
                "results_dir": str(tmp / "nlu-default"),
            },
        },
    }
    if args.skip_default:
        spec["models"].pop("default")
    (tmp / "nlu-spec.json").write_text(json.dumps(spec))
    run_logged(
        [
            sys.executable,
            "-m",
            "bench.nlu_bench",
            str(tmp / "nlu-spec.json"),
            str(tmp / "nlu.json"),
        ],
        tmp / "nlu.log",
        timeout=900,
    )
    results["nlu"] = json.loads((tmp / "nlu.json").read_text())
    for name, part in results["nlu"].items():
        log(
            f"  {name}: macro-F1 {part['macro_f1']}, parse p50 {part['parse_ms']['p50']} ms / "
            f"p95 {part['parse_ms']['p95']} ms, load {part['load_s']} s"
        )

    stacks = results["stacks"] = {}
    stacks["full"] = measure_stack(
        "full", models["full"], tmp, knowledge_url, plans["full"], profile=True
    )
    if not args.skip_default:
        stacks["default"] = measure_stack(
            "default", models["default_80"], tmp, knowledge_url, plans["default"]
        )
    if not args.skip_alternatives:
        endpoints = yaml.safe_load((REPO_DIR / "endpoints.yml").read_text(encoding="utf-8"))
        endpoints.pop("tracker_store", None)
        in_memory = tmp / "endpoints-inmemory.yml"
        in_memory.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
        variant = "bench.rasa_variant"
        alternatives = {
            "alt_no_tracker_cache": {"extra_env": {"EDI_TRACKER_CACHE": "0"}, "profile": True},
            "alt_rasa_sql_store": {
                "rasa_module": variant,
                "extra_env": {VARIANTS_ENV: "rasa_sql_store", "EDI_TRACKER_CACHE": "0"},
            },
            "alt_inmemory_tracker": {"endpoints": in_memory},
            "alt_without_speedups": {
                "rasa_module": variant,
                "extra_env": {VARIANTS_ENV: "no_speedups"},
            },
        }
        if args.all_alternatives:
            alternatives["alt_action_workers_2"] = {
                "extra_env": {"ACTION_SERVER_SANIC_WORKERS": "2"}
            }
        for name, options in alternatives.items():
            stacks[name] = measure_stack(
                name, models["full"], tmp, knowledge_url, plans["alt"], **options
            )
        # The same baseline once more at the end: how much the machine's other work moved
        # the numbers during the run.
        stacks["full_again"] = measure_stack(
            "full_again", models["full"], tmp, knowledge_url, plans["recheck"]
        )
    return results


if __name__ == "__main__":
    sys.exit(main())
