"""Searching the index: tiers, filters, facets, sorting, pages, suggestions, similar articles."""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import itertools
import math
import re
import threading
import time
import unicodedata

import numpy as np
from whoosh import query as Q

from corpus.text import segment

from .analysis import analyze, word_analyzer
from .errors import BadQuery
from .index import SearchIndex
from .lexicon import (Restorer, accented_corrections, corrections, edit_distance, one_edit, sound_alike,
                      word_context)
from .query import W_EXACT, W_SYNONYM, W_TITLE, ParsedQuery, bonus_terms, free_text_mask, parse, syllable_terms
from .scoring import Accumulator, Snapshot
from .schema import day_number

MAX_LIMIT = 100
MAX_PAGE = 1000
SORTS = ("relevance", "date")
W_PAIR = 5.0  # weight of adjacent query syllables found as one word
RARE_SYLLABLE = 10_000  # a syllable in under 1 of this many articles may be a typo
RARE_FORM = 40  # an accented form in under 1 of this many of the articles with its folded syllable may be one
# a real syllable typed for another: a close spelling forms a word with its neighbour in at least
# this many articles, and in at least half as many as use the syllable typed as a word on its own
MISSPELT_MIN_DOCS = 3
MISSPELT_MAX_UNITS = 12  # looked for in queries of up to this many syllables (a few ms each at 80k articles)
_CATEGORY = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@dataclasses.dataclass
class Hit:
    id: str
    score: float


@dataclasses.dataclass
class SearchResult:
    """One page of results with the facts about the whole result set."""

    query: str
    total: int
    page: int
    limit: int
    sort: str
    hits: list
    facets: dict
    suggestion: str | None = None
    missing: list = dataclasses.field(default_factory=list)
    corrected: bool = False
    all_words_matched: int = 0   # how many of the results contain every query word
    highlight: tuple = ()
    took_ms: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.limit))


def _neighbours(units, k: int) -> tuple[str | None, str | None]:
    """The folded syllables left and right of unit ``k`` (None at an edge or beside a synonym span)."""
    left = units[k - 1].folded if k and not units[k - 1].parts else None
    right = units[k + 1].folded if k + 1 < len(units) and not units[k + 1].parts else None
    return left, right


_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}  # huyền, sắc, hỏi, ngã, nặng


def _tone(syllable: str) -> str:
    """The tone mark of a syllable ("" for none)."""
    return next((c for c in unicodedata.normalize("NFD", syllable) if c in _TONES), "")


