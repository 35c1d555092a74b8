"""Editing: add and tag a new article, correct a label, the review queue."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from classifier import NoModel
from corpus import Conflict, InputError, article_from_record, read_upload

from .context import user_name, workspace
from .messages_vi import vi

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
        try:
            art = ws.add_article(record, user=user_name())
        except (InputError, Conflict) as exc:  # the form stays, with the reason, instead of an error page
            return _preview(ws, labels, form, f"Chưa lưu được: {exc}", 409 if isinstance(exc, Conflict) else 400)
        flash(f"Đã lưu bài và gắn nhãn «{labels.get(art['label'], art['label'])}».")
        return redirect(url_for("pages.article", article_id=art["id"]))
    try:
        form.update(_submitted_text())
    except InputError as exc:
        return render_template("new.html", labels=labels, form=form, tag=None, error=vi(str(exc))), 400
    if not form["body"].strip():
        return render_template("new.html", labels=labels, form=form, tag=None,
                               error="Hãy dán nội dung bài viết hoặc chọn một tệp."), 400
    return _preview(ws, labels, form)


def _preview(ws, labels, form, error=None, status=200):
    """The model's suggestion for the form, and what would stop it being saved: an invalid
    field (the form comes back to be corrected, what was typed kept), or the same text
    already in the archive (a link to it instead of the save buttons)."""
    try:
        art = article_from_record({k: v for k, v in form.items() if v})
    except InputError as exc:
        return render_template("new.html", labels=labels, form=form, tag=None,
                               error=f"Chưa lưu được: {exc}"), 400
    try:
        tag = ws.classify(form["title"], form["body"])
    except NoModel:
        tag = None
    duplicate = ws.archive.id_with_content(art.content_hash)
    return render_template("new.html", labels=labels, form=form, tag=tag, error=error, duplicate=duplicate), status


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
