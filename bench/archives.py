"""Build benchmark archives: the bundled corpus plus VNTC articles, segmentation from the cache.

VNTC text is read from ../shared/data and stored only in the benchmark's own
data directory under bench/.cache/ (never committed).
"""
from __future__ import annotations

import random

from bench.common import CACHE, read_bundled, read_vntc, vntc_text
from bench.segcache import segmented
from corpus import Archive, article_from_record
from corpus.text import segment_many


def vntc_records(n: int | None, seed: int = 7):
    rows = read_vntc()
    if n is not None and n < len(rows):
        rows = random.Random(seed).sample(rows, n)
    return rows


def build_archive(path, n_vntc: int | None, seed: int = 7, jobs: int = 2) -> Archive:
    """An archive with the bundled corpus and ``n_vntc`` VNTC articles (None: all)."""
    archive = Archive(path)
    if archive.count():
        return archive
    bundled = [article_from_record(r) for r in read_bundled()]
    rows = vntc_records(n_vntc, seed) if n_vntc != 0 else []
    segs = segmented("vntc10", [(r["id"], vntc_text(r)) for r in rows], jobs=jobs)
    vntc = []
    for r in rows:
        art = article_from_record({"id": r["id"], "title": r["title"], "body": r["text"], "source": r["source"]})
        seg = segs[r["id"]]
        title_seg, _, body_seg = seg.partition("\n") if art.title else ("", "", seg)
        vntc.append((art, title_seg, body_seg))
    archive.cache_segments([(a.content_hash, t, b) for a, t, b in vntc])
    bundled_segs = segment_many([x for a in bundled for x in (a.title, a.body)], jobs=jobs)
    archive.cache_segments([(a.content_hash, bundled_segs[2 * i], bundled_segs[2 * i + 1])
                            for i, a in enumerate(bundled)])
    archive.add_articles(bundled, origin="corpus")
    archive.add_articles([a for a, _, _ in vntc], origin="corpus")
    return archive


def archive_path(name: str):
    (CACHE / "archives").mkdir(parents=True, exist_ok=True)
    return CACHE / "archives" / name
