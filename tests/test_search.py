"""Search on a real Whoosh index built in tmp_path from a small hand-written corpus."""
import json
import threading

import pytest

from haiquan import Workspace
from haiquan.cli import main
from indexer import BadQuery, SearchIndex, highlight, snippet

from .conftest import indexed_workspace, indexed_workspace_fixture, result_ids, write_jsonl
from .search_corpus import ARTICLES


ws = indexed_workspace_fixture("ws", ARTICLES)


ids = result_ids


def test_query_without_diacritics_finds_what_the_accented_query_finds(ws):
    accented = ws.search("đường cát nhập lậu")
    plain = ws.search("duong cat nhap lau")
    assert ids(accented)[0] == "d1"
    assert set(ids(plain)) == set(ids(accented))
    assert ids(plain)[0] == "d1"


def test_words_typed_apart_from_segmentation_still_match(ws):
    assert "d3" in ids(ws.search("khẩu Hữu"))


def test_phrase_does_not_match_the_words_apart(ws):
    r = ws.search('"cửa khẩu Hữu Nghị"')
    assert ids(r) == ["d3"]  # d4 has "cửa khẩu" and "Hữu Nghị", but apart
    assert ids(ws.search('"cua khau huu nghi"')) == ["d3"]
    assert set(ids(ws.search("cửa khẩu Hữu Nghị"))) >= {"d3", "d4"}


def test_exact_diacritics_rank_above_folded_matches(ws):
    r = ws.search("dương liễu")
    assert ids(r)[0] == "d11"
    r = ws.search("đường")
    # d11 has "dương" (and "đường"), d1 has "đường" twice: every hit with đường ranks above "dương"-only ones
    assert ids(r)[0] in {"d1", "d11"}


def test_all_words_rank_above_some_and_missing_words_are_named(ws):
    r = ws.search("ngà voi Cát Lái zzqxy")
    assert ids(r)[0] == "d9"
    assert r["missing"] == ["zzqxy"]
    assert r["total"] >= 1


def test_a_query_with_only_some_words_matching_is_never_empty(ws):
    r = ws.search("thanh long khủng long bạo chúa")
    assert r["total"] > 0 and ids(r)[0] == "d3"


def test_mixed_and_wrong_diacritics(ws):
    assert ids(ws.search("thu giu thuốc lá lau tay ninh"))[0] == "d2"
    assert ids(ws.search("lối mỡ biên giới"))[0] == "d2"


def test_typo_uses_fuzzy_matching_and_suggests_with_diacritics(ws):
    r = ws.search("thuoc la bein gioi")
    assert ids(r)[0] == "d2"
    assert r["corrected"] is True
    assert r["suggestion"] == "thuốc lá biên giới"
    typed_with_accents = ws.search("thuốc lá bêin giới")
    assert ids(typed_with_accents)[0] == "d2"
    assert typed_with_accents["suggestion"] == "thuốc lá biên giới"


def test_suggestion_restores_diacritics(ws):
    r = ws.search("buon lau")
    assert r["suggestion"] == "buôn lậu"
    assert ws.search("buôn lậu")["suggestion"] is None


def test_suggestion_keeps_what_was_typed_around_the_corrections(ws):
    # capitals, numbers, punctuation and quoted phrases stay as typed; single letters are no guess
    assert ws.search("Thu giu 3.000 bao thuoc la o Tay Ninh")["suggestion"] == \
        "Thu giữ 3.000 bao thuốc lá ở Tây Ninh"
    assert ws.search('"cửa khẩu" Huu Nghi, C/O')["suggestion"] == '"cửa khẩu" Hữu Nghị, C/O'
    assert ws.search("TAY NINH")["suggestion"] == "TÂY NINH"
    # exclusions and operators are not respelt, nor is a syllable inside another token
    assert ws.search("Tay Ninh AND buon lau -thuoc")["suggestion"] == "Tây Ninh AND buôn lậu -thuoc"
    assert ws.search("-ninh tay ninh")["suggestion"] == "-ninh tây ninh"


