"""Helpers shared by the benchmarks: data loading, timing, result files."""
from __future__ import annotations

import gzip
import json
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
VNTC = SHARED / "vntc10" / "vntc10.jsonl.gz"
CUSTOMS_REAL = SHARED / "customs-real" / "labeled.jsonl"
RESULTS = ROOT / "bench" / "results"
CACHE = ROOT / "bench" / ".cache"


def read_vntc(split: str | None = None, limit: int | None = None):
    """VNTC records (title + text), read from ../shared/data, never copied."""
    out = []
    with gzip.open(VNTC, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if split and r["split"] != split:
                continue
            out.append(r)
            if limit and len(out) >= limit:
                break
    return out


def vntc_text(r) -> str:
    return f"{r['title']}\n{r['text']}" if r["title"] else r["text"]


def read_bundled():
    out = []
    for p in sorted((ROOT / "corpus" / "data").glob("*.jsonl")):
        out += [json.loads(line) for line in p.open(encoding="utf-8") if line.strip()]
    return out


def timed(fn, repeat: int = 3):
    """Run ``fn`` ``repeat`` times; return (median seconds, all seconds, last result)."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times, result


def percentile(values, q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def machine() -> dict:
    import os
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"benchmark": name, "date": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": machine(), **data}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def print_table(headers, rows) -> None:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(str(h).ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
