"""Logging in and out, and personal API tokens."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from corpus.accounts import Accounts, AuthError

from .context import user_name, workspace

bp = Blueprint("account", __name__)


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("pages.search")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    try:
        user = Accounts(workspace().archive).authenticate(request.form.get("name", ""), request.form.get("password", ""))
    except AuthError:
        return render_template("login.html", next=request.form.get("next", ""),
                               error="Sai tên đăng nhập hoặc mật khẩu."), 401
    csrf = session.get("csrf")
    session.clear()  # a fresh session on login
    session["user"] = user["name"]
    if csrf:
        session["csrf"] = csrf
    session.permanent = True
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("account.login"))


@bp.post("/account/tokens")
def tokens():
    token = Accounts(workspace().archive).create_token(user_name(), request.form.get("label", "web"))
    flash(f"Mã API mới (chỉ hiện một lần): {token}")
    return redirect(request.referrer if (request.referrer or "").startswith(request.host_url) else url_for("pages.search"))