def test_a_query_of_symbols_only_matches_nothing(ws):
    for q in ("*", "🚚", "-"):
        r = ws.search(q)
        assert (r["total"], r["missing"]) == (0, [q])
    assert ws.search("")["total"] == len(ARTICLES)  # an empty query lists everything, newest first


def test_words_after_a_minus_or_not_leave_articles_out(ws):
    assert set(ids(ws.search("Tây Ninh"))) >= {"d1", "d2"}
    for q in ("Tây Ninh -thuốc", "Tây Ninh NOT thuốc", 'Tây Ninh -"thuốc lá"', "tay ninh -thuoc la"):
        r = ws.search(q)
        assert "d2" not in ids(r) and "d1" in ids(r), q
        assert r["facets"].get("anti-smuggling", 0) == sum(x["category"] == "anti-smuggling" for x in r["results"])
    # inside quotes nothing is an operator; a quote left open after a minus runs to the end
    from indexer import parse
    assert parse('"cục NOT hải -quan"').excluded == [] and len(parse('"cục NOT hải -quan"').phrases[0]) == 4
    assert "d2" not in ids(ws.search('Tây Ninh -"thuốc lá'))
    # the dash of a hyphenated name is no operator; AND and OR in capitals are dropped
    assert "d2" in ids(ws.search("thuốc lá-Tây Ninh"))
    assert ids(ws.search("buôn lậu AND ngà voi"))[0] == "d9"
    # only exclusions: everything else, newest first
    rest = ws.search("-lậu", limit=50)
    assert rest["total"] == len(ARTICLES) - len({x["id"] for x in ws.search("lậu", limit=50)["results"]})
    assert not {"d1", "d2", "d9"} & set(ids(rest))


def test_synonym_finds_the_other_word(ws):
    r = ws.search("xe tải đường cát")
    assert ids(r)[0] == "d1"  # the article says "xe container"


def test_long_question(ws):
    r = ws.search("thủ tục xuất khẩu sầu riêng sang Trung Quốc cần giấy tờ gì")
    assert ids(r)[0] == "d5"


def test_title_weighs_more_than_body(ws):
    r = ws.search("nông sản")
    assert ids(r)[:2] == ["d4", "d3"] or ids(r)[0] in {"d3", "d4"}
    assert ids(r)[0] == "d4" or "nông sản" in ws.archive.get(ids(r)[0])["title"].lower()


def test_facets_filters_sort_and_pages(ws):
    r = ws.search("hải quan")
    assert r["total"] == sum(r["facets"].values())
    only = ws.search("hải quan", category="legal")
    assert only["total"] == r["facets"]["legal"]
    assert {x["category"] for x in only["results"]} == {"legal"}
    assert only["facets"] == r["facets"]  # facets ignore the category filter, so one can switch
    dated = ws.search("hải quan", date_from="2021-01-01", date_to="2022-12-31")
    assert all("2021-01-01" <= x["date"] <= "2022-12-31" for x in dated["results"])
    newest = ws.search("hải quan", sort="date")
    dates = [x["date"] for x in newest["results"]]
    assert dates == sorted(dates, reverse=True)
    p1, p2 = ws.search("hải quan", limit=2), ws.search("hải quan", limit=2, page=2)
    assert p1["pages"] == (r["total"] + 1) // 2
    assert not set(ids(p1)) & set(ids(p2))


def test_empty_query_lists_newest_first(ws):
    r = ws.search("")
    assert r["total"] == len(ARTICLES)
    assert ids(r)[0] == "d12"


@pytest.mark.parametrize("kwargs, message", [
    ({"sort": "random"}, "sort"),
    ({"page": 0}, "page"),
    ({"limit": 1000}, "limit"),
    ({"date_from": "2021-13-01"}, "date"),
    ({"date_from": "2022-01-01", "date_to": "2021-01-01"}, "after"),
    ({"text": "x" * 600}, "too long"),
    ({"category": "smuggling"}, "unknown category 'smuggling' .known: emulation, anti-smuggling, border-gates, legal"),
])
def test_bad_parameters(ws, kwargs, message):
    args = {"text": "hải quan", **kwargs}
    with pytest.raises(BadQuery, match=message):
        ws.search(**args)


