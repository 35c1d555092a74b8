"""Who may do what: the one table of route roles, login sessions, API tokens, CSRF, headers."""
from __future__ import annotations

import secrets

from flask import abort, current_app, g, jsonify, redirect, request, session, url_for

ROLE_RANK = {"viewer": 1, "editor": 2, "admin": 3}
PUBLIC = None

#: Every endpoint and the least role that may use it. A route missing here is refused.
ROUTE_ROLES = {
    "static": PUBLIC,
    "account.login": PUBLIC,
    "account.logout": "viewer",
    "account.tokens": "viewer",
    "pages.search": "viewer",
    "pages.article": "viewer",
    "pages.overview": "viewer",
    "editing.new_article": "editor",
    "editing.set_label": "editor",
    "editing.review": "editor",
    "editing.review_decide": "editor",
    "models.index": "editor",
    "models.figure": "editor",
    "models.train": "admin",
    "models.promote": "admin",
    "models.rollback": "admin",
    "users.index": "admin",
    "users.create": "admin",
    "users.update": "admin",
    "users.delete": "admin",
    "api.openapi": PUBLIC,
    "api.me": "viewer",
    "api.search": "viewer",
    "api.article": "viewer",
    "api.similar": "viewer",
    "api.classify": "editor",
    "api.create_article": "editor",
    "api.set_label": "editor",
    "api.delete_article": "admin",
    "api.review_queue": "editor",
    "api.models": "editor",
    "api.train": "admin",
    "api.promote": "admin",
    "api.rollback": "admin",
    "api.job": "editor",  # the models page, which editors see, follows a training's progress
}


def is_api() -> bool:
    return request.path.startswith("/api/")


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def _load_user():
    """The user of this request: API token (Authorization: Bearer) or login session."""
    from corpus.accounts import Accounts, AuthError
    from corpus.errors import NotFound

    from .context import workspace
    g.user, g.via_token = None, False
    header = request.headers.get("Authorization", "")
    if header:
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            abort(401, description="use 'Authorization: Bearer <token>'")
        try:
            g.user = Accounts(workspace().archive).user_for_token(token.strip())
            g.via_token = True
        except AuthError:
            abort(401, description="invalid API token")
        return
    name = session.get("user")
    if name:
        try:
            g.user = Accounts(workspace().archive).get(name)
        except NotFound:
            session.clear()


def check_access():
    """before_request: authenticate, then allow, redirect to login, or refuse."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # 404 / 405 are handled by Flask
    if endpoint not in ROUTE_ROLES:
        abort(403, description="this route declares no role")
    _load_user()
    need = ROUTE_ROLES[endpoint]
    if need is not PUBLIC:
        if g.user is None:
            if is_api():
                abort(401, description="log in or send an API token")
            return redirect(url_for("account.login",
                                    next=request.full_path if request.query_string else request.path))
        if ROLE_RANK[g.user["role"]] < ROLE_RANK[need]:
            abort(403, description=f"this needs the {need} role")
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and not g.via_token:
        sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token")
        if not sent or not secrets.compare_digest(str(sent), str(session.get("csrf", ""))):
            abort(400, description="missing or invalid CSRF token; reload the page and try again")
    return None


def has_role(role: str) -> bool:
    return g.get("user") is not None and ROLE_RANK[g.user["role"]] >= ROLE_RANK[role]


def security_headers(response):
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


__all__ = ["ROUTE_ROLES", "check_access", "csrf_token", "has_role", "security_headers", "is_api", "jsonify"]
