"""Model management: versions, figures, background retraining, promote and roll back."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from haiquan import Workspace

from .context import jobs, user_name, workspace

bp = Blueprint("models", __name__)
FIGURES = ("confusion.png", "reliability.png")


def model_rows(ws) -> list[dict]:
    current = ws.registry.current_version()
    rows = []
    for v in ws.registry.versions():
        meta = ws.registry.metadata(v)
        rows.append({"version": v, "current": v == current, "meta": meta, "metrics": meta.get("metrics") or {}})
    return rows


def start_training(app_config, promote: str, user: str | None):
    """Start a background training job on this app's data; returns the job."""
    data_dir, models_dir = app_config["DATA_DIR"], app_config["MODELS_DIR"]

    def run(progress):
        ws = Workspace(data_dir, models_dir)
        try:
            outcome = ws.train(promote=promote, progress=progress)
            return {"version": outcome.version, "promoted": outcome.promoted, "reason": outcome.reason,
                    "table": outcome.comparison_table(), "current": outcome.current,
                    "new": {k: (outcome.report.get("heldout") or {}).get(k) for k in ("accuracy", "macro_f1", "n")}}
        finally:
            ws.close()

    return jobs().start("train", run, user=user)


@bp.get("/models")
def index():
    ws = workspace()
    job_id = request.args.get("job")
    job = jobs().get(job_id) if job_id else jobs().latest("train")
    return render_template("models.html", rows=model_rows(ws), job=job, current=ws.registry.current_version())


@bp.get("/models/<version>/<name>")
def figure(version, name):
    if name not in FIGURES:
        abort(404)
    path = workspace().registry.file_path(version, name)
    return send_file(path, mimetype="image/png", max_age=3600)


@bp.post("/models/train")
def train():
    from flask import current_app
    promote = request.form.get("promote", "auto")
    if promote not in ("auto", "always", "never"):
        abort(400, description="promote must be auto, always or never")
    job = start_training(current_app.config, promote, user_name())
    return redirect(url_for("models.index", job=job.id))


@bp.post("/models/<version>/promote")
def promote(version):
    n = workspace().promote(version)
    flash(f"Mô hình {version} đang được dùng ({n} nhãn của mô hình được cập nhật).")
    return redirect(url_for("models.index"))


@bp.post("/models/rollback")
def rollback():
    version = workspace().rollback()
    flash(f"Đã quay lại mô hình {version}.")
    return redirect(url_for("models.index"))
