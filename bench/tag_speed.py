"""Tagging speed: one ~500-word article (median, p95) and batch throughput vs raw segmentation.

    python bench/tag_speed.py [--articles 200]

Trains a model on the bundled corpus (default parameters), then, side by side
in one run: a raw `word_tokenize` loop over the batch, and tagging the same
batch (normalize, segment, features, calibrated prediction) with 1 and 2
processes. Articles are real VNTC test articles of 450–550 words read from
../shared/data. Writes bench/results/tag_speed.json.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from underthesea import word_tokenize  # noqa: E402

from bench.common import percentile, print_table, read_bundled, read_vntc, timed, write_result  # noqa: E402
from classifier import TrainingSet, train  # noqa: E402
from classifier.predict import Tagger  # noqa: E402
from corpus import article_from_record, content_hash  # noqa: E402
from corpus.text import segment_many, syllables  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    bundled = [article_from_record(r) for r in read_bundled()]
    flat = segment_many([x for a in bundled for x in (a.title, a.body)], jobs=2)
    segs = {a.id: (flat[2 * i], flat[2 * i + 1]) for i, a in enumerate(bundled)}
    rows = [{"id": a.id, "label": a.category, "content_hash": content_hash(a.title, a.body)} for a in bundled]
    pipeline, report = train(TrainingSet.from_rows(rows, segs), search=False)
    tagger = Tagger(pipeline, "bench", report["review_threshold"], report["domain_threshold"])

    pool = [r for r in read_vntc("test") if 450 <= len(r["text"].split()) <= 550][: args.articles]
    pairs = [(r["title"], r["text"]) for r in pool]
    n_syll = sum(len(syllables(t + " " + b)) for t, b in pairs)
    word_tokenize("khởi động")
    tagger.tag_texts(pairs[:2])

    single = []
    for pair in pairs[:60]:
        t = time.perf_counter()
        tagger.tag_texts([pair], jobs=1)
        single.append((time.perf_counter() - t) * 1000)

    modes = {
        "raw word_tokenize loop": lambda: [word_tokenize(f"{t}\n{b}", format="text") for t, b in pairs],
        "tag batch, 1 process": lambda: tagger.tag_texts(pairs, jobs=1),
        "tag batch, 2 processes": lambda: tagger.tag_texts(pairs, jobs=2),
    }
    out = {"articles": len(pairs), "syllables": n_syll,
           "single_ms": {"median": statistics.median(single), "p95": percentile(single, 0.95), "n": len(single)}}
    raw = None
    table = []
    for name, fn in modes.items():
        med, runs, _ = timed(fn, 3)
        rate = n_syll / med
        raw = raw or rate
        out[name] = {"median_s": med, "runs_s": runs, "articles_per_s": len(pairs) / med, "syllables_per_s": rate,
                     "ratio_to_raw": rate / raw}
        table.append((name, f"{med:.2f}", f"{len(pairs) / med:.1f}", f"{rate:,.0f}", f"{rate / raw:.2f}x"))
    print(f"one ~500-word article: median {out['single_ms']['median']:.0f} ms, p95 {out['single_ms']['p95']:.0f} ms")
    print_table(["mode", "median s", "articles/s", "syllables/s", "vs raw"], table)
    print(f"wrote {write_result('tag_speed', out)}")


if __name__ == "__main__":
    main()
