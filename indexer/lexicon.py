"""The index's vocabulary: restore diacritics and correct typos for did-you-mean."""
from __future__ import annotations

import functools
import itertools
import math
import unicodedata

from corpus.text import fold


_VOWEL_FORMS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "i": "i", "y": "y", "d": "dđ"}
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_VOWELS = set("aăâeêioôơuưy")
DOMINANT = 0.75  # a restored word's form must have this share of its documents to be relied on
WORD_FORMS = {2: 8, 3: 4}  # accented forms of each syllable tried, by word length


@functools.lru_cache(maxsize=20_000)
def accent_variants(folded: str, limit: int = 4000) -> tuple[str, ...]:
    """Every way to write a folded syllable with Vietnamese accents (``lau`` → ``lậu``, ``lâu``…)."""
    options = [_VOWEL_FORMS.get(c, c) for c in folded]
    bases = [""]
    for opts in options:
        bases = [b + o for b in bases for o in opts]
        if len(bases) > limit:
            return ()
    out = set()
    for base in bases:
        vowels = [i for i, c in enumerate(base) if c in _VOWELS]
        out.add(base)
        for i in vowels:
            for tone in _TONES[1:]:
                out.add(unicodedata.normalize("NFC", base[:i + 1] + tone + base[i + 1:]))
    return tuple(sorted(out))


class Restorer:
    """Puts diacritics back on folded query syllables, using what the index holds.

    A folded syllable becomes its accented form that most documents use; a run
    of two or three folded syllables that the index knows as one word
    (``buon_lau``) becomes that word's most frequent accented form
    (``buôn_lậu``), so context picks the right tones.
    """

    def __init__(self, searcher, cache: dict | None = None):
        self.s = searcher
        # Shared across queries by the engine: which accented forms the index
        # uses changes slowly, and looking them up is most of the work here.
        self._forms: dict = cache if cache is not None else {}

    def _df(self, field_a: str, field_b: str, term: str) -> int:
        return self.s.doc_frequency(field_a, term) + self.s.doc_frequency(field_b, term)

    def syllable_forms(self, folded: str, top: int = 3) -> list[str]:
        """The accented forms of a folded syllable that the index holds, most documents first."""
        if folded not in self._forms:
            scored = [(self._df("body_s", "title_s", v), v) for v in accent_variants(folded)]
            scored = sorted((x for x in scored if x[0] > 0), reverse=True)
            self._forms[folded] = [v for _, v in scored] or [folded]
        return self._forms[folded][:top]

    def word_form(self, options: list[list[str]], folded_sylls: list[str]) -> tuple[str | None, int, float]:
        """The most used accented form of a folded word, its document count and its
        share of the documents that have the word in any form."""
        cache_key = ("word", tuple(map(tuple, options)))
        if cache_key not in self._forms:
            self._forms[cache_key] = self._word_form(options, folded_sylls)
        return self._forms[cache_key]

    def _word_form(self, options: list[list[str]], folded_sylls: list[str]) -> tuple[str | None, int, float]:
        key = "_".join(folded_sylls)
        total = self._df("body_wf", "title_wf", key)
        if not total:
            return None, 0, 0.0
        best, best_df = None, 0
        for combo in itertools.product(*options):
            word = "_".join(combo)
            df = self._df("body_w", "title_w", word)
            if df > best_df:
                best, best_df = word, df
        return best, best_df, best_df / total

    def restore(self, folded: list[str], typed: list[str | None] | None = None) -> list[str]:
        """Accented forms of folded syllables, preferring known words of up to three syllables.

        The query is cut into words the index knows (two or three syllables)
        and single syllables, choosing the cut whose words are used most
        (``bung kinh dau hieu`` → ``dấu hiệu``, not the rare ``kinh đau``).
        ``typed`` gives, where the user typed accents, the form typed: it is
        kept, and it helps choose the forms of its neighbours.
        """
        typed = typed or [None] * len(folded)
        # A word may use a syllable's rarer form (``thu tuong`` is ``thủ tướng``, while
        # ``tưởng`` is the commonest ``tuong``): words look further down the list.
        options = [[t] if t else self.syllable_forms(f, top=WORD_FORMS[2]) for f, t in zip(folded, typed)]
        n_syl = len(folded)
        # best[i]: (score, cut) of the first i syllables; a word of n syllables used
        # by df documents scores (n - 1) * log(1 + df), a single syllable 0
        best: list = [(0.0, [])] + [None] * n_syl
        for i in range(n_syl):
            score, cut = best[i]
            steps = [(1, None, 0, 0.0)]
            for n in (2, 3):
                if i + n <= n_syl and not all(typed[i:i + n]):
                    word, df, share = self.word_form([o[:WORD_FORMS[n]] for o in options[i:i + n]], folded[i:i + n])
                    if word:
                        steps.append((n, word, df, share))
            for n, word, df, share in steps:
                value = score + (n - 1) * math.log1p(df)
                if best[i + n] is None or value > best[i + n][0]:
                    best[i + n] = (value, cut + [(n, word, share)])
        out, self.in_word = [], []  # in_word, per syllable: restored as part of a known word
        i = 0
        for n, word, share in best[n_syl][1]:
            if word:
                out += word.split("_")
            else:
                out.append(options[i][0])
            self.in_word += [word is not None and share >= DOMINANT] * n
            i += n
        return out


