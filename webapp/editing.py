"""Editing: add and tag a new article, correct a label, the review queue."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from classifier import NoModel
from corpus import InputError, read_upload

from .context import user_name, workspace

bp = Blueprint("editing", __name__)


def _submitted_text() -> dict:
    """Title and body from the form, or from an uploaded .txt/.docx file."""
    upload = request.files.get("file")
    if upload and upload.filename:
        return read_upload(upload.filename, upload.read())
    return {"title": request.form.get("title", ""), "body": request.form.get("body", "")}


@bp.route("/articles/new", methods=["GET", "POST"])
def new_article():
    ws = workspace()
    labels = ws.archive.label_names()
    if request.method == "GET":
        return render_template("new.html", labels=labels, form={}, tag=None)
    action = request.form.get("action", "preview")
    form = {k: request.form.get(k, "") for k in ("title", "body", "date", "source", "url")}
    if action == "save":
        label = request.form.get("label") or None
        record = {**{k: v for k, v in form.items() if v}, "category": label}
        art = ws.add_article(record, user=user_name())
        flash(f"Đã lưu bài và gắn nhãn «{labels.get(art['label'], art['label'])}».")
        return redirect(url_for("pages.article", article_id=art["id"]))
    try:
        form.update(_submitted_text())
    except InputError as exc:
        return render_template("new.html", labels=labels, form=form, tag=None, error=str(exc)), 400
    try:
        tag = ws.classify(form["title"], form["body"]) if form["body"].strip() else None
    except NoModel:
        tag = None
    error = None if form["body"].strip() else "Hãy dán nội dung bài viết hoặc chọn một tệp."
    return render_template("new.html", labels=labels, form=form, tag=tag, error=error), (200 if not error else 400)


@bp.post("/articles/<article_id>/label")
def set_label(article_id):
    label = request.form.get("label", "")
    workspace().set_label(article_id, label, user=user_name())
    flash("Đã lưu nhãn.")
    target = request.form.get("next") or url_for("pages.article", article_id=article_id)
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")


@bp.get("/review")
def review():
    ws = workspace()
    category = request.args.get("category") or None
    queue = ws.archive.review_queue(limit=50, label=category)
    current_id = request.args.get("id")
    current = None
    if current_id:
        current = next((a for a in queue if a["id"] == current_id), None) or ws.article(current_id)
    elif queue:
        current = queue[0]
    if current is not None:
        current = ws.article(current["id"])
    return render_template("review.html", queue=queue, current=current, backlog=ws.archive.review_backlog(),
                           labels=ws.archive.label_names(), category=category)


@bp.post("/review/<article_id>")
def review_decide(article_id):
    label = request.form.get("label", "")
    workspace().set_label(article_id, label, user=user_name())
    flash(f"Đã lưu quyết định cho bài {article_id}.")
    category = request.form.get("category") or None
    return redirect(url_for("editing.review", category=category) if category else url_for("editing.review"))