def test_snippets_are_escaped_and_marked(ws):
    r = ws.search("thẻ đậm")
    hit = next(x for x in r["results"] if x["id"] == "d12")
    assert "<b>" not in hit["snippet"]
    assert "&lt;b&gt;<mark>đậm</mark>&lt;/b&gt; &amp;" in hit["snippet"]
    assert hit["title"] == "Bài viết có <script>alert(1)</script> trong tiêu đề"  # escaped by whoever renders it


def test_highlight_prefers_exact_forms_and_marks_whole_phrases():
    spec = (((None, "loi"), ("mở", "mo")),)
    assert highlight("lối mở và lợi ích", spec) == "<mark>lối</mark> <mark>mở</mark> và lợi ích"
    spec = ((("lối", "loi"),),)
    assert highlight("lối đi, lợi ích", spec) == "<mark>lối</mark> đi, lợi ích"
    assert highlight("lợi ích", spec) == "<mark>lợi</mark> ích"
    s = snippet("a " * 100 + "đường cát <x>", (((None, "duong"),),), width=8)
    assert s.startswith("… ") and "<mark>đường</mark> cát &lt;x&gt;" in s


def test_similar_articles(ws):
    sim = ws.similar("d3")
    assert sim and sim[0]["id"] == "d4"
    assert "d3" not in [s["id"] for s in sim]


def test_ingested_article_is_searchable_at_once_and_label_changes_follow(tmp_path, runner):
    f = write_jsonl(tmp_path / "a.jsonl", ARTICLES[:3])
    assert runner.invoke(main, ["ingest", str(f)]).exit_code == 0
    extra = write_jsonl(tmp_path / "b.jsonl", [{"id": "n1", "title": "Phát hiện kỳ đà nhập lậu",
                                                 "body": "Hải quan sân bay phát hiện kỳ đà trong hành lý.",
                                                 "category": "anti-smuggling"}])
    assert runner.invoke(main, ["ingest", str(extra)]).exit_code == 0
    out = json.loads(runner.invoke(main, ["search", "ky da", "--json"]).output)
    assert [r["id"] for r in out["results"]] == ["n1"]
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    ws.set_label("n1", "legal", user="lan")
    assert ws.search("kỳ đà", category="legal")["total"] == 1
    ws.delete("n1")
    assert ws.search("kỳ đà")["total"] == 0
    ws.close()


def test_searching_an_empty_archive_finds_nothing_and_says_so(tmp_path, runner):
    # before anything is ingested (an empty index has no segment at all)
    out = runner.invoke(main, ["search", "buon lau", "--json"])
    assert out.exit_code == 0, out.output
    res = json.loads(out.output)
    assert (res["total"], res["results"], res["facets"]) == (0, [], {})
    table = runner.invoke(main, ["search", "hải quan"])
    assert table.exit_code == 0 and "0 kết quả" in table.output and "hải, quan" in table.output
    # every article deleted and the index merged down to nothing
    (tmp_path / "w").mkdir()
    ws = indexed_workspace(tmp_path / "w", ARTICLES[:2])
    for a in ARTICLES[:2]:
        ws.delete(a["id"])
    ws.index.ix().optimize()
    assert ws.search("sầu riêng")["total"] == 0
    assert ws.search("")["total"] == 0
    ws.close()


def test_search_keeps_working_after_label_changes_and_deletions(tmp_path):
    """A label change or a deletion leaves deleted documents in the index's segment;
    terms read for the first time afterwards must still be found (the postings of
    a segment with deletions were once unreadable, and only a rebuild helped)."""
    ws = indexed_workspace(tmp_path, ARTICLES[:8])
    ws.set_label("d1", "legal", user="lan")
    ws.delete("d2")
    assert ids(ws.search("đường cát")) == ["d1"]
    assert ws.search("đường cát", category="legal")["total"] == 1
    assert ids(ws.search("thanh long"))[0] == "d3"
    assert ids(ws.search("vung trong"))[0] == "d5"
    assert ws.search("thuốc lá điếu")["total"] == 0
    assert ws.search('"mã số vùng trồng"')["total"] == 1
    ws.close()
    fresh = Workspace(tmp_path / "data", tmp_path / "models")  # another process, reading from disk
    assert ids(fresh.search("kiểm dịch thực vật"))[0] == "d5"
    assert fresh.search("thi đua")["total"] >= 1
    fresh.close()


