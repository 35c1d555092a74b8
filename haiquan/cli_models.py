"""CLI commands about models: train, evaluate, tag, models."""
from __future__ import annotations

import json

import click

from classifier import NoModel
from classifier.metrics import classification_metrics, format_table
from corpus import InputError, InputErrors, article_from_record, read_articles
from corpus.readers import read_jsonl

from .cli import main
from .training import PROMOTE_CHOICES
from .workspace import Workspace


@main.command()
@click.option("--promote", type=click.Choice(PROMOTE_CHOICES), default="auto", show_default=True,
              help="auto: promote only if macro-F1 on the held-out articles is not worse than the current model's.")
@click.option("--no-search", is_flag=True, help="Skip the cross-validated parameter search; use the defaults.")
@click.pass_obj
def train(ws: Workspace, promote, no_search):
    """Train a new model version on the corpus and editor labels in the archive.

    Labels the model assigned itself never train it. The new version is
    written under the models directory; with --promote auto it becomes
    current only if it is not worse than the current one on the same
    held-out articles.

    \b
    Example:
      haiquan train
      haiquan train --promote never
    """
    outcome = ws.train(promote=promote, search=not no_search, progress=lambda m, f=None: click.echo(f"  {m}", err=True))
    click.echo(outcome.comparison_table())
    if outcome.report.get("heldout"):
        click.echo("")
        click.echo(format_table(outcome.report["heldout"]))
    click.echo(f"\nmodel {outcome.version}: {outcome.reason}")


def _labeled_file(path, labels):
    try:
        articles = read_articles(path, labels=labels)
    except InputErrors as exc:
        raise click.ClickException(str(exc)) from None
    missing = [a.id for a in articles if not a.category]
    if missing:
        raise click.ClickException(f"{path}: {len(missing)} article(s) without a category, e.g. {missing[0]!r}")
    return articles


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "version", default=None, help="Model version (default: the current one).")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--jobs", type=int, default=None, help="Segmentation processes (default: all cores).")
@click.pass_obj
def evaluate(ws: Workspace, file, version, as_json, jobs):
    """Score a model on a labeled JSONL file: accuracy, macro-F1, per-class scores, confusion.

    \b
    Example:
      haiquan evaluate labeled.jsonl
      haiquan evaluate labeled.jsonl --model 20261128-101500-3f2a1c --json
    """
    tagger = ws.tagger(version)
    articles = _labeled_file(file, labels=tuple(sorted(set(tagger.labels) | set(ws.archive.labels()))))
    tags = tagger.tag_texts([(a.title, a.body) for a in articles], jobs=jobs)
    truth, predicted = [a.category for a in articles], [t.label for t in tags]
    # the categories of the file or of the answers: one the file lacks and the model never
    # answered has no score (counted as 0 it would drag macro-F1 down for nothing)
    labels = sorted(set(truth) | set(predicted))
    metrics = classification_metrics(truth, predicted, labels)
    metrics["model"] = tagger.version
    if as_json:
        click.echo(json.dumps(metrics, ensure_ascii=False, indent=2))
    else:
        click.echo(f"model {tagger.version} on {file}")
        click.echo(format_table(metrics))


def _tag_inputs(source, text_mode):
    """(id, title, body) triples from a JSONL stream or a plain-text article."""
    name = getattr(source, "name", "-")
    name = "<stdin>" if name in ("-", "<stdin>") or not isinstance(name, str) else name
    data = source.read()
    if text_mode:
        from corpus import decode_bytes
        from corpus.readers import _title_and_body
        title, body = _title_and_body(decode_bytes(data, name))
        if not body:
            raise click.ClickException(f"{name}: no text to tag")
        return [("text", title, body)]
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as tmp:
        tmp.write(data)
        tmp.flush()
        out, errors = [], []
        for where, record in read_jsonl(tmp.name):
            where = (name, where[1])
            if isinstance(record, InputError):
                errors.append(InputError(record.message, *where))
                continue
            try:
                if isinstance(record, dict):
                    record = {k: record.get(k) for k in ("id", "title", "body")}
                art = article_from_record(record, where=where)
            except InputError as exc:
                errors.append(exc)
                continue
            out.append((art.id, art.title, art.body))
    if errors:
        raise click.ClickException(str(InputErrors(errors)))
    return out


@main.command()
@click.argument("source", type=click.File("rb"), default="-")
@click.option("--text", "text_mode", is_flag=True, help="SOURCE is one plain-text article, not JSONL.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--model", "version", default=None, help="Model version (default: the current one).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Confidence under which a tag needs review (default: the model's, from its calibration).")
@click.option("--top", type=click.IntRange(0, 50), default=8, show_default=True, help="How many top terms to show.")
@click.option("--jobs", type=int, default=1, show_default=True, help="Segmentation processes.")
@click.pass_obj
def tag(ws: Workspace, source, text_mode, as_json, version, threshold, top, jobs):
    """Tag articles (JSONL with id, title, body; or plain text with --text). Stores nothing.

    \b
    Example:
      haiquan tag incoming.jsonl --json
      echo "Bắt giữ 2 tấn đường lậu tại An Giang" | haiquan tag - --text
    """
    items = _tag_inputs(source, text_mode)
    tagger = ws.tagger(version)
    tags = tagger.tag_texts([(t, b) for _, t, b in items], jobs=jobs, top=top, threshold=threshold)
    for (art_id, title, _), t in zip(items, tags):
        if as_json:
            click.echo(json.dumps({"id": art_id, **t.as_dict()}, ensure_ascii=False))
        else:
            flag = "  (cần xem lại / needs review)" if t.needs_review else ""
            click.echo(f"{art_id}\t{t.label}\t{t.confidence:.2f}{flag}\t{title[:60]}")
            if t.top_terms:
                click.echo("\t" + ", ".join(x["term"] for x in t.top_terms))


@main.group()
def models():
    """List, promote and roll back model versions.

    \b
    Example:
      haiquan models list
      haiquan models rollback
    """


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def models_list(ws: Workspace, as_json):
    """The model versions, newest first, with their held-out scores.

    \b
    Example:
      haiquan models list
    """
    current = ws.registry.current_version()
    rows = []
    for v in ws.registry.versions():
        meta = ws.registry.metadata(v)
        m = meta.get("metrics") or {}
        rows.append({"version": v, "current": v == current, "created": meta.get("created"),
                     "macro_f1": m.get("macro_f1"), "accuracy": m.get("accuracy"),
                     "data_size": meta.get("data", {}).get("size"), "promotion": meta.get("promotion")})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"no models in {ws.models_dir}; run `haiquan train`")
        return
    for r in rows:
        f1 = f"{r['macro_f1']:.4f}" if r["macro_f1"] is not None else "  –   "
        click.echo(f"{'*' if r['current'] else ' '} {r['version']}  macro-F1 {f1}  n={r['data_size']}  {r['created']}")


@models.command("promote")
@click.argument("version")
@click.pass_obj
def models_promote(ws: Workspace, version):
    """Make VERSION the current model (its files are verified first).

    \b
    Example:
      haiquan models promote 20261128-101500-3f2a1c
    """
    ws.registry.promote(version)
    n = ws.retag()
    click.echo(f"current model: {version} ({n} model tags refreshed)")


@models.command("rollback")
@click.pass_obj
def models_rollback(ws: Workspace):
    """Make the previously promoted version current again.

    \b
    Example:
      haiquan models rollback
    """
    try:
        version = ws.rollback()
    except NoModel as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"current model: {version}")


__all__ = ["train", "evaluate", "tag", "models"]
