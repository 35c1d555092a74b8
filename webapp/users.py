"""User management for admins."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from corpus.accounts import ROLES, Accounts

from .context import user_name, workspace

bp = Blueprint("users", __name__)


@bp.get("/users")
def index():
    return render_template("users.html", users=Accounts(workspace().archive).list(), roles=ROLES)


@bp.post("/users")
def create():
    name, role = request.form.get("name", ""), request.form.get("role", "viewer")
    password = Accounts(workspace().archive).add(name, role, request.form.get("password") or None)
    flash(f"Đã tạo người dùng {name} ({role}). Mật khẩu: {password}")
    return redirect(url_for("users.index"))


@bp.post("/users/<name>")
def update(name):
    accounts = Accounts(workspace().archive)
    if request.form.get("role"):
        accounts.set_role(name, request.form["role"])
    if request.form.get("password"):
        accounts.set_password(name, request.form["password"])
    flash(f"Đã cập nhật {name}.")
    return redirect(url_for("users.index"))


@bp.post("/users/<name>/delete")
def delete(name):
    if name == user_name():
        from flask import abort
        abort(400, description="you cannot remove yourself")
    Accounts(workspace().archive).remove(name)
    flash(f"Đã xóa {name}.")
    return redirect(url_for("users.index"))
