"""Checks for a labeled corpus: schema, labels, dates, NFC, duplicates, repeats, near-duplicates, lengths."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import statistics
import unicodedata
from collections import Counter

from .article import DEFAULT_LABELS, article_from_record
from .errors import InputError
from .readers import read_records

SENTENCE_SPLIT = re.compile(r"(?<=[.!?…;:])\s+|\n+")
WORD = re.compile(r"\w+")
LENGTH_BINS = (("brief (60–120)", 60, 120), ("medium (150–350)", 150, 350), ("long (400–700)", 400, 700))


@dataclasses.dataclass
class CheckReport:
    """Every problem found and the statistics of the corpus."""

    problems: list
    stats: dict

    @property
    def ok(self) -> bool:
        return not self.problems


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def length_bin(n: int) -> str:
    for name, lo, hi in LENGTH_BINS:
        if lo <= n <= hi:
            return name
    return "other"


def check_corpus(paths, labels=DEFAULT_LABELS, years: tuple[int, int] | None = None, min_sentence_words: int = 8,
                 max_shared: float = 0.30, min_total: int = 0, min_per_label: int = 0) -> CheckReport:
    """Check labeled JSONL/CSV/folder inputs; return every problem and the statistics."""
    problems: list[str] = []
    arts, where_of = [], {}
    for path in paths:
        arts_before, problems_before = len(arts), len(problems)
        try:
            for where, record in read_records(path):
                loc = f"{where[0]}:{where[1]}" if where[1] else where[0]
                if isinstance(record, InputError):
                    problems.append(str(record))
                    continue
                if isinstance(record, dict):
                    for key in ("title", "body"):
                        value = record.get(key)
                        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                            problems.append(f"{loc}: {key} is not Unicode NFC")
                try:
                    art = article_from_record(record, labels, where)
                except InputError as exc:
                    problems.append(str(exc))
                    continue
                if not art.category:
                    problems.append(f"{loc}: no category (a labeled corpus needs one of {', '.join(labels)})")
                if not art.title:
                    problems.append(f"{loc}: no title")
                if years and art.date and not years[0] <= dt.date.fromisoformat(art.date).year <= years[1]:
                    problems.append(f"{loc}: date {art.date} outside {years[0]}–{years[1]}")
                if years and not art.date:
                    problems.append(f"{loc}: no date")
                if art.id in where_of:
                    problems.append(f"{loc}: duplicate id {art.id!r} (first at {where_of[art.id]})")
                    continue
                where_of[art.id] = loc
                arts.append(art)
        except InputError as exc:
            problems.append(str(exc))
        if len(arts) == arts_before and len(problems) == problems_before:
            problems.append(f"{path}: no articles in this file")

    # identical bodies, repeated sentences
    seen_body: dict[str, str] = {}
    for a in arts:
        key = " ".join(_words(a.body))
        if key in seen_body:
            problems.append(f"{where_of[a.id]}: same text as {seen_body[key]} ({a.id!r})")
        else:
            seen_body[key] = a.id
    first_seen: dict[tuple, str] = {}
    for a in arts:
        for sentence in SENTENCE_SPLIT.split(a.body) + [a.title]:
            w = tuple(_words(sentence))
            if len(w) < min_sentence_words:
                continue
            other = first_seen.setdefault(w, a.id)
            if other != a.id:
                problems.append(f"{where_of[a.id]}: sentence repeated from {other!r}: {sentence.strip()[:80]}")
    # near-duplicate pairs by shared word 3-grams
    grams = {}
    for a in arts:
        w = _words(a.body)
        grams[a.id] = set(zip(w, w[1:], w[2:]))
    near = []
    for x, y in itertools.combinations(arts, 2):
        gx, gy = grams[x.id], grams[y.id]
        if not gx or not gy:
            continue
        small, large = (gx, gy) if len(gx) <= len(gy) else (gy, gx)
        shared = len(small & large) / len(small)
        near.append(shared)
        if shared >= max_shared:
            problems.append(f"{where_of[y.id]}: near-duplicate of {x.id!r} ({shared:.0%} of word 3-grams shared)")

    counts = Counter(a.category for a in arts if a.category)
    for label in labels:
        if min_per_label and counts.get(label, 0) < min_per_label:
            problems.append(f"category {label!r} has {counts.get(label, 0)} articles, fewer than {min_per_label}")
    if min_total and len(arts) < min_total:
        problems.append(f"{len(arts)} articles, fewer than {min_total}")
    lengths = [len(a.body.split()) for a in arts]
    stats = {
        "articles": len(arts),
        "per_category": dict(sorted(counts.items())),
        "hard": sum(a.hard for a in arts),
        "hard_share": round(sum(a.hard for a in arts) / len(arts), 3) if arts else 0.0,
        "words": {"min": min(lengths, default=0), "median": statistics.median(lengths) if lengths else 0,
                  "max": max(lengths, default=0), "total": sum(lengths)},
        "length_bins": dict(Counter(length_bin(n) for n in lengths)),
        "length_bins_per_category": {
            c: dict(Counter(length_bin(len(a.body.split())) for a in arts if a.category == c)) for c in sorted(counts)},
        "years": dict(sorted(Counter(a.date[:4] for a in arts if a.date).items())),
        "max_shared_3grams": round(max(near, default=0.0), 3),
        "pairs_over_20pct": sum(1 for s in near if s >= 0.20),
    }
    return CheckReport(problems, stats)


__all__ = ["check_corpus", "CheckReport", "length_bin"]
