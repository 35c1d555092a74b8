"""Reading: search, article pages, overview."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from .charts import monthly_chart
from .context import workspace

bp = Blueprint("pages", __name__)


def search_args(args) -> dict:
    """The search state from a query string (the URL holds all of it)."""
    def integer(name, default, lo, hi):
        try:
            return min(max(int(args.get(name, default)), lo), hi)
        except (TypeError, ValueError):
            return default
    return {"text": args.get("q", ""), "category": args.get("category") or None,
            "date_from": args.get("from") or None, "date_to": args.get("to") or None,
            "sort": args.get("sort", "relevance") if args.get("sort") in ("relevance", "date") else "relevance",
            "page": integer("page", 1, 1, 1000), "limit": integer("limit", 10, 1, 100)}


@bp.get("/")
def search():
    params = search_args(request.args)
    ws = workspace()
    result = ws.search(**params)

    def link(**changes):
        state = {"q": params["text"], "category": params["category"], "from": params["date_from"],
                 "to": params["date_to"], "sort": params["sort"], "page": 1}
        state.update(changes)
        return url_for("pages.search", **{k: v for k, v in state.items() if v not in (None, "", 1) or k == "q"})

    if result["total"] and params["page"] > result["pages"]:  # past the last page: go to it
        return redirect(link(page=result["pages"]))
    return render_template("search.html", r=result, p=params, link=link, labels=ws.archive.label_names())


@bp.get("/articles/<article_id>")
def article(article_id):
    ws = workspace()
    art = ws.article(article_id)
    q = request.args.get("q", "")
    body = art["body"]
    if q:
        from indexer import highlight, parse
        paragraphs = [highlight(p, parse(q).highlight_spec()) for p in body.split("\n\n")]
    else:
        from markupsafe import escape
        paragraphs = [str(escape(p)) for p in body.split("\n\n")]
    return render_template("article.html", a=art, paragraphs=paragraphs, similar=ws.similar(article_id),
                           labels=ws.archive.label_names(), q=q)


@bp.get("/overview")
def overview():
    ws = workspace()
    ov = ws.overview()
    chart = monthly_chart(ov["monthly"], ov["labels"], names=ws.archive.label_names())
    return render_template("overview.html", ov=ov, chart=chart)
