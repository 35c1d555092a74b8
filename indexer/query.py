"""From what people type to Whoosh queries.

A query is normalized like the text, split into quoted phrases and free
syllables, and each free syllable becomes a *unit* that matches in the
exact-accent syllable fields (when typed with accents) and in the folded
ones. Word-segmented terms and a whole-query phrase add to the score but are
never required. Synonym spans become one unit matching either form.
"""
from __future__ import annotations

import dataclasses
import re

from whoosh import query as Q

from corpus.text import fold, normalize, segment, syllables

from .errors import BadQuery
from .stopwords import LONG_QUERY, is_stopword
from .synonyms import find_synonyms

MAX_QUERY_CHARS = 500
W_TITLE = 2.5   # a match in the title counts this much more than one in the body
W_EXACT = 1.5   # extra weight of a match with the same diacritics as typed
W_WORD = 1.0    # extra weight of a match on the segmented word
W_PHRASE = 2.0  # extra weight when the free words appear together in order

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')


@dataclasses.dataclass
class Unit:
    """One free syllable of the query (or a synonym span of several)."""

    text: str                 # as typed, lowercased
    folded: str
    alternatives: tuple = ()  # folded syllable tuples of synonyms
    parts: tuple = ()         # for a synonym span: the (text, folded) syllables it covers
    fuzzy: tuple = ()         # folded terms within edit distance 1, when the word itself is unknown

    @property
    def accented(self) -> bool:
        return self.text != self.folded

    def highlight_spec(self) -> list[tuple]:
        """Sequences of (exact or None, folded) syllables that count as a hit."""
        mine = self.parts or ((self.text, self.folded),)
        out = [tuple((t if t != f else None, f) for t, f in mine)]
        out += [tuple((None, f) for f in alt) for alt in self.alternatives]
        out += [((None, v),) for v in self.fuzzy]
        return out


@dataclasses.dataclass
class ParsedQuery:
    text: str
    phrases: list          # list of lists of (syllable, folded)
    units: list            # list of Unit
    words: list            # segmented multi-syllable words of the free text
    dropped: list          # stopwords dropped from a long query

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
    phrases = []
    for m in _QUOTED.finditer(text):
        sylls = syllables(m.group(1) or m.group(2) or "")
        if sylls:
            phrases.append([(s, fold(s)) for s in sylls])
    free = _QUOTED.sub(" ", text).replace('"', " ")
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
    return ParsedQuery(text=text, phrases=phrases, units=units, words=words, dropped=dropped)


def _syllable_term(s: str, f: str, fuzzy: tuple = ()) -> Q.Query:
    """One syllable in title and body: folded always, exact accents when typed with them."""
    qs = [Q.Term("title_sf", f, boost=W_TITLE), Q.Term("body_sf", f)]
    for v in fuzzy:
        qs += [Q.Term("title_sf", v, boost=W_TITLE * 0.6), Q.Term("body_sf", v, boost=0.6)]
    if s != f:
        qs += [Q.Term("title_s", s, boost=W_TITLE * W_EXACT), Q.Term("body_s", s, boost=W_EXACT)]
    return Q.Or(qs)


def _phrase(sylls: tuple, folded_only: bool, exact: tuple | None = None, boost: float = 1.0, slop: int = 1) -> Q.Query:
    qs = [Q.Phrase("title_sf", list(sylls), slop=slop, boost=W_TITLE * boost),
          Q.Phrase("body_sf", list(sylls), slop=slop, boost=boost)]
    if exact and not folded_only:
        qs += [Q.Phrase("title_s", list(exact), slop=slop, boost=W_TITLE * W_EXACT * boost),
               Q.Phrase("body_s", list(exact), slop=slop, boost=W_EXACT * boost)]
    return Q.Or(qs) if len(sylls) > 1 else Q.Or([_syllable_term(exact[0] if exact else sylls[0], sylls[0])])


def unit_query(u: Unit) -> Q.Query:
    """What it takes to match one unit."""
    if not u.parts:
        return _syllable_term(u.text, u.folded, u.fuzzy)
    own = Q.And([_syllable_term(s, f) for s, f in u.parts])
    alts = [_phrase(alt, True, slop=1) for alt in u.alternatives]
    return Q.Or([own] + alts)


def phrase_query(phrase) -> Q.Query:
    """A quoted phrase: the syllables adjacent and in order (exact accents when typed)."""
    exact = tuple(s for s, _ in phrase)
    folded = tuple(f for _, f in phrase)
    accented = exact != folded
    if len(phrase) == 1:
        return _syllable_term(exact[0], folded[0])
    if accented:
        return Q.Or([Q.Phrase("title_s", list(exact), boost=W_TITLE * W_EXACT), Q.Phrase("body_s", list(exact), boost=W_EXACT),
                     Q.Phrase("title_sf", list(folded), boost=W_TITLE * 0.5), Q.Phrase("body_sf", list(folded), boost=0.5)])
    return Q.Or([Q.Phrase("title_sf", list(folded), boost=W_TITLE), Q.Phrase("body_sf", list(folded))])


def bonus_query(pq: ParsedQuery) -> Q.Query | None:
    """Optional clauses that reorder matches: segmented words and the free words in order."""
    qs = []
    for w in pq.words:
        fw = fold(w)
        qs += [Q.Term("title_w", w, boost=W_TITLE * W_WORD), Q.Term("body_w", w, boost=W_WORD)]
        if fw == w:  # typed without accents: the folded word fields
            qs += [Q.Term("title_wf", fw, boost=W_TITLE * W_WORD), Q.Term("body_wf", fw, boost=W_WORD)]
    simple = [u for u in pq.units if not u.parts]
    if 1 < len(simple) <= 8:
        folded = tuple(f for u in pq.units for f in ([p[1] for p in u.parts] if u.parts else [u.folded]))
        exact = tuple(s for u in pq.units for s in ([p[0] for p in u.parts] if u.parts else [u.text]))
        qs.append(_phrase(folded, False, exact, boost=W_PHRASE, slop=2))
    return Q.Or(qs) if qs else None


def build(pq: ParsedQuery, require_all: bool) -> Q.Query:
    """The matching query: phrases required; units all required, or any one of them."""
    required = [phrase_query(p) for p in pq.phrases]
    units = [unit_query(u) for u in pq.units]
    if units:
        if require_all:
            required += units
        else:
            required.append(Q.Or(units, scale=0.9) if len(units) > 1 else units[0])
    if not required:
        return Q.NullQuery
    match = required[0] if len(required) == 1 else Q.And(required)
    bonus = bonus_query(pq)
    return Q.AndMaybe(match, bonus) if bonus is not None else match
