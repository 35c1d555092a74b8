"""The article record: validation of incoming data and its content hash."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re

from .errors import InputError
from .text import normalize

#: The categories of the design card; the archive may learn more from data.
DEFAULT_LABELS = ("emulation", "anti-smuggling", "border-gates", "legal")
LABEL_NAMES_VI = {
    "emulation": "Thi đua – khen thưởng",
    "anti-smuggling": "Chống buôn lậu",
    "border-gates": "Cửa khẩu",
    "legal": "Pháp luật – thủ tục",
}

MAX_TITLE = 1_000
MAX_BODY = 2_000_000
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,119}$")
_LABEL = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_URL = re.compile(r"^https?://\S+$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")  # YYYY-MM-DD, optionally a time after it
FIELDS = ("id", "title", "body", "date", "source", "url", "category", "hard")


@dataclasses.dataclass(frozen=True)
class Article:
    """One news article as the archive stores it (text already normalized)."""

    id: str
    title: str
    body: str
    date: str | None = None
    source: str = ""
    url: str = ""
    category: str | None = None
    hard: bool = False

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.body)

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}" if self.title else self.body


def content_hash(title: str, body: str) -> str:
    """SHA-256 of the normalized title and body: the article's identity."""
    return hashlib.sha256(f"{title}\x1f{body}".encode("utf-8")).hexdigest()


def parse_date(value) -> str | None:
    """An ISO date (``2021-03-05``, or a datetime whose date is taken) or None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"date must be a string like 2021-03-05, got {type(value).__name__}")
    text = value.strip()
    try:
        # Python 3.11 also reads week dates (2024-W05) and 20240203: not what the format says
        if not _ISO_DAY.match(text):
            raise ValueError
        day = dt.date.fromisoformat(text[:10])
        if len(text) > 10:
            dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"invalid date {value!r}: use YYYY-MM-DD") from None
    if not 1900 <= day.year <= 2100:
        raise ValueError(f"date {value!r} is out of range (1900–2100)")
    return day.isoformat()


def _text(record: dict, key: str, limit: int) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text, got {type(value).__name__}")
    if len(value) > limit:
        raise ValueError(f"{key} is too long ({len(value):,} characters, limit {limit:,})")
    return normalize(value)


def check_label(label, labels=DEFAULT_LABELS) -> str:
    """Return ``label`` if it is one of ``labels``, else raise ValueError."""
    if not isinstance(label, str) or label not in labels:
        raise ValueError(f"unknown category {label!r}; known: {', '.join(labels)}")
    return label


def article_from_record(record, labels=DEFAULT_LABELS, where: tuple = (None, None)) -> Article:
    """Validate a decoded record (dict) and return an Article.

    Raises InputError naming ``where`` (path, line) and the field at fault.
    """
    try:
        if not isinstance(record, dict):
            raise ValueError(f"expected an object with title and body, got {type(record).__name__}")
        body = _text(record, "body", MAX_BODY)
        if not body:
            raise ValueError("body is missing or empty")
        title = _text(record, "title", MAX_TITLE).replace("\n", " ")
        raw_id = record.get("id")
        if raw_id is None or raw_id == "":
            art_id = "a-" + content_hash(title, body)[:16]
        else:
            if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
                raise ValueError(f"id must be text or a number, got {type(raw_id).__name__}")
            art_id = str(raw_id).strip()
            if not _ID.match(art_id):
                raise ValueError(f"invalid id {raw_id!r}: use letters, digits and . _ : - (at most 120)")
        url = _text(record, "url", 2_000)
        if url and not _URL.match(url):
            raise ValueError(f"invalid url {url!r}: must start with http:// or https://")
        category = record.get("category")
        if category in (None, ""):
            category = None
        else:
            check_label(category, labels)
        hard = record.get("hard", False)
        if not isinstance(hard, bool):
            raise ValueError("hard must be true or false")
        return Article(
            id=art_id, title=title, body=body, date=parse_date(record.get("date")),
            source=_text(record, "source", 200), url=url, category=category, hard=hard,
        )
    except ValueError as exc:
        raise InputError(str(exc), *where) from None
