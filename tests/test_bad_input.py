"""Property-based tests: whatever arrives, the answer is a clear 4xx or CLI error and nothing is half-stored."""
import json
import shutil
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import CorpusError, read_articles
from haiquan.cli import main

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
article_like = st.fixed_dictionaries({}, optional={
    "id": json_values | st.text(alphabet=string.ascii_letters + "-_.:/ ", max_size=130),
    "title": json_values | st.text(max_size=50),
    "body": json_values | st.text(max_size=300) | st.just("   \n\t "),
    "date": json_values | st.sampled_from(["2021-02-30", "2021-13-01", "hôm qua", "2024-01-01", "1899-01-01", ""]),
    "category": json_values | st.sampled_from(["legal", "sports", "", "LEGAL", "anti-smuggling"]),
    "url": json_values | st.sampled_from(["javascript:alert(1)", "https://haiquan.example/a", "ftp://x"]),
})


@pytest.fixture(scope="module")
def web(trained_dirs, tmp_path_factory):
    from webapp import create_app
    root = tmp_path_factory.mktemp("bad-input")
    shutil.copytree(trained_dirs / "data", root / "data")
    shutil.copytree(trained_dirs / "models", root / "models")
    app = create_app({"DATA_DIR": str(root / "data"), "MODELS_DIR": str(root / "models"), "SECRET_KEY": "x"})
    from .conftest import api_token
    return app, app.test_client(), api_token(app, "bien")


def count(client, headers) -> int:
    return client.get("/api/search?q=", headers=headers).get_json()["total"]


@SETTINGS
@given(payload=article_like | json_values)
def test_api_create_article_never_fails_badly(web, payload):
    app, client, headers = web
    before = count(client, headers)
    r = client.post("/api/articles", json=payload, headers=headers)
    assert r.status_code in (201, 400, 409), (payload, r.get_json())
    assert isinstance(r.get_json(), dict)
    if r.status_code == 201:
        assert count(client, headers) == before + 1
    else:
        assert "error" in r.get_json()
        assert count(client, headers) == before


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_api_raw_bytes_bodies(web, raw):
    _, client, headers = web
    before = count(client, headers)
    for url, method in (("/api/articles", "post"), ("/api/classify", "post"), ("/api/articles/u1/label", "put")):
        r = getattr(client, method)(url, data=raw, headers={**headers, "Content-Type": "application/json"})
        assert r.status_code in (200, 201, 400, 409), (url, raw, r.status_code)
        assert r.is_json
    assert count(client, headers) <= before + 1


@SETTINGS
@given(q=st.text(max_size=12_000), sort=st.sampled_from(["relevance", "date", "x", ""]),
       page=st.sampled_from(["1", "0", "-3", "abc", "99999", ""]), cat=st.sampled_from(["", "legal", "<b>", "x" * 50]))
def test_api_search_any_query(web, q, sort, page, cat):
    _, client, headers = web
    r = client.get("/api/search", query_string={"q": q, "sort": sort, "page": page, "category": cat}, headers=headers)
    assert r.status_code in (200, 400), (q[:50], r.status_code)
    if len(q) > 500:
        assert r.status_code == 400 and "too long" in r.get_json()["error"]


@SETTINGS
@given(label=json_values)
def test_api_set_label_any_value(web, label):
    _, client, headers = web
    before = client.get("/api/articles/u2", headers=headers).get_json()
    r = client.put("/api/articles/u2/label", json={"label": label}, headers=headers)
    assert r.status_code in (200, 400)
    if r.status_code == 400:
        after = client.get("/api/articles/u2", headers=headers).get_json()
        assert after["label"] == before["label"] and after["history"] == before["history"]


@SETTINGS
@given(lines=st.lists(st.one_of(st.text(max_size=80), article_like.map(lambda d: json.dumps(d, ensure_ascii=False))),
                      min_size=1, max_size=6))
def test_importer_jsonl_is_all_or_nothing(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("imp") / "x.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        arts = read_articles(path)
    except CorpusError as exc:
        assert str(exc)  # a message, naming the file
        assert str(path) in str(exc)
    else:
        assert arts and all(a.body.strip() for a in arts)


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".jsonl", ".csv", ".txt"]))
def test_importer_binary_and_non_utf8(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("bin") / ("x" + suffix)
    path.write_bytes(data)
    try:
        read_articles(path, fmt="csv" if suffix == ".csv" else "jsonl")
    except CorpusError as exc:
        assert str(path) in str(exc)


def test_cli_ingest_of_a_broken_file_leaves_the_archive_unchanged(runner, tmp_path, sample_file):
    assert runner.invoke(main, ["ingest", str(sample_file)]).exit_code == 0
    before = runner.invoke(main, ["stats", "--json"]).output
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"title": "a", "body": "b"}\n\xff\xfe\x00garbage\n')
    r = runner.invoke(main, ["ingest", str(bad)])
    assert r.exit_code == 1 and f"{bad}:2" in r.output
    assert runner.invoke(main, ["stats", "--json"]).output == before
