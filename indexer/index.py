"""The index on disk: build from the archive, catch up with its change log, open searchers.

The archive logs every change (``changes`` table) in the same transaction as
the change itself. The index records the last change it applied
(``haiquan.json`` beside the Whoosh files) and replays the log from there.
Replaying is idempotent, so a crash between the Whoosh commit and the note
only means a few documents are written twice. There is one writer path:
``sync`` and ``rebuild`` take a process-wide lock and Whoosh's file lock
(waiting for it, never failing on it), so concurrent writers queue up.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from whoosh import index as windex
from whoosh.filedb.filetables import FileFormatError
from whoosh.writing import LockError

from corpus.text import SEGMENTER_VERSION

from .analysis import ANALYZER_VERSION
from .errors import IndexMissing
from .schema import build_schema, document

META_FILE = "haiquan.json"
_LOCKS: dict = {}
_LOCKS_GUARD = threading.Lock()


def _process_lock(path: Path) -> threading.RLock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path.resolve()), threading.RLock())


def _retry(fn, attempts: int = 20):
    """Run ``fn``, retrying when a commit changed the files it was opening.

    Whoosh lists the newest table of contents and then opens it; a writer
    committing in between deletes the older one. Trying again opens the new one.
    Once (in a CI run, not reproduced since) a writer found a segment's terms
    file still empty ("Unknown file header b''") and the same write succeeded
    when repeated: that is retried too.
    """
    for attempt in range(attempts):
        try:
            return fn()
        except (FileNotFoundError, FileFormatError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


def versions() -> dict:
    return {"analyzer": ANALYZER_VERSION, "segmenter": SEGMENTER_VERSION}


class SearchIndex:
    """The Whoosh index in ``path`` (a folder in the data directory)."""

    def __init__(self, path):
        self.path = Path(path)
        self.lock = _process_lock(self.path)
        self._ix = None

    # -- state --------------------------------------------------------------
    def meta(self) -> dict:
        try:
            return json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def _write_meta(self, meta: dict, path: Path | None = None) -> None:
        target = (path or self.path) / META_FILE
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".meta-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(meta, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)

    def exists(self) -> bool:
        return _retry(lambda: windex.exists_in(str(self.path))) and bool(self.meta())

    def versions_match(self) -> bool:
        """Whether the index was built with today's analyzers (from its note; opens nothing)."""
        meta = self.meta()
        return {k: meta.get(k) for k in versions()} == versions()

    def is_current(self) -> bool:
        """Whether the index exists, opens, and was built with today's analyzers."""
        if not self.exists():
            return False
        meta = self.meta()
        if {k: meta.get(k) for k in versions()} != versions():
            return False
        try:
            _retry(lambda: windex.open_dir(str(self.path)).doc_count())
        except Exception:  # a damaged index is rebuilt, not trusted
            return False
        return True

    def ix(self):
        if self._ix is None:
            if not _retry(lambda: windex.exists_in(str(self.path))):
                raise IndexMissing(f"no search index in {self.path}; run `haiquan index`")
            self._ix = _retry(lambda: windex.open_dir(str(self.path)))
        return self._ix

    def searcher(self):
        """A fresh searcher that sees every committed document (close it after use)."""
        return _retry(lambda: self.ix().searcher())

    def generation(self) -> int:
        return _retry(lambda: self.ix().latest_generation())

    def doc_count(self) -> int:
        return _retry(lambda: self.ix().doc_count())

    # -- writing ------------------------------------------------------------
    def _writer(self, ix, timeout: float = 120.0, **kw):
        deadline = time.monotonic() + timeout
        while True:
            try:
                return ix.writer(timeout=5.0, **kw)
            except LockError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def rebuild(self, archive, progress=None, procs: int = 1, batch: int = 500) -> int:
        """Build a new index from the whole archive beside the old one, then swap it in."""
        with self.lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for stale in self.path.parent.glob(f".{self.path.name}.tmp-*"):
                shutil.rmtree(stale, ignore_errors=True)
            tmp = Path(tempfile.mkdtemp(dir=self.path.parent, prefix=f".{self.path.name}.tmp-"))
            try:
                seq = archive.last_change()  # read first: later changes are replayed by sync
                ix = windex.create_in(str(tmp), build_schema())
                # Separate files, not one compound file: opening a searcher then maps the
                # files instead of reading them into memory (80 ms per request at 10k).
                writer = ix.writer(procs=procs, limitmb=256, multisegment=procs > 1, compound=False)
                total, done = archive.count(), 0
                ids = archive.ids()
                for start in range(0, len(ids), batch):
                    chunk = ids[start:start + batch]
                    arts = archive.get_many(chunk)
                    segs = archive.segmented(chunk)
                    for art_id in chunk:
                        if art_id in arts:
                            writer.add_document(**document(arts[art_id], *segs[art_id]))
                    done += len(chunk)
                    if progress:
                        progress(done, total)
                writer.commit()
                self._write_meta({**versions(), "last_seq": seq, "built": time.time()}, tmp)
                self._swap(tmp)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            return done

    def _swap(self, new: Path) -> None:
        self._ix = None
        old = None
        if self.path.exists():
            old = self.path.parent / f".{self.path.name}.old-{os.getpid()}-{time.time_ns()}"
            os.rename(self.path, old)
        os.rename(new, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def sync(self, archive, batch: int = 5000) -> int:
        """Apply the archive's changes since the last sync; returns how many articles changed."""
        applied = 0
        with self.lock:
            while True:
                meta = self.meta()
                changes = archive.changes_since(int(meta.get("last_seq", 0)), limit=batch)
                if not changes:
                    return applied
                final: dict[str, str] = {}
                for _, art_id, kind in changes:
                    final[art_id] = kind
                arts = archive.get_many([i for i, k in final.items() if k == "upsert"])
                segs = archive.segmented(list(arts))
                _retry(lambda: self._apply(final, arts, segs), attempts=5)
                self._write_meta({**meta, "last_seq": changes[-1][0]})
                applied += len(final)

    def _apply(self, final: dict, arts: dict, segs: dict) -> None:
        """One writer, one commit: update or delete the changed articles."""
        writer = self._writer(self.ix(), compound=False)
        try:
            for art_id in final:
                if art_id in arts:
                    writer.update_document(**document(arts[art_id], *segs[art_id]))
                else:  # deleted (or deleted after this upsert was logged)
                    writer.delete_by_term("id", art_id)
            # Merging segments rewrites postings in Python: on a small update, only
            # when enough small segments have piled up.
            writer.commit(merge=len(final) > 200 or len(self.ix()._segments()) > 12)
        except BaseException:
            writer.cancel()
            raise

    def ensure(self, archive, progress=None) -> str:
        """Make the index usable: rebuild if missing, outdated or damaged, else catch up."""
        if not self.is_current():
            self.rebuild(archive, progress)
            return "rebuilt"
        self.sync(archive)
        return "synced"
