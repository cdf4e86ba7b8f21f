"""A small trained crisis classifier: the second signal beside the rules of `crisis.assess`.

The rules catch what they have words for, deterministically; measured on sets of unseen
messages they missed about a quarter of the crises (people write in ways no pattern list
foresees). This classifier, character and word n-grams with logistic regression, catches many
of those paraphrases. It never decides alone against the rules' guards: a topic, a joke or a
past event that is over still is no crisis (`crisis.assess` applies the same checks to what the
classifier finds), and the rules' kinds, when there are any, pick the numbers.

Training data: `bot/guidance/crisis_data/*.yml` (written for the classifier, never from a
test set) plus the NLU examples (`data/nlu/`: the `crisis` intent as positives, every other
intent as negatives). It trains in a few seconds when first needed, once per process.
"""

from __future__ import annotations

import logging
import math
import threading
from pathlib import Path

import yaml

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "crisis_data"
NLU_DIR = HERE.parent.parent / "data" / "nlu"
KIND_NAMES = ("suicide", "selfharm", "medical", "violence", "child", "fire")
# A crisis when the rules found none: chosen on a sealed set the classifier never saw, for few
# false alarms (figures in README, "Crisis first").
DANGER_PROBABILITY = 0.95
KIND_PROBABILITY = 0.35


def _examples(directory: Path = DATA_DIR, nlu_dir: Path = NLU_DIR):
    from bot.guidance.crisis import normalise

    texts: list[str] = []
    labels: list[int] = []
    kinds: list[set[str]] = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("crisis") or []:
            texts.append(item["text"])
            labels.append(1)
            kinds.append(set(item.get("kinds") or []))
        for item in data.get("negatives") or []:
            texts.append(item["text"])
            labels.append(0)
            kinds.append(set())
    for path in sorted(nlu_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            crisis = block["intent"] == "crisis"
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- ") and not line[2:].startswith("/"):
                    texts.append(line[2:].strip())
                    labels.append(1 if crisis else 0)
                    kinds.append(set())
    return [normalise(t) for t in texts], labels, kinds


class CrisisModel:
    """P(crisis) for a normalised message, and the likely kinds."""

    def __init__(self, texts: list[str], labels: list[int], kinds: list[set[str]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        def features():
            return make_union(
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                ),
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            )

        self._crisis = make_pipeline(
            features(),
            LogisticRegression(C=8, max_iter=2000, class_weight="balanced", random_state=0),
        )
        self._crisis.fit(texts, labels)
        crisis_texts = [t for t, label in zip(texts, labels, strict=True) if label]
        crisis_kinds = [k for k, label in zip(kinds, labels, strict=True) if label]
        self._kinds = {}
        for kind in KIND_NAMES:
            targets = [int(kind in k) for k in crisis_kinds]
            if 0 < sum(targets) < len(targets):
                model = make_pipeline(
                    features(),
                    LogisticRegression(C=4, max_iter=2000, class_weight="balanced", random_state=0),
                )
                model.fit(crisis_texts, targets)
                self._kinds[kind] = model

        # The crisis score is asked for on every message: the fitted weights are applied
        # directly to the two vectorisers' output (the pipeline's checks cost ~1 ms a call).
        union = self._crisis.steps[0][1]
        classifier = self._crisis.steps[-1][1]
        self._vectorizers = [transformer for _, transformer in union.transformer_list]
        weights = classifier.coef_.ravel()
        sizes = [len(v.vocabulary_) for v in self._vectorizers]
        self._weights = [weights[: sizes[0]], weights[sizes[0] : sizes[0] + sizes[1]]]
        self._intercept = float(classifier.intercept_[0])

        # Per vectoriser: its analyser, and for each known n-gram its idf times its weight and
        # its idf (for the norm): the same numbers as TfidfVectorizer.transform, without the
        # sparse-matrix machinery.
        self._fast = []
        for vectorizer, part in zip(self._vectorizers, self._weights, strict=True):
            idf = vectorizer.idf_
            table = {
                term: (float(idf[i] * part[i]), float(idf[i]))
                for term, i in vectorizer.vocabulary_.items()
            }
            self._fast.append((vectorizer.build_analyzer(), table))

    def probability(self, normal_text: str) -> float:
        score = self._intercept
        for analyse, table in self._fast:
            counts: dict[str, int] = {}
            for term in analyse(normal_text):
                if term in table:
                    counts[term] = counts.get(term, 0) + 1
            if not counts:
                continue
            weighted = 0.0
            norm = 0.0
            for term, count in counts.items():
                tf = 1.0 + math.log(count)  # sublinear_tf
                weight_idf, idf = table[term]
                weighted += tf * weight_idf
                norm += (tf * idf) ** 2
            score += weighted / math.sqrt(norm)
        return 1.0 / (1.0 + math.exp(-score))

    def kinds(self, normal_text: str) -> set[str]:
        return {
            kind
            for kind, model in self._kinds.items()
            if model.predict_proba([normal_text])[0, 1] >= KIND_PROBABILITY
        }


_model: CrisisModel | None = None
_failed = False
_lock = threading.Lock()


def get_model() -> CrisisModel | None:
    """The process's classifier, trained on first use; None (rules only) if it cannot be."""
    global _model, _failed
    if _model is not None or _failed:
        return _model
    with _lock:
        if _model is None and not _failed:
            try:
                texts, labels, kinds = _examples()
                if not any(labels) or all(labels):
                    raise ValueError("no crisis training data")
                _model = CrisisModel(texts, labels, kinds)
            except (OSError, ValueError, yaml.YAMLError):
                logger.exception("crisis classifier not trained: the rules decide alone")
                _failed = True
    return _model