def _typed_for(meant: str, typed: str, alike: set) -> bool:
    """Whether ``typed`` (another syllable, with accents) is a likely typo of ``meant``: one edit
    with the same tone, or the letter that carries the tone dropped or added (``ngưi`` for
    ``người``), or a like-sounding initial with the same tone — not a letter and the tone both
    changed (``lô`` for ``lý``)."""
    if _tone(meant) == _tone(typed):
        return meant in alike or edit_distance(meant, typed) <= 1
    longer, shorter = (meant, typed) if len(meant) > len(typed) else (typed, meant)
    return len(longer) == len(shorter) + 1 and any(
        _tone(longer[i]) and longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _respell(text: str, typed: list[str], out: list[str]) -> str | None:
    """``text`` with its free syllables ``typed`` replaced, in order, by ``out``: what the user
    typed around them (quoted phrases, exclusions, operators, punctuation, numbers, stopwords,
    capitals) stays, and so do single letters joined to other characters (``C/O``: accents
    there would be a guess). None if the syllables cannot be found as typed."""
    lower = free_text_mask(text).lower()
    if len(lower) != len(text):
        return None
    pieces, pos = [], 0
    for t, new in zip(typed, out):
        i = lower.find(t, pos)
        while i >= 0 and (i > 0 and lower[i - 1].isalnum() or lower[i + len(t):i + len(t) + 1].isalnum()):
            i = lower.find(t, i + 1)  # a whole token, not part of a longer one
        if i < 0:
            return None
        was = text[i:i + len(t)]
        glued = len(t) == 1 and (i > 0 and not text[i - 1].isspace()
                                 or i + 1 < len(text) and not text[i + 1].isspace() and text[i + 1] not in ",.;:!?")
        if new == t or glued:
            new = was
        elif was.isupper() and len(was) > 1:
            new = new.upper()
        elif was[:1].isupper():
            new = new[:1].upper() + new[1:]
        pieces += [text[pos:i], new]
        pos = i + len(t)
    return "".join(pieces) + text[pos:]


def parse_day(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):  # not 2024-W05, not 20240203
            raise ValueError
        return day_number(dt.date.fromisoformat(str(value)).isoformat())
    except ValueError:
        raise BadQuery(f"{name} must be a date like 2021-03-05, got {value!r}") from None


class SearchEngine:
    """Searches one SearchIndex; caches results per index generation."""

    _engines: dict = {}
    _engines_lock = threading.Lock()

    @classmethod
    def for_path(cls, path) -> "SearchEngine":
        """The process-wide engine of the index at ``path`` (its cache outlives requests)."""
        key = str(path)
        with cls._engines_lock:
            if key not in cls._engines:
                cls._engines[key] = cls(SearchIndex(path))
            return cls._engines[key]

    def __init__(self, index: SearchIndex, cache_size: int = 512):
        self.index = index
        self._cache: collections.OrderedDict = collections.OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._forms: dict = {}
        self._forms_since = time.monotonic()

    # -- helpers ------------------------------------------------------------
    def _cached(self, key):
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def _remember(self, key, value) -> None:
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _accent_forms(self) -> dict:
        """The cache of accented forms, emptied every ten minutes so that it follows the archive."""
        with self._lock:
            if time.monotonic() - self._forms_since > 600 or len(self._forms) > 100_000:
                self._forms, self._forms_since = {}, time.monotonic()
            return self._forms

    @staticmethod
    def _df(searcher, folded: str) -> int:
        return searcher.doc_frequency("body_sf", folded) + searcher.doc_frequency("title_sf", folded)

    def warm(self, top_terms: int = 300) -> None:
        """Read what the first queries would read from disk: per-segment arrays (field lengths,
        categories, days) and the postings of the most frequent syllables of title and body."""
        from .schema import TEXT_FIELDS
        with self.index.searcher() as s:
            snap = Snapshot(s)
            for reader, _, data in snap.leaves:
                for field in TEXT_FIELDS:
                    data.lengths(reader, field)
            if top_terms:
                reader = s.reader()
                for field in ("body_sf", "title_sf", "body_s", "title_s"):
                    for _, term in reader.most_frequent_terms(field, number=top_terms):
                        snap.postings(field, term.decode("utf-8") if isinstance(term, bytes) else term)

    # -- search -------------------------------------------------------------
    def search(self, text: str, category: str | None = None, date_from=None, date_to=None,
               sort: str = "relevance", page: int = 1, limit: int = 10) -> SearchResult:
        """One page of results for ``text`` (see the module docs for the ranking rules)."""
        started = time.perf_counter()
        if sort not in SORTS:
            raise BadQuery(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")
        if not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
            raise BadQuery(f"page must be between 1 and {MAX_PAGE}")
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
        if category and not _CATEGORY.match(category):
            raise BadQuery(f"invalid category {category!r}")
        lo, hi = parse_day(date_from, "from"), parse_day(date_to, "to")
        if lo and hi and lo > hi:
            raise BadQuery("the 'from' date is after the 'to' date")
        pq = parse(text)
        key = (self.index.generation(), pq.text, category or "", lo, hi, sort, page, limit)
        hit = self._cached(key)
        if hit is not None:
            return dataclasses.replace(hit, took_ms=(time.perf_counter() - started) * 1000)
        with self.index.searcher() as s:
            result = self._run(s, pq, category, lo, hi, sort, page, limit)
        self._remember(key, result)
        result.took_ms = (time.perf_counter() - started) * 1000
        return dataclasses.replace(result)

    def _run(self, s, pq: ParsedQuery, category, lo, hi, sort, page, limit) -> SearchResult:
        snap = Snapshot(s)
        missing, corrected = [], False

        def known(folded: str) -> bool:
            return snap.has_term("body_sf", folded)
        n_docs = s.doc_count()
        for k, u in enumerate(pq.units):
            if u.parts:
                continue
            df = self._df(s, u.folded)
            if df and df * RARE_SYLLABLE >= n_docs:
                continue
            left = pq.units[k - 1].folded if k else None
            right = pq.units[k + 1].folded if k + 1 < len(pq.units) else None
            if df:
                # so rare that it may be a typo kept in some article ("chih" in 4 of 82k):
                # corrected only when it forms no word with its neighbours and a close spelling does
                near = [] if word_context(s, left, u.folded, right) or not (left or right) \
                    else corrections(s, u.folded, left, right, context_only=True, known=known)
            else:
                near = corrections(s, u.folded, left, right, known=known)
            if near:
                u.fuzzy = tuple(near[:3])
                corrected = True
            elif not df:
                missing.append(u.text)
        pq.units = [u for u in pq.units if u.text not in missing or u.fuzzy] or pq.units
        restorer = Restorer(s, self._accent_forms())
        corrected = self._near_words(s, pq, known, restorer) or corrected
        self._restore(restorer, pq)

        acc = Accumulator(snap)
        matched = np.zeros(snap.n, np.int16)
        strict = snap.alive.copy()
        strict_exact = snap.alive.copy()
        unsearchable = pq.empty and not pq.excluded and bool(pq.text.strip())  # only symbols (``*``, ``🚚``)
        if unsearchable:
            missing.append(pq.text.strip())
        loose = np.zeros(snap.n, bool) if pq.units or unsearchable else snap.alive.copy()
        unit_masks = []
        for u in pq.units:
            mask, exact = self._unit(acc, u)
            unit_masks.append(mask)
            matched += mask
            strict &= mask
            strict_exact &= exact
            loose |= mask
        phrases_ok = snap.alive.copy()
        for phrase in pq.phrases:
            mask = self._phrase(s, snap, acc, phrase)
            strict &= mask
            strict_exact &= mask
            loose &= mask
            phrases_ok &= mask
        for field, term, boost in bonus_terms(pq):
            acc.add(field, term, boost)
        covered = self._adjacent_words(acc, pq) & strict
        loose &= snap.alive
        for seq in pq.excluded:  # -word, -"phrase", NOT word: left out whatever else they match
            loose &= ~self._phrase(s, snap, None, seq)

        date_ok = np.ones(snap.n, bool)
        if lo or hi:
            date_ok = (snap.day >= (lo or 0)) & (snap.day <= (hi or 99991231))
        in_dates = loose & date_ok
        counts = np.bincount(snap.category[in_dates], minlength=len(snap.labels))
        facets = {lab: int(c) for lab, c in zip(snap.labels, counts) if lab and c}
        selected = in_dates
        if category:
            code = snap.labels.index(category) if category in snap.labels else -1
            selected = in_dates & (snap.category == code)
        total = int(selected.sum())
        need = page * limit
        candidates = np.flatnonzero(selected)
        score = acc.score[candidates]
        n_all = int((strict & selected).sum())
        if sort == "date" or pq.empty:
            order = np.lexsort((-score, -snap.day[candidates]))[:need]
        else:
            n_units = max(len(pq.units), 1)
            coverage = matched[candidates] / n_units
            # tiers: every word; with the accents typed; as words of the text (the exact accents
            # come first: "hàng không" typed is not outranked by "Hằng không"); then every word
            # but one, with a close spelling of it (a typo that made another real syllable);
            # then only some words
            tier = strict_exact[candidates].astype(np.float32) + strict[candidates] + 0.5 * covered[candidates]
            if n_all < need and len(pq.units) >= 2:
                one_off = self._one_word_misspelt(snap, pq, unit_masks, matched, phrases_ok & selected, known)
                tier += 0.5 * one_off[candidates]
            key = score * (0.5 + 0.5 * coverage) + tier * (float(score.max(initial=0)) + 1) * 2
            top = np.argpartition(-key, need - 1)[:need] if len(key) > need else np.arange(len(key))
            order = top[np.argsort(-key[top], kind="stable")]
        page_docs = order[(page - 1) * limit: need]
        shown = score if sort == "date" or pq.empty else key  # the score reported is what ranked the hit
        hits = [Hit(snap.stored_id(candidates[i]), float(shown[i])) for i in page_docs]
        suggestion = self._suggest(s, restorer, pq, corrected) if not pq.empty else None
        return SearchResult(query=pq.text, total=total, page=page, limit=limit, sort=sort, hits=hits,
                            facets=dict(sorted(facets.items(), key=lambda kv: (-kv[1], kv[0]))),
                            suggestion=suggestion, missing=missing, corrected=corrected,
                            all_words_matched=n_all, highlight=pq.highlight_spec())

    @staticmethod
    def _near_words(s, pq: ParsedQuery, known, restorer: Restorer) -> bool:
        """Close spellings of syllables that look mistyped though the index has them,
        scored lower than the syllable typed; True if one is sure enough to suggest.

        A real syllable typed for another (``thông quang`` for ``thông quan``,
        ``nhập ảnh``, ``đường giây``): see ``_misspelt``. A typo may also leave a
        syllable whose accented form few or no texts use but whose folded form is
        common (``hàng kông``, ``nợ tền``, ``ngời dân``): it then matches close
        spellings too — those that form a known word with a neighbour
        (``hang_khong``), and the most used accented syllables one edit away
        (``tiền``, ``tên``)."""
        sure = False
        for k, u in enumerate(pq.units):
            if u.parts or u.fuzzy or len(u.folded) < 2:
                continue
            if len(pq.units) <= MISSPELT_MAX_UNITS and SearchEngine._misspelt(s, pq.units, k, known, restorer):
                sure = True
                continue
            left, right = _neighbours(pq.units, k)
            if not u.accented:
                continue
            used = s.doc_frequency("body_s", u.text) + s.doc_frequency("title_s", u.text)
            # a form some articles use is doubted only when rare and beside a word it could belong to
            if used and (used * RARE_FORM >= SearchEngine._df(s, u.folded) or not (left or right)):
                continue
            if word_context(s, left, u.folded, right):
                continue
            near = corrections(s, u.folded, left, right, context_only=True, known=known)[:2] if left or right else []
            alike = sound_alike(lambda _: True, u.text)
            accented = accented_corrections(s, u.text, u.folded, lambda t: _typed_for(t, u.text, alike))[:2] \
                if not used else ()
            u.near = tuple(dict.fromkeys(near + list(accented)))[:3]
        return sure

    @staticmethod
    def _misspelt(s, units, k: int, known, restorer: Restorer) -> bool:
        """Whether unit ``k`` is a real syllable typed for another; if so, match that one too.

        The syllable forms no word with its neighbours in the query (with the accents
        typed, when both were typed with accents: ``bạn tần`` is not ``bàn tán``), while a close
        spelling (one edit, or a like-sounding initial: ``giây`` → ``dây``) forms one
        with a neighbour, with that neighbour's accents if it was typed with accents,
        in at least MISSPELT_MIN_DOCS articles and in at least half as many as use the
        syllable typed as a word on its own. Typed with accents, the close spelling's
        accented form is one edit from it with the same tone, or differs by the letter
        that carries the tone (``ngưi`` → ``người``): a typo changes letters or the tone,
        seldom both (``gói bài`` is not ``Nội Bài``, ``lô thủ tục`` is not ``lý thủ tục``). ``quang`` is seldom a word alone and
        ``thông_quan`` is common, so ``thông quang`` means ``thông quan``; ``tết kiểm``
        is not ``tiết kiệm`` (the accents typed on ``kiểm`` disagree).
        """
        u = units[k]
        left, right = _neighbours(units, k)
        if not (left or right) or not u.folded.isalpha():
            return False
        sides = [(units[j], j < k) for j, side in ((k - 1, left), (k + 1, right)) if side]  # (unit, before u)

        def word(beside: str, own: str, before: bool) -> str:
            return f"{beside}_{own}" if before else f"{own}_{beside}"

        for v, before in sides:  # a word as typed: with the accents typed on both sides, if any
            if u.accented and v.accented:
                if s.doc_frequency("body_w", word(v.text, u.text, before)):
                    return False
            elif s.doc_frequency("body_wf", word(v.folded, u.folded, before)):
                return False
        alike = sound_alike(lambda _: True, u.text)

        def close_forms(c: str) -> list[str]:
            forms = restorer.syllable_forms(c, top=8)
            if u.accented:  # typed with accents: a typo changes letters or the tone, seldom both
                forms = [a for a in forms if _typed_for(a, u.text, alike)]
            return forms

        def used(c: str) -> int:
            forms = close_forms(c)
            if not forms:
                return 0
            n = 0
            for v, before in sides:
                if v.accented or u.accented:
                    # the word with the accents typed on both sides (the neighbour's any, if typed without)
                    beside = [v.text] if v.accented else restorer.syllable_forms(v.folded, top=8)
                    n += sum(s.doc_frequency("body_w", word(b, a, before)) for b in beside for a in forms)
                else:
                    n += s.doc_frequency("body_wf", word(v.folded, c, before))
            return n

        candidates = sorted(one_edit(known, u.folded) | sound_alike(known, u.folded))
        fitting = [c for c in candidates if word_context(s, left, c, right) >= MISSPELT_MIN_DOCS]
        count, best = max(((used(c), c) for c in fitting), default=(0, ""))
        alone = s.doc_frequency("body_w", u.text) if u.accented else s.doc_frequency("body_wf", u.folded)
        if count < MISSPELT_MIN_DOCS or 2 * count < alone:
            return False
        u.near, u.misspelt = (best,), True
        if u.accented:  # the close spelling with its accents counts as typed (for the exact-accent tier)
            u.near_forms = tuple(close_forms(best))
        return True

    @staticmethod
    def _one_word_misspelt(snap: Snapshot, pq: ParsedQuery, unit_masks, matched, eligible, known) -> np.ndarray:
        """Documents with every query word but one, and a spelling one edit from that one
        that forms a word with its neighbour in the query.

        A typo can make another real syllable (``ảnh`` for ``cảnh``): the
        article meant then lacks one word as typed but has the word the typo
        broke (``nhập ảnh`` → ``nhập_cảnh``). These documents rank right after
        those with every word. Only looked up when too few documents have every
        word to fill the page; numbers are never respelt.
        """
        out = np.zeros(snap.n, bool)
        one_off = eligible & (matched == len(pq.units) - 1)
        for k, (u, mask) in enumerate(zip(pq.units, unit_masks)):
            lacking = one_off & ~mask
            if u.parts or len(u.folded) < 2 or not u.folded.isalpha() or not lacking.any():
                continue
            left, right = _neighbours(pq.units, k)
            # the close spelling must form a word with a neighbour in that article (nhập_cảnh):
            # a syllable one edit away somewhere in the text is no evidence (phê → phi, the, …)
            words = [w for t in one_edit(known, u.folded) - {*u.fuzzy, *u.near}
                     for w in ((f"{left}_{t}",) if left else ()) + ((f"{t}_{right}",) if right else ())]
            near = np.zeros(snap.n, bool)
            for word in words:
                for field in ("title_wf", "body_wf"):
                    if snap.doc_frequency(field, word):
                        near[snap.postings(field, word)[0]] = True
            out |= lacking & near
        return out

    @staticmethod
    def _adjacent_words(acc: Accumulator, pq: ParsedQuery) -> np.ndarray:
        """Score syllables next to each other in the query that the text has as one word;
        return the mask of documents that have the whole query as words.

        Most Vietnamese words have two or three syllables: ``chan chinh`` typed
        without accents is ambiguous syllable by syllable but far less as the word
        ``chan_chinh``, and a word typed with a typo or mixed accents keeps its
        neighbour. Every run of two or three adjacent query syllables is looked
        up in the folded word fields, whatever the segmenter makes of the query
        itself, and scored with its own (higher) IDF — the ordered-window part of
        a sequential dependence model (Metzler & Croft, SIGIR 2005), with the
        index's word segmentation standing in for positions.

        A document *covers* the query when the query's syllables can be cut into
        runs of one to three that are all words of the document: ``tặng gói bài``
        is covered by a text with the words ``tặng``, ``gói`` and ``bài``, not by
        one that has ``bài`` only inside ``bài_viết``. Among documents with every
        word and the same accent match, covering ones rank first (single-syllable
        words are not scored: they only decide coverage).
        """
        flat = []  # per query syllable, its folded forms: as typed (or corrected), close spellings
        for u in pq.units:
            if u.parts:
                flat += [(f,) for _, f in u.parts]
            else:
                flat.append((u.fuzzy[0] if u.fuzzy else u.folded,) + u.near)
        n_docs = acc.snap.n
        found: dict = {}  # word → mask of the documents that have it (title or body)

        def have(word: str, scored: bool) -> np.ndarray:
            if word not in found:
                mask = np.zeros(n_docs, bool)
                for field, boost in (("title_wf", W_TITLE), ("body_wf", 1.0)):
                    if scored:
                        mask |= acc.add(field, word, W_PAIR * boost)
                    else:
                        mask[acc.snap.postings(field, word)[0]] = True
                found[word] = mask
            return found[word]

        # covered[i]: documents where the first i query syllables can be cut into words they have
        covered: list = [np.ones(n_docs, bool)] + [None] * len(flat)
        for i in range(len(flat)):
            if covered[i] is None:
                continue
            for n in (1, 2, 3):
                if i + n > len(flat):
                    break
                run = np.zeros(n_docs, bool)
                for combo in itertools.product(*flat[i:i + n]):
                    run |= have("_".join(combo), scored=n > 1)
                got = covered[i] & run
                covered[i + n] = got if covered[i + n] is None else covered[i + n] | got
        return covered[-1] if covered[-1] is not None else np.zeros(n_docs, bool)

    @staticmethod
    def _restore(restorer: Restorer, pq: ParsedQuery) -> None:
        """Give syllables typed without accents their likely accented form, and its words."""
        flat = []  # (unit, index in parts or None, text, folded)
        for u in pq.units:
            if u.parts:
                flat += [(u, k, t, f) for k, (t, f) in enumerate(u.parts)]
            else:
                flat.append((u, None, u.text, u.fuzzy[0] if u.fuzzy else u.folded))
        if not any(t == f for _, _, t, f in flat):
            return
        restored = restorer.restore([f for _, _, _, f in flat], [t if t != f else None for _, _, t, f in flat])
        for u in pq.units:
            if u.parts:
                u.parts_restored = tuple("" for _ in u.parts)
        for (u, k, t, f), r, in_word in zip(flat, restored, restorer.in_word):
            if t == f or k is None and u.fuzzy:
                if k is None:
                    u.restored = r
                    u.restored_word = in_word and r != f
                else:
                    u.parts_restored = u.parts_restored[:k] + (r,) + u.parts_restored[k + 1:]
        words = [w.lower() for w in segment(" ".join(restored)).split() if "_" in w]
        pq.words += [w for w in words if w not in pq.words]

    @staticmethod
    def _unit(acc: Accumulator, u) -> tuple[np.ndarray, np.ndarray]:
        """Score one unit into ``acc``; return the masks of documents that match it,
        and of those that match it with the accents typed (or, typed without, in its
        likely accented form)."""
        def syllable(text, folded, fuzzy=(), restored="", reliable=False):
            mask = np.zeros(acc.snap.n, bool)
            exact = np.zeros(acc.snap.n, bool)
            for field, term, boost in syllable_terms(text, folded, fuzzy, restored):
                hit = acc.add(field, term, boost)
                mask |= hit
                if field in ("title_s", "body_s"):
                    exact |= hit
            if text == folded and not reliable or fuzzy and not exact.any():
                # typed without accents: any accented form may be what was meant, unless the
                # syllable is part of a word the index knows (``thuoc la`` → ``thuốc lá``);
                # a mistyped syllable that no text has as typed: any of its close spellings
                exact = mask.copy()
            return mask, exact

        if not u.parts:
            mask, exact = syllable(u.text, u.folded, u.fuzzy + u.near, u.restored, u.restored_word)
            for form in u.near_forms:
                for field in ("title_s", "body_s"):
                    exact[acc.snap.postings(field, form)[0]] = True
            return mask, exact
        mask = np.ones(acc.snap.n, bool)
        exact = np.ones(acc.snap.n, bool)
        for k, (text, folded) in enumerate(u.parts):
            restored = u.parts_restored[k] if u.parts_restored else ""
            part, part_exact = syllable(text, folded, restored=restored)
            mask &= part
            exact &= part_exact
        for alt in u.alternatives:
            sub = Accumulator(acc.snap)
            alt_mask = np.ones(acc.snap.n, bool)
            for folded in alt:
                part = np.zeros(acc.snap.n, bool)
                for field, term, boost in syllable_terms(folded, folded):
                    part |= sub.add(field, term, boost)
                alt_mask &= part
            # a synonym counts, but less than the word typed, and not for the first tier
            acc.score += W_SYNONYM * sub.score * alt_mask
            mask |= alt_mask
        return mask, exact

    @staticmethod
    def _phrase(s, snap: Snapshot, acc: Accumulator | None, phrase) -> np.ndarray:
        """Documents with the quoted syllables adjacent and in order.

        Typed with accents, the phrase must match with those accents (in title
        or body); only when nothing does, its folded form is tried. Typed
        without, the folded fields are searched. The matches are scored into
        ``acc`` (None: only the mask, as for an exclusion).
        """
        exact = [t for t, _ in phrase]
        folded = [f for _, f in phrase]
        attempts = [("title_s", "body_s", exact, W_EXACT)] if exact != folded else []
        attempts.append(("title_sf", "body_sf", folded, 1.0))
        mask = np.zeros(snap.n, bool)
        for title_field, body_field, terms, weight in attempts:
            for field in (title_field, body_field):
                have = snap.alive.copy()
                for term in terms:
                    ids, _ = snap.weights(field, term)
                    present = np.zeros(snap.n, bool)
                    present[ids] = True
                    have &= present
                mask |= snap.phrase_docs(field, terms, have) if len(terms) > 1 else have
            if mask.any():
                if acc is not None:
                    sub = Accumulator(snap)
                    for t, f in phrase:
                        for field, term, boost in syllable_terms(t, f):
                            sub.add(field, term, boost * weight)
                    acc.score += sub.score * mask
                break
        return mask

    def _suggest(self, s, restorer: Restorer, pq: ParsedQuery, corrected: bool) -> str | None:
        """The query with typos corrected and diacritics restored, if that differs from it."""
        flat = []
        for u in pq.units:
            flat += list(u.parts) if u.parts else [(u.text, u.folded)]
        if not flat or all(t != f for t, f in flat) and not corrected:
            return None  # fully accented and nothing corrected: nothing to suggest
        fixes = []  # per syllable, in order: the correction of that very unit, if any
        for u in pq.units:
            fixes += [None] * len(u.parts) if u.parts else \
                [(u.fuzzy or u.near)[0] if u.fuzzy or u.misspelt else None]
        folded, keep = [], []
        for (t, f), fix in zip(flat, fixes):
            folded.append(fix or f)
            keep.append(t if t != f and not fix else None)  # a corrected syllable gets its accents anew
        restored = restorer.restore(folded, keep)
        # keep what the user typed with accents where it is a known form
        out = [t if kept and self._df(s, f) else r for (t, f), kept, r in zip(flat, keep, restored)]
        suggestion = _respell(pq.text, [t for t, _ in flat], out)
        return suggestion if suggestion and suggestion != pq.text else None

    # -- similar articles ---------------------------------------------------
    def similar(self, article_id: str, title_seg: str, body_seg: str, limit: int = 5) -> list[Hit]:
        """Articles that share the most distinctive words of this one."""
        words = analyze(word_analyzer(), f"{title_seg}\n{body_seg}")
        counts = collections.Counter(w for w in words if len(w) > 1 and not w.isdigit())
        title_words = set(analyze(word_analyzer(), title_seg))
        with self.index.searcher() as s:
            n = max(s.doc_count(), 1)
            weighted = []
            for w, tf in counts.items():
                df = s.doc_frequency("body_w", w)
                if df < 2 or df > n * 0.3:
                    continue
                weight = (1 + math.log(tf)) * math.log(n / df) * (1.5 if w in title_words else 1.0)
                weighted.append((weight, w))
            weighted.sort(reverse=True)
            top = weighted[:25]
            if not top:
                return []
            q = Q.Or([Q.Term("body_w", w, boost=wt) for wt, w in top] +
                     [Q.Term("title_w", w, boost=wt * 1.5) for wt, w in top])
            r = s.search(q, limit=limit, mask=Q.Term("id", article_id))
            return [Hit(h["id"], float(h.score)) for h in r]
