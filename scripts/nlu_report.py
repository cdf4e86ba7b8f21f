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

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "var" / "nlu-report"
TARGET_F1 = 0.90


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
    with (OUT / "rasa.log").open("w") as log:
        result = subprocess.run(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        print(f"rasa test nlu feilet; se {OUT / 'rasa.log'}")
        return 1
    report = json.loads((OUT / "intent_report.json").read_text())
    macro = report["macro avg"]["f1-score"]
    errors = json.loads((OUT / "intent_errors.json").read_text())
    pairs = collections.Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    print(f"Intent macro-F1 (3-fold cross-validation): {macro:.3f} (mål ≥ {TARGET_F1})")
    weakest = sorted(
        (name, values["f1-score"])
        for name, values in report.items()
        if isinstance(values, dict)
        and "support" in values
        and name not in ("macro avg", "weighted avg", "micro avg")
    )
    weakest = sorted(weakest, key=lambda item: item[1])[:5]
    print("Svakeste intents: " + ", ".join(f"{n} {f:.2f}" for n, f in weakest))
    print("Hyppigste forvekslinger (riktig → gjettet):")
    for (truth, guess), count in pairs.most_common(8):
        print(f"  {count:3d}  {truth} → {guess}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
