"""Per-request resources (on ``g``) and app-wide ones (in ``app.extensions``)."""
from __future__ import annotations

from flask import current_app, g

from haiquan import Workspace


def workspace() -> Workspace:
    """The workspace of this request, opened on first use and closed on teardown."""
    if "ws" not in g:
        cfg = current_app.config
        g.ws = Workspace(cfg["DATA_DIR"], cfg["MODELS_DIR"])
    return g.ws


def close_workspace(_exc=None) -> None:
    ws = g.pop("ws", None)
    if ws is not None:
        ws.close()


def jobs():
    return current_app.extensions["haiquan.jobs"]


def user_name() -> str | None:
    return g.user["name"] if g.get("user") else None
