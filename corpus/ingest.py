"""Read a whole input file into validated Articles, all or nothing."""
from __future__ import annotations

from .article import DEFAULT_LABELS, Article, article_from_record
from .errors import InputError, InputErrors
from .readers import read_records

MAX_REPORTED = 100


def read_articles(path, fmt: str = "auto", mapping: dict | None = None,
                  labels=DEFAULT_LABELS, locations: dict | None = None) -> list[Article]:
    """Every article of ``path``, validated; InputErrors lists each bad record.

    A file is accepted whole or not at all: one bad record and nothing of
    the file is returned. The same id twice with different content is an
    error; an exact repeat is dropped. ``locations``, if given, receives each
    article's id → (file, line).
    """
    articles, errors, by_id = [], [], {}
    for where, record in read_records(path, fmt, mapping):
        if isinstance(record, InputError):
            errors.append(record)
        else:
            try:
                art = article_from_record(record, labels, where)
            except InputError as exc:
                errors.append(exc)
            else:
                first = by_id.get(art.id)
                if first is None:
                    by_id[art.id] = (art, where)
                    articles.append(art)
                    if locations is not None:
                        locations[art.id] = where
                elif first[0].content_hash != art.content_hash:
                    errors.append(InputError(f"duplicate id {art.id!r} (first at line {first[1][1]})", *where))
        if len(errors) >= MAX_REPORTED:
            break
    if errors:
        raise InputErrors(errors)
    if not articles:
        raise InputErrors([InputError("no articles in this file", str(path))])
    return articles
