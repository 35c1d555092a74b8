"""The workspace: one data directory (archive, index) and one models directory.

Operations that touch more than one store — ingest (store, tag, index),
label changes, deletions, training — live here, so that the CLI and the web
app do the same thing in the same order.
"""
from __future__ import annotations

import os
from pathlib import Path

from corpus import Archive, IngestSummary, read_articles

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "corpus" / "data"


class Workspace:
    """The archive in ``data_dir`` and the model registry in ``models_dir``."""

    def __init__(self, data_dir=None, models_dir=None):
        self.data_dir = Path(data_dir or os.environ.get("HAIQUAN_DATA") or "instance")
        self.models_dir = Path(models_dir or os.environ.get("HAIQUAN_MODELS") or "models")
        self._archive = None

    @property
    def archive_path(self) -> Path:
        return self.data_dir / "archive.sqlite3"

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = Archive(self.archive_path)
        return self._archive

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    def ingest(self, path, fmt: str = "auto", mapping: dict | None = None, origin: str = "corpus",
               user: str | None = None, jobs: int | None = None) -> IngestSummary:
        """Read, validate and store one file or folder, all or nothing."""
        articles = read_articles(path, fmt, mapping, labels=self.archive.labels())
        return self.archive.add_articles(articles, origin=origin, user=user, jobs=jobs)