def edit_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (adjacent transpositions count as one edit)."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur.append(v)
        prev2, prev = prev, cur
    return prev[-1]


def word_context(searcher, left: str | None, folded: str, right: str | None) -> int:
    """Documents where a folded syllable forms a word with its left or right neighbour."""
    words = ([f"{left}_{folded}"] if left else []) + ([f"{folded}_{right}"] if right else [])
    return sum(searcher.doc_frequency("body_wf", w) for w in words)


def swapped(searcher, field: str, term: str) -> set[str]:
    """Terms of ``field`` that are ``term`` with two neighbouring letters swapped ("htue" → "thue").

    Whoosh's Levenshtein counts a swap as two edits and keeps the first letter
    fixed, so these are looked up directly.
    """
    return {t for t in _swaps(term) if t != term and searcher.doc_frequency(field, t)}


def _swaps(term: str) -> set[str]:
    """``term`` with each pair of neighbouring letters swapped."""
    return {term[:i] + term[i + 1] + term[i] + term[i + 2:] for i in range(len(term) - 1)}


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(known, term: str) -> set[str]:
    """The terms one edit from ``term`` (a letter dropped, added or replaced, or two
    neighbouring letters swapped) for which ``known(term)`` is true."""
    splits = [(term[:i], term[i:]) for i in range(len(term) + 1)]
    edits = {a + b[1:] for a, b in splits if b} | _swaps(term)
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    edits.discard(term)
    return {t for t in edits if t and known(t)}


# initial consonants spelt for each other because they sound alike in some dialects and are
# more than one edit apart (s/x, l/n, d/r and final c/t, n/ng are one edit already)
_ALIKE_ONSETS = (("ch", "tr"), ("gi", "d"), ("gi", "r"))


def sound_alike(known, term: str) -> set[str]:
    """Known folded syllables that differ from ``term`` in a like-sounding initial
    consonant more than one edit away (``giay`` → ``day``, ``chon`` → ``tron``)."""
    out = set()
    for a, b in _ALIKE_ONSETS:
        for x, y in ((a, b), (b, a)):
            if term.startswith(x):
                out.add(y + term[len(x):])
    out.discard(term)
    return {t for t in out if len(t) > 1 and known(t)}


def corrections(searcher, folded: str, left: str | None = None, right: str | None = None,
                context_only: bool = False, known=None) -> list[str]:
    """Known folded syllables close to an unknown one, best first.

    Candidates are one edit away (a letter dropped, added or replaced, or two
    neighbouring letters swapped); for syllables of five letters or more, two
    when nothing is one edit away. Fewer edits first; among as many, one that forms
    a known word with its neighbour in the query (``bein gioi`` → ``bien``,
    as in ``bien_gioi``) beats one that does not; then the more used word,
    then more documents. With ``context_only``, only candidates that form a
    known word with a neighbour (for a syllable that exists but looks mistyped).
    ``known`` tells whether a folded syllable is in the index (default: ask it).
    """
    if len(folded) < 3:
        return []
    known = known or (lambda t: searcher.doc_frequency("body_sf", t) > 0)

    def score(candidates, dist):
        return [(-dist, (context := word_context(searcher, left, t, right)) > 0, context,
                 searcher.doc_frequency("body_sf", t), t) for t in sorted(candidates)]

    near = one_edit(known, folded)
    scored = score(near, 1)
    if len(folded) >= 5 and not scored:
        # Whoosh's automaton (first letter fixed) finds the two-edit ones; slow on a large
        # vocabulary (~0.2 s at 80k articles), so only when nothing is one edit away
        far = {t for t in searcher.reader().terms_within("body_sf", folded, 2, prefix=1)
               if t != folded and t not in near and edit_distance(t, folded) == 2}
        scored += score(far, 2)
    scored.sort(reverse=True)
    return [t for _, fits, *_, t in scored if fits or not context_only]


def accented_corrections(searcher, text: str, folded: str, likely=None) -> tuple[str, ...]:
    """Folded forms of the accented syllables one edit (or one swap) from ``text`` (typed with
    accents, used by few or no articles), most used first — those ``likely(term)`` says are a
    likely typo of first; those that fold to ``folded`` match already."""
    reader = searcher.reader()
    close = set(reader.terms_within("body_s", text, 1, prefix=1)) | set(swapped(searcher, "body_s", text))
    likely = likely or (lambda t: True)
    found = sorted(((likely(t), searcher.doc_frequency("body_s", t), t) for t in close), reverse=True)
    return tuple(dict.fromkeys(f for f in (fold(t) for *_, t in found) if f != folded))
