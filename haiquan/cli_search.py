"""CLI commands about search: index, search."""
from __future__ import annotations

import html
import json
import re
import sys

import click

from .cli import main
from .workspace import Workspace


@main.command("index")
@click.option("--rebuild", is_flag=True, help="Build the index from scratch even if it is current.")
@click.pass_obj
def index_cmd(ws: Workspace, rebuild):
    """Build or update the search index from the archive.

    Without --rebuild, an index made with other analyzers (or one that cannot be opened) is
    rebuilt and a current one only catches up with the archive's changes.

    \b
    Example:
      haiquan index
      haiquan index --rebuild
    """
    total = ws.archive.count()
    with click.progressbar(length=max(total, 1), label="indexing", show_pos=True, file=sys.stderr) as bar:
        state = {"done": 0}

        def progress(done, _total):
            bar.update(done - state["done"])
            state["done"] = done

        if rebuild:
            ws.index.rebuild(ws.archive, progress)
            result = "rebuilt"
        else:
            result = ws.update_index(progress)
    click.echo(f"index {result}: {ws.index.doc_count()} documents in {ws.index.path}")


@main.command("search")
@click.argument("query", nargs=-1)
@click.option("--category", default=None, help="Only this category.")
@click.option("--from", "date_from", default=None, help="From this date (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Up to this date (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1, 1000), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object: total, page, results, facets, suggestion.")
@click.pass_obj
def search_cmd(ws: Workspace, query, category, date_from, date_to, sort, page, limit, as_json):
    """Search the archive, with or without diacritics; "quoted phrases" stay together.

    \b
    Example:
      haiquan search buon lau cha lo
      haiquan search '"cửa khẩu Hữu Nghị"' --category border-gates --from 2020-01-01
      haiquan search thuốc lá --sort date --json
    """
    if not ws.index.exists():
        ws.update_index()
    r = ws.search(" ".join(query), category, date_from, date_to, sort, page, limit)
    if as_json:
        click.echo(json.dumps(r, ensure_ascii=False, indent=2))
        return
    click.echo(f"{r['total']} kết quả ({r['took_ms']:.0f} ms) — trang {r['page']}/{r['pages']}")
    if r["suggestion"]:
        click.echo(f"Có phải bạn muốn tìm: {r['suggestion']}")
    if r["missing"]:
        click.echo(f"Không tìm thấy: {', '.join(r['missing'])}")
    if r["facets"]:
        click.echo("  ".join(f"{k}: {v}" for k, v in r["facets"].items()))
    click.echo("")
    for i, hit in enumerate(r["results"], (r["page"] - 1) * r["limit"] + 1):
        snippet = " ".join(re.sub(r"</?mark>", "*", hit["snippet"]).split())
        click.echo(f"{i:>3}. {hit['title'] or '(không tiêu đề)'}")
        click.echo(f"     {hit['id']} · {hit['date'] or '—'} · {hit['category'] or '—'} · {hit['score']:.2f}")
        click.echo(f"     {html.unescape(snippet)}")