def test_a_damaged_index_file_is_a_clear_error_and_a_rebuild_mends_it(tmp_path, runner):
    ws = indexed_workspace(tmp_path, ARTICLES[:6])
    ws.close()
    for f in (tmp_path / "data" / "index").glob("*.pst"):  # the postings, emptied
        f.write_bytes(b"")
    from indexer import IndexDamaged
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    with pytest.raises(IndexDamaged, match="haiquan index --rebuild"):
        ws.search("sầu riêng")
    ws.close()
    env = {"HAIQUAN_DATA": str(tmp_path / "data"), "HAIQUAN_MODELS": str(tmp_path / "models")}
    r = runner.invoke(main, ["search", "thanh long"], env=env)
    assert r.exit_code == 1 and "could not be read" in r.output and "Traceback" not in r.output
    assert runner.invoke(main, ["index", "--rebuild"], env=env).exit_code == 0
    r = runner.invoke(main, ["search", "thanh long", "--json"], env=env)
    assert r.exit_code == 0 and json.loads(r.output)["results"][0]["id"] == "d3"


def test_index_rebuilds_when_the_analyzer_version_changes(tmp_path, monkeypatch):
    ws = indexed_workspace(tmp_path, ARTICLES[:4])
    assert ws.index.is_current()
    import indexer.index
    monkeypatch.setattr(indexer.index, "ANALYZER_VERSION", "old")
    assert not ws.index.is_current()
    assert ws.update_index() == "rebuilt"
    assert ws.index.meta()["analyzer"] == "old"
    ws.close()


def test_index_catches_up_after_changes_it_missed(tmp_path):
    ws = indexed_workspace(tmp_path, ARTICLES[:2])
    # a write to the archive alone (as if the process died before the index update)
    from corpus import read_articles
    ws.archive.add_articles(read_articles(write_jsonl(tmp_path / "b.jsonl", ARTICLES[2:5])))
    assert not {"d3", "d5"} & set(ids(ws.search("sầu riêng")))
    ws.update_index()
    assert {"d3", "d5"} <= set(ids(ws.search("sầu riêng")))
    ws.close()


def test_concurrent_writers_lose_nothing(tmp_path):
    ws = indexed_workspace(tmp_path, ARTICLES[:1])
    ws.close()
    errors = []

    def writer(k):
        w = Workspace(tmp_path / "data", tmp_path / "models")
        try:
            for j in range(4):
                f = write_jsonl(tmp_path / f"t{k}-{j}.jsonl", [{
                    "id": f"t{k}-{j}", "title": f"Tin số {k} {j}", "body": f"Nội dung bài kiểm thử luồng {k} lượt {j}."}])
                w.ingest(f)
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            errors.append(exc)
        finally:
            w.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    assert ws.index.doc_count() == 17
    assert ws.search("kiểm thử luồng")["all_words_matched"] == 16
    ws.close()


def test_searchindex_missing(tmp_path):
    with pytest.raises(Exception, match="haiquan index"):
        SearchIndex(tmp_path / "none").doc_count()


def test_a_batch_that_meets_a_half_read_segment_file_is_retried(tmp_path, monkeypatch):
    """Whoosh once found a segment's terms file without its header while a batch was
    being written (a CI run under load): the batch is applied again, nothing is lost."""
    from whoosh.filedb.filetables import FileFormatError

    ws = indexed_workspace(tmp_path, ARTICLES[:2])
    calls = []
    original = SearchIndex._apply

    def flaky(self, *args):
        calls.append(1)
        if len(calls) == 1:
            raise FileFormatError("Unknown file header b''")
        return original(self, *args)

    monkeypatch.setattr(SearchIndex, "_apply", flaky)
    ws.ingest(write_jsonl(tmp_path / "b.jsonl", ARTICLES[2:4]))
    assert len(calls) == 2
    assert {"d3", "d4"} <= set(ids(ws.search("cửa khẩu")))
    ws.close()
