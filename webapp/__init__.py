"""The Flask web app and JSON API."""
from __future__ import annotations

from flask import Flask, g


def create_app(config: dict | None = None) -> Flask:
    """Build the app; ``config`` overrides DATA_DIR, MODELS_DIR and the rest."""
    app = Flask(__name__)
    app.config.update(DATA_DIR="instance", MODELS_DIR="models")
    if config:
        app.config.update(config)

    from haiquan import Workspace

    def workspace() -> Workspace:
        if "ws" not in g:
            g.ws = Workspace(app.config["DATA_DIR"], app.config["MODELS_DIR"])
        return g.ws

    @app.teardown_appcontext
    def close(_exc):
        ws = g.pop("ws", None)
        if ws is not None:
            ws.close()

    @app.get("/")
    def home():
        s = workspace().archive.stats()
        return f"<!doctype html><meta charset=utf-8><title>haiquan-news</title><h1>haiquan-news</h1><p>{s['articles']} bài trong kho.</p>"

    return app
