"""The JSON API: every route, its errors, the OpenAPI document."""
import json
import re
from pathlib import Path

import pytest

from .conftest import api_token, login


@pytest.fixture
def editor(app):
    return api_token(app, "bien")


@pytest.fixture
def admin(app):
    return api_token(app, "quan")


def test_search_has_the_cli_shape(client, editor):
    r = client.get("/api/search?q=buon+lau&limit=3", headers=editor)
    assert r.status_code == 200
    data = r.get_json()
    assert {"total", "page", "results", "facets", "suggestion"} <= set(data)
    assert len(data["results"]) == 3 and data["suggestion"] == "buôn lậu"
    assert set(data["results"][0]) >= {"id", "title", "date", "category", "score", "snippet"}


@pytest.mark.parametrize("query, message", [
    ("?q=x&page=0", "page"), ("?q=x&page=abc", "page"), ("?q=x&limit=1000", "limit"),
    ("?q=x&sort=random", "sort"), ("?q=x&from=2021-02-30", "date"), ("?q=" + "x" * 10_000, "too long"),
    ("?q=x&category=foo", "unknown category 'foo'"),
    ("?q=x&from=2024-W05", "date"),
])
def test_search_bad_parameters_are_400(client, editor, query, message):
    r = client.get("/api/search" + query, headers=editor)
    assert r.status_code == 400 and message in r.get_json()["error"]


def test_article_with_history_and_similar(client, editor):
    r = client.get("/api/articles/u1", headers=editor)
    data = r.get_json()
    assert r.status_code == 200 and data["id"] == "u1" and data["history"][0]["origin"] == "model"
    assert isinstance(data["similar"], list) and data["similar"]
    assert client.get("/api/articles/nope", headers=editor).status_code == 404
    assert "error" in client.get("/api/articles/nope", headers=editor).get_json()


def test_classify_stores_nothing(client, editor):
    before = client.get("/api/search?q=", headers=editor).get_json()["total"]
    r = client.post("/api/classify", json={"title": "Bắt giữ ma túy", "body": "Phát hiện 3 kg ma túy đá trong hành lý."},
                    headers=editor)
    assert r.status_code == 200 and r.get_json()["label"] == "anti-smuggling"
    assert client.get("/api/search?q=", headers=editor).get_json()["total"] == before
    for bad in (True, "0.5", 2):  # true is no number, though Python's bool is an int
        r = client.post("/api/classify", json={"body": "Phát hiện ma túy.", "threshold": bad}, headers=editor)
        assert r.status_code == 400 and "threshold" in r.get_json()["error"]


def test_create_article_tags_and_indexes_it(client, editor):
    r = client.post("/api/articles", json={"id": "api-1", "title": "Khai trương bãi kiểm hóa mới ở cửa khẩu Tân Thanh",
                                           "body": "Bãi kiểm hóa rộng 5 ha giúp xe nông sản thông quan nhanh hơn.",
                                           "date": "2024-05-01"}, headers=editor)
    assert r.status_code == 201, r.get_json()
    art = r.get_json()
    assert art["label_origin"] == "model" and art["label_model"]
    hits = client.get("/api/search?q=bai+kiem+hoa+tan+thanh", headers=editor).get_json()["results"]
    assert hits[0]["id"] == "api-1"
    r = client.post("/api/articles", json={"id": "api-1", "title": "x", "body": "khác"}, headers=editor)
    assert r.status_code == 409
    r = client.post("/api/articles", json={"title": "Tin", "body": "Nội dung", "category": "legal"}, headers=editor)
    assert r.status_code == 201 and r.get_json()["label_origin"] == "editor"


@pytest.mark.parametrize("payload, status, message", [
    (None, 400, "JSON object"),
    ("[1, 2]", 400, "JSON object"),
    ('{"title": "x"', 400, "JSON object"),
    ({"title": "x", "body": ""}, 400, "body is missing"),
    ({"title": "x", "body": "   \n  "}, 400, "body is missing"),
    ({"title": ["x"], "body": "nội dung"}, 400, "title must be text"),
    ({"body": "nội dung", "category": "sports"}, 400, "unknown category"),
    ({"body": "nội dung", "date": "2021-13-01"}, 400, "invalid date"),
    ({"body": "nội dung", "date": "2024-W05"}, 400, "invalid date"),
    ({"body": "nội dung", "date": "20240203"}, 400, "invalid date"),
    ({"body": "nội dung", "id": "../etc"}, 400, "invalid id"),
    ({"body": 42}, 400, "body must be text"),
    ("[" * 100_000 + "]" * 100_000, 400, "nested too deeply"),
    ('{"title": "a", "body": ' + "[" * 100_000 + "]" * 100_000 + "}", 400, "nested too deeply"),
])
def test_create_article_bad_input(client, editor, payload, status, message):
    before = client.get("/api/search?q=", headers=editor).get_json()["total"]
    if isinstance(payload, dict) or payload is None:
        r = client.post("/api/articles", json=payload, headers=editor) if payload is not None else \
            client.post("/api/articles", data="", headers=editor)
    else:
        r = client.post("/api/articles", data=payload, headers={**editor, "Content-Type": "application/json"})
    assert r.status_code == status and message in r.get_json()["error"]
    assert client.get("/api/search?q=", headers=editor).get_json()["total"] == before


