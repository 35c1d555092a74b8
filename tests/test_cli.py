"""The haiquan CLI: ingest, stats, help texts."""
import json
import re

import click
import pytest

from haiquan.cli import main

from .conftest import SAMPLE, write_jsonl


def all_commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path, cmd", list(all_commands(main)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, cmd):
    assert cmd.help and len(cmd.help.strip()) > 20, f"{' '.join(path)} has no help text"
    assert "Example" in cmd.help, f"{' '.join(path)} help has no example"


def test_ingest_twice_adds_nothing_the_second_time(runner, sample_file):
    r = runner.invoke(main, ["ingest", str(sample_file)])
    assert r.exit_code == 0, r.output
    assert "5 added, 0 already present, 4 labeled" in r.output
    r = runner.invoke(main, ["ingest", str(sample_file)])
    assert r.exit_code == 0
    assert "0 added, 5 already present" in r.output


def test_ingest_malformed_line_stores_nothing_and_names_the_line(runner, tmp_path):
    bad = write_jsonl(tmp_path / "bad.jsonl", [SAMPLE[0], SAMPLE[1], '{"title": "x", "body": ', SAMPLE[2]])
    r = runner.invoke(main, ["ingest", str(bad)])
    assert r.exit_code == 1
    assert f"{bad}:3" in r.output and "malformed JSON" in r.output
    r = runner.invoke(main, ["stats", "--json"])
    assert json.loads(r.output)["articles"] == 0


@pytest.mark.parametrize("line, message", [
    ({"title": "x", "body": "   "}, "body is missing or empty"),
    ({"title": "x", "body": "Nội dung", "category": "sports"}, "unknown category 'sports'"),
    ({"title": "x", "body": "Nội dung", "date": "2021-02-30"}, "invalid date"),
    ({"title": "x", "body": "Nội dung", "date": "hôm qua"}, "invalid date"),
    ({"title": 5, "body": "Nội dung"}, "title must be text"),
    ({"id": "a b/c", "body": "Nội dung"}, "invalid id"),
    ({"body": "Nội dung", "url": "javascript:alert(1)"}, "invalid url"),
    ([1, 2, 3], "expected an object"),
])
def test_ingest_reports_bad_records(runner, tmp_path, line, message):
    f = write_jsonl(tmp_path / "bad.jsonl", [SAMPLE[0], line])
    r = runner.invoke(main, ["ingest", str(f)])
    assert r.exit_code == 1
    assert f"{f}:2" in r.output and message in r.output


def test_ingest_one_bad_file_does_not_block_the_good_one(runner, tmp_path, sample_file):
    bad = write_jsonl(tmp_path / "bad.jsonl", ["not json"])
    r = runner.invoke(main, ["ingest", str(bad), str(sample_file)])
    assert r.exit_code == 1
    assert "5 added" in r.output
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["articles"] == 5


def test_ingest_missing_file(runner, tmp_path):
    r = runner.invoke(main, ["ingest", str(tmp_path / "nope.jsonl")])
    assert r.exit_code == 1
    assert "no such file" in r.output


def test_ingest_non_utf8_file(runner, tmp_path):
    f = tmp_path / "latin1.jsonl"
    f.write_bytes('{"title": "Hải quan", "body": "x"}\n'.encode("utf-8") + '{"body": "caf\xe9"}\n'.encode("latin-1"))
    r = runner.invoke(main, ["ingest", str(f)])
    assert r.exit_code == 1
    assert f"{f}:2" in r.output and "UTF-8" in r.output


def test_stats_table(runner, sample_file):
    runner.invoke(main, ["ingest", str(sample_file)])
    r = runner.invoke(main, ["stats"])
    assert r.exit_code == 0
    assert "anti-smuggling" in r.output and "(unlabeled)" in r.output
    assert "5 articles" in r.output


def test_data_dir_option_overrides_env(runner, tmp_path, sample_file):
    other = tmp_path / "other"
    runner.invoke(main, ["--data-dir", str(other), "ingest", str(sample_file)])
    assert (other / "archive.sqlite3").exists()
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["articles"] == 0


