"""The bundled corpus, `haiquan corpus check`, and the importers (CSV, folder per label, JSONL mapping)."""
import codecs
import json

import pytest

from corpus import InputErrors, read_articles
from corpus.check import check_corpus
from haiquan.cli import main

from .conftest import SAMPLE, write_jsonl

LABELED = [r for r in SAMPLE if r.get("category")]


def test_bundled_corpus_passes_the_check(runner):
    r = runner.invoke(main, ["corpus", "check", "--json"])
    assert r.exit_code == 0, r.output[-2000:]
    report = json.loads(r.output)
    assert report["ok"] and report["stats"]["articles"] >= 600
    assert min(report["stats"]["per_category"].values()) >= 130
    assert report["stats"]["max_shared_3grams"] < 0.30
    assert report["stats"]["hard_share"] >= 0.10


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows + [dict(rows[0])], "duplicate id 's1'"),
    (lambda rows: rows + [{**rows[0], "id": "copy"}], "same text as"),
    (lambda rows: [{**rows[0], "category": "sports"}] + rows[1:], "unknown category 'sports'"),
    (lambda rows: [{**rows[0], "date": "2021-02-30"}] + rows[1:], "invalid date"),
    (lambda rows: [{**rows[0], "date": "2005-01-01"}] + rows[1:], "outside 2010–2026"),
    (lambda rows: [{k: v for k, v in rows[0].items() if k != "category"}] + rows[1:], "no category"),
])
def test_check_fails_naming_the_problem(runner, tmp_path, change, message):
    f = write_jsonl(tmp_path / "c.jsonl", change([dict(r) for r in LABELED]))
    r = runner.invoke(main, ["corpus", "check", str(f), "--years", "2010-2026"])
    assert r.exit_code == 1
    assert message in r.output
    assert f"{f}:" in r.output


