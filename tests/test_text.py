"""corpus.text: normalize, segment, fold on real Vietnamese."""
import unicodedata

import pytest

from corpus.text import fold, normalize, segment, segment_many, syllables


@pytest.mark.parametrize("raw, expected", [
    (unicodedata.normalize("NFD", "Hải quan Việt Nam"), "Hải quan Việt Nam"),
    ("Chương trình hoà nhập", "Chương trình hòa nhập"),
    ("Cô Thuý khoẻ mạnh, uỷ ban", "Cô Thúy khỏe mạnh, ủy ban"),
    ("ÐÀ NẴNG và Ðồng Tháp", "ĐÀ NẴNG và Đồng Tháp"),
    ("", ""),
    ("   \t \n\n  ", ""),
    ("Customs clearance at Hai Phong port.", "Customs clearance at Hai Phong port."),
    ("Tin vui 🎉 cho doanh nghiệp 👍", "Tin vui 🎉 cho doanh nghiệp 👍"),
    ("Giá trị &gt; 1 tỷ đồng &amp; hơn", "Giá trị > 1 tỷ đồng & hơn"),
    ("Dòng một\r\n\r\n\r\nDòng   hai\x07", "Dòng một\n\nDòng hai"),
    ("Không\u200bcó\u00a0khoảng", "Khôngcó khoảng"),
])
def test_normalize(raw, expected):
    out = normalize(raw)
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)


def test_normalize_is_idempotent():
    text = "Cục Hải quan tỉnh Quảng Bình phát động thi đua, hoà cùng khí thế năm mới."
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize("raw, words", [
    ("Cục Hải quan tỉnh Lạng Sơn bắt giữ hàng lậu.", ["Hải_quan", "Lạng_Sơn", "bắt_giữ"]),
    (unicodedata.normalize("NFD", "Hải quan cửa khẩu Hữu Nghị"), ["Hải_quan", "cửa_khẩu", "Hữu_Nghị"]),
    ("Doanh nghiệp hoà vốn nhờ thủ tục hải quan điện tử", ["Doanh_nghiệp", "thủ_tục", "hải_quan", "điện_tử"]),
])
def test_segment_joins_words(raw, words):
    tokens = segment(raw).split()
    for w in words:
        assert w in tokens


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t"])
def test_segment_empty(raw):
    assert segment(raw) == ""


def test_segment_keeps_paragraphs_and_sentences():
    out = segment("Câu thứ nhất về hải quan. Câu thứ hai về cửa khẩu.\n\nĐoạn hai nói về thuế.")
    assert out.count("\n") == 1
    assert "cửa_khẩu" in out and "." in out.split()


def test_segment_non_vietnamese_and_emoji():
    assert segment("Customs clearance at the port.").replace("_", " ").split()[:3] == ["Customs", "clearance", "at"]
    out = segment("Tin vui 😀 cho hải quan ⚓️ cảng")
    assert "😀" in out.split() and "⚓" in out.split()
    assert "hải_quan" in out


def test_segment_decodes_html_entities():
    assert "&" in segment("Hải quan &amp; doanh nghiệp").split()


def test_segment_underscore_in_input_is_not_a_word_joint():
    assert "file_name" not in segment("tệp file_name.txt")


def test_megabyte_text():
    sentence = "Cục Hải quan tỉnh Lạng Sơn vừa bắt giữ 2 tấn đường cát lậu tại cửa khẩu Hữu Nghị. "
    big = sentence * (1_000_000 // len(sentence.encode()) + 1)
    assert len(big.encode()) > 1_000_000
    assert normalize(big) == big.strip()
    seg = segment(big)
    assert seg.count("Hữu_Nghị") == big.count("Hữu Nghị")


@pytest.mark.parametrize("raw, expected", [
    ("Buôn lậu", "buon lau"),
    ("ĐƯỜNG CÁT Đồng Tháp", "duong cat dong thap"),
    ("hải_quan", "hai_quan"),
    (unicodedata.normalize("NFD", "Mộc Bài"), "moc bai"),
    ("", ""),
    ("plain ascii", "plain ascii"),
])
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_syllables():
    assert syllables("Hải_quan cửa khẩu, 2021!") == ["hải", "quan", "cửa", "khẩu", "2021"]


def test_segment_many_matches_segment_with_processes():
    texts = [f"Chi cục Hải quan cửa khẩu số {i} thông quan {i * 10} tờ khai." for i in range(40)]
    assert segment_many(texts, jobs=2, chunksize=4) == [segment(t) for t in texts]
    assert segment_many([], jobs=2) == []
