"""Segmentation speed: raw word_tokenize loop vs segment_many with 1 and 2 processes.

    python bench/segment.py [--articles 400] [--repeat 3]

Reads VNTC test articles from ../shared/data (the bundled corpus if absent),
runs the three modes side by side, prints a table and writes
bench/results/segment.json.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from underthesea import word_tokenize  # noqa: E402

from bench.common import VNTC, print_table, read_bundled, read_vntc, timed, vntc_text, write_result  # noqa: E402
from corpus.text import segment_many, syllables  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if VNTC.exists():
        texts, source = [vntc_text(r) for r in read_vntc("test", args.articles)], "vntc10 test"
    else:
        texts, source = [r["title"] + "\n" + r["body"] for r in read_bundled()][: args.articles], "bundled corpus"
    n_syll = sum(len(syllables(t)) for t in texts)
    word_tokenize("khởi động mô hình")  # load the model outside the timings
    modes = {
        "raw word_tokenize loop": lambda: [word_tokenize(t, format="text") for t in texts],
        "segment_many jobs=1": lambda: segment_many(texts, jobs=1),
        "segment_many jobs=2": lambda: segment_many(texts, jobs=2),
    }
    results, rows = {}, []
    for name, fn in modes.items():
        med, times, _ = timed(fn, args.repeat)
        results[name] = {"median_s": med, "runs_s": times, "articles_per_s": len(texts) / med,
                         "syllables_per_s": n_syll / med}
    base = results["raw word_tokenize loop"]["syllables_per_s"]
    for name, r in results.items():
        r["ratio_to_raw"] = r["syllables_per_s"] / base
        rows.append((name, f"{r['median_s']:.2f}", f"{r['articles_per_s']:.1f}", f"{r['syllables_per_s']:,.0f}",
                     f"{r['ratio_to_raw']:.2f}x"))
    print(f"{len(texts)} articles, {n_syll:,} syllables ({source}), median of {args.repeat} runs")
    print_table(["mode", "median s", "articles/s", "syllables/s", "vs raw"], rows)
    path = write_result("segment", {"source": source, "articles": len(texts), "syllables": n_syll,
                                    "repeat": args.repeat, "modes": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
