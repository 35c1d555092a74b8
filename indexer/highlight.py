"""Snippets from the original accented text, query words in <mark>, everything else escaped.

What to mark is a *spec*: a tuple of sequences, each a tuple of
``(exact, folded)`` syllables (``exact`` is None when the user typed the
syllable without accents). A sequence is marked only where all its
syllables appear in order. Where the text has the exact accented form of a
sequence, only those occurrences are marked (``lối`` does not light up
``lợi``); otherwise its folded matches are (a query ``loi mo`` marks
``lối mở``).
"""
from __future__ import annotations

import functools
import html
import re

from corpus.text import fold

_fold = functools.lru_cache(maxsize=100_000)(fold)

_TOKEN = re.compile(r"[^\W_]+")


def _marks(lower: list[str], folded: list[str], spec) -> dict[int, int]:
    """Token index → number of the spec sequence it belongs to."""
    out: dict[int, int] = {}
    for k, seq in enumerate(spec):
        n = len(seq)
        if not n:
            continue
        want = [f for _, f in seq]
        starts = [i for i in range(len(folded) - n + 1) if folded[i:i + n] == want]
        if not starts:
            continue
        if any(e is not None for e, _ in seq):
            exact = [i for i in starts
                     if all(e is None or lower[i + j] == e for j, (e, _) in enumerate(seq))]
            starts = exact or starts
        for i in starts:
            for j in range(n):
                out.setdefault(i + j, k)
    return out


def _render(text: str, tokens, marks: dict[int, int], lo: int, hi: int) -> str:
    out, pos = [], tokens[lo].start() if tokens else 0
    for i in range(lo, hi):
        if i in marks:
            t = tokens[i]
            out.append(html.escape(text[pos:t.start()]))
            out.append(f"<mark>{html.escape(t.group(0))}</mark>")
            pos = t.end()
    end = tokens[hi - 1].end() if hi > lo else pos
    while end < len(text) and not text[end].isspace() and (hi >= len(tokens) or end < tokens[hi].start()):
        end += 1  # keep punctuation that closes the last word: "đường cát <x>" keeps its ">"
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def _analyse(text: str, spec):
    tokens = list(_TOKEN.finditer(text))
    lower = [t.group(0).lower() for t in tokens]
    return tokens, _marks(lower, [_fold(x) for x in lower], spec)


def highlight(text: str, spec) -> str:
    """The whole of ``text``, HTML-escaped, with the query's words marked."""
    tokens, marks = _analyse(text, spec)
    if not tokens:
        return html.escape(text)
    head = html.escape(text[:tokens[0].start()])
    body = _render(text, tokens, marks, 0, len(tokens))
    tail_start = tokens[-1].end()
    while tail_start < len(text) and not text[tail_start].isspace():
        tail_start += 1
    return head + body + html.escape(text[tail_start:])


def snippet(text: str, spec, width: int = 32) -> str:
    """The ``width``-word window with the most distinct query words, marked; the opening if none.

    Safe to insert into HTML as it is.
    """
    tokens, marks = _analyse(text, spec)
    if not tokens:
        return html.escape(text[:200])
    best_start, best_score = 0, -1
    for i in sorted(marks):
        start = max(0, i - 4)
        inside = [marks[j] for j in range(start, min(len(tokens), start + width)) if j in marks]
        score = len(set(inside)) * 10 + len(inside)
        if score > best_score:
            best_start, best_score = start, score
    end = min(len(tokens), best_start + width)
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + _render(text, tokens, marks, best_start, end) + suffix
