"""The workspace: one data directory (archive, index) and one models directory.

Operations that touch more than one store — ingest (store, tag, index),
label changes, deletions, training — live here, so that the CLI and the web
app do the same thing in the same order.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from pathlib import Path

from classifier import ModelRegistry, NoModel
from corpus import (Archive, Conflict, CorpusError, IngestSummary, InputError, InputErrors, article_from_record,
                    read_articles)
from indexer import BadQuery, IndexDamaged, IndexerError, IndexMissing, SearchEngine, snippet

from . import training

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "corpus" / "data"
INCOMING_DEMO = PROJECT_ROOT / "corpus" / "incoming"   # unlabeled demo news for the review queue


class Workspace:
    """The archive in ``data_dir`` and the model registry in ``models_dir``."""

    def __init__(self, data_dir=None, models_dir=None, review_threshold: float | None = None):
        self.data_dir = Path(data_dir or os.environ.get("HAIQUAN_DATA") or "instance").absolute()
        self.models_dir = Path(models_dir or os.environ.get("HAIQUAN_MODELS") or "models").absolute()
        self.review_threshold = review_threshold
        self.registry = ModelRegistry(self.models_dir)
        self._archive = None

    @property
    def archive_path(self) -> Path:
        return self.data_dir / "archive.sqlite3"

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = Archive(self.archive_path)
        return self._archive

    @property
    def engine(self) -> SearchEngine:
        return SearchEngine.for_path(self.data_dir / "index")

    @property
    def index(self):
        return self.engine.index

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    # -- models -------------------------------------------------------------
    def tagger(self, version: str | None = None):
        """The Tagger of a model version (default: current); NoModel if none."""
        return self.registry.load(version, review_threshold=self.review_threshold)

    def has_model(self) -> bool:
        return self.registry.current_version() is not None

    def tag_archive(self, ids) -> int:
        """Tag articles by id with the current model and record the tags (origin ``model``)."""
        ids = list(ids)
        if not ids or not self.has_model():
            return 0
        tagger = self.tagger()
        segs = self.archive.segmented(ids)
        order = [i for i in ids if i in segs]
        tags = tagger.tag_segmented([segs[i] for i in order])
        return self.archive.set_labels([(i, t.label, t.confidence, t.off_topic) for i, t in zip(order, tags)],
                                       origin="model", model_version=tagger.version)

    def retag(self, index: bool = True) -> int:
        """Tag every article that has no label, or only a label of another model version;
        ``index``: then bring the index up to date if anything changed."""
        n = self.tag_archive(self.archive.unlabeled_or_model_ids(except_version=self.registry.current_version()))
        if n and index and self.index.exists():
            self.update_index()
        return n

    def recover(self) -> tuple[int, str]:
        """What a start after a crash needs: drop half-written model versions, finish
        re-tagging with the current model (a crash between a promotion and its re-tagging),
        rebuild or catch up the index. Returns (articles re-tagged, what the index did)."""
        self.registry.clean_partial()
        retagged = self.retag(index=False) if self.has_model() else 0  # the index is caught up once, below
        return retagged, self.update_index()

    def train(self, promote: str = "auto", search: bool = True, progress=None,
              params: dict | None = None) -> "training.Outcome":
        """Train a new version on the archive's corpus and editor labels; promote per ``promote``."""
        outcome = training.train_and_register(self.archive, self.registry, promote, search, progress, params)
        if outcome.promoted:
            self.retag()
        return outcome

    def promote(self, version: str) -> int:
        self.registry.promote(version)
        return self.retag()

    def rollback(self) -> str:
        version = self.registry.rollback()
        self.retag()
        return version

    # -- articles -----------------------------------------------------------
    def ingest(self, path, fmt: str = "auto", mapping: dict | None = None, origin: str = "corpus",
               user: str | None = None, jobs: int | None = None) -> IngestSummary:
        """Read, validate and store one file or folder, all or nothing; tag what has no label."""
        where: dict = {}
        articles = read_articles(path, fmt, mapping, labels=self.archive.labels(), locations=where)
        try:
            summary = self.archive.add_articles(articles, origin=origin, user=user, jobs=jobs)
        except Conflict as exc:  # say which file and line holds the article whose id is taken
            located = where.get(getattr(exc, "article_id", None))
            if located is None:
                raise
            raise InputErrors([InputError(f"{exc}; give this article another id", *located)]) from None
        try:
            summary.tagged = self.tag_archive(summary.unlabeled_ids)
        except NoModel:
            summary.tagged = 0
        self.update_index(check=False)
        return summary

    def classify(self, title: str, body: str, threshold: float | None = None):
        """Tag a text with the current model; stores nothing."""
        art = article_from_record({"title": title, "body": body})
        return self.tagger().tag_texts([(art.title, art.body)], threshold=threshold)[0]

    def add_article(self, record: dict, user: str | None = None) -> dict:
        """Store one article from the web or the API, tag it, index it; returns it.

        The model's tag is recorded first (origin ``model``); a category given
        with the article is the editor's decision and becomes current.
        """
        art = article_from_record(record, labels=self.archive.labels())
        summary = self.archive.add_articles([dataclasses.replace(art, category=None)],
                                            origin="editor", user=user)
        if not summary.added:
            raise Conflict(f"this article is already in the archive (id {art.id!r} or the same text)")
        try:
            self.tag_archive([art.id])
        except NoModel:
            pass
        if art.category:
            self.archive.set_label(art.id, art.category, origin="editor", user=user)
        self.update_index(check=False)
        return self.archive.get(art.id)

    def article(self, article_id: str) -> dict:
        """An article with its label history (NotFound if absent)."""
        art = self.archive.get(article_id)
        art["history"] = self.archive.label_history(article_id)
        return art

    def overview(self) -> dict:
        """Counts for the overview page: per category per month, by origin, the backlog."""
        st = self.archive.stats()
        by_origin: dict = {}
        for row in st["by_label"].values():
            for origin, n in row.items():
                by_origin[origin or "none"] = by_origin.get(origin or "none", 0) + n
        return {"articles": st["articles"], "by_label": st["by_label"], "by_origin": by_origin,
                "monthly": self.archive.monthly_counts(), "backlog": self.archive.review_backlog(),
                "labels": list(self.archive.labels()), "model": self.registry.current_version()}

    def set_label(self, article_id: str, label: str, user: str | None = None) -> dict:
        """An editor's decision on an article's category; the index follows at once."""
        article = self.archive.set_label(article_id, label, origin="editor", user=user)
        self.update_index(check=False)
        return article

    def delete(self, article_id: str) -> None:
        self.archive.delete(article_id)
        self.update_index(check=False)

    # -- search -------------------------------------------------------------
    def update_index(self, progress=None, check: bool = True) -> str:
        """Bring the index up to date with the archive (building it if needed).

        ``check=False`` skips opening the index to check it is sound (done at
        start-up and by `haiquan index`) and only catches up: the fast path
        after each write.
        """
        if not check and self.index.exists() and self.index.versions_match():
            self.index.sync(self.archive)
            return "synced"
        return self.index.ensure(self.archive, progress)

    def search(self, text: str = "", category=None, date_from=None, date_to=None, sort: str = "relevance",
               page: int = 1, limit: int = 10) -> dict:
        """A page of results as the JSON API and `haiquan search --json` return it."""
        if category and category not in self.archive.labels():
            raise BadQuery(f"unknown category {category!r} (known: {', '.join(self.archive.labels())})")
        def run():
            with _reading_the_index():
                return self.engine.search(text, category, date_from, date_to, sort, page, limit)
        try:
            r = run()
        except IndexMissing:
            self.update_index()
            r = run()
        arts = self.archive.get_many([h.id for h in r.hits])
        results = []
        for h in r.hits:
            a = arts.get(h.id)
            if a is None:  # deleted since the index was read
                continue
            results.append({"id": a["id"], "title": a["title"], "date": a["date"], "category": a["label"],
                            "confidence": a["label_confidence"], "origin": a["label_origin"],
                            "source": a["source"], "score": round(h.score, 4),
                            "snippet": snippet(a["body"], r.highlight)})
        return {"query": r.query, "total": r.total, "page": r.page, "pages": r.pages, "limit": r.limit,
                "sort": r.sort, "results": results, "facets": r.facets, "suggestion": r.suggestion,
                "missing": r.missing, "corrected": r.corrected, "all_words_matched": r.all_words_matched,
                "took_ms": round(r.took_ms, 1)}

    def similar(self, article_id: str, limit: int = 5) -> list[dict]:
        """Articles most like this one, with title, date, category and score."""
        seg = self.archive.segmented([article_id])
        if article_id not in seg:
            self.archive.get(article_id)  # raises NotFound
        with _reading_the_index():
            hits = self.engine.similar(article_id, *seg[article_id], limit=limit)
        arts = self.archive.get_many([h.id for h in hits])
        return [{"id": h.id, "title": arts[h.id]["title"], "date": arts[h.id]["date"],
                 "category": arts[h.id]["label"], "score": round(h.score, 4)} for h in hits if h.id in arts]


@contextlib.contextmanager
def _reading_the_index():
    """Turn a failure to read an index file into IndexDamaged (logged in full).

    Errors of the code itself (AttributeError, TypeError, …) and of the archive pass
    through unchanged: a rebuild would not mend them."""
    try:
        yield
    except (IndexerError, CorpusError, AttributeError, TypeError, NameError, KeyError, IndexError,
            AssertionError, RecursionError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - Whoosh raises bare Exception for a bad block
        log.exception("reading the search index failed")
        raise IndexDamaged("the search index could not be read (a file of it is damaged); "
                           "rebuild it with `haiquan index --rebuild`") from exc
