"""Training, the promotion gate, safe loading, evaluate and tag, tagging at ingest."""
import json

import pytest

from classifier import TamperedModel, is_heldout
from classifier.metrics import brier_score, choose_review_threshold, reliability
from haiquan import Workspace
from haiquan.cli import main

from .conftest import LABELS, bundled, write_jsonl

@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """A workspace with 60 bundled articles per category and one trained model."""
    root = tmp_path_factory.mktemp("trained")
    ws = Workspace(root / "data", root / "models")
    ws.ingest(write_jsonl(root / "train.jsonl", bundled(60)))
    outcome = ws.train(promote="auto", search=False)
    yield ws, outcome, root
    ws.close()


def test_first_model_is_promoted_with_metadata_and_figures(trained):
    ws, outcome, _ = trained
    assert outcome.promoted and ws.registry.current_version() == outcome.version
    meta = ws.registry.metadata()
    assert sorted(meta["labels"]) == list(LABELS)
    assert meta["data"]["size"] == 240 and meta["data"]["heldout_size"] > 20
    assert set(meta["files"]) >= {"pipeline.joblib", "confusion.png", "reliability.png"}
    assert meta["metrics"]["macro_f1"] > 0.8
    assert 0.5 <= meta["review_threshold"] <= 0.9
    assert len(meta["metrics"]["confusion"]) == 4
    assert {"scikit-learn", "underthesea", "numpy"} <= set(meta["libraries"])
    png = (ws.models_dir / outcome.version / "confusion.png").read_bytes()
    assert png.startswith(b"\x89PNG")


def test_tag_gives_label_confidence_probabilities_and_reasons(trained):
    ws, _, _ = trained
    tag = ws.tagger().tag_texts([("Bắt giữ 5 tấn đường cát nhập lậu",
                                  "Đội kiểm soát hải quan phối hợp biên phòng bắt giữ xe chở đường lậu từ Campuchia.")])[0]
    assert tag.label == "anti-smuggling"
    assert abs(sum(tag.probabilities.values()) - 1) < 1e-3 and set(tag.probabilities) == set(LABELS)
    assert tag.confidence == max(tag.probabilities.values())
    assert any("lậu" in t["term"] for t in tag.top_terms)


def test_an_article_no_category_claims_is_flagged_off_topic(trained):
    """Calibrated probabilities sum to one, so a recipe still gets a category; the
    classes' own decision values show that none claims it."""
    ws, _, _ = trained
    threshold = ws.registry.metadata()["domain_threshold"]
    tagger = ws.tagger()
    assert tagger.domain_threshold == threshold is not None
    recipe, customs = tagger.tag_texts([
        ("Cách nấu canh chua cá lóc",
         "Cho cá vào nồi nước sôi, thêm me chua, cà chua, dứa và giá đỗ; nêm nước mắm, đường cho vừa ăn "
         "rồi rắc rau thơm."),
        ("Bắt giữ 5 tấn đường cát nhập lậu",
         "Đội kiểm soát hải quan phối hợp biên phòng bắt giữ xe chở đường lậu từ Campuchia.")])
    assert recipe.off_topic and recipe.needs_review
    assert not customs.off_topic and not customs.needs_review
    # with the check off (a model trained without held-out articles has no threshold)
    tagger.domain_threshold = None
    try:
        assert not tagger.tag_texts([("Cách nấu canh chua cá lóc", "Cho cá vào nồi nước sôi.")])[0].off_topic
    finally:
        tagger.domain_threshold = threshold


