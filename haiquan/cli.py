"""The ``haiquan`` command line: parse options, call the workspace, report."""
from __future__ import annotations

import json
import sys

import click

from classifier import ClassifierError
from corpus import CorpusError
from corpus.readers import input_files
from indexer import IndexerError

from .workspace import BUNDLED_CORPUS, INCOMING_DEMO, Workspace


class Group(click.Group):
    """A click group whose commands turn domain errors into a message and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (CorpusError, ClassifierError, IndexerError) as exc:
            raise click.ClickException(str(exc)) from None


def workspace_options(f):
    f = click.option("--models-dir", envvar="HAIQUAN_MODELS", type=click.Path(file_okay=False),
                     default="models", show_default=True, help="Trained model versions (env HAIQUAN_MODELS).")(f)
    f = click.option("--data-dir", envvar="HAIQUAN_DATA", type=click.Path(file_okay=False),
                     default="instance", show_default=True, help="Archive and index (env HAIQUAN_DATA).")(f)
    return f


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@workspace_options
@click.pass_context
def main(ctx, data_dir, models_dir):
    """Tag and search Vietnamese customs news.

    \b
    Example:
      haiquan ingest corpus/data/
      haiquan stats
    """
    ctx.obj = Workspace(data_dir, models_dir)
    ctx.call_on_close(ctx.obj.close)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["auto", "jsonl", "csv", "folder"]), default="auto",
              show_default=True, help="Input format; auto goes by extension (folder = one folder per label).")
@click.option("--title-field", default=None, help="Name of the title field in the input.")
@click.option("--body-field", default=None, help="Name of the body field in the input.")
@click.option("--label-field", default=None, help="Name of the category field in the input.")
@click.option("--jobs", type=int, default=None, help="Segmentation processes (default: all cores).")
@click.pass_obj
def ingest(ws: Workspace, paths, fmt, title_field, body_field, label_field, jobs):
    """Add articles to the archive: JSONL, CSV with a header, or a folder per label.

    Each file is taken whole or not at all: one bad line and nothing from that
    file is stored. Articles already in the archive are skipped.

    \b
    Example:
      haiquan ingest corpus/data/
      haiquan ingest news.csv
      haiquan ingest export.jsonl --body-field text --label-field topic
    """
    mapping = {"title": title_field, "body": body_field, "category": label_field}
    mapping = {k: v for k, v in mapping.items() if v} or None
    files = [f for path in paths for f in input_files(path, fmt)]
    failed = 0
    for path in files:
        try:
            s = ws.ingest(path, fmt, mapping, jobs=jobs)
        except CorpusError as exc:
            failed += 1
            click.echo(f"error: {exc}\n{path}: nothing stored from this file", err=True)
            continue
        tagged = f", {s.tagged} tagged by the model" if s.tagged else ""
        click.echo(f"{path}: {s.added} added, {s.present} already present, {s.labeled} labeled{tagged}")
    if failed:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def stats(ws: Workspace, as_json):
    """Counts of articles per label and label origin.

    \b
    Example:
      haiquan stats
      haiquan --data-dir /srv/haiquan stats --json
    """
    s = ws.archive.stats()
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    origins = ("corpus", "editor", "model", None)
    click.echo(f"{'label':<16}" + "".join(f"{o or 'none':>9}" for o in origins) + f"{'total':>9}")
    for label, row in sorted(s["by_label"].items(), key=lambda kv: kv[0] or "~"):
        cells = [row.get(o, 0) for o in origins]
        click.echo(f"{label or '(unlabeled)':<16}" + "".join(f"{c:>9}" for c in cells) + f"{sum(cells):>9}")
    click.echo(f"{s['articles']} articles, {s['label_decisions']} label decisions, "
               f"{s['segmented']} segmented texts cached")


@main.command()
@click.pass_obj
def bootstrap(ws: Workspace):
    """Set up a data directory: load the bundled corpus, train a model if there is none, build the index.

    Also loads a few unlabeled demo articles (corpus/incoming/), which the model
    tags and which then wait in the review queue.

    This is what `make run` does before serving. Safe to run again: nothing
    already present is added twice, an existing model is kept, and the index
    only catches up.

    \b
    Example:
      haiquan --data-dir /tmp/demo bootstrap
    """
    for path in input_files(BUNDLED_CORPUS):
        s = ws.ingest(path)
        click.echo(f"{path.name}: {s.added} added, {s.present} already present")
    click.echo(f"archive: {ws.archive.count()} articles in {ws.archive_path}")
    if not ws.has_model():
        click.echo("training the first model (a minute or two)…")
        outcome = ws.train(promote="auto", progress=lambda m, f=None: click.echo(f"  {m}"))
        click.echo(outcome.comparison_table())
        click.echo(f"model {outcome.version}: {outcome.reason}")
    else:
        click.echo(f"model: {ws.registry.current_version()}")
    for path in input_files(INCOMING_DEMO) if INCOMING_DEMO.is_dir() else []:
        s = ws.ingest(path)  # unlabeled: tagged by the model, waiting in the review queue
        if s.added:
            click.echo(f"{path.name}: {s.added} unlabeled demo articles tagged by the model for review")
    n = ws.retag()
    if n:
        click.echo(f"{n} articles tagged by the model")
    state = ws.update_index(progress=lambda done, total: None)
    click.echo(f"index: {state}, {ws.index.doc_count()} documents")
    from corpus.accounts import Accounts
    accounts = Accounts(ws.archive)
    if not accounts.count():
        password = accounts.add("admin", "admin")
        click.echo("\n" + "=" * 64)
        click.echo("  First start: an admin account was created. Note the password,")
        click.echo("  it is shown only this once (change it with `haiquan user passwd admin`):")
        click.echo(f"      user: admin    password: {password}")
        click.echo("=" * 64 + "\n")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Flask's development server with reloader and debugger.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256), help="Worker threads (waitress).")
@click.pass_obj
def serve(ws: Workspace, host, port, debug, threads):
    """Serve the web app and JSON API (waitress; Flask's dev server with --debug).

    \b
    Example:
      haiquan serve --port 8080
    """
    from webapp import create_app
    _check_port(host, port)  # before minutes of index work, not after
    retagged, index_state = ws.recover()
    if retagged:
        click.echo(f"tagged {retagged} articles with the current model {ws.registry.current_version()}")
    click.echo(f"index: {index_state}, {ws.index.doc_count()} documents")
    from corpus.text import segment
    segment("khởi động")  # load the segmenter and the model before the first request
    if ws.has_model():
        ws.tagger()
    import threading  # read the index's common postings meanwhile (seconds on a large archive)
    threading.Thread(target=ws.engine.warm, name="warm-index", daemon=True).start()
    app = create_app({"DATA_DIR": str(ws.data_dir), "MODELS_DIR": str(ws.models_dir)})
    if debug:
        click.echo(f"serving on http://{host}:{port}/")
        app.run(host=host, port=port, debug=True)
    else:
        import waitress
        try:
            server = waitress.create_server(app, host=host, port=port, threads=threads)
        except OSError as exc:
            raise _cannot_listen(host, port, exc) from None
        click.echo(f"serving on http://{host}:{port}/")
        server.run()


def _cannot_listen(host: str, port: int, exc: OSError) -> click.ClickException:
    return click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def _check_port(host: str, port: int) -> None:
    import socket
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]  # IPv4 or IPv6
        with socket.create_server((host, port), family=family):
            pass
    except OSError as exc:
        raise _cannot_listen(host, port, exc) from None


# The other command families register themselves on `main`.
from . import cli_corpus, cli_models, cli_search, cli_users  # noqa: E402,F401
