"""Real customs news: the model trained on the bundled corpus, scored on real articles.

    python bench/customs_real.py

Trains exactly as `haiquan train` does (held-out split, cross-validated
parameters, calibration, then the final fit on every article) on the bundled
corpus only, then tags the real
articles of ../shared/data/customs-real/labeled.jsonl: macro-F1 and per-class
scores on the four labels; for the off-topic `other` articles, the share
flagged needs_review. Writes bench/results/customs_real.json.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CUSTOMS_REAL, print_table, read_bundled, write_result  # noqa: E402
from classifier import TrainingSet, train  # noqa: E402
from classifier.train import fit_final  # noqa: E402
from classifier.metrics import classification_metrics, format_table  # noqa: E402
from classifier.predict import Tagger  # noqa: E402
from corpus import article_from_record, content_hash  # noqa: E402
from corpus.text import segment_many  # noqa: E402


def main() -> None:
    bundled = [article_from_record(r) for r in read_bundled()]
    flat = segment_many([x for a in bundled for x in (a.title, a.body)], jobs=2)
    segs = {a.id: (flat[2 * i], flat[2 * i + 1]) for i, a in enumerate(bundled)}
    rows = [{"id": a.id, "label": a.category, "content_hash": content_hash(a.title, a.body)} for a in bundled]
    ts = TrainingSet.from_rows(rows, segs)
    evaluation, report = train(ts, search=True, progress=lambda message, fraction=None: print(message))
    pipeline = fit_final(ts, report["params"])  # as `haiquan train` ships it: fitted on every article
    tagger = Tagger(pipeline, "bench", report["review_threshold"], report["domain_threshold"])
    real = [json.loads(line) for line in CUSTOMS_REAL.open(encoding="utf-8")]
    tags = tagger.tag_texts([(r["title"], r["body"]) for r in real], jobs=2)
    four = [(r, t) for r, t in zip(real, tags) if r["label"] != "other"]
    labels = sorted(tagger.labels)
    metrics = classification_metrics([r["label"] for r, _ in four], [t.label for _, t in four], labels)
    other = [t for r, t in zip(real, tags) if r["label"] == "other"]
    flagged_other = sum(t.needs_review for t in other)
    flagged_four = sum(t.needs_review for _, t in four)
    wrong = [(r, t) for r, t in four if r["label"] != t.label]
    best = max(report["cv"], key=lambda c: c["mean"]) if report["cv"] else None
    out = {
        "bundled_articles": len(bundled), "params": report["params"],
        "cv_macro_f1": {"mean": best["mean"], "std": best["std"], "folds": best["folds"]} if best else None,
        "heldout": {k: report["heldout"][k] for k in ("accuracy", "macro_f1", "brier", "ece", "n")},
        "review_threshold": report["review_threshold"],
        "domain_threshold": report["domain_threshold"],
        "real": metrics,
        "other": {"n": len(other), "flagged": flagged_other, "share": flagged_other / max(len(other), 1),
                  "off_topic": sum(t.off_topic for t in other),
                  "low_confidence": sum(t.confidence < report["review_threshold"] for t in other)},
        "four_labels_flagged": {"n": len(four), "flagged": flagged_four,
                                "off_topic": sum(t.off_topic for _, t in four),
                                "low_confidence": sum(t.confidence < report["review_threshold"] for _, t in four)},
        "wrong_flagged": {"n": len(wrong), "flagged": sum(t.needs_review for _, t in wrong)},
    }
    print(format_table(metrics))
    print_table(["measure", "value"], [
        ("CV macro-F1 on the bundled corpus (train part, 5 folds)",
         f"{best['mean']:.4f} ± {best['std']:.4f}" if best else "–"),
        ("held-out macro-F1 (bundled)", f"{report['heldout']['macro_f1']:.4f}"),
        ("held-out Brier / ECE", f"{report['heldout']['brier']:.4f} / {report['heldout']['ece']:.4f}"),
        ("review threshold (confidence) / off-topic threshold (decision value)",
         f"{report['review_threshold']:.3f} / {report['domain_threshold']:.3f}"),
        ("real: macro-F1 (4 labels)", f"{metrics['macro_f1']:.4f}"),
        ("real: accuracy (4 labels)", f"{metrics['accuracy']:.4f}"),
        ("real `other` flagged needs_review (low confidence / off topic)",
         f"{flagged_other}/{len(other)} ({out['other']['low_confidence']} / {out['other']['off_topic']})"),
        ("real 4-label articles flagged (low confidence / off topic)",
         f"{flagged_four}/{len(four)} ({out['four_labels_flagged']['low_confidence']} / "
         f"{out['four_labels_flagged']['off_topic']})"),
        ("real misclassified that were flagged", f"{out['wrong_flagged']['flagged']}/{len(wrong)}"),
    ])
    print(f"wrote {write_result('customs_real', out)}")


if __name__ == "__main__":
    main()
