"""The index's vocabulary: restore diacritics and correct typos for did-you-mean."""
from __future__ import annotations

from corpus.text import fold


class Lexicon:
    """Folded → most frequent accented form, for words (``buon_lau`` → ``buôn_lậu``) and syllables."""

    def __init__(self, reader):
        self.words = self._best(reader, "body_w", "title_w")
        self.sylls = self._best(reader, "body_s", "title_s")

    @staticmethod
    def _best(reader, *fields) -> dict[str, str]:
        best: dict[str, tuple[int, str]] = {}
        for field in fields:
            for text, info in reader.iter_field(field):
                text = text.decode("utf-8") if isinstance(text, bytes) else text
                key, df = fold(text), info.doc_frequency()
                if key not in best or df > best[key][0]:
                    best[key] = (df, text)
        return {k: v for k, (_, v) in best.items()}

    def restore(self, folded: list[str]) -> list[str]:
        """Accented forms of folded syllables, preferring known words of up to three syllables."""
        out, i = [], 0
        while i < len(folded):
            for n in (3, 2):
                if i + n <= len(folded):
                    word = self.words.get("_".join(folded[i:i + n]))
                    if word:
                        out += word.split("_")
                        i += n
                        break
            else:
                out.append(self.sylls.get(folded[i], folded[i]))
                i += 1
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


def corrections(searcher, folded: str, left: str | None = None, right: str | None = None) -> list[str]:
    """Known folded syllables close to an unknown one, best first.

    Candidates are within one edit (two for longer syllables, where Whoosh's
    Levenshtein counts a swap of two letters as two). A candidate that forms
    a known word with its neighbour in the query (``bein gioi`` → ``bien``,
    as in ``bien_gioi``) beats one that does not; then fewer edits, then
    more documents.
    """
    if len(folded) < 3:
        return []
    reader = searcher.reader()
    maxdist = 2 if len(folded) >= 4 else 1
    scored = []
    for t in reader.terms_within("body_sf", folded, maxdist, prefix=1):
        if t == folded:
            continue
        dist = edit_distance(t, folded)
        if dist > 2 or (dist == 2 and len(folded) < 5):
            continue
        context = 0
        if left:
            context += searcher.doc_frequency("body_wf", f"{left}_{t}")
        if right:
            context += searcher.doc_frequency("body_wf", f"{t}_{right}")
        df = searcher.doc_frequency("body_sf", t)
        scored.append((context > 0, -dist, df, t))
    scored.sort(reverse=True)
    return [t for *_, t in scored]