def test_user_commands(runner):
    r = runner.invoke(main, ["user", "add", "lan", "--role", "editor"])
    assert r.exit_code == 0 and "password:" in r.output
    assert runner.invoke(main, ["user", "add", "lan"]).exit_code == 1
    assert runner.invoke(main, ["user", "add", "x y", "--password", "longenough"]).exit_code == 1
    assert runner.invoke(main, ["user", "add", "minh", "--password", "short"]).exit_code == 1
    listed = json.loads(runner.invoke(main, ["user", "list", "--json"]).output)
    assert [(u["name"], u["role"]) for u in listed] == [("lan", "editor")]
    token = runner.invoke(main, ["user", "token", "lan"]).output.strip()
    assert token.startswith("hq_")
    r = runner.invoke(main, ["user", "passwd", "lan"], input="new-password-1\nnew-password-1\n")
    assert r.exit_code == 0
    from corpus.accounts import Accounts
    from haiquan import Workspace
    ws = Workspace()
    assert Accounts(ws.archive).authenticate("lan", "new-password-1")["role"] == "editor"
    with pytest.raises(Exception, match="invalid API token"):
        Accounts(ws.archive).user_for_token(token)  # a new password revokes the old tokens
    ws.close()
    assert runner.invoke(main, ["user", "remove", "lan"]).exit_code == 0
    assert runner.invoke(main, ["user", "remove", "lan"]).exit_code == 1
    # an unknown user is said at once, before the password is asked for
    r = runner.invoke(main, ["user", "passwd", "nobody"], input="")
    assert r.exit_code == 1 and "no user 'nobody'" in r.output and "Password" not in r.output
    # a name that differs only in case would pass for the other
    assert runner.invoke(main, ["user", "add", "minh", "--role", "admin", "--password", "admin-pass-1"]).exit_code == 0
    r = runner.invoke(main, ["user", "add", "MINH", "--role", "viewer", "--password", "viewer-pass-1"])
    assert r.exit_code == 1 and "'minh' already exists" in r.output
    # the only admin can be neither demoted nor removed; with a second one, both work
    for args in (["user", "role", "minh", "editor"], ["user", "remove", "minh"]):
        r = runner.invoke(main, args)
        assert r.exit_code == 1 and "only admin" in r.output
    assert runner.invoke(main, ["user", "add", "an", "--role", "viewer", "--password", "viewer-pass-1"]).exit_code == 0
    assert runner.invoke(main, ["user", "role", "an", "admin"]).exit_code == 0
    assert runner.invoke(main, ["user", "role", "minh", "editor"]).exit_code == 0
    listed = json.loads(runner.invoke(main, ["user", "list", "--json"]).output)
    assert [(u["name"], u["role"]) for u in listed] == [("an", "admin"), ("minh", "editor")]


def test_bootstrap_is_idempotent_and_creates_the_first_admin_once(runner, tmp_path, monkeypatch):
    from . import conftest
    corpus_dir = tmp_path / "bundled"
    corpus_dir.mkdir()
    write_jsonl(corpus_dir / "a.jsonl", conftest.bundled(15))
    monkeypatch.setattr("haiquan.cli.BUNDLED_CORPUS", corpus_dir)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    write_jsonl(incoming / "demo.jsonl", [{"id": "in-1", "title": "Tin chưa gắn nhãn", "body": "Hải quan cửa khẩu làm thủ tục."},
                                          {"id": "in-2", "title": "Tin thứ hai", "body": "Bắt giữ thuốc lá lậu ở biên giới."}])
    monkeypatch.setattr("haiquan.cli.INCOMING_DEMO", incoming)
    r = runner.invoke(main, ["bootstrap"])
    assert r.exit_code == 0, r.output
    assert "60 added" in r.output and "first model: promoted" in r.output
    assert "2 unlabeled demo articles tagged by the model" in r.output
    password = re.search(r"user: admin\s+password: (\S+)", r.output).group(1)
    again = runner.invoke(main, ["bootstrap"])
    assert again.exit_code == 0 and "0 added, 60 already present" in again.output
    assert "password" not in again.output and "first model" not in again.output
    from corpus.accounts import Accounts
    from haiquan import Workspace
    ws = Workspace()
    assert Accounts(ws.archive).authenticate("admin", password)["role"] == "admin"
    assert ws.index.doc_count() == 62
    assert [a["id"] for a in ws.archive.review_queue()] != [] and ws.archive.review_backlog() == 2
    ws.close()


def test_serve_refuses_a_port_it_cannot_listen_on(runner):
    import socket
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        r = runner.invoke(main, ["serve", "--port", str(port)])
    assert r.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in r.output and "serving on" not in r.output
    r = runner.invoke(main, ["serve", "--port", "99999"])
    assert r.exit_code == 2 and "99999 is not in the range" in r.output
