"""Vietnamese for the messages of training jobs (the library and the CLI speak English)."""
from __future__ import annotations

import re

_PATTERNS = [
    (r"(\d+) labeled articles \(corpus and editor\)", r"\1 bài đã gắn nhãn (kho mẫu và biên tập viên)"),
    (r"cross-validating (\d+) training articles", r"kiểm định chéo trên \1 bài huấn luyện"),
    (r"cross-validation fold (\d+)/(\d+)", r"kiểm định chéo: lượt \1/\2"),
    (r"fitting the final model on every labeled article", "huấn luyện mô hình cuối trên mọi bài đã gắn nhãn"),
    (r"fitting (.+)", r"huấn luyện \1"),
    (r"evaluating on (\d+) held-out articles", r"đánh giá trên \1 bài để riêng"),
    (r"saved model (\S+)", r"đã lưu mô hình \1"),
    (r"promotion forced \(--promote always\)", "dùng ngay theo yêu cầu (luôn dùng)"),
    (r"not promoted \(--promote never\)", "không đưa vào dùng theo yêu cầu (không bao giờ)"),
    (r"first model: promoted", "mô hình đầu tiên: đưa vào dùng"),
    (r"no held-out data to compare on: not promoted \(use --promote always\)",
     "không có bài để riêng để so sánh: chưa đưa vào dùng (chọn «luôn dùng» nếu muốn)"),
    (r"macro-F1 ([\d.]+) ≥ current ([\d.]+): promoted", r"macro-F1 \1 ≥ bản đang dùng \2: đưa vào dùng"),
    (r"macro-F1 ([\d.]+) < current ([\d.]+): not promoted", r"macro-F1 \1 < bản đang dùng \2: không đưa vào dùng"),
]
_COMPILED = [(re.compile(f"^{p}$"), r) for p, r in _PATTERNS]


def vi(message: str | None) -> str:
    """``message`` in Vietnamese if it is a known job message; otherwise as it is."""
    if not message:
        return ""
    for pattern, replacement in _COMPILED:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message
