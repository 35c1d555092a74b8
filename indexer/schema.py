"""The Whoosh schema and the document built from an archive article."""
from __future__ import annotations

from whoosh.fields import ID, NUMERIC, TEXT, Schema

from .analysis import syllable_analyzer, word_analyzer

TEXT_FIELDS = ("title_w", "title_wf", "title_s", "title_sf", "body_w", "body_wf", "body_s", "body_sf")


def build_schema() -> Schema:
    """Word and syllable fields (each also folded) for title and body, plus filters."""
    return Schema(
        id=ID(stored=True, unique=True),
        title_w=TEXT(analyzer=word_analyzer(), phrase=False),
        title_wf=TEXT(analyzer=word_analyzer(folded=True), phrase=False),
        title_s=TEXT(analyzer=syllable_analyzer(), phrase=True),
        title_sf=TEXT(analyzer=syllable_analyzer(folded=True), phrase=True),
        body_w=TEXT(analyzer=word_analyzer(), phrase=False),
        body_wf=TEXT(analyzer=word_analyzer(folded=True), phrase=False),
        body_s=TEXT(analyzer=syllable_analyzer(), phrase=True),
        body_sf=TEXT(analyzer=syllable_analyzer(folded=True), phrase=True),
        category=ID(stored=True, sortable=True),
        day=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        source=ID(stored=True, sortable=True),
        origin=ID(stored=True),
        confidence=NUMERIC(float, stored=True),
    )


def day_number(date: str | None) -> int:
    """``2021-03-05`` → 20210305 (0 when there is no date)."""
    return int(date.replace("-", "")) if date else 0


def document(article: dict, title_seg: str, body_seg: str) -> dict:
    """The Whoosh document of an archive article and its segmented text."""
    return {
        "id": article["id"],
        "title_w": title_seg, "title_wf": title_seg, "title_s": article["title"], "title_sf": article["title"],
        "body_w": body_seg, "body_wf": body_seg, "body_s": article["body"], "body_sf": article["body"],
        "category": article.get("label") or "",
        "day": day_number(article.get("date")),
        "source": article.get("source") or "",
        "origin": article.get("label_origin") or "",
        "confidence": float(article["label_confidence"]) if article.get("label_confidence") is not None else 1.0,
    }
