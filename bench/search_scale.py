"""Search speed and scale: indexing rate, index size, query latency at 1k, 10k and ~85k articles.

    python bench/search_scale.py [--sizes 1000,10000,all] [--repeat 7] [--procs 2]

Archives are the bundled corpus plus VNTC articles read from ../shared/data
(their segmentation comes from the bench cache), built under bench/.cache/.
The engine is first warmed as `haiquan serve` does at start (per-segment arrays
and the postings of the 300 most frequent syllables per field). Each query of
the mix is then run `repeat` times with the result cache cleared (cold) and
once more from the cache (warm); p50/p95 are over all cold runs of a query kind. Writes bench/results/search_scale.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.archives import archive_path, build_archive  # noqa: E402
from bench.common import percentile, print_table, write_result  # noqa: E402
from indexer import SearchEngine, SearchIndex  # noqa: E402

QUERY_MIX = {
    "common term": [dict(text="hải quan")],
    "2–3 words": [dict(text="buôn lậu"), dict(text="thuế nhập khẩu"), dict(text="giá vàng tăng"),
                  dict(text="bóng đá Việt Nam"), dict(text="ma túy biên giới")],
    "phrase": [dict(text='"cửa khẩu quốc tế"'), dict(text='"thị trường chứng khoán"')],
    "filtered (dates)": [dict(text="xuất khẩu", date_from="2015-01-01", date_to="2022-12-31")],
    "faceted (category)": [dict(text="kiểm tra", category="legal")],
    "no diacritics": [dict(text="buon lau duong cat"), dict(text="thi truong chung khoan")],
    "date-sorted": [dict(text="kinh tế", sort="date")],
    "typos": [dict(text="bêin giới"), dict(text="htuế nhập khẩu"), dict(text="xe khách nhập ảnh")],
}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_size(n, repeat: int, procs: int, reindex: bool) -> dict:
    name = f"scale-{'all' if n is None else n}"
    t0 = time.perf_counter()
    archive = build_archive(archive_path(name + ".sqlite3"), n)
    built_archive = time.perf_counter() - t0
    idx_path = archive_path(name + "-index")
    meta_path = archive_path(name + "-indexing.json")
    index = SearchIndex(idx_path)
    if reindex or not index.is_current() or not meta_path.exists():
        shutil.rmtree(idx_path, ignore_errors=True)
        t0 = time.perf_counter()
        docs = index.rebuild(archive, procs=procs)
        index_s = time.perf_counter() - t0
        meta_path.write_text(json.dumps({"docs": docs, "index_s": index_s, "procs": procs}))
    else:  # reuse the index built by an earlier run, and its timing
        saved = json.loads(meta_path.read_text())
        docs, index_s = saved["docs"], saved["index_s"]
    engine = SearchEngine(index)
    t0 = time.perf_counter()
    engine.warm()  # what `haiquan serve` does at start, in the background
    warm_s = time.perf_counter() - t0
    engine.search("khởi động")  # load the segmenter model outside the timings
    kinds = {}
    for kind, queries in QUERY_MIX.items():
        cold, warm, totals = [], [], []
        for q in queries:
            for _ in range(repeat):
                engine._cache.clear()
                r = engine.search(**q)
                cold.append(r.took_ms)
            warm.append(engine.search(**q).took_ms)
            totals.append(r.total)
        kinds[kind] = {"p50_ms": percentile(cold, 0.5), "p95_ms": percentile(cold, 0.95),
                       "max_ms": max(cold), "warm_p50_ms": percentile(warm, 0.5), "totals": totals}
    archive.close()
    return {"articles": docs, "archive_build_s": built_archive, "index_s": index_s, "warm_s": warm_s,
            "index_articles_per_s": docs / index_s, "index_mb": dir_size(idx_path) / 2**20, "queries": kinds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,all")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--reindex", action="store_true", help="Rebuild indexes even if an earlier run left them.")
    args = ap.parse_args()
    sizes = [None if s == "all" else int(s) for s in args.sizes.split(",")]
    results = {}
    for n in sizes:
        key = "all" if n is None else str(n)
        print(f"== {key} VNTC articles + bundled corpus", flush=True)
        results[key] = r = run_size(n, args.repeat, args.procs, args.reindex)
        print(f"{r['articles']} articles indexed in {r['index_s']:.1f} s ({r['index_articles_per_s']:.0f}/s), "
              f"index {r['index_mb']:.0f} MB, warmed in {r['warm_s']:.1f} s")
        print_table(["query kind", "p50 ms", "p95 ms", "warm ms", "results"],
                    [(k, f"{v['p50_ms']:.0f}", f"{v['p95_ms']:.0f}", f"{v['warm_p50_ms']:.1f}",
                      ",".join(map(str, v["totals"]))) for k, v in r["queries"].items()])
    path = write_result("search_scale", {"repeat": args.repeat, "procs": args.procs, "sizes": results,
                                         "query_mix": {k: v for k, v in QUERY_MIX.items()}})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
