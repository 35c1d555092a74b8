"""corpus.store.Archive: ingest, dedupe, segmentation cache, label history."""
import sqlite3

import pytest

from corpus import Archive, Article, Conflict, NotFound, read_articles
from corpus.store import SCHEMA_VERSION
from corpus.text import SEGMENTER_VERSION

from .conftest import SAMPLE, write_jsonl


@pytest.fixture
def archive(tmp_path):
    a = Archive(tmp_path / "a.sqlite3")
    yield a
    a.close()


def test_ingest_adds_then_skips_duplicates(archive, sample_file):
    arts = read_articles(sample_file)
    first = archive.add_articles(arts)
    assert (first.added, first.present, first.labeled) == (5, 0, 4)
    assert first.unlabeled_ids == ["s5"]
    again = archive.add_articles(read_articles(sample_file))
    assert (again.added, again.present) == (0, 5)
    assert archive.count() == 5
    assert len(archive.label_history("s1")) == 1


def test_same_content_under_new_id_is_not_added(archive):
    a = Article(id="x1", title="Tiêu đề", body="Nội dung bài viết về hải quan.")
    archive.add_articles([a])
    s = archive.add_articles([Article(id="x2", title=a.title, body=a.body)])
    assert (s.added, s.present) == (0, 1)
    assert not archive.exists("x2")


def test_same_id_other_content_is_a_conflict_and_stores_nothing(archive):
    archive.add_articles([Article(id="x1", title="A", body="Nội dung một.")])
    with pytest.raises(Conflict, match="x1"):
        archive.add_articles([Article(id="new", title="B", body="Bài mới."),
                              Article(id="x1", title="A", body="Nội dung khác.")])
    assert not archive.exists("new")
    assert archive.get("x1")["body"] == "Nội dung một."


def test_segmentation_is_cached_and_never_repeated(archive, sample_file, monkeypatch):
    archive.add_articles(read_articles(sample_file))
    assert archive.cached_segment_count() == 5
    import corpus.store
    monkeypatch.setattr(corpus.store, "segment_many", lambda *a, **k: pytest.fail("segmented twice"))
    segs = archive.segmented(["s1", "s2"])
    assert "Tây_Ninh" in segs["s1"][0]
    row = archive.db.execute("SELECT segmenter FROM segments LIMIT 1").fetchone()
    assert row[0] == SEGMENTER_VERSION


def test_label_history_and_precedence(archive, sample_file):
    archive.add_articles(read_articles(sample_file))
    archive.set_labels([("s5", "legal", 0.61)], origin="model", model_version="v1")
    assert archive.get("s5")["label_origin"] == "model"
    assert [r["id"] for r in archive.review_queue()] == ["s5"]
    art = archive.set_label("s5", "border-gates", origin="editor", user="lan")
    assert (art["label"], art["label_origin"], art["label_user"]) == ("border-gates", "editor", "lan")
    # a later model tag is recorded but does not override the editor
    archive.set_labels([("s5", "legal", 0.9)], origin="model", model_version="v2")
    assert archive.get("s5")["label"] == "border-gates"
    hist = archive.label_history("s5")
    assert [(h["label"], h["origin"]) for h in hist] == [
        ("legal", "model"), ("border-gates", "editor"), ("legal", "model")]
    assert archive.review_queue() == []
    # editor labels train the model, model labels never do
    training = {r["id"]: r["label_origin"] for r in archive.training_rows()}
    assert training["s5"] == "editor" and len(training) == 5


def test_review_queue_puts_off_topic_tags_first_and_an_editor_decision_clears_the_flag(archive, tmp_path):
    unlabeled = [{k: v for k, v in a.items() if k != "category"} for a in SAMPLE[:3]]
    archive.add_articles(read_articles(write_jsonl(tmp_path / "u.jsonl", unlabeled)))
    archive.set_labels([("s1", "legal", 0.35), ("s2", "legal", 0.95, True), ("s3", "legal", 0.6, False)],
                       origin="model", model_version="v1")
    assert [r["id"] for r in archive.review_queue()] == ["s2", "s1", "s3"]
    assert archive.get("s2")["label_off_topic"] == 1
    assert archive.set_label("s2", "border-gates", origin="editor")["label_off_topic"] == 0
    assert [r["id"] for r in archive.review_queue()] == ["s1", "s3"]


def test_an_archive_of_the_previous_schema_is_migrated_without_losing_articles(tmp_path):
    """Schema 2 (before the off-topic flag): opening it adds the column, keeps every article and label."""
    from corpus.store import _MIGRATIONS
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for script in _MIGRATIONS[:2]:
        db.executescript(script)
    db.execute("INSERT INTO categories VALUES ('legal', 'Pháp luật')")
    db.execute("INSERT INTO articles (id, title, body, content_hash, added_at, label, label_origin, label_confidence)"
               " VALUES ('old1', 'Tiêu đề', 'Nội dung', 'h1', '2024-01-01', 'legal', 'model', 0.7)")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    archive = Archive(path)
    try:
        assert archive.schema_version == SCHEMA_VERSION
        art = archive.get("old1")
        assert (art["title"], art["label"], art["label_confidence"], art["label_off_topic"]) == \
            ("Tiêu đề", "legal", 0.7, 0)
        assert [r["id"] for r in archive.review_queue()] == ["old1"]
    finally:
        archive.close()


def test_unknown_label_and_missing_article(archive, sample_file):
    archive.add_articles(read_articles(sample_file))
    with pytest.raises(Exception, match="unknown category"):
        archive.set_label("s1", "sports")
    with pytest.raises(NotFound):
        archive.set_label("nope", "legal")
    assert archive.get("s1")["label"] == "anti-smuggling"


def test_delete_logs_a_change(archive, sample_file):
    archive.add_articles(read_articles(sample_file))
    seq = archive.last_change()
    archive.delete("s2")
    assert not archive.exists("s2")
    assert archive.changes_since(seq) == [(seq + 1, "s2", "delete")]
    assert archive.label_history("s2") == []
    with pytest.raises(NotFound):
        archive.delete("s2")


def test_wal_mode_and_schema_version(tmp_path, archive):
    assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert archive.schema_version == SCHEMA_VERSION
    archive.close()
    db = sqlite3.connect(tmp_path / "a.sqlite3")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(Exception, match="newer"):
        Archive(tmp_path / "a.sqlite3")


def test_write_is_rolled_back_on_failure(archive, tmp_path, monkeypatch):
    arts = read_articles(write_jsonl(tmp_path / "f.jsonl", SAMPLE[:3]))
    calls = {"n": 0}
    real = archive._set_label

    def boom(*a, **k):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*a, **k)

    monkeypatch.setattr(archive, "_set_label", boom)
    with pytest.raises(RuntimeError):
        archive.add_articles(arts)
    assert archive.count() == 0
    assert archive.last_change() == 0


def test_retag_candidates_skip_the_current_models_tags(archive, sample_file):
    archive.add_articles(read_articles(sample_file))
    assert archive.unlabeled_or_model_ids() == ["s5"]
    archive.set_labels([("s5", "legal", 0.7)], origin="model", model_version="v1")
    assert archive.unlabeled_or_model_ids(except_version="v1") == []
    assert archive.unlabeled_or_model_ids(except_version="v2") == ["s5"]
