"""Whoosh analyzers for Vietnamese; a stable import path (Whoosh pickles the schema).

Two token streams per text field:

- **words**: the output of ``corpus.text.segment`` (``hải_quan``), split on
  whitespace, punctuation dropped, lowercased;
- **syllables**: runs of letters and digits (``hải``, ``quan``), lowercased,
  with positions for phrase queries.

Each has a folded form (accents stripped, ``đ`` → ``d``) for queries typed
without diacritics.
"""
from __future__ import annotations

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from corpus.text import fold

#: Bumped whenever tokens produced for the same text change; the index records
#: it, and `haiquan index` rebuilds an index made with another version.
ANALYZER_VERSION = "2"

WORD_PATTERN = r"[^\s]*[^\W_][^\s]*"   # whitespace-separated tokens with a letter or digit
SYLLABLE_PATTERN = r"[^\W_]+"           # letters and digits; "_" joins words, so it splits here


class FoldFilter(Filter):
    """Strip Vietnamese accents from each token (``đường`` → ``duong``)."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class EdgePunctuationFilter(Filter):
    """Trim punctuation stuck to a word token (``"hải_quan,`` → ``hải_quan``)."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            text = t.text.strip("\"'“”‘’«».,;:!?()[]{}…-–—/\\|*#")
            if text:
                t.text = text
                yield t


def word_analyzer(folded: bool = False):
    """Tokens of segmented text (words joined by ``_``), lowercased, optionally folded."""
    a = RegexTokenizer(WORD_PATTERN) | EdgePunctuationFilter() | LowercaseFilter()
    return a | FoldFilter() if folded else a


def syllable_analyzer(folded: bool = False):
    """Syllables (letters and digits), lowercased, optionally folded."""
    a = RegexTokenizer(SYLLABLE_PATTERN) | LowercaseFilter()
    return a | FoldFilter() if folded else a


def analyze(analyzer, text: str) -> list[str]:
    """The token texts an analyzer produces for ``text``."""
    return [t.text for t in analyzer(text)]
