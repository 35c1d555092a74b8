"""Vietnamese text: normalize, segment into words, fold accents.

This is the one home of text processing for the whole project. The classifier
and the indexer both import it, and both a saved model and a Whoosh index
record this module's import path, so it must stay at ``corpus.text``.
"""
from __future__ import annotations

import functools
import html
import os
import re
import threading
import unicodedata
from concurrent.futures import ProcessPoolExecutor

import underthesea
from underthesea import sent_tokenize, text_normalize, word_tokenize

#: Bumped whenever segment() would give a different output for the same text;
#: the archive's segmentation cache is keyed on it.
SEGMENTER_VERSION = f"underthesea-{underthesea.__version__}+seg1"

# Control characters other than newline and tab; zero-width and BOM characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufe0f\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_WORD = re.compile(r"\w+")
# Look-alikes that Unicode keeps apart from the Vietnamese letters.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})
_FOLD = str.maketrans({"đ": "d", "Đ": "d"})
# Pictographs (emoji and the like) are set apart so they never glue onto a word.
_PICTOGRAPH = re.compile("_?([\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF])\uFE0F?_?")


@functools.lru_cache(maxsize=200_000)
def _normalize_word(word: str) -> str:
    # text_normalize with the space tokenizer normalizes one token at a time
    # (tone-mark placement, look-alike letters) without touching spacing.
    if len(word) > 7 or word.isascii():
        return word
    return text_normalize(word, tokenizer="space")


def normalize(text: str) -> str:
    """Return ``text`` in the canonical form every other step expects.

    NFC composition, HTML entities decoded, look-alike letters replaced,
    tone marks placed the modern way (``hoà`` → ``hòa``), control
    characters dropped, runs of spaces collapsed, at most one blank line
    between paragraphs, no leading or trailing space.
    """
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _WORD.sub(lambda m: _normalize_word(m.group(0)), text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


# underthesea loads its model lazily into a global on first use, and a second
# thread arriving meanwhile finds it half-loaded; its tagger is not documented
# as thread-safe either. One lock around it costs nothing under the GIL.
_SEGMENT_LOCK = threading.Lock()


def _segment_sentence(sentence: str) -> str:
    with _SEGMENT_LOCK:
        words = word_tokenize(sentence, format="text")
    if _PICTOGRAPH.search(words):
        words = " ".join(_PICTOGRAPH.sub(r" \1 ", words).split())
    return words


def segment(text: str) -> str:
    """Split normalized Vietnamese text into words, joined by spaces.

    The syllables of a multi-syllable word are joined with ``_``
    (``hải_quan``); punctuation marks are separate tokens. Paragraph breaks
    become newlines. ``_`` in the input is treated as a space.
    """
    text = normalize(text).replace("_", " ")
    paragraphs = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        words = [_segment_sentence(s) for s in sent_tokenize(paragraph) if s.strip()]
        paragraphs.append(" ".join(w for w in words if w))
    return "\n".join(paragraphs)


def fold(text: str) -> str:
    """Lowercase ``text`` and strip its accents (``Đường`` → ``duong``)."""
    text = unicodedata.normalize("NFD", text.lower().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text)


def syllables(text: str) -> list[str]:
    """The lowercase syllables (runs of word characters) of ``text``."""
    return _WORD.findall(text.lower().replace("_", " "))


def segment_many(texts, jobs: int | None = None, chunksize: int = 8) -> list[str]:
    """``segment()`` every text, in order, using ``jobs`` worker processes.

    underthesea holds the GIL while it segments, so threads do not help;
    processes do. ``jobs=1`` (or a short list) runs in this process.
    """
    texts = list(texts)
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(texts) < 2 * chunksize:
        return [segment(t) for t in texts]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(segment, texts, chunksize=chunksize))
