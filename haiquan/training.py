"""Train a version from the archive, compare it with the current one, register and promote."""
from __future__ import annotations

import dataclasses

from classifier import ModelRegistry, TrainingSet, evaluate_pipeline, train
from classifier.metrics import format_table
from classifier.plots import confusion_png, reliability_png
from classifier.train import data_hash, fit_final, library_versions, utc_now
from corpus import Archive

PROMOTE_CHOICES = ("auto", "always", "never")


@dataclasses.dataclass
class Outcome:
    """What a training run produced and decided."""

    version: str
    promoted: bool
    reason: str
    report: dict
    current: dict | None  # the current model's metrics on the same held-out data

    def comparison_table(self) -> str:
        new = self.report.get("heldout") or {}
        rows = [("model", "accuracy", "macro-F1", "held-out n")]
        if self.current:
            rows.append((f"current {self.current['version']}", f"{self.current['accuracy']:.4f}",
                         f"{self.current['macro_f1']:.4f}", str(self.current["n"])))
        if new:
            rows.append((f"new {self.version}", f"{new['accuracy']:.4f}", f"{new['macro_f1']:.4f}", str(new["n"])))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows)


def train_and_register(archive: Archive, registry: ModelRegistry, promote: str = "auto", search: bool = True,
                       progress=None, params: dict | None = None) -> Outcome:
    """Train on corpus and editor labels (never model labels) and write a new version.

    ``auto`` promotes the new version only if its macro-F1 on the held-out
    articles is not worse than the current version's on the same articles;
    the first version is always promoted. ``params`` fixes hyper-parameters
    when ``search`` is off (the defaults otherwise).
    """
    if promote not in PROMOTE_CHOICES:
        raise ValueError(f"promote must be one of {PROMOTE_CHOICES}")
    say = progress or (lambda msg, frac=None: None)
    registry.clean_partial()
    rows = archive.training_rows()
    say(f"{len(rows)} labeled articles (corpus and editor)", 0.02)
    segs = archive.segmented([r["id"] for r in rows])
    ts = TrainingSet.from_rows(rows, segs)
    evaluation, report = train(ts, params=params, search=search, progress=say)
    say("fitting the final model on every labeled article", 0.9)
    pipeline = fit_final(ts, report["params"])
    heldout_docs, heldout_labels = ts.part(True)

    current_version = registry.current_version()
    current = None
    if current_version and heldout_docs:
        old = registry.load_evaluation(current_version)
        ev = evaluate_pipeline(old, heldout_docs, heldout_labels, report["label_set"])
        current = {"version": current_version, "accuracy": ev["accuracy"], "macro_f1": ev["macro_f1"], "n": ev["n"]}

    new_f1 = (report.get("heldout") or {}).get("macro_f1")
    if promote == "always":
        promoted, reason = True, "promotion forced (--promote always)"
    elif promote == "never":
        promoted, reason = False, "not promoted (--promote never)"
    elif current_version is None:
        promoted, reason = True, "first model: promoted"
    elif current is None or new_f1 is None:
        promoted, reason = False, "no held-out data to compare on: not promoted (use --promote always)"
    elif new_f1 >= current["macro_f1"]:
        promoted, reason = True, f"macro-F1 {new_f1:.4f} ≥ current {current['macro_f1']:.4f}: promoted"
    else:
        promoted, reason = False, f"macro-F1 {new_f1:.4f} < current {current['macro_f1']:.4f}: not promoted"

    figures = {}
    if report.get("heldout"):
        figures["confusion.png"] = confusion_png(report["heldout"]["confusion"], report["heldout"]["labels"])
        figures["reliability.png"] = reliability_png(report["heldout"]["reliability"])
    metadata = {
        "created": utc_now(),
        "labels": [str(c) for c in pipeline.classes_],
        # metrics are those of the evaluation model (fitted without the held-out articles);
        # the shipped pipeline is the same recipe fitted on all of them
        "data": {"size": len(ts.ids), "train_size": report["train_size"], "heldout_size": report["heldout_size"],
                 "hash": data_hash([r for r in rows if r["id"] in segs]),
                 "train_counts": report["train_counts"], "heldout_counts": report["heldout_counts"]},
        "params": report["params"],
        "cv": report["cv"],
        "metrics": report.get("heldout"),
        "review_threshold": report["review_threshold"],
        "domain_threshold": report["domain_threshold"],
        "compared_with": current,
        "promotion": {"mode": promote, "promoted": promoted, "reason": reason},
        "libraries": library_versions(),
    }
    version = registry.save(pipeline, metadata, figures, evaluation=evaluation)
    say(f"saved model {version}", 0.98)
    if promoted:
        registry.promote(version)
    return Outcome(version=version, promoted=promoted, reason=reason, report=report, current=current)


__all__ = ["Outcome", "train_and_register", "format_table", "PROMOTE_CHOICES"]
