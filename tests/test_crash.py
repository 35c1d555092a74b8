"""Crash safety: a real process killed with SIGKILL in the middle of ingest, indexing or training."""
import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from classifier import ModelRegistry
from haiquan import Workspace

from .conftest import ROOT, bundled, write_jsonl

pytestmark = pytest.mark.slow


def haiquan(tmp_path, *args, **kw):
    env = {**os.environ, "HAIQUAN_DATA": str(tmp_path / "data"), "HAIQUAN_MODELS": str(tmp_path / "models"),
           "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", "from haiquan.cli import main; main()", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, **kw)


def kill_after(proc, seconds: float) -> bool:
    """SIGKILL the process after ``seconds`` (if still running); True if it was killed."""
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def integrity(tmp_path) -> None:
    db = sqlite3.connect(tmp_path / "data" / "archive.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # every article's current label is one of its recorded decisions
    orphans = db.execute("SELECT COUNT(*) FROM articles a WHERE label IS NOT NULL AND NOT EXISTS "
                         "(SELECT 1 FROM labels l WHERE l.article_id = a.id AND l.label = a.label)").fetchone()[0]
    assert orphans == 0
    db.close()


@pytest.mark.parametrize("delay", [0.8, 2.5, 5.0])
def test_killed_ingest_stores_all_or_nothing(tmp_path, delay):
    rows = bundled(50, seed=delay.__hash__() % 97)
    f = write_jsonl(tmp_path / "big.jsonl", rows)
    proc = haiquan(tmp_path, "ingest", str(f), "--jobs", "1")
    killed = kill_after(proc, delay)
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    n = ws.archive.count() if (tmp_path / "data" / "archive.sqlite3").exists() else 0
    assert n in (0, len(rows)), f"half-stored ingest: {n} of {len(rows)} (killed={killed})"
    if n:
        integrity(tmp_path)
    ws.close()
    again = haiquan(tmp_path, "ingest", str(f))
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    assert ws.archive.count() == len(rows)
    assert ws.search("hải quan")["total"] > 0
    integrity(tmp_path)
    ws.close()


@pytest.fixture
def populated(tmp_path):
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    ws.ingest(write_jsonl(tmp_path / "a.jsonl", bundled(100, seed=4)))
    ws.close()
    return tmp_path


@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_killed_index_rebuild_leaves_a_usable_index(populated, delay):
    tmp_path = populated
    proc = haiquan(tmp_path, "index", "--rebuild")
    kill_after(proc, delay)
    search = haiquan(tmp_path, "search", "buôn lậu", "--json")
    out, err = search.communicate(timeout=300)
    assert search.returncode == 0, err.decode()
    assert json.loads(out)["total"] > 0
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    assert ws.index.doc_count() == 400
    ws.close()


def test_killed_index_sync_is_caught_up_later(populated):
    tmp_path = populated
    more = write_jsonl(tmp_path / "more.jsonl", [dict(r, id=f"m-{r['id']}", title=r["title"] + " (bản 2)")
                                                for r in bundled(40, seed=8)])
    proc = haiquan(tmp_path, "ingest", str(more))
    kill_after(proc, 4.0)
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    stored = ws.archive.count()
    ws.update_index()  # what the next start does
    assert ws.index.doc_count() == stored
    integrity(tmp_path)
    ws.close()


@pytest.mark.parametrize("delay", [3.0, 8.0])
def test_killed_training_keeps_the_current_model_complete(populated, delay):
    tmp_path = populated
    first = haiquan(tmp_path, "train", "--no-search")
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err.decode()
    reg = ModelRegistry(tmp_path / "models")
    current = reg.current_version()
    proc = haiquan(tmp_path, "train", "--promote", "always")
    kill_after(proc, delay)
    ModelRegistry._cache.clear()
    now = reg.current_version()
    assert now is not None
    reg.verify(now)  # every file of the current version is there and matches its hash
    reg.load(now)
    assert all((tmp_path / "models" / v / "pipeline.joblib").exists() for v in reg.versions())
    # the next training run (or serve) removes what the killed one left half-written
    assert reg.clean_partial() >= 0
    assert not list((tmp_path / "models").glob(".tmp-*"))
    assert now in (current, *reg.versions())