def test_tag_cli_json_and_text(trained, tmp_path):
    ws, _, root = trained
    f = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "x1", "title": "Khai trương cửa khẩu", "body": "Cửa khẩu quốc tế mới mở đón xe hàng nông sản."},
        {"id": "x2", "title": "Trao bằng khen", "body": "Tập thể chi cục được tặng Bằng khen trong phong trào thi đua."}])
    args = ["--data-dir", str(root / "data"), "--models-dir", str(root / "models")]
    from click.testing import CliRunner
    out = CliRunner().invoke(main, args + ["tag", str(f), "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.output.splitlines()]
    assert [x["id"] for x in lines] == ["x1", "x2"] and lines[1]["label"] == "emulation"
    assert set(lines[0]) == {"id", "label", "confidence", "probabilities", "needs_review", "top_terms", "off_topic"}
    out = CliRunner().invoke(main, args + ["tag", "-", "--text", "--threshold", "1.0"],
                             input="Thông tư mới hướng dẫn khai báo mã HS và thủ tục hải quan điện tử.")
    assert out.exit_code == 0 and "legal" in out.output and "needs review" in out.output
    out = CliRunner().invoke(main, args + ["tag", "-"], input='{"id": "a", "title": "x"}\nnot json\n')
    assert out.exit_code == 1
    assert "<stdin>:1: body is missing" in out.output and "<stdin>:2: malformed JSON" in out.output
    assert ws.archive.count() == 240  # tagging stores nothing


def test_evaluate_cli(trained, tmp_path):
    _, _, root = trained
    rows = bundled(100, seed=9)[-40:]
    held = write_jsonl(tmp_path / "held.jsonl", rows)
    from click.testing import CliRunner
    out = CliRunner().invoke(main, ["--data-dir", str(root / "data"), "--models-dir", str(root / "models"),
                                    "evaluate", str(held), "--json"])
    assert out.exit_code == 0, out.output
    m = json.loads(out.output)
    assert m["n"] == 40 and 0 <= m["macro_f1"] <= 1 and {r["category"] for r in rows} <= set(m["per_class"]) <= set(LABELS)
    # a file of one category: the others, neither in the file nor answered, are not scored
    cat = rows[0]["category"]
    one = [r for r in rows if r["category"] == cat]
    out = CliRunner().invoke(main, ["--data-dir", str(root / "data"), "--models-dir", str(root / "models"),
                                    "evaluate", str(write_jsonl(tmp_path / "one.jsonl", one)), "--json"])
    assert out.exit_code == 0, out.output
    m = json.loads(out.output)
    conf = m["confusion"]
    in_file_or_answered = [sum(conf[i]) + sum(row[i] for row in conf) > 0 for i in range(len(m["labels"]))]
    assert all(in_file_or_answered), (m["labels"], conf)
    answered = set(m["per_class"]) - {cat}
    assert all(m["per_class"][lab]["precision"] == 0 for lab in answered)  # only wrong answers there
    assert m["macro_f1"] == pytest.approx(sum(c["f1"] for c in m["per_class"].values()) / len(m["per_class"]))
    if not answered:
        assert m["macro_f1"] == m["accuracy"] == m["per_class"][cat]["f1"]
    unlabeled = write_jsonl(tmp_path / "u.jsonl", [{"title": "a", "body": "b"}])
    out = CliRunner().invoke(main, ["--data-dir", str(root / "data"), "--models-dir", str(root / "models"),
                                    "evaluate", str(unlabeled)])
    assert out.exit_code == 1 and "without a category" in out.output


def test_ingest_tags_unlabeled_articles_with_the_current_model(trained, tmp_path):
    ws, outcome, _ = trained
    f = write_jsonl(tmp_path / "new.jsonl", [{"id": "u1", "title": "Phát hiện ma túy trong bưu kiện",
                                              "body": "Hải quan sân bay phát hiện 2 kg ma túy giấu trong bưu kiện gửi từ nước ngoài."}])
    s = ws.ingest(f)
    assert s.tagged == 1
    art = ws.archive.get("u1")
    assert art["label_origin"] == "model" and art["label_model"] == outcome.version
    assert 0 < art["label_confidence"] <= 1
    assert "u1" not in {r["id"] for r in ws.archive.training_rows()}  # model labels never train
    ws.delete("u1")


def test_ingested_off_topic_article_is_stored_flagged_and_reviewed_first(trained, tmp_path):
    ws, _, _ = trained
    f = write_jsonl(tmp_path / "new.jsonl", [
        {"id": "u2", "title": "Bắt giữ xe tải chở đường cát nhập lậu",
         "body": "Đội kiểm soát hải quan bắt giữ xe tải chở 3 tấn đường cát nhập lậu từ Campuchia."},
        {"id": "u3", "title": "Cách nấu canh chua cá lóc",
         "body": "Cho cá vào nồi nước sôi, thêm me chua, cà chua, dứa và giá đỗ; nêm nước mắm, đường cho vừa ăn "
                 "rồi rắc rau thơm."}])
    try:
        assert ws.ingest(f).tagged == 2
        assert (ws.archive.get("u2")["label_off_topic"], ws.archive.get("u3")["label_off_topic"]) == (0, 1)
        assert ws.archive.review_queue()[0]["id"] == "u3"
    finally:
        ws.delete("u2")
        ws.delete("u3")


def test_tampered_model_is_refused(trained, tmp_path):
    ws, outcome, root = trained
    import shutil
    copy = tmp_path / "models"
    shutil.copytree(root / "models", copy)
    from classifier import ModelRegistry
    reg = ModelRegistry(copy)
    pipe = copy / outcome.version / "pipeline.joblib"
    data = bytearray(pipe.read_bytes())
    data[len(data) // 2] ^= 0xFF
    pipe.write_bytes(bytes(data))
    ModelRegistry._cache.clear()
    with pytest.raises(TamperedModel, match="does not match"):
        reg.load()
    from click.testing import CliRunner
    out = CliRunner().invoke(main, ["--data-dir", str(root / "data"), "--models-dir", str(copy), "tag", "-", "--text"],
                             input="Hải quan")
    assert out.exit_code == 1 and "refusing to load" in out.output
    with pytest.raises(Exception, match="invalid model version"):
        reg.load("../../etc/passwd")


def test_promotion_gate_keeps_a_worse_model_out(tmp_path):
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    rows = bundled(40, seed=5)
    ws.ingest(write_jsonl(tmp_path / "t.jsonl", rows))
    first = ws.train(promote="auto", search=False)
    assert first.promoted
    # An editor "corrects" every training article to a wrong label; the held-out ones stay right.
    shift = {LABELS[i]: LABELS[(i + 1) % 4] for i in range(4)}
    bad = [(r["id"], shift[r["category"]], None) for r in rows if not is_heldout(r["id"])]
    ws.archive.set_labels(bad, origin="editor", user="test")
    worse = ws.train(promote="auto", search=False)
    assert not worse.promoted and "not promoted" in worse.reason
    assert worse.current["macro_f1"] > worse.report["heldout"]["macro_f1"]
    assert ws.registry.current_version() == first.version
    assert "current" in worse.comparison_table() and "new" in worse.comparison_table()
    forced = ws.train(promote="always", search=False)
    assert forced.promoted and ws.registry.current_version() == forced.version
    assert ws.rollback() == first.version
    ws.close()


def test_training_refuses_too_little_data(tmp_path):
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    ws.ingest(write_jsonl(tmp_path / "t.jsonl", bundled(3)))
    with pytest.raises(Exception, match="too few"):
        ws.train(search=False)
    assert ws.registry.versions() == []
    ws.close()


def test_a_start_after_a_crash_finishes_retagging_with_the_current_model(tmp_path):
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    ws.ingest(write_jsonl(tmp_path / "t.jsonl", bundled(30, seed=4)))
    first = ws.train(promote="always", search=False)
    ws.ingest(write_jsonl(tmp_path / "u.jsonl", [{"id": "u1", "title": "Bắt giữ ma túy", "body": "Phát hiện ma túy trong hành lý."}]))
    assert ws.article("u1")["label_model"] == first.version
    second = ws.train(promote="never", search=False)
    ws.registry.promote(second.version)  # the process died here, before re-tagging
    assert ws.article("u1")["label_model"] == first.version
    retagged, _ = ws.recover()
    assert retagged == 1 and ws.article("u1")["label_model"] == second.version
    assert ws.recover()[0] == 0
    ws.close()


def test_each_rollback_steps_one_promotion_further_back(tmp_path):
    from classifier import ModelRegistry
    reg = ModelRegistry(tmp_path / "models")
    a, b, c = (reg.save({"model": name}, {"labels": []}) for name in "abc")
    for v in (a, b, c):
        reg.promote(v)
    assert reg.rollback() == b
    assert reg.rollback() == a  # not back to c, the version just rolled away from
    with pytest.raises(Exception, match="no earlier promoted version"):
        reg.rollback()
    assert reg.current_version() == a
    reg.promote(c)  # promoting again starts from there: back to a, the one before
    assert reg.rollback() == a


def test_cleaning_half_written_versions_spares_one_being_written(tmp_path):
    import os
    import subprocess
    import sys
    import time
    from classifier import ModelRegistry
    reg = ModelRegistry(tmp_path / "models")
    reg.root.mkdir()
    writing = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live, dead, old = (reg.root / f".tmp-{n}" for n in ("live", "dead", "old"))
        for d in (live, dead, old):
            d.mkdir()
        (live / ".writer").write_text(str(writing.pid))
        finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        (dead / ".writer").write_text(finished.stdout.strip())
        os.utime(old, (time.time() - 3600, time.time() - 3600))  # no writer file, an hour old
        assert reg.clean_partial() == 2
        assert live.exists() and not dead.exists() and not old.exists()
    finally:
        writing.kill()
        writing.wait()
    assert reg.clean_partial() == 1 and not live.exists()  # its writer is gone now


def test_calibration_helpers():
    assert brier_score([[1, 0], [0, 1]], ["a", "b"], ["a", "b"]) == 0
    assert brier_score([[0, 1]], ["a"], ["a", "b"]) == 2
    table = reliability([0.95, 0.9, 0.55, 0.52], [True, True, False, True])
    assert [row["n"] for row in table] == [2, 2]
    assert choose_review_threshold([0.99, 0.9, 0.8, 0.6], [True, True, True, False]) == 0.8
    assert choose_review_threshold([0.99, 0.3], [True, True]) == 0.5


def test_nbsvm_is_a_linear_model_over_the_unscaled_features():
    """Its coef_ (log-count ratio × SVM weight) reproduces the SVM fitted on scaled features,
    so top terms and calibration work as for any linear model."""
    import numpy as np
    from scipy import sparse
    from sklearn.svm import LinearSVC

    from classifier.nbsvm import NBSVM

    rng = np.random.default_rng(3)
    X = sparse.random(120, 40, density=0.2, random_state=3, format="lil", dtype=np.float32)
    y = np.array(["a", "b", "c"])[rng.integers(0, 3, 120)]
    X[np.flatnonzero(y == "b"), 7] = 1.0  # feature 7 marks class b
    X = X.tocsr()
    model = NBSVM(C=1.0).fit(X, y)
    assert model.coef_.shape == (3, 40)
    assert int(np.argmax(model.coef_[1])) == 7  # the marker is b's strongest term
    assert (model.predict(X[y == "b"]) == "b").all()
    present = (X > 0).astype(np.float32)
    p = 1 + np.asarray(present[y == "a"].sum(0)).ravel()
    q = 1 + np.asarray(present[y != "a"].sum(0)).ravel()
    r = np.log((p / p.sum()) / (q / q.sum()))
    svm = LinearSVC(C=1.0).fit(X.multiply(r).tocsr(), y == "a")
    assert np.allclose(model.decision_function(X)[:, 0], svm.decision_function(X.multiply(r).tocsr()), atol=1e-4)
    two = NBSVM().fit(X, np.where(y == "b", "b", "x"))
    assert two.decision_function(X).ndim == 1 and set(two.predict(X)) <= {"b", "x"}


def test_nbsvm_pipeline_tags_with_calibrated_probabilities_and_reasons(tmp_path):
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    ws.ingest(write_jsonl(tmp_path / "t.jsonl", bundled(30)))
    outcome = ws.train(promote="always", search=False,
                       params={"estimator": "nbsvm", "C": 1.0, "use_chars": False, "use_syllables": True})
    assert ws.registry.metadata()["params"]["estimator"] == "nbsvm"
    tag = ws.tagger().tag_texts([("Trao Bằng khen cho tập thể chi cục",
                                  "Chi cục được tặng Bằng khen vì thành tích trong phong trào thi đua năm.")])[0]
    assert tag.label == "emulation" and abs(sum(tag.probabilities.values()) - 1) < 1e-3
    assert tag.top_terms and all(t["weight"] > 0 for t in tag.top_terms)
    assert outcome.promoted
    ws.close()
