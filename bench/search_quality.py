"""Known-item search quality: our index vs plain Whoosh StandardAnalyzer indexes, side by side.

    python bench/search_quality.py [--distractors 3000] [--items 300]

The archive is the bundled corpus plus VNTC articles as distractors (read from
../shared/data). For sampled articles, a query is made the way
known-item studies do it (Azzopardi et al., SIGIR 2007): 3–5 words of the
article (as segmented, so a word may have two or three syllables) are drawn with
probability proportional to their tf-idf, so that queries use the words a reader
remembers, and put in their order in the text.
Each query is typed four ways: with diacritics, without,
with mixed diacritics (each word folded with probability 1/2), and with one
typo (a letter dropped, swapped with its neighbour or replaced, in one word of
4+ letters). MRR@10 and recall@10 per query kind, for our index and for two
baselines built from the same text in the same run:

- `standard`: Whoosh StandardAnalyzer on title (boost 2) and body, AND grouping;
- `folded-or`: StandardAnalyzer plus accent folding (accent_map), OR grouping
  with a coordination bonus (`OrGroup.factory(0.9)`) — a strong plain baseline.

Writes bench/results/search_quality.json.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import index as windex  # noqa: E402
from whoosh.analysis import CharsetFilter, StandardAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup  # noqa: E402
from whoosh.support.charset import accent_map  # noqa: E402

from bench.archives import archive_path, build_archive  # noqa: E402
from bench.common import print_table, write_result  # noqa: E402
from corpus.text import fold  # noqa: E402
from indexer.analysis import analyze, word_analyzer  # noqa: E402
from indexer.stopwords import is_stopword  # noqa: E402
from indexer import SearchEngine, SearchIndex  # noqa: E402

KINDS = ("diacritics", "no diacritics", "mixed", "typo")


def make_query(words: list[str], df: dict, n_docs: int, rng: random.Random) -> list[str] | None:
    """3–5 words (as segmented; a word may have several syllables) drawn by tf-idf, in text order."""
    import math
    from collections import Counter
    tf = Counter(words)
    pool = [w for w in tf if "_" in w or not is_stopword(w, folded_too=True)]
    if len(pool) < 8:
        return None
    weights = [tf[w] * math.log(n_docs / df.get(w, 1)) for w in pool]
    chosen = []
    for _ in range(rng.randint(3, 5)):
        w = rng.choices(pool, weights)[0]
        k = pool.index(w)
        pool.pop(k)
        weights.pop(k)
        chosen.append(w)
    chosen.sort(key=words.index)
    return [syl for w in chosen for syl in w.split("_")]


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word) - 1)
    kind = rng.choice(("drop", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aeiouynhtcg") + word[i + 1:]


def variants(words: list[str], rng: random.Random) -> dict[str, str]:
    out = {"diacritics": " ".join(words), "no diacritics": fold(" ".join(words)),
           "mixed": " ".join(fold(w) if rng.random() < 0.5 else w for w in words)}
    long_words = [i for i, w in enumerate(words) if len(w) >= 4]
    if long_words:
        i = rng.choice(long_words)
        out["typo"] = " ".join(typo(w, rng) if j == i else w for j, w in enumerate(words))
    return out


def build_baseline(archive, folded: bool, path: Path):
    analyzer = StandardAnalyzer(stoplist=None)
    if folded:
        analyzer = analyzer | CharsetFilter(accent_map)
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer, field_boost=2.0),
                    body=TEXT(analyzer=analyzer))
    ix = windex.create_in(str(path), schema)
    w = ix.writer(limitmb=256)
    for a in archive.iter_articles():
        w.add_document(id=a["id"], title=a["title"], body=a["body"])
    w.commit()
    return ix


def rank_of(ids: list[str], target: str) -> int | None:
    return ids.index(target) + 1 if target in ids else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", type=int, default=3000)
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    suffix = f"-seed{args.seed}" if args.seed != 11 else ""  # the default seed keeps the old names
    name = f"quality-{args.distractors}{suffix}"
    archive = build_archive(archive_path(name + ".sqlite3"), args.distractors, seed=args.seed)
    ours = SearchIndex(archive_path(name + "-index"))
    if not ours.is_current():
        ours.rebuild(archive)
    else:
        ours.sync(archive)
    engine = SearchEngine(ours)
    tmp = Path(tempfile.mkdtemp(prefix="hq-baseline-"))
    baselines = {}
    for label, folded_, group in (("standard", False, AndGroup), ("folded-or", True, OrGroup.factory(0.9))):
        (tmp / label).mkdir()
        ix = build_baseline(archive, folded_, tmp / label)
        baselines[label] = (ix, MultifieldParser(["title", "body"], ix.schema, group=group), folded_)

    rng = random.Random(args.seed)
    arts = list(archive.iter_articles())
    segs = archive.segmented([a["id"] for a in arts])
    doc_words = {i: [w for w in analyze(word_analyzer(), b) if not any(c.isdigit() for c in w)]
                 for i, (_, b) in segs.items()}
    df: dict = {}
    for words in doc_words.values():
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    rng.shuffle(arts)
    items = []
    for a in arts:
        words = make_query(doc_words[a["id"]], df, len(arts), rng)
        if words:
            items.append((a["id"], variants(words, rng)))
        if len(items) >= args.items:
            break
    systems = ["ours"] + list(baselines)
    stats = {s: {k: {"rr": [], "hit": [], "ms": []} for k in KINDS} for s in systems}
    examples = []
    searchers = {k: (ix.searcher(), parser, f) for k, (ix, parser, f) in baselines.items()}
    for target, queries in items:
        for kind, q in queries.items():
            t = time.perf_counter()
            r = engine.search(q, limit=10)
            got = [h.id for h in r.hits]
            stats["ours"][kind]["ms"].append((time.perf_counter() - t) * 1000)
            rank = rank_of(got, target)
            stats["ours"][kind]["rr"].append(1 / rank if rank else 0.0)
            stats["ours"][kind]["hit"].append(rank is not None)
            if rank != 1 and len(examples) < 40:
                examples.append({"kind": kind, "query": q, "target": target, "rank": rank, "top": got[:3]})
            for label, (searcher, parser, folded_) in searchers.items():
                text = re.sub(r'[^\w\s]', " ", fold(q) if folded_ else q)
                t = time.perf_counter()
                hits = searcher.search(parser.parse(text), limit=10)
                got = [h["id"] for h in hits]
                stats[label][kind]["ms"].append((time.perf_counter() - t) * 1000)
                rank = rank_of(got, target)
                stats[label][kind]["rr"].append(1 / rank if rank else 0.0)
                stats[label][kind]["hit"].append(rank is not None)
    for s, _, _ in searchers.values():
        s.close()
    shutil.rmtree(tmp, ignore_errors=True)

    summary = {s: {k: {"mrr10": sum(v["rr"]) / max(len(v["rr"]), 1), "recall10": sum(v["hit"]) / max(len(v["hit"]), 1),
                       "n": len(v["rr"]), "median_ms": sorted(v["ms"])[len(v["ms"]) // 2] if v["ms"] else None}
                   for k, v in per.items()} for s, per in stats.items()}
    rows = []
    for kind in KINDS:
        rows.append([kind, summary["ours"][kind]["n"]] + [f"{summary[s][kind]['mrr10']:.3f} / {summary[s][kind]['recall10']:.3f}"
                                                          for s in systems])
    print(f"{archive.count()} articles ({args.distractors} VNTC distractors), {len(items)} known items")
    print_table(["query kind", "n"] + [f"{s} MRR@10 / R@10" for s in systems], rows)
    path = write_result("search_quality" + suffix, {"articles": archive.count(), "distractors": args.distractors,
                                           "items": len(items), "summary": summary, "misses": examples})
    print(f"wrote {path}")
    archive.close()


if __name__ == "__main__":
    main()
