"""CLI commands about the labeled corpus: corpus check."""
from __future__ import annotations

import json
import sys

import click

from corpus.check import check_corpus
from corpus.readers import input_files

from .cli import main
from .workspace import BUNDLED_CORPUS, Workspace

BUNDLED_RULES = {"years": (2010, 2026), "min_total": 600, "min_per_label": 130}


def _years(value):
    if value is None:
        return None
    try:
        lo, hi = (int(x) for x in value.split("-"))
    except ValueError:
        raise click.BadParameter("use FROM-TO, e.g. 2010-2026") from None
    if lo > hi:
        raise click.BadParameter(f"{lo} is after {hi}: use FROM-TO, e.g. {hi}-{lo}")
    return lo, hi


@main.group("corpus")
def corpus_group():
    """Work with labeled corpora (the bundled one, or yours).

    \b
    Example:
      haiquan corpus check
    """


@corpus_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--years", default=None, help="Allowed range of years, e.g. 2010-2026 (bundled corpus: 2010-2026).")
@click.option("--json", "as_json", is_flag=True, help="Print problems and statistics as JSON.")
@click.pass_obj
def corpus_check(ws: Workspace, paths, years, as_json):
    """Validate a labeled corpus; exit 1 listing every problem.

    Checks the schema, the label set, dates, Unicode NFC, duplicate ids,
    sentences of 8+ words repeated across articles, near-duplicate pairs
    (30% or more of word 3-grams shared) and prints length statistics.
    Without PATH, checks the bundled corpus (also: 600+ articles, 130+ per
    category, dates 2010–2026).

    \b
    Example:
      haiquan corpus check
      haiquan corpus check my-labeled.jsonl --years 2015-2026
    """
    rules = {}
    if not paths:
        paths = [BUNDLED_CORPUS]
        rules = dict(BUNDLED_RULES)
    files = [str(f) for p in paths for f in input_files(p)]
    if years:
        rules["years"] = _years(years)
    report = check_corpus(files, **rules)
    if as_json:
        click.echo(json.dumps({"ok": report.ok, "problems": report.problems, "stats": report.stats},
                              ensure_ascii=False, indent=2))
    else:
        st = report.stats
        click.echo(f"{st['articles']} articles; per category: "
                   + ", ".join(f"{k} {v}" for k, v in st["per_category"].items()))
        click.echo(f"hard cases: {st['hard']} ({st['hard_share']:.0%}); words: min {st['words']['min']}, "
                   f"median {st['words']['median']}, max {st['words']['max']}")
        click.echo("lengths: " + ", ".join(f"{k} {v}" for k, v in sorted(st["length_bins"].items())))
        click.echo(f"largest share of word 3-grams between two articles: {st['max_shared_3grams']:.0%}")
        for p in report.problems:
            click.echo(f"problem: {p}", err=True)
        click.echo(f"{len(report.problems)} problem(s)" if report.problems else "OK")
    sys.exit(0 if report.ok else 1)