def test_check_refuses_an_empty_file_and_a_reversed_year_range(runner, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    r = runner.invoke(main, ["corpus", "check", str(empty)])
    assert r.exit_code == 1 and f"{empty}: no articles in this file" in r.output
    f = write_jsonl(tmp_path / "c.jsonl", LABELED)
    r = runner.invoke(main, ["corpus", "check", str(f), "--years", "2026-2010"])
    assert r.exit_code == 2 and "2026 is after 2010" in r.output


def test_check_finds_repeated_sentences_and_near_duplicates(tmp_path):
    long = ("Lực lượng hải quan cửa khẩu quốc tế Lào Cai vừa phát hiện một lô hàng khai sai tên hàng "
            "và số lượng so với thực tế kiểm tra.")
    rows = [
        {"id": "a", "title": "Tin A", "body": long + " Vụ việc đang được xử lý.", "category": "legal"},
        {"id": "b", "title": "Tin B", "body": "Mở đầu khác hẳn. " + long, "category": "legal"},
    ]
    report = check_corpus([write_jsonl(tmp_path / "r.jsonl", rows)])
    assert any("sentence repeated from 'a'" in p for p in report.problems)
    assert any("near-duplicate of 'a'" in p for p in report.problems)


def test_check_rejects_non_nfc_text(tmp_path):
    import unicodedata
    row = {**LABELED[0], "title": unicodedata.normalize("NFD", LABELED[0]["title"])}
    report = check_corpus([write_jsonl(tmp_path / "n.jsonl", [row])])
    assert any("not Unicode NFC" in p for p in report.problems)


# -- importers ---------------------------------------------------------------

def test_csv_import(runner, tmp_path):
    f = tmp_path / "news.csv"
    f.write_text('id,title,body,date,category\n'
                 'c1,"Thông quan, nhanh","Nội dung có dấu phẩy, và ""ngoặc kép""",2022-01-02,legal\n'
                 'c2,Tin hai,Bắt giữ hàng lậu tại Móng Cái,,anti-smuggling\n', encoding="utf-8")
    r = runner.invoke(main, ["ingest", str(f)])
    assert r.exit_code == 0, r.output
    assert "2 added" in r.output
    arts = {a.id: a for a in read_articles(f)}
    assert arts["c1"].body == 'Nội dung có dấu phẩy, và "ngoặc kép"' and arts["c2"].date is None


def test_csv_bad_row_names_the_line_and_stores_nothing(runner, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("title,body,category\nA,Nội dung,legal\nB,,legal\nC,Nội dung,nope\n", encoding="utf-8")
    r = runner.invoke(main, ["ingest", str(f)])
    assert r.exit_code == 1
    assert f"{f}:3: body is missing" in r.output and f"{f}:4: unknown category 'nope'" in r.output
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["articles"] == 0


def test_csv_without_body_column(tmp_path):
    f = tmp_path / "nobody.csv"
    f.write_text("title,text\nA,B\n", encoding="utf-8")
    with pytest.raises(Exception, match="no 'body' column"):
        read_articles(f)


@pytest.mark.parametrize("text, message", [
    # a quote left open would otherwise swallow the rest of the file into one field
    ('id,title,body\nc1,Tin một,Nội dung một\nc2,"Tin hai","Nội dung\n', ":2: malformed CSV"),
    ("id,body,title,body\nc1,A,B,C\n", ":1: CSV header names 'body' more than once"),
])
def test_csv_malformed_is_refused_whole(runner, tmp_path, text, message):
    f = tmp_path / "bad.csv"
    f.write_text(text, encoding="utf-8")
    r = runner.invoke(main, ["ingest", str(f)])
    assert r.exit_code == 1 and f"{f}{message}" in r.output, r.output
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["articles"] == 0


def test_a_field_named_on_the_command_line_must_exist(runner, tmp_path):
    """A misspelt --label-field must not turn the file's labels into model tags unsaid."""
    csv_file = tmp_path / "lab.csv"
    csv_file.write_text("id,title,body,nhan\nc1,Tin,Bắt giữ hàng lậu tại cửa khẩu,anti-smuggling\n", encoding="utf-8")
    r = runner.invoke(main, ["ingest", str(csv_file), "--label-field", "nhan2"])
    assert r.exit_code == 1 and "CSV header has no 'nhan2' column" in r.output
    jsonl = write_jsonl(tmp_path / "lab.jsonl", [{"id": "j1", "title": "Tin", "body": "Bắt giữ hàng lậu", "nhan": "legal"},
                                                 {"id": "j2", "title": "Tin hai", "body": "Thông quan hàng hóa"}])
    r = runner.invoke(main, ["ingest", str(jsonl), "--label-field", "nhan2"])
    assert r.exit_code == 1 and "no record has the field 'nhan2'" in r.output
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["articles"] == 0
    # named right, a record without it is simply unlabeled
    assert runner.invoke(main, ["ingest", str(jsonl), "--label-field", "nhan"]).exit_code == 0
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["articles"] == 2


def test_a_jsonl_line_nested_too_deeply_names_the_line(tmp_path):
    f = tmp_path / "deep.jsonl"
    f.write_text('{"id": "a", "title": "Tin", "body": "Nội dung"}\n' + "[" * 100_000 + "]" * 100_000 + "\n",
                 encoding="utf-8")
    with pytest.raises(InputErrors, match=f"{f}:2: malformed JSON: nested too deeply"):
        read_articles(f)


def test_docx_table_rows_are_kept_in_document_order():
    import io
    import docx
    from corpus.readers import read_upload
    d = docx.Document()
    d.add_paragraph("Trao tặng phần thưởng cho các đơn vị")
    d.add_paragraph("Các tập thể được khen thưởng gồm:")
    table = d.add_table(rows=2, cols=2)
    for r, (unit, award) in enumerate([("Chi cục Hải quan cửa khẩu Hữu Nghị", "Huân chương Lao động hạng Ba"),
                                       ("Đội Kiểm soát số 2", "Bằng khen của Bộ trưởng")]):
        table.cell(r, 0).text, table.cell(r, 1).text = unit, award
    d.add_paragraph("Lễ trao tặng diễn ra sáng nay.")
    buf = io.BytesIO()
    d.save(buf)
    art = read_upload("bai.docx", buf.getvalue())
    assert art["title"] == "Trao tặng phần thưởng cho các đơn vị"
    assert art["body"].split("\n\n") == ["Các tập thể được khen thưởng gồm:",
                                          "Chi cục Hải quan cửa khẩu Hữu Nghị – Huân chương Lao động hạng Ba",
                                          "Đội Kiểm soát số 2 – Bằng khen của Bộ trưởng", "Lễ trao tặng diễn ra sáng nay."]


def test_an_id_taken_by_another_article_names_the_file(runner, tmp_path):
    for batch, text in (("batch1", "Hướng dẫn khai hải quan\nNội dung thứ nhất."),
                        ("batch2", "Quy định mới về kiểm tra\nNội dung khác hẳn.")):
        (tmp_path / batch / "legal").mkdir(parents=True)
        (tmp_path / batch / "legal" / "1.txt").write_text(text, encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(tmp_path / "batch1")]).exit_code == 0
    r = runner.invoke(main, ["ingest", str(tmp_path / "batch2")])
    assert r.exit_code == 1
    assert f"{tmp_path / 'batch2' / 'legal' / '1.txt'}: article 'legal:1' is already in the archive" in r.output
    assert json.loads(runner.invoke(main, ["stats", "--json"]).output)["articles"] == 1


def test_folder_per_label_utf8_and_utf16(runner, tmp_path):
    root = tmp_path / "tree"
    (root / "legal").mkdir(parents=True)
    (root / "border-gates").mkdir()
    (root / "legal" / "a.txt").write_text("Hướng dẫn khai hải quan\nNội dung hướng dẫn chi tiết.\n", encoding="utf-8")
    (root / "border-gates" / "b.txt").write_bytes(codecs.BOM_UTF16_LE + "Cửa khẩu Lao Bảo\nXe qua lại đông.".encode("utf-16-le"))
    r = runner.invoke(main, ["ingest", str(root)])
    assert r.exit_code == 0, r.output
    arts = {a.id: a for a in read_articles(root)}
    assert arts["border-gates:b"].title == "Cửa khẩu Lao Bảo" and arts["border-gates:b"].category == "border-gates"
    assert arts["legal:a"].body == "Nội dung hướng dẫn chi tiết."


def test_folder_with_unknown_label_or_bad_encoding(tmp_path):
    root = tmp_path / "tree"
    (root / "sports").mkdir(parents=True)
    (root / "sports" / "x.txt").write_text("Bóng đá\nNội dung.", encoding="utf-8")
    with pytest.raises(InputErrors, match="unknown category 'sports'"):
        read_articles(root)
    (root / "sports" / "x.txt").unlink()
    (root / "legal").mkdir()
    (root / "legal" / "y.txt").write_bytes("Hải quan Việt Nam".encode("utf-8")[:-1] + b"\xff\xfe")
    with pytest.raises(Exception, match="y.txt"):
        read_articles(root)


def test_jsonl_field_mapping(runner, tmp_path):
    f = write_jsonl(tmp_path / "export.jsonl", [{"headline": "Tiêu đề", "text": "Nội dung bài.", "topic": "legal"}])
    r = runner.invoke(main, ["ingest", str(f), "--title-field", "headline", "--body-field", "text", "--label-field", "topic"])
    assert r.exit_code == 0, r.output
    assert "1 added, 0 already present, 1 labeled" in r.output
    r = runner.invoke(main, ["ingest", str(f)])
    assert r.exit_code == 1 and f"{f}:1: body is missing" in r.output


def test_binary_file_is_refused(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_bytes(b'{"body": "a"}\n\x00\x01\x02')
    with pytest.raises(Exception, match="binary"):
        read_articles(f)


def test_check_reads_a_folder_per_label_tree(runner, tmp_path):
    root = tmp_path / "tree"
    (root / "legal").mkdir(parents=True)
    (root / "legal" / "a.txt").write_text("Hướng dẫn khai hải quan\nNội dung hướng dẫn.", encoding="utf-8")
    (root / "sports").mkdir()
    (root / "sports" / "b.txt").write_text("Bóng đá\nNội dung thể thao.", encoding="utf-8")
    r = runner.invoke(main, ["corpus", "check", str(root), "--json"])
    assert r.exit_code == 1
    report = json.loads(r.output)
    assert report["stats"]["articles"] == 1
    assert any("unknown category 'sports'" in p for p in report["problems"])
