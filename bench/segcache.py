"""A segmentation cache for benchmark data, so a rerun never segments twice.

Kept in bench/.cache/ (not committed), keyed by text id and segmenter version.
"""
from __future__ import annotations

import sqlite3
import sys
import time

from bench.common import CACHE
from corpus.text import SEGMENTER_VERSION, segment_many


def _db(name: str) -> sqlite3.Connection:
    CACHE.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(CACHE / f"{name}.sqlite3")
    db.execute("CREATE TABLE IF NOT EXISTS seg (id TEXT, segmenter TEXT, text TEXT, PRIMARY KEY (id, segmenter))")
    return db


def segmented(name: str, items, jobs: int = 2, chunk: int = 2000) -> dict[str, str]:
    """Segmented text for (id, text) items; computes and stores what is missing."""
    items = list(items)
    db = _db(name)
    have = dict(db.execute("SELECT id, text FROM seg WHERE segmenter = ?", (SEGMENTER_VERSION,)))
    missing = [(i, t) for i, t in items if i not in have]
    start = time.time()
    for k in range(0, len(missing), chunk):
        part = missing[k:k + chunk]
        out = segment_many([t for _, t in part], jobs=jobs)
        db.executemany("INSERT OR REPLACE INTO seg VALUES (?, ?, ?)",
                       [(i, SEGMENTER_VERSION, s) for (i, _), s in zip(part, out)])
        db.commit()
        have.update({i: s for (i, _), s in zip(part, out)})
        done = k + len(part)
        print(f"  segmented {done}/{len(missing)} ({time.time() - start:.0f} s)", file=sys.stderr, flush=True)
    db.close()
    return {i: have[i] for i, _ in items}
