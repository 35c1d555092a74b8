"""The model registry: versions on disk, verified loading, an atomic current-version pointer.

Layout of the models directory::

    CURRENT                     the version in use (replaced atomically)
    HISTORY                     one line per promotion: time, version (and "rollback" for one)
    20261128-101500-3f2a1c/     pipeline.joblib, metadata.json, confusion.png, reliability.png

A version is written under a temporary name and renamed into place when
complete, so a half-written version is never listed, let alone current.
A model is loaded only from this directory, by version name, and only if
its files match the SHA-256 hashes in its metadata.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

import joblib

from .errors import NoModel, TamperedModel, UnknownVersion
from .predict import Tagger

_VERSION = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")
PIPELINE_FILE = "pipeline.joblib"      # the shipped model, fitted on every labeled article
EVALUATION_FILE = "evaluation.joblib"  # the same recipe without the held-out articles: for comparisons
METADATA_FILE = "metadata.json"
WRITER_FILE = ".writer"  # in a version being written: the writing process's id


def _writer_alive(tmp: Path) -> bool:
    """Whether the process writing a temporary version directory still runs."""
    try:
        pid = int((tmp / WRITER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # no writer file: written before it existed, or in the instant after mkdtemp
        return time.time() - tmp.stat().st_mtime < 60 if tmp.exists() else False
    if pid == os.getpid():
        return True  # this process's own run (another thread)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class ModelRegistry:
    """Trained model versions in ``root``."""

    _cache: dict = {}      # (models dir, version) → (pipeline, metadata), verified once per process
    _taggers: dict = {}    # the same plus the review threshold → Tagger
    _cache_lock = threading.Lock()

    def __init__(self, root):
        self.root = Path(root)

    # -- reading ------------------------------------------------------------
    def versions(self) -> list[str]:
        """Complete versions, newest first."""
        if not self.root.is_dir():
            return []
        return sorted((p.name for p in self.root.iterdir()
                       if _VERSION.match(p.name) and (p / METADATA_FILE).is_file()), reverse=True)

    def current_version(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if _VERSION.match(name) and (self.root / name / METADATA_FILE).is_file() else None

    def history(self) -> list[str]:
        """Promoted versions, oldest first (rollbacks included)."""
        return [version for version, _ in self._log()]

    def _log(self) -> list[tuple[str, bool]]:
        """(version, made current by a rollback) per line of HISTORY, oldest first."""
        try:
            lines = (self.root / "HISTORY").read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [(parts[1], parts[2:] == ["rollback"]) for parts in map(str.split, lines) if len(parts) >= 2]

    def _promotions(self) -> list[str]:
        """The versions still standing, as a stack: a rollback takes the current one off it,
        so that each rollback steps one promotion further back."""
        stack: list[str] = []
        for version, rolled_back_to in self._log():
            if rolled_back_to:
                while stack and stack[-1] != version:
                    stack.pop()
                if not stack:
                    stack.append(version)
            else:
                stack.append(version)
        return stack

    def _dir(self, version: str) -> Path:
        if not isinstance(version, str) or not _VERSION.match(version):
            raise UnknownVersion(f"invalid model version {version!r}")
        path = self.root / version
        if not (path / METADATA_FILE).is_file():
            raise UnknownVersion(f"no model version {version!r}")
        return path

    def metadata(self, version: str | None = None) -> dict:
        version = version or self._require_current()
        return json.loads((self._dir(version) / METADATA_FILE).read_text(encoding="utf-8"))

    def file_path(self, version: str, name: str) -> Path:
        """A figure or file of a version, only if listed (and hashed) in its metadata."""
        meta = self.metadata(version)
        if name not in meta.get("files", {}):
            raise NoModel(f"model {version} has no file {name!r}")
        return self._dir(version) / name

    def _require_current(self) -> str:
        version = self.current_version()
        if version is None:
            raise NoModel(f"no current model in {self.root}; run `haiquan train` first")
        return version

    def verify(self, version: str) -> dict:
        """Check every file of a version against its metadata hashes; return the metadata."""
        path = self._dir(version)
        meta = self.metadata(version)
        files = meta.get("files") or {}
        if PIPELINE_FILE not in files:
            raise TamperedModel(f"model {version}: metadata lists no hash for {PIPELINE_FILE}")
        for name, digest in files.items():
            file = path / name
            if "/" in name or not file.is_file() or sha256_file(file) != digest:
                raise TamperedModel(f"model {version}: {name} does not match the hash in its metadata; refusing to load it")
        return meta

    def load(self, version: str | None = None, review_threshold: float | None = None) -> Tagger:
        """The Tagger of a version (default: current), verified before unpickling."""
        version = version or self._require_current()
        key = (str(self.root.resolve()), version)
        with self._cache_lock:
            cached = self._cache.get(key)
        if cached is None:
            meta = self.verify(version)
            pipeline = joblib.load(self._dir(version) / PIPELINE_FILE)
            cached = (pipeline, meta)
            with self._cache_lock:
                self._cache[key] = cached
        pipeline, meta = cached
        threshold = review_threshold if review_threshold is not None else meta.get("review_threshold", 0.6)
        tkey = key + (threshold,)
        with self._cache_lock:
            tagger = self._taggers.get(tkey)
            if tagger is None:
                tagger = self._taggers[tkey] = Tagger(pipeline, version, threshold, meta.get("domain_threshold"))
        return tagger

    # -- writing ------------------------------------------------------------
    def load_evaluation(self, version: str):
        """The evaluation pipeline of a version (fitted without the held-out articles), verified.

        A version saved without one is its own evaluation model.
        """
        meta = self.verify(version)
        name = EVALUATION_FILE if EVALUATION_FILE in meta.get("files", {}) else PIPELINE_FILE
        return joblib.load(self._dir(version) / name)

    def save(self, pipeline, metadata: dict, figures: dict | None = None, evaluation=None) -> str:
        """Write a new version completely, then rename it into place; returns its name."""
        self.root.mkdir(parents=True, exist_ok=True)
        version = time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)
        tmp = Path(tempfile.mkdtemp(dir=self.root, prefix=".tmp-"))
        try:
            (tmp / WRITER_FILE).write_text(str(os.getpid()), encoding="utf-8")
            joblib.dump(pipeline, tmp / PIPELINE_FILE, compress=3)
            if evaluation is not None:
                joblib.dump(evaluation, tmp / EVALUATION_FILE, compress=3)
            for name, data in (figures or {}).items():
                (tmp / name).write_bytes(data)
            (tmp / WRITER_FILE).unlink()
            files = {p.name: sha256_file(p) for p in sorted(tmp.iterdir())}
            meta = {**metadata, "version": version, "files": files}
            (tmp / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
            for p in tmp.iterdir():
                with open(p, "rb") as f:
                    os.fsync(f.fileno())
            os.rename(tmp, self.root / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return version

    def promote(self, version: str, rollback: bool = False) -> None:
        """Make ``version`` current (atomic pointer replace) and log it."""
        self.verify(version)
        _write_atomic(self.root / "CURRENT", version + "\n")
        with open(self.root / "HISTORY", "a", encoding="utf-8") as f:
            f.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {version}"
                    + (" rollback" if rollback else "") + "\n")

    def rollback(self) -> str:
        """Make the version promoted before the current one current again; returns it.

        Each rollback steps one promotion further back (C → B → A), never to the
        version just rolled away from."""
        current = self.current_version()
        stack = self._promotions()
        while stack and stack[-1] == current:
            stack.pop()
        available = set(self.versions())
        previous = [v for v in stack if v in available and v != current]
        if not previous:
            raise NoModel("no earlier promoted version to roll back to")
        self.promote(previous[-1], rollback=True)
        return previous[-1]

    def clean_partial(self) -> int:
        """Remove half-written versions left by a killed training run — only those whose
        writing process is gone, never one another training is still writing."""
        removed = 0
        if self.root.is_dir():
            for p in self.root.glob(".tmp-*"):
                if _writer_alive(p):
                    continue
                shutil.rmtree(p, ignore_errors=True)
                removed += 1
        return removed
