"""From what people type to the terms the search scores.

A query is normalized like the text, split into quoted phrases and free
syllables, and each free syllable becomes a *unit* that matches in the
exact-accent syllable fields (when typed with accents) and in the folded
ones, as (field, term, boost) triples. Word-segmented terms add to the score
but are never required. Synonym spans become one unit matching either form.
"""
from __future__ import annotations

import dataclasses
import re

from corpus.text import fold, normalize, segment, syllables

from .errors import BadQuery
from .stopwords import LONG_QUERY, is_stopword
from .synonyms import find_synonyms

MAX_QUERY_CHARS = 500
W_TITLE = 1.5   # a match in the title counts this much more than one in the body
W_EXACT = 1.5   # extra weight of a match with the same diacritics as typed
W_WORD = 1.0    # extra weight of a match on the segmented word
W_RESTORED = 0.8  # extra weight of the likely accented form of a syllable typed without accents
W_SYNONYM = 0.5  # weight of a match on a synonym of the word typed
W_FOLDED_WHEN_ACCENTED = 0.3  # weight of the folded match of a syllable typed with accents

# Left to right: a quoted phrase (taken literally, operators inside it included); -word,
# -"a phrase" (the closing quote may be forgotten) or NOT word, whose articles are left out
# (a dash inside a word, as in Bà Rịa-Vũng Tàu, is no operator); AND and OR in capitals,
# dropped (every word counts already).
_SPANS = re.compile(r'(?P<quoted>"[^"]*"|“[^”]*”)'
                    r'|(?<!\S)(?:-|NOT\s+)(?P<excluded>"[^"]*"?|“[^”]*”?|[^\s"“]+)'
                    r'|(?<!\S)(?:AND|OR)(?!\S)')


def free_text_mask(text: str) -> str:
    """``text`` with its quoted phrases, exclusions and operators blanked out (same length)."""
    return _SPANS.sub(lambda m: " " * len(m.group(0)), text)


@dataclasses.dataclass
class Unit:
    """One free syllable of the query (or a synonym span of several)."""

    text: str                 # as typed, lowercased
    folded: str
    alternatives: tuple = ()  # folded syllable tuples of synonyms
    parts: tuple = ()         # for a synonym span: the (text, folded) syllables it covers
    fuzzy: tuple = ()         # folded terms within edit distance 1, when the word itself is unknown
    near: tuple = ()          # a known syllable that forms no word with its neighbours: close ones that do
    misspelt: bool = False    # ... and the close one is sure enough to suggest (``thông quang`` → ``quan``)
    near_forms: tuple = ()    # ... its accented forms one edit from the accents typed (``tụt`` → ``tục``)
    restored: str = ""        # typed without accents: the accented form the index uses most
    restored_word: bool = False  # ... found as part of a known word with its neighbours (reliable)
    parts_restored: tuple = ()  # the same for each syllable of a synonym span

    @property
    def accented(self) -> bool:
        return self.text != self.folded

    def highlight_spec(self) -> list[tuple]:
        """Sequences of (exact or None, folded) syllables that count as a hit.

        A syllable typed without accents is marked in the accented form the
        index uses most (``lo`` in ``cha lo`` marks "Lo", not "lò" or "lộ") where
        the text has that form, and in any form otherwise.
        """
        if self.parts:
            restored = self.parts_restored or ("",) * len(self.parts)
            mine = [(t if t != f else (r or None), f) for (t, f), r in zip(self.parts, restored)]
        else:
            mine = [(self.text if self.text != self.folded else (self.restored or None), self.folded)]
        out = [tuple(mine)]
        out += [tuple((None, f) for f in alt) for alt in self.alternatives]
        out += [((None, v),) for v in self.fuzzy + self.near]
        return out

@dataclasses.dataclass
class ParsedQuery:
    text: str
    phrases: list          # list of lists of (syllable, folded)
    units: list            # list of Unit
    words: list            # segmented multi-syllable words of the free text
    dropped: list          # stopwords dropped from a long query
    excluded: list = dataclasses.field(default_factory=list)  # (syllable, folded) lists: -word, NOT word

    @property
    def long(self) -> bool:
        return len(self.units) + len(self.dropped) > LONG_QUERY

    @property
    def empty(self) -> bool:
        return not self.units and not self.phrases

    def highlight_spec(self) -> tuple:
        """What to mark in snippets (see indexer.highlight)."""
        spec = [tuple((t if t != f else None, f) for t, f in ph) for ph in self.phrases]
        for u in self.units:
            spec += u.highlight_spec()
        return tuple(spec)


def parse(text: str) -> ParsedQuery:
    """Split a query into phrases, units (with synonyms) and segmented words."""
    if text is None:
        text = ""
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"query is too long ({len(text)} characters, limit {MAX_QUERY_CHARS})")
    text = normalize(text).replace("\n", " ")
    phrases, excluded = [], []
    for m in _SPANS.finditer(text):
        span = m.group("quoted") or m.group("excluded")
        sylls = syllables(span.strip('"“”')) if span else []
        if sylls:
            (phrases if m.group("quoted") else excluded).append([(s, fold(s)) for s in sylls])
    free = free_text_mask(text).replace('"', " ").replace("“", " ").replace("”", " ")
    sylls = syllables(free)
    dropped = []
    if len(sylls) > LONG_QUERY:
        kept = [s for s in sylls if not is_stopword(s)]
        dropped = [s for s in sylls if is_stopword(s)]
        sylls = kept or sylls
    folded = [fold(s) for s in sylls]
    units, i = [], 0
    spans = {start: (end, alts) for start, end, alts in find_synonyms(folded)}
    while i < len(sylls):
        if i in spans:
            end, alts = spans[i]
            parts = tuple(zip(sylls[i:end], folded[i:end]))
            units.append(Unit(" ".join(sylls[i:end]), " ".join(folded[i:end]), alts, parts))
            i = end
        else:
            units.append(Unit(sylls[i], folded[i]))
            i += 1
    words = [w.lower() for w in segment(free).split() if "_" in w] if free.strip() else []
    return ParsedQuery(text=text, phrases=phrases, units=units, words=words, dropped=dropped, excluded=excluded)


def syllable_terms(s: str, f: str, fuzzy: tuple = (), restored: str = "") -> list[tuple[str, str, float]]:
    """(field, term, boost) of one syllable: folded always, exact accents when typed with them.

    A syllable typed without accents also scores a little on the accented form
    that the index uses most in this context (``restored``), so that ``buon lau``
    ranks like ``buôn lậu`` without requiring it.
    """
    k = W_FOLDED_WHEN_ACCENTED if s != f else 1.0
    terms = [("title_sf", f, W_TITLE * k), ("body_sf", f, k)]
    for v in fuzzy:
        terms += [("title_sf", v, W_TITLE * 0.6), ("body_sf", v, 0.6)]
    if s != f:
        terms += [("title_s", s, W_TITLE * W_EXACT), ("body_s", s, W_EXACT)]
    elif restored and restored != f:
        terms += [("title_s", restored, W_TITLE * W_RESTORED), ("body_s", restored, W_RESTORED)]
    return terms


def bonus_terms(pq: ParsedQuery) -> list[tuple[str, str, float]]:
    """(field, term, boost) that reorder matches without being required: the segmented words."""
    terms = []
    for w in pq.words:
        fw = fold(w)
        terms += [("title_w", w, W_TITLE * W_WORD), ("body_w", w, W_WORD)]
        if fw == w:  # typed without accents: the folded word fields
            terms += [("title_wf", fw, W_TITLE * W_WORD), ("body_wf", fw, W_WORD)]
    return terms
