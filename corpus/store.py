"""The archive: articles, segmentation cache and label history in SQLite.

The archive is the record; the Whoosh index and the models are derived from
it. Every write is one transaction, and every change to an article or its
label is appended to the ``changes`` log in that same transaction, so that
the index can catch up after a crash.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import sqlite3
import threading
from pathlib import Path

from .article import DEFAULT_LABELS, LABEL_NAMES_VI, Article
from .errors import ArchiveError, Conflict, NotFound
from .text import SEGMENTER_VERSION, segment_many

ORIGINS = ("corpus", "model", "editor")
# A label of higher rank stays current over one of lower rank: an editor's
# decision is never overwritten by the model, nor by a re-ingested corpus file.
_RANK = {"model": 0, "corpus": 1, "editor": 2}

_MIGRATIONS = [
    # 1: articles, segmentation cache, label history, categories, change log
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        date TEXT,
        source TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL UNIQUE,
        hard INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL,
        label TEXT,
        label_origin TEXT,
        label_confidence REAL,
        label_model TEXT,
        label_user TEXT,
        label_at TEXT
    );
    CREATE INDEX articles_label ON articles(label_origin, label_confidence);
    CREATE INDEX articles_date ON articles(date);
    CREATE TABLE segments (
        content_hash TEXT NOT NULL,
        segmenter TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (content_hash, segmenter)
    );
    CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('corpus', 'model', 'editor')),
        confidence REAL,
        model_version TEXT,
        user TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX labels_article ON labels(article_id, id);
    CREATE TABLE categories (id TEXT PRIMARY KEY, name_vi TEXT NOT NULL DEFAULT '');
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('upsert', 'delete')),
        at TEXT NOT NULL
    );
    """,
    # 2: accounts and API tokens
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        label TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        last_used TEXT
    );
    """,
    # 3: the model's off-topic flag on its current tag (no category claims the article)
    """
    ALTER TABLE articles ADD COLUMN label_off_topic INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX articles_review ON articles(label_origin, label_off_topic DESC, label_confidence);
    """,
]
SCHEMA_VERSION = len(_MIGRATIONS)


def now() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclasses.dataclass
class IngestSummary:
    """What an ingest did: counts and the ids of the new articles."""

    added: int = 0
    present: int = 0
    labeled: int = 0
    tagged: int = 0
    added_ids: list = dataclasses.field(default_factory=list)
    unlabeled_ids: list = dataclasses.field(default_factory=list)

    def merge(self, other: "IngestSummary") -> "IngestSummary":
        self.added += other.added
        self.present += other.present
        self.labeled += other.labeled
        self.tagged += other.tagged
        self.added_ids += other.added_ids
        self.unlabeled_ids += other.unlabeled_ids
        return self


class Archive:
    """The SQLite archive at ``path`` (created and migrated on open)."""

    def __init__(self, path, *, readonly: bool = False):
        self.path = Path(path)
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise ArchiveError(f"no archive at {self.path}")
        self._lock = threading.RLock()
        self._computed: set = set()  # hashes segmented by this connection, not yet stored
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                  check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 60000")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextlib.contextmanager
    def transaction(self):
        """One write transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK on error)."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def _migrate(self) -> None:
        if self.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return  # the common case: no write lock needed to open the archive
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ArchiveError(f"archive schema {version} is newer than this program ({SCHEMA_VERSION})")
            for number in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
            if version == 0:
                db.executemany("INSERT OR IGNORE INTO categories VALUES (?, ?)",
                               [(c, LABEL_NAMES_VI[c]) for c in DEFAULT_LABELS])
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- categories ---------------------------------------------------------
    def id_with_content(self, content_hash: str) -> str | None:
        """The id of the article with this content, if the archive has one."""
        row = self.db.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def labels(self) -> tuple[str, ...]:
        """The category ids the archive accepts, in a stable order."""
        rows = self.db.execute("SELECT id FROM categories ORDER BY rowid").fetchall()
        return tuple(r[0] for r in rows)

    def label_names(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT id, name_vi FROM categories ORDER BY rowid")}

    # -- articles -----------------------------------------------------------
    def add_articles(self, articles: list[Article], origin: str = "corpus", user: str | None = None,
                     jobs: int | None = None) -> IngestSummary:
        """Store new articles (and the labels they carry) in one transaction.

        An article already present (same id and content, or the same content
        under another id) is counted and skipped. The same id with other
        content raises Conflict and stores nothing.
        """
        if origin not in ORIGINS:
            raise ValueError(f"unknown origin {origin!r}")
        summary = IngestSummary()
        new, seen_hashes = [], set()
        for art in articles:
            row = self.db.execute("SELECT content_hash FROM articles WHERE id = ?", (art.id,)).fetchone()
            chash = art.content_hash
            if row is not None:
                if row[0] != chash:
                    exc = Conflict(f"article {art.id!r} is already in the archive with other content")
                    exc.article_id = art.id
                    raise exc
                summary.present += 1
                continue
            if chash in seen_hashes or self.db.execute(
                    "SELECT 1 FROM articles WHERE content_hash = ?", (chash,)).fetchone():
                summary.present += 1
                continue
            seen_hashes.add(chash)
            new.append(art)
        segs = self._segments_for([(a.content_hash, a.title, a.body) for a in new], jobs)
        stamp = now()
        with self.transaction() as db:
            for art in new:
                # A concurrent writer may have stored the same article since we looked.
                cur = db.execute(
                    "INSERT OR IGNORE INTO articles (id, title, body, date, source, url, content_hash, hard,"
                    " added_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (art.id, art.title, art.body, art.date, art.source, art.url, art.content_hash,
                     int(art.hard), stamp))
                if cur.rowcount == 0:
                    summary.present += 1
                    continue
                summary.added += 1
                summary.added_ids.append(art.id)
                self._log(db, art.id, "upsert", stamp)
                if art.category:
                    self._set_label(db, art.id, art.category, origin, None, None, user, stamp)
                    summary.labeled += 1
                else:
                    summary.unlabeled_ids.append(art.id)
            self._store_segments(db, {h: v for h, v in segs.items() if v is not None})
        self._computed.clear()
        return summary

    def get(self, article_id: str) -> dict:
        """The article with its current label, as a dict; NotFound if absent."""
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        return dict(row)

    def get_many(self, ids) -> dict[str, dict]:
        """Articles by id (those that exist), as {id: dict}."""
        ids = list(ids)
        out = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                out[row["id"]] = dict(row)
        return out

    def exists(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY rowid")]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def iter_articles(self, batch: int = 1000):
        """Every article as a dict, in insertion order, fetched in batches."""
        last = 0
        while True:
            rows = self.db.execute("SELECT rowid AS _rowid, * FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                   (last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield dict(row)
            last = rows[-1]["_rowid"]

    def delete(self, article_id: str) -> None:
        """Remove an article and its label history."""
        with self.transaction() as db:
            if db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount == 0:
                raise NotFound(f"no article with id {article_id!r}")
            self._log(db, article_id, "delete", now())

    # -- segmentation cache --------------------------------------------------
    def _segments_for(self, items, jobs=None) -> dict[str, tuple[str, str]]:
        """Segmented (title, body) for (hash, title, body) items, from the cache or computed."""
        out, missing = {}, []
        for chash, title, body in items:
            row = self.db.execute("SELECT title, body FROM segments WHERE content_hash = ? AND segmenter = ?",
                                  (chash, SEGMENTER_VERSION)).fetchone()
            if row is not None:
                out[chash] = (row[0], row[1])
            elif chash not in out:
                missing.append((chash, title, body))
                out[chash] = None
        if missing:
            texts = [t for _, title, body in missing for t in (title, body)]
            done = segment_many(texts, jobs=jobs)
            for i, (chash, _, _) in enumerate(missing):
                out[chash] = (done[2 * i], done[2 * i + 1])
                self._computed.add(chash)
        return out

    def _store_segments(self, db, segs: dict) -> None:
        db.executemany("INSERT OR IGNORE INTO segments VALUES (?, ?, ?, ?)",
                       [(h, SEGMENTER_VERSION, t, b) for h, (t, b) in segs.items()])

    def segmented(self, ids, jobs: int | None = None) -> dict[str, tuple[str, str]]:
        """Segmented (title, body) of articles by id; segments and caches what is missing."""
        arts = self.get_many(ids)
        segs = self._segments_for([(a["content_hash"], a["title"], a["body"]) for a in arts.values()], jobs)
        fresh = {h: s for h, s in segs.items() if s is not None and h in self._computed}
        if fresh:
            with self.transaction() as db:
                self._store_segments(db, fresh)
        self._computed.clear()
        return {i: segs[a["content_hash"]] for i, a in arts.items()}

    def cache_segments(self, items) -> None:
        """Store already segmented (content_hash, title_seg, body_seg) triples in the cache."""
        with self.transaction() as db:
            self._store_segments(db, {h: (t, b) for h, t, b in items})

    def cached_segment_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM segments WHERE segmenter = ?",
                               (SEGMENTER_VERSION,)).fetchone()[0]

    # -- labels -------------------------------------------------------------
    def _set_label(self, db, article_id, label, origin, confidence, model_version, user, stamp,
                   off_topic: bool = False) -> bool:
        db.execute("INSERT INTO labels (article_id, label, origin, confidence, model_version, user, created_at)"
                   " VALUES (?,?,?,?,?,?,?)", (article_id, label, origin, confidence, model_version, user, stamp))
        current = db.execute("SELECT label_origin FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        if current is not None and _RANK[current] > _RANK[origin]:
            return False
        db.execute("UPDATE articles SET label=?, label_origin=?, label_confidence=?, label_model=?,"
                   " label_user=?, label_at=?, label_off_topic=? WHERE id=?",
                   (label, origin, confidence, model_version, user, stamp, int(bool(off_topic)), article_id))
        self._log(db, article_id, "upsert", stamp)
        return True

    def set_label(self, article_id: str, label: str, origin: str = "editor", confidence: float | None = None,
                  model_version: str | None = None, user: str | None = None) -> dict:
        """Record a label decision; returns the article with its (possibly new) current label."""
        self.set_labels([(article_id, label, confidence)], origin, model_version, user)
        return self.get(article_id)

    def set_labels(self, items, origin: str, model_version: str | None = None, user: str | None = None) -> int:
        """Record many (article_id, label, confidence[, off_topic]) decisions in one transaction."""
        if origin not in ORIGINS:
            raise ValueError(f"unknown origin {origin!r}")
        known = set(self.labels())
        items = list(items)
        if any(len(item) not in (3, 4) for item in items):
            raise ValueError("label decisions are (article_id, label, confidence[, off_topic])")
        items = [tuple(item) + (False,) * (4 - len(item)) for item in items]
        for article_id, label, *_ in items:
            if label not in known:
                raise ArchiveError(f"unknown category {label!r}; known: {', '.join(sorted(known))}")
        stamp, changed = now(), 0
        with self.transaction() as db:
            for article_id, label, confidence, off_topic in items:
                if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                    raise NotFound(f"no article with id {article_id!r}")
                changed += self._set_label(db, article_id, label, origin, confidence, model_version, user, stamp,
                                           off_topic)
        return changed

    def label_history(self, article_id: str) -> list[dict]:
        """Every label decision on an article, oldest first."""
        rows = self.db.execute("SELECT label, origin, confidence, model_version, user, created_at FROM labels"
                               " WHERE article_id = ? ORDER BY id", (article_id,))
        return [dict(r) for r in rows]

    def training_rows(self) -> list[dict]:
        """Articles whose current label came from the corpus or an editor (never the model)."""
        rows = self.db.execute("SELECT id, title, body, content_hash, label, label_origin FROM articles"
                               " WHERE label IS NOT NULL AND label_origin IN ('corpus', 'editor') ORDER BY id")
        return [dict(r) for r in rows]

    def unlabeled_or_model_ids(self, except_version: str | None = None) -> list[str]:
        """Articles the model may tag: no label yet, or only a model label (not by ``except_version``)."""
        rows = self.db.execute("SELECT id FROM articles WHERE label IS NULL OR (label_origin = 'model' AND "
                               "COALESCE(label_model, '') != ?) ORDER BY rowid", (except_version or "",))
        return [r[0] for r in rows]

    def review_queue(self, limit: int = 50, offset: int = 0, label: str | None = None) -> list[dict]:
        """Model-tagged articles no editor has reviewed: those no category claims (off topic)
        first, then the least confident."""
        sql = "SELECT * FROM articles WHERE label_origin = 'model'"
        args: list = []
        if label:
            sql += " AND label = ?"
            args.append(label)
        sql += " ORDER BY label_off_topic DESC, label_confidence ASC, id LIMIT ? OFFSET ?"
        return [dict(r) for r in self.db.execute(sql, args + [limit, offset])]

    def review_backlog(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE label_origin = 'model'").fetchone()[0]

    def stats(self) -> dict:
        """Counts per current label and origin, and totals."""
        by = self.db.execute("SELECT COALESCE(label, '') AS label, COALESCE(label_origin, '') AS origin,"
                             " COUNT(*) FROM articles GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
        table: dict = {}
        for label, origin, n in by:
            table.setdefault(label or None, {})[origin or None] = n
        return {"articles": self.count(), "by_label": table,
                "label_decisions": self.db.execute("SELECT COUNT(*) FROM labels").fetchone()[0],
                "segmented": self.cached_segment_count(), "schema_version": self.schema_version}

    def monthly_counts(self) -> list[tuple[str, str, int]]:
        """(YYYY-MM, label, count) over articles that have a date."""
        rows = self.db.execute("SELECT substr(date, 1, 7) AS month, COALESCE(label, ''), COUNT(*) FROM articles"
                               " WHERE date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2")
        return [tuple(r) for r in rows]

    # -- change log (for the index) ------------------------------------------
    def _log(self, db, article_id: str, kind: str, stamp: str) -> None:
        db.execute("INSERT INTO changes (article_id, kind, at) VALUES (?, ?, ?)", (article_id, kind, stamp))

    def last_change(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]

    def changes_since(self, seq: int, limit: int = 100_000) -> list[tuple[int, str, str]]:
        """(seq, article_id, kind) of changes after ``seq``, oldest first."""
        rows = self.db.execute("SELECT seq, article_id, kind FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
                               (seq, limit))
        return [tuple(r) for r in rows]
