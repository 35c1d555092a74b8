"""A small curated list of customs synonyms and abbreviations, applied at query time.

Each group lists phrases a reader may use for the same thing; a query that
contains one of them also matches articles that use another. Matching is on
accent-folded syllables, so ``xe tai`` works as well as ``xe tải``.
"""
from __future__ import annotations

import functools

from corpus.text import fold, syllables

GROUPS = (
    ("xe tải", "xe container", "xe đầu kéo", "xe chở hàng", "xe công-te-nơ"),
    ("container", "công-te-nơ", "công te nơ", "cont"),
    ("ô tô", "xe hơi", "xe ô tô"),
    ("xe máy", "xe mô tô", "mô tô"),
    ("buôn lậu", "nhập lậu", "hàng lậu", "vận chuyển trái phép"),
    ("hàng giả", "hàng nhái", "hàng giả mạo", "giả nhãn hiệu"),
    ("ma túy", "chất ma túy", "ma tuý"),
    ("thuốc lá", "thuốc lá điếu"),
    ("xăng dầu", "nhiên liệu", "dầu diesel", "dầu DO"),
    ("động vật hoang dã", "ĐVHD"),
    ("ngà voi", "ngà"),
    ("vảy tê tê", "vẩy tê tê"),
    ("TP.HCM", "TP HCM", "TPHCM", "thành phố Hồ Chí Minh", "TP Hồ Chí Minh", "Sài Gòn"),
    ("C/O", "giấy chứng nhận xuất xứ", "chứng nhận xuất xứ"),
    ("mã HS", "mã số hàng hóa", "mã số HS"),
    ("kiểm tra sau thông quan", "KTSTQ"),
    ("doanh nghiệp", "DN"),
    ("thông quan", "giải phóng hàng"),
    ("ùn tắc", "ùn ứ", "tắc nghẽn", "ách tắc"),
    ("trái cây", "hoa quả"),
    ("xuất khẩu", "XK"),
    ("nhập khẩu", "NK"),
    ("thuế giá trị gia tăng", "thuế GTGT", "VAT"),
    ("thuế tiêu thụ đặc biệt", "thuế TTĐB"),
    ("Tổng cục Hải quan", "TCHQ"),
    ("thương mại điện tử", "TMĐT"),
    ("lối mở", "đường mòn"),
    ("ngoại tệ", "đô la Mỹ", "USD"),
    ("bắt giữ", "thu giữ", "tạm giữ"),
    ("xử phạt", "phạt tiền"),
    ("biểu dương", "tuyên dương", "khen thưởng"),
    ("một cửa quốc gia", "NSW"),
    ("doanh nghiệp ưu tiên", "AEO"),
)


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(fold(s) for s in syllables(phrase))


@functools.lru_cache(maxsize=1)
def _table() -> dict[tuple, tuple]:
    table: dict[tuple, tuple] = {}
    for group in GROUPS:
        keys = [_key(p) for p in group]
        for k in keys:
            table[k] = tuple(o for o in keys if o != k)
    return table


def find_synonyms(folded: list[str]) -> list[tuple[int, int, tuple]]:
    """Spans (start, end, alternatives) of synonym phrases in a folded syllable list, longest first."""
    table, spans, i = _table(), [], 0
    longest = max(len(k) for k in table)
    while i < len(folded):
        for n in range(min(longest, len(folded) - i), 0, -1):
            alts = table.get(tuple(folded[i:i + n]))
            if alts:
                spans.append((i, i + n, alts))
                i += n
                break
        else:
            i += 1
    return spans