def test_set_label_and_errors(client, editor):
    r = client.put("/api/articles/u1/label", json={"label": "legal"}, headers=editor)
    assert r.status_code == 200 and r.get_json()["label_origin"] == "editor" and r.get_json()["label_user"] == "bien"
    assert client.put("/api/articles/u1/label", json={"label": "sports"}, headers=editor).status_code == 400
    assert client.put("/api/articles/u1/label", json={"label": 3}, headers=editor).status_code == 400
    assert client.put("/api/articles/nope/label", json={"label": "legal"}, headers=editor).status_code == 404
    assert client.get("/api/search?q=&category=legal", headers=editor).get_json()["total"] >= 61


def test_delete_needs_admin(client, editor, admin):
    assert client.delete("/api/articles/u3", headers=editor).status_code == 403
    assert client.delete("/api/articles/u3", headers=admin).status_code == 200
    assert client.get("/api/articles/u3", headers=admin).status_code == 404
    assert client.delete("/api/articles/u3", headers=admin).status_code == 404


def test_unknown_model_version_and_job_are_404_with_their_reason(client, admin):
    for version in ("20991128-100050-caaef5", "nonexistent"):
        r = client.post(f"/api/models/{version}/promote", headers=admin)
        assert r.status_code == 404 and ("no model version" in r.get_json()["error"]
                                         or "invalid model version" in r.get_json()["error"])
        assert "/" not in r.get_json()["error"].split("version")[-1]  # no server path
    r = client.get("/api/jobs/nope", headers=admin)
    assert r.status_code == 404 and r.get_json()["error"] == "no job 'nope'"
    assert client.get("/api/no-such-route", headers=admin).get_json()["error"] == "Không tìm thấy trang này."


def test_models_train_job_promote_rollback(client, editor, admin):
    models = client.get("/api/models", headers=editor).get_json()
    assert models["current"] and models["versions"][0]["metrics"]["macro_f1"] > 0
    assert client.post("/api/models/train", json={}, headers=editor).status_code == 403
    assert client.post("/api/models/train", json={"promote": "maybe"}, headers=admin).status_code == 400
    r = client.post("/api/models/train", json={"promote": "never"}, headers=admin)
    assert r.status_code == 202
    job = r.get_json()
    assert client.post("/api/models/train", json={}, headers=admin).status_code in (202, 409)
    import time
    for _ in range(400):
        state = client.get(f"/api/jobs/{job['id']}", headers=admin).get_json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.3)
    assert state["status"] == "done" and not state["result"]["promoted"]
    assert state["message_vi"] == "đã lưu mô hình " + state["result"]["version"]  # the page shows it
    assert client.get(f"/api/jobs/{job['id']}", headers=editor).status_code == 200  # editors see /models too
    new = state["result"]["version"]
    r = client.post(f"/api/models/{new}/promote", headers=admin)
    assert r.status_code == 200 and client.get("/api/models", headers=editor).get_json()["current"] == new
    assert client.post("/api/models/rollback", headers=admin).get_json()["current"] == models["current"]
    assert client.post("/api/models/nonsense/promote", headers=admin).status_code == 404  # an unknown version is not found (409 is for no model at all)
    assert client.get("/api/jobs/none", headers=admin).status_code == 404


def test_auth_errors(client, app):
    assert client.get("/api/search?q=x").status_code == 401
    assert client.get("/api/search?q=x", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/search?q=x", headers={"Authorization": "Basic abc"}).status_code == 401
    viewer = api_token(app, "vien")
    assert client.get("/api/me", headers=viewer).get_json() == {"name": "vien", "role": "viewer"}
    assert client.post("/api/classify", json={"body": "x"}, headers=viewer).status_code == 403


def test_session_writes_need_csrf_header(client):
    token = login(client, "bien")
    assert client.put("/api/articles/u1/label", json={"label": "legal"}).status_code == 400
    assert client.put("/api/articles/u1/label", json={"label": "legal"}, headers={"X-CSRF-Token": token}).status_code == 200


def test_request_too_large_is_413(client, editor):
    r = client.post("/api/articles", data=b"x" * (13 * 2**20), headers={**editor, "Content-Type": "application/json"})
    assert r.status_code == 413 and "error" in r.get_json()


def test_unknown_api_route_is_json_404(client, editor):
    r = client.get("/api/nothing", headers=editor)
    assert r.status_code == 404 and "error" in r.get_json()


def test_openapi_document_matches_the_routes(app, client):
    spec = json.loads(Path(app.root_path, "openapi.json").read_text(encoding="utf-8"))
    assert client.get("/api/openapi.json").get_json() == spec
    documented = {(path, m.upper()) for path, ops in spec["paths"].items() for m in ops}
    actual = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            actual |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == actual
    for path, ops in spec["paths"].items():
        for op in ops.values():
            assert op.get("summary") and op.get("responses")
