"""Training on labeled rows: held-out split, parameter search, calibration report, metadata."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import platform
from collections import Counter

import numpy as np

from .errors import TrainingError
from .features import document
from .metrics import (brier_score, choose_domain_threshold, choose_review_threshold, classification_metrics,
                      expected_calibration_error, reliability)
from .model import DEFAULT_PARAMS, build_pipeline, decision_margins, linear_model, select_params

HELDOUT_PERCENT = 20
MIN_PER_LABEL = 8


def is_heldout(article_id: str, percent: int = HELDOUT_PERCENT) -> bool:
    """Whether an article belongs to the held-out set: fixed by its id, so that every
    model version is compared on the same articles and none of them trains on them."""
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


def data_hash(rows) -> str:
    h = hashlib.sha256()
    for r in sorted(rows, key=lambda r: r["id"]):
        h.update(f"{r['id']}\x1f{r['content_hash']}\x1f{r['label']}\n".encode("utf-8"))
    return h.hexdigest()


@dataclasses.dataclass
class TrainingSet:
    """Model inputs split into a training part and a held-out part."""

    ids: list
    documents: list
    labels: list
    heldout: np.ndarray

    @classmethod
    def from_rows(cls, rows, segmented: dict) -> "TrainingSet":
        """``rows`` from the archive (id, label); ``segmented`` id → (title, body)."""
        rows = [r for r in rows if r["id"] in segmented]
        return cls(ids=[r["id"] for r in rows],
                   documents=[document(*segmented[r["id"]]) for r in rows],
                   labels=[r["label"] for r in rows],
                   heldout=np.array([is_heldout(r["id"]) for r in rows], dtype=bool))

    def part(self, heldout: bool):
        idx = np.flatnonzero(self.heldout == heldout)
        return [self.documents[i] for i in idx], [self.labels[i] for i in idx]


def check_trainable(labels) -> None:
    counts = Counter(labels)
    if len(counts) < 2:
        raise TrainingError(f"need at least two categories with labeled articles, have {dict(counts)}")
    few = {lab: n for lab, n in counts.items() if n < MIN_PER_LABEL}
    if few:
        raise TrainingError(f"too few training articles for {few}; need at least {MIN_PER_LABEL} per category")


def evaluate_pipeline(pipeline, documents, labels, label_set) -> dict:
    """Metrics, reliability table, Brier score and ECE of a fitted pipeline on labeled documents,
    and (``margins``) the best class's decision value per document."""
    x = pipeline.named_steps["features"].transform(documents)
    probs = pipeline.named_steps["clf"].predict_proba(x)
    classes = [str(c) for c in pipeline.classes_]
    pred = [classes[i] for i in probs.argmax(axis=1)]
    conf = probs.max(axis=1)
    correct = [p == y for p, y in zip(pred, labels)]
    # Probabilities over the evaluation's label set (a label unknown to the model gets 0).
    full = np.zeros((len(documents), len(label_set)))
    for j, lab in enumerate(label_set):
        if lab in classes:
            full[:, j] = probs[:, classes.index(lab)]
    out = classification_metrics(labels, pred, label_set)
    out.update(brier=brier_score(full, labels, label_set), ece=expected_calibration_error(conf, correct),
               reliability=reliability(conf, correct), confidences=conf.tolist(), correct=correct,
               margins=decision_margins(linear_model(pipeline), x))
    return out


def train(ts: TrainingSet, params: dict | None = None, search: bool = True, progress=None) -> tuple:
    """Fit a pipeline on the training part; report on the held-out part.

    Returns (pipeline, report). With ``search``, hyper-parameters are chosen
    by 5-fold cross-validation on the training part only.
    """
    say = progress or (lambda msg, frac=None: None)
    train_docs, train_labels = ts.part(False)
    test_docs, test_labels = ts.part(True)
    check_trainable(train_labels)
    label_set = sorted(set(ts.labels))
    if search:
        say(f"cross-validating {len(train_docs)} training articles", 0.1)
        chosen, cv_results = select_params(train_docs, train_labels,
                                           progress=lambda m, f: say(m, 0.1 + 0.5 * f))
    else:
        chosen, cv_results = {**DEFAULT_PARAMS, **(params or {})}, []
    say(f"fitting {chosen}", 0.6)
    pipeline = build_pipeline(chosen).fit(train_docs, train_labels)
    report = {"params": chosen, "cv": cv_results, "label_set": label_set,
              "train_size": len(train_docs), "heldout_size": len(test_docs),
              "train_counts": dict(Counter(train_labels)), "heldout_counts": dict(Counter(test_labels))}
    if test_docs:
        say(f"evaluating on {len(test_docs)} held-out articles", 0.85)
        ev = evaluate_pipeline(pipeline, test_docs, test_labels, label_set)
        report["heldout"] = {k: v for k, v in ev.items() if k not in ("confidences", "correct", "margins")}
        report["review_threshold"] = choose_review_threshold(ev["confidences"], ev["correct"])
        # with two classes the best decision value only measures distance from the boundary
        report["domain_threshold"] = choose_domain_threshold(ev["margins"]) if len(pipeline.classes_) > 2 else None
    else:
        report["review_threshold"] = 0.6
        report["domain_threshold"] = None  # nothing held out to set it on: no off-topic check
    return pipeline, report


def fit_final(ts: TrainingSet, params: dict):
    """The model to ship: the chosen parameters fitted on every labeled article.

    The held-out articles help the shipped model too; its quality is estimated
    by the evaluation model (fitted without them), and comparisons between
    versions use the evaluation models, so they stay fair.
    """
    return build_pipeline(params).fit(ts.documents, ts.labels)


def library_versions() -> dict:
    import joblib
    import sklearn
    import underthesea
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "joblib": joblib.__version__, "underthesea": underthesea.__version__}


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
