"""Cross-validated intent report: `make nlu-report` (rasa test nlu --cross-validation).

Prints the macro-F1 and the most frequent confusion pairs, and writes var/nlu-report/.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

from sklearn.metrics import f1_score

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "var" / "nlu-report"
TARGET_F1 = 0.90
SAME_AS = {"crisis_maybe": "crisis"}


def main() -> int:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    env["PYTHONPATH"] = str(REPO)
    command = [
        sys.executable,
        "-m",
        "rasa",
        "test",
        "nlu",
        "--nlu",
        "data/nlu",
        "--config",
        "config.yml",
        "--cross-validation",
        "--folds",
        "3",
        "--out",
        str(OUT),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    if "--reuse" in sys.argv and (OUT / "intent_report.json").is_file():
        return summarise()
    with (OUT / "rasa.log").open("w") as log:
        result = subprocess.run(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        print(f"rasa test nlu feilet; se {OUT / 'rasa.log'}")
        return 1
    return summarise()


def summarise() -> int:
    report = json.loads((OUT / "intent_report.json").read_text())
    errors = json.loads((OUT / "intent_errors.json").read_text())

    # The guard turns a classifier-only crisis guess into `crisis_maybe` (help numbers, then an
    # answer): for the classifier's score that is the crisis intent. The full confusion matrix
    # is the errors plus, per intent, its support minus its errors on the diagonal.
    def label(name: str) -> str:
        return SAME_AS.get(name, name)

    pairs: collections.Counter = collections.Counter()
    wrong = collections.Counter(e["intent"] for e in errors)
    for error in errors:
        pairs[(label(error["intent"]), label(error["intent_prediction"]["name"]))] += 1
    for name, values in report.items():
        if isinstance(values, dict) and "support" in values and " avg" not in name:
            pairs[(label(name), label(name))] += int(values["support"]) - wrong[name]
    truth = [t for (t, _g), n in pairs.items() for _ in range(n)]
    guess = [g for (_t, g), n in pairs.items() for _ in range(n)]
    names = sorted(set(truth))
    macro = f1_score(truth, guess, average="macro", labels=names)
    per_intent = dict(zip(names, f1_score(truth, guess, average=None, labels=names), strict=True))
    confusions = collections.Counter({pair: n for pair, n in pairs.items() if pair[0] != pair[1]})
    print(f"Intent macro-F1 (3-fold cross-validation): {macro:.3f} (mål ≥ {TARGET_F1})")
    weakest = sorted(per_intent.items(), key=lambda item: item[1])[:5]
    print("Svakeste intents: " + ", ".join(f"{n} {f:.2f}" for n, f in weakest))
    (OUT / "summary.json").write_text(
        json.dumps(
            {"macro_f1": macro, "per_intent": per_intent, "confusions": pairs.most_common(20)},
            indent=2,
        )
    )
    print("Hyppigste forvekslinger (riktig → gjettet):")
    for (truth_name, guess_name), count in confusions.most_common(8):
        print(f"  {count:3d}  {truth_name} → {guess_name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
