"""Evaluation: accuracy, macro-F1, per-class scores, confusion, calibration."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support


def classification_metrics(y_true, y_pred, labels) -> dict:
    """Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix."""
    labels = list(labels)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                            "support": int(s[i])} for i, lab in enumerate(labels)},
        "labels": labels,
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def reliability(confidences, correct, bins: int = 10) -> list[dict]:
    """Reliability table: per confidence bin, mean confidence vs observed accuracy."""
    confidences, correct = np.asarray(confidences, float), np.asarray(correct, bool)
    edges = np.linspace(0, 1, bins + 1)
    table = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (confidences >= lo) & ((confidences < hi) if hi < 1 else (confidences <= hi))
        if mask.any():
            table.append({"bin": f"{lo:.1f}–{hi:.1f}", "n": int(mask.sum()),
                          "confidence": float(confidences[mask].mean()), "accuracy": float(correct[mask].mean())})
    return table


def brier_score(probabilities, y_true, labels) -> float:
    """Multi-class Brier score: mean squared distance of the probability vector to the one-hot truth."""
    probabilities = np.asarray(probabilities, float)
    onehot = np.array([[1.0 if y == lab else 0.0 for lab in labels] for y in y_true])
    return float(np.mean(np.sum((probabilities - onehot) ** 2, axis=1)))


def expected_calibration_error(confidences, correct, bins: int = 10) -> float:
    table = reliability(confidences, correct, bins)
    n = sum(row["n"] for row in table) or 1
    return float(sum(row["n"] * abs(row["confidence"] - row["accuracy"]) for row in table) / n)


def choose_review_threshold(confidences, correct, target: float = 0.97, floor: float = 0.5,
                            ceiling: float = 0.9) -> float:
    """The lowest confidence above which held-out accuracy reaches ``target``.

    Tags under it are flagged for review. Clamped to [floor, ceiling] so that
    a small or perfect held-out set cannot turn the flag off or on for all.
    """
    pairs = sorted(zip(confidences, correct), reverse=True)
    best, hits = ceiling, 0
    for k, (conf, ok) in enumerate(pairs, 1):
        hits += ok
        if hits / k >= target:
            best = conf
    return float(min(max(best, floor), ceiling))


def choose_domain_threshold(margins, share: float = 0.01) -> float:
    """The decision value under which only ``share`` of the held-out (in-domain) articles fall:
    a text scoring lower on every class is unlike the training articles (off topic)."""
    return float(np.quantile(np.asarray(margins, dtype=float), share))


def format_table(metrics: dict) -> str:
    """Per-class scores and the confusion matrix as plain text."""
    labels = metrics["labels"]
    width = max(14, *(len(lab) for lab in labels))
    lines = [f"accuracy {metrics['accuracy']:.4f}   macro-F1 {metrics['macro_f1']:.4f}   n={metrics['n']}", "",
             f"{'label':<{width}} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    for lab in labels:
        c = metrics["per_class"][lab]
        lines.append(f"{lab:<{width}} {c['precision']:>9.3f} {c['recall']:>7.3f} {c['f1']:>7.3f} {c['support']:>8}")
    lines += ["", "confusion (rows: true, columns: predicted)",
              " " * width + "".join(f"{lab[:10]:>11}" for lab in labels)]
    for lab, row in zip(labels, metrics["confusion"]):
        lines.append(f"{lab:<{width}}" + "".join(f"{v:>11}" for v in row))
    return "\n".join(lines)
