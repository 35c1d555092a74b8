"""Ranking details: restoring diacritics word by word, adjacent syllables, typos that make real syllables."""
import pytest

from haiquan import Workspace
from indexer.lexicon import Restorer

from .conftest import indexed_workspace, result_ids, write_jsonl

ARTICLES = [
    # "thuốc lá" once, as a word
    {"id": "p", "title": "Bắt giữ xe tải không có hóa đơn",
     "body": "Tổ kiểm soát phát hiện xe tải chở thuốc lá ngoại không có hóa đơn, chủ xe bỏ chạy.",
     "date": "2024-01-02", "category": "anti-smuggling"},
    # "thuốc" and "lá" more often, never next to each other
    {"id": "q", "title": "Người dân nhặt được lá cờ cũ",
     "body": "Trên xe tải có thuốc men, lá chè khô và vài lá thư; người lái xe mua thuốc ở chợ, "
             "cất lá đơn trong cặp. Thuốc và lá chè được kê khai đủ, lá thư còn nguyên.",
     "date": "2024-01-03", "category": "legal"},
    {"id": "r", "title": "Chợ biên giới đông khách",
     "body": "Người dân mua bán nông sản, chủ xe tải chờ qua cửa khẩu.",
     "date": "2024-01-04", "category": "border-gates"},
    {"id": "h", "title": "Nhận diện thủ đoạn mới",
     "body": "Hải quan cảnh báo hiện tượng buôn lậu rượu ngoại qua đường mòn, đối tượng chia nhỏ hàng.",
     "date": "2024-02-01", "category": "anti-smuggling"},
    {"id": "u", "title": "Quán ven đường bán rượu không nhãn mác",
     "body": "Hiện quán vẫn mở cửa; khách uống rượu được biết đây là hàng buôn lậu từ bên kia biên giới.",
     "date": "2024-02-02", "category": "anti-smuggling"},
    {"id": "m", "title": "Xử phạt chủ hàng khai sai",
     "body": "Chủ hàng bị phạt 20 triệu đồng tiền mặt vì khai sai xuất xứ.",
     "date": "2024-03-01", "category": "legal"},
    {"id": "n", "title": "Danh sách cán bộ được khen",
     "body": "Tên các cán bộ được đề nghị khen thưởng đã được công bố.",
     "date": "2024-03-02", "category": "emulation"},
]


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w = indexed_workspace(tmp_path_factory.mktemp("ranking"), ARTICLES)
    yield w
    w.close()


ids = result_ids


@pytest.mark.parametrize("query", ["thuốc lá", "thuoc la", "thuoc la xe"])
def test_syllables_next_to_each_other_rank_the_article_with_the_word_first(ws, query):
    r = ws.search(query)
    assert ids(r)[:2] == ["p", "q"]  # q has both syllables (more often), but never as the word


def test_a_typo_that_makes_another_real_syllable_still_finds_the_word(ws):
    # "ượng" is no syllable of the archive, but "uong" (uống) is: its neighbour says "tượng"
    r = ws.search("hiện ượng buôn lậu")
    assert ids(r)[0] == "h"
    assert r["all_words_matched"] >= 1


def test_an_accented_typo_alone_also_matches_the_most_used_spellings_one_edit_away(ws):
    # "tền" is no syllable of the archive; its folded form is (tên): "tiền" is one edit away
    r = ws.search("tền")
    assert {"m", "n"} <= set(ids(r))


class FakeSearcher:
    """Document counts by field kind: syllables (``_s``), words (``_w``), folded words (``_wf``)."""

    def __init__(self, syllables, words):
        from corpus.text import fold
        self.df = {("s", k): v for k, v in syllables.items()}
        self.df.update({("w", k): v for k, v in words.items()})
        for k, v in words.items():
            self.df[("wf", fold(k))] = self.df.get(("wf", fold(k)), 0) + v

    def doc_frequency(self, field, term):
        if field.startswith("title"):
            return 0
        return self.df.get((field.split("_", 1)[1], term), 0)


def test_restoring_a_word_looks_past_the_commonest_forms_of_its_syllables():
    s = FakeSearcher({"tưởng": 50, "tượng": 40, "tương": 30, "tướng": 5, "thu": 30, "thủ": 20, "thú": 10},
                     {"thủ_tướng": 5, "đối_tượng": 40, "tư_tưởng": 20})
    r = Restorer(s)
    assert r.restore(["thu", "tuong"]) == ["thủ", "tướng"]
    assert r.in_word == [True, True]
    assert r.restore(["tuong"]) == ["tưởng"]  # alone: the commonest form


def test_restoring_prefers_the_commoner_of_two_overlapping_words():
    s = FakeSearcher({"bụng": 20, "kinh": 100, "đầu": 300, "dấu": 200, "đau": 50, "hiệu": 250, "bệnh": 80},
                     {"kinh_đau": 1, "dấu_hiệu": 200})
    assert Restorer(s).restore("bung kinh dau hieu benh".split()) == ["bụng", "kinh", "dấu", "hiệu", "bệnh"]


@pytest.mark.parametrize("other, relied_on", [(4, False), (1, True)])
def test_a_restored_word_counts_as_typed_only_when_one_form_dominates(other, relied_on):
    s = FakeSearcher({"sơ": 10, "sổ": 5, "đồ": 30, "đỏ": 10}, {"sơ_đồ": 8, "sổ_đỏ": other})
    r = Restorer(s)
    assert r.restore(["so", "do"]) == ["sơ", "đồ"]
    assert r.in_word == [relied_on, relied_on]


def test_a_syllable_rare_enough_to_be_a_kept_typo_is_corrected_by_its_neighbour(tmp_path, monkeypatch):
    """A large archive keeps some typos ("bein" in one article): a syllable in under
    1 article in RARE_SYLLABLE that forms no word with its neighbours, while a close
    spelling does, is corrected like an unknown one (scaled down here: 1 in 20)."""
    import indexer.search

    monkeypatch.setattr(indexer.search, "RARE_SYLLABLE", 20)
    rows = [{"id": f"b{i}", "title": f"Tuần tra biên giới đợt {i}",
             "body": f"Đội kiểm soát số {i} tuần tra tuyến biên giới, kiểm tra lối mở và đường mòn."}
            for i in range(30)]
    rows.append({"id": "typo", "title": "Tin ngắn", "body": "Bài có lỗi gõ: bein ở đây, không liên quan."})
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    ws.ingest(write_jsonl(tmp_path / "a.jsonl", rows))
    r = ws.search("lối mở bein giới")
    assert r["corrected"] is True
    assert r["suggestion"] == "lối mở biên giới"
    assert ids(r)[0].startswith("b")
    monkeypatch.setattr(indexer.search, "RARE_SYLLABLE", 100)  # 1 article in 31 is not under 1 in 100
    assert ws.search("tuyến bein giới")["corrected"] is False
    ws.close()
