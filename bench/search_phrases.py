"""Phrase queries with a misspelt syllable: how many of the first five results have the phrase meant.

    python bench/search_phrases.py

The known-item bench (search_quality.py) types a typo into 3–5 words drawn from
an article, in the order of the text but rarely next to each other. People
more often type a phrase, and the worst typos make another real syllable
(``thông quang`` for ``thông quan``): every syllable then matches something.
These 30 phrases, written by us, each carry one such typo, a wrong accent or a
like-sounding initial (``giây`` for ``dây``). They are searched on the same
archive as search_quality.py (the bundled corpus plus 3,000 VNTC articles) typed
as written and without diacritics; P@5 is the share of the first five results
whose title or text has the phrase meant (as whole words), side by side with the
same queries typed right (a ceiling: some phrases are in fewer than five articles).

Writes bench/results/search_phrases.json.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.archives import archive_path, build_archive  # noqa: E402
from bench.common import print_table, write_result  # noqa: E402
from corpus.text import fold  # noqa: E402
from indexer import SearchEngine, SearchIndex  # noqa: E402

# (typed, typed right, the phrase a result must contain)
PHRASES = [
    ("nhập ảnh trái phép", "nhập cảnh trái phép", "nhập cảnh trái phép"),
    ("thông quang hàng hóa", "thông quan hàng hóa", "thông quan hàng hóa"),
    ("tạm nhập tái suất", "tạm nhập tái xuất", "tạm nhập tái xuất"),
    ("buôn lậu xăng dấu", "buôn lậu xăng dầu", "xăng dầu"),
    ("kiểm tra sau thông quang", "kiểm tra sau thông quan", "kiểm tra sau thông quan"),
    ("hàng giã nhãn hiệu", "hàng giả nhãn hiệu", "hàng giả"),
    ("cửa khẩu quốc tê", "cửa khẩu quốc tế", "cửa khẩu quốc tế"),
    ("xuất sứ hàng hóa", "xuất xứ hàng hóa", "xuất xứ"),
    ("sử phạt vi phạm hành chính", "xử phạt vi phạm hành chính", "xử phạt vi phạm hành chính"),
    ("lực lượng kiểm xoát", "lực lượng kiểm soát", "kiểm soát"),
    ("vận chuyễn trái phép", "vận chuyển trái phép", "vận chuyển trái phép"),
    ("tịch thu tan vật", "tịch thu tang vật", "tang vật"),
    ("phòng chống ma túi", "phòng chống ma túy", "ma túy"),
    ("kiểm tra chuyên ngàn", "kiểm tra chuyên ngành", "kiểm tra chuyên ngành"),
    ("cửa khẩu hữu nghi", "cửa khẩu hữu nghị", "hữu nghị"),
    ("trị giá hãi quan", "trị giá hải quan", "trị giá hải quan"),
    ("thủ tụt hải quan", "thủ tục hải quan", "thủ tục hải quan"),
    ("tàu cá chỡ dầu", "tàu cá chở dầu", "chở dầu"),
    ("thuế nhập khẩu ưu đải", "thuế nhập khẩu ưu đãi", "ưu đãi"),
    ("khai bao hải quan điện tữ", "khai báo hải quan điện tử", "điện tử"),
    ("bắt giữ đối tượng vận chuyển ma tuy", "bắt giữ đối tượng vận chuyển ma túy", "ma túy"),
    ("đường giây buôn lậu", "đường dây buôn lậu", "đường dây"),
    ("chấp hành tốt pháp luật hải quang", "chấp hành tốt pháp luật hải quan", "pháp luật hải quan"),
    ("buôn bán động vật hoan dã", "buôn bán động vật hoang dã", "hoang dã"),
    ("gian lận sứ xứ", "gian lận xuất xứ", "xuất xứ"),
    ("chốn thuế", "trốn thuế", "trốn thuế"),
    ("hàng hóa quá cãnh", "hàng hóa quá cảnh", "quá cảnh"),
    ("phát hiện ngà vôi", "phát hiện ngà voi", "ngà voi"),
    ("thi đua khen thửơng", "thi đua khen thưởng", "khen thưởng"),
    ("lối mỡ biên giới", "lối mở biên giới", "lối mở"),
]


def norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def has_phrase(text: str, phrase: str) -> bool:
    """Whether ``text`` has ``phrase`` as whole words (``hàng giả``, not in ``hàng giảm``)."""
    return re.search(r"(?<!\w)" + re.escape(norm(phrase)) + r"(?!\w)", norm(text)) is not None


def main() -> None:
    archive = build_archive(archive_path("quality-3000.sqlite3"), 3000, seed=11)
    index = SearchIndex(archive_path("quality-3000-index"))
    if not index.is_current():
        index.rebuild(archive)
    else:
        index.sync(archive)
    engine = SearchEngine(index)

    def p_at_5(query: str, meant: str) -> float:
        hits = engine.search(query, limit=5).hits
        texts = [archive.get(h.id) for h in hits]
        return sum(has_phrase(a["title"] + " " + a["body"], meant) for a in texts) / 5

    rows, per_query = [], []
    totals = {"typed": 0.0, "typed without diacritics": 0.0, "typed right": 0.0}
    for typed, right, meant in PHRASES:
        got = {"typed": p_at_5(typed, meant), "typed without diacritics": p_at_5(fold(typed), meant),
               "typed right": p_at_5(right, meant)}
        for k, v in got.items():
            totals[k] += v
        per_query.append({"typed": typed, "meant": meant, **got,
                          "suggestion": engine.search(typed, limit=5).suggestion})
    n = len(PHRASES)
    result = {k: v / n for k, v in totals.items()}
    rows = [(k, f"{v:.3f}") for k, v in result.items()]
    print_table(["query", f"P@5 over {n} phrases"], rows)
    print(f"wrote {write_result('search_phrases', {'p_at_5': result, 'queries': per_query})}")


if __name__ == "__main__":
    main()
