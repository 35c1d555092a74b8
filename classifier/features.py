"""Feature extraction over segmented text; a stable import path (joblib pickles it)."""
from __future__ import annotations

import re

import numpy as np

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

_TOKEN = re.compile(r"\w", re.UNICODE)
_NUMBER = re.compile(r"^[\d.,_/-]+$")


def word_tokens(document: str) -> list[str]:
    """The lowercase words of a segmented document; punctuation and bare numbers dropped."""
    return [t for t in document.lower().split() if _TOKEN.search(t) and not _NUMBER.match(t)]


def syllable_tokens(document: str) -> list[str]:
    """The lowercase syllables of a segmented document (words split at ``_``); no punctuation or numbers."""
    return [t for t in document.lower().replace("_", " ").split() if _TOKEN.search(t) and not _NUMBER.match(t)]


def char_text(document: str) -> str:
    """The document for character n-grams: lowercase, word joints back to spaces."""
    return document.lower().replace("_", " ")


def document(title_seg: str, body_seg: str) -> str:
    """One model input from a segmented title and body (the title counts twice)."""
    return f"{title_seg}\n{title_seg}\n{body_seg}" if title_seg else body_seg


def build_features(word_ngrams=(1, 2), char_ngrams=(2, 5), min_df=2, max_char_features=300_000,
                   use_chars=True, use_syllables=False) -> FeatureUnion:
    """TF-IDF over words (1–2-grams) plus, optionally, syllable 1–2-grams and character n-grams.

    Words come first: the tagger reads the words' weights for ``top_terms``.
    """
    parts = [("words", TfidfVectorizer(tokenizer=word_tokens, token_pattern=None, lowercase=False,
                                       ngram_range=tuple(word_ngrams), min_df=min_df, sublinear_tf=True,
                                       dtype=np.float32))]
    if use_syllables:
        parts.append(("syllables", TfidfVectorizer(tokenizer=syllable_tokens, token_pattern=None, lowercase=False,
                                                   ngram_range=(1, 2), min_df=min_df, sublinear_tf=True,
                                                   dtype=np.float32)))
    if use_chars:
        parts.append(("chars", TfidfVectorizer(preprocessor=char_text, analyzer="char_wb",
                                               ngram_range=tuple(char_ngrams), min_df=min_df,
                                               max_features=max_char_features, sublinear_tf=True,
                                               dtype=np.float32)))
    return FeatureUnion(parts)
