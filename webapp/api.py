"""The JSON API under /api/ (documented in webapp/openapi.json)."""
from __future__ import annotations


from pathlib import Path

from flask import Blueprint, abort, current_app, g, jsonify, request

from .context import jobs, user_name, workspace
from .messages_vi import vi
from .models_views import model_rows, start_training
from .pages import search_args

bp = Blueprint("api", __name__, url_prefix="/api")
OPENAPI = Path(__file__).with_name("openapi.json")


def _json():
    """The request's JSON, None if it is not JSON; 400 if nested too deep to decode."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        abort(400, description="the JSON body is nested too deeply")


def body() -> dict:
    data = _json()
    if not isinstance(data, dict):
        abort(400, description="the request body must be a JSON object (Content-Type: application/json)")
    return data


def _int_arg(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"{name} must be an integer")
    if not lo <= value <= hi:
        abort(400, description=f"{name} must be between {lo} and {hi}")
    return value


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_text(encoding="utf-8"), mimetype="application/json")


@bp.get("/me")
def me():
    return jsonify(g.user)


@bp.get("/search")
def search():
    params = search_args(request.args)
    params["page"] = _int_arg("page", 1, 1, 1000)
    params["limit"] = _int_arg("limit", 10, 1, 100)
    if request.args.get("sort") not in (None, "relevance", "date"):
        abort(400, description="sort must be relevance or date")
    return jsonify(workspace().search(**params))


@bp.get("/articles/<article_id>")
def article(article_id):
    ws = workspace()
    art = ws.article(article_id)
    art["similar"] = ws.similar(article_id)
    return jsonify(art)


@bp.get("/articles/<article_id>/similar")
def similar(article_id):
    return jsonify({"id": article_id, "similar": workspace().similar(article_id, _int_arg("limit", 5, 1, 50))})


@bp.post("/classify")
def classify():
    data = body()
    threshold = data.get("threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                  or not 0 <= threshold <= 1):
        abort(400, description="threshold must be a number between 0 and 1")
    tag = workspace().classify(data.get("title", ""), data.get("body"), threshold=threshold)
    return jsonify(tag.as_dict())


@bp.post("/articles")
def create_article():
    art = workspace().add_article(body(), user=user_name())
    return jsonify(art), 201


@bp.put("/articles/<article_id>/label")
def set_label(article_id):
    label = body().get("label")
    if not isinstance(label, str):
        abort(400, description="label must be a category id")
    return jsonify(workspace().set_label(article_id, label, user=user_name()))


@bp.delete("/articles/<article_id>")
def delete_article(article_id):
    workspace().delete(article_id)
    return jsonify({"deleted": article_id})


@bp.get("/review")
def review_queue():
    limit = _int_arg("limit", 50, 1, 500)
    return jsonify({"backlog": workspace().archive.review_backlog(),
                    "queue": workspace().archive.review_queue(limit=limit)})


@bp.get("/models")
def models():
    ws = workspace()
    return jsonify({"current": ws.registry.current_version(),
                    "versions": [{"version": r["version"], "current": r["current"],
                                  "created": r["meta"].get("created"), "metrics": r["metrics"],
                                  "data": r["meta"].get("data"), "params": r["meta"].get("params"),
                                  "review_threshold": r["meta"].get("review_threshold"),
                                  "promotion": r["meta"].get("promotion")} for r in model_rows(ws)]})


@bp.post("/models/train")
def train():
    data = _json() or {}
    promote = data.get("promote", "auto") if isinstance(data, dict) else "auto"
    if promote not in ("auto", "always", "never"):
        abort(400, description="promote must be auto, always or never")
    job = start_training(current_app.config, promote, user_name())
    return jsonify(job.as_dict()), 202


@bp.post("/models/<version>/promote")
def promote(version):
    refreshed = workspace().promote(version)
    return jsonify({"current": version, "retagged": refreshed})


@bp.post("/models/rollback")
def rollback():
    return jsonify({"current": workspace().rollback()})


@bp.get("/jobs/<job_id>")
def job(job_id):
    j = jobs().get(job_id)
    if j is None:
        abort(404, description=f"no job {job_id!r}")
    data = j.as_dict()
    data["message_vi"] = vi(data["messages"][-1] if data["messages"] else "")  # for the models page
    return jsonify(data)



