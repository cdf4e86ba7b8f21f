"""`make crisis-report`: the crisis detector's recall, number classes and false alarms.

`--sealed [NAME]` measures a sealed generalisation set (tests/crisis/sealed.yaml, or NAME.yaml)
instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.crisis.corpus import evaluate  # noqa: E402


def main() -> int:
    args = sys.argv[1:]
    sealed: bool | str = False
    if "--sealed" in args:
        index = args.index("--sealed")
        sealed = args[index + 1] if len(args) > index + 1 else True
    report = evaluate(sealed=sealed)
    print(("sealed set: " if sealed else "") + report.summary())
    for name, count in report.sources.items():
        print(f"  non-crisis source: {name}: {count}")
    for title, items in (
        ("missed crises", report.missed),
        ("wrong numbers", [f"{t}  [missing {m}]" for t, m in report.wrong_numbers]),
        ("false alarms", report.false_alarms),
        ("gentle note on frustration", report.soft_on_frustration),
        ("gentle note on non-crisis", report.soft_notes),
    ):
        if items:
            print(f"\n{title} ({len(items)}):")
            for item in items:
                print(f"  - {item}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head -1` in the Makefile: the rest is not wanted
        sys.stderr.close()
        sys.exit(0)
