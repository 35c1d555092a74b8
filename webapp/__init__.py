"""The Flask web app and JSON API: ``create_app()`` builds it."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from classifier import ClassifierError, NoModel, UnknownVersion
from corpus import Conflict, CorpusError, InputError, InputErrors, NotFound
from corpus.accounts import AuthError
from haiquan.jobs import JobBusy, JobRunner
from indexer import BadQuery, IndexDamaged, IndexerError

from . import auth, messages_vi
from .context import close_workspace

MAX_UPLOAD = 12 * 2**20


def _secret_key(data_dir: Path) -> str:
    """A random key kept in the data directory (0600), made on first start."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def _status(exc: Exception) -> int:
    if isinstance(exc, (InputError, InputErrors, BadQuery)):
        return 400
    if isinstance(exc, AuthError):
        return 401
    if isinstance(exc, (NotFound, UnknownVersion)):
        return 404
    if isinstance(exc, (Conflict, JobBusy, NoModel)):
        return 409
    if isinstance(exc, IndexDamaged):
        return 503
    if isinstance(exc, (CorpusError, IndexerError)):
        return 400
    return 500


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` may set DATA_DIR, MODELS_DIR, SECRET_KEY, SESSION_COOKIE_SECURE…"""
    app = Flask(__name__)
    app.config.update(
        DATA_DIR=os.environ.get("HAIQUAN_DATA", "instance"),
        MODELS_DIR=os.environ.get("HAIQUAN_MODELS", "models"),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("HAIQUAN_SECURE_COOKIES") == "1",
        SESSION_COOKIE_NAME="haiquan_session",
        PERMANENT_SESSION_LIFETIME=12 * 3600,
        JSON_SORT_KEYS=False,
    )
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(Path(app.config["DATA_DIR"]))
    app.json.ensure_ascii = False
    app.extensions["haiquan.jobs"] = JobRunner()

    from . import account, api, editing, models_views, pages, users
    for bp in (account.bp, pages.bp, editing.bp, models_views.bp, users.bp, api.bp):
        app.register_blueprint(bp)

    app.before_request(auth.check_access)
    app.after_request(auth.security_headers)
    app.teardown_appcontext(close_workspace)

    @app.context_processor
    def globals_():
        from corpus import LABEL_NAMES_VI
        return {"csrf_token": auth.csrf_token, "has_role": auth.has_role, "user": g.get("user"),
                "label_names": LABEL_NAMES_VI}

    @app.template_filter("pct")
    def pct(value):
        return "–" if value is None else f"{value * 100:.0f}%"

    app.add_template_filter(messages_vi.vi, "vi")

    @app.template_filter("vndate")
    def vndate(value):
        if not value:
            return "—"
        y, m, d = value[:10].split("-")
        return f"{int(d)}/{int(m)}/{y}"

    def respond(status: int, message: str, details=None):
        if auth.is_api() or request.accept_mimetypes.best == "application/json":
            body = {"error": message}
            if details:
                body["details"] = details
            return jsonify(body), status
        return render_template("error.html", status=status, message=message, details=details), status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {404: "Không tìm thấy trang này.", 405: "Phương thức không được hỗ trợ.",
                    413: f"Nội dung gửi lên quá lớn (tối đa {MAX_UPLOAD // 2**20} MB)."}
        ours = bool(exc.description) and exc.description != type(exc).description  # not Werkzeug's default
        message = exc.description if exc.code in (400, 401, 403) and exc.description or exc.code == 404 and ours \
            else messages.get(exc.code, exc.name)
        if exc.code == 413:
            message = messages[413]
        return respond(exc.code or 500, message)

    @app.errorhandler(CorpusError)
    @app.errorhandler(ClassifierError)
    @app.errorhandler(IndexerError)
    @app.errorhandler(JobBusy)
    def domain_error(exc: Exception):
        details = [str(e) for e in exc.errors] if isinstance(exc, InputErrors) else None
        return respond(_status(exc), str(exc).splitlines()[0] if details else str(exc), details)

    return app
