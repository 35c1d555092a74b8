"""Vietnamese for the messages the editors see from training jobs and uploads (the library and
the CLI speak English)."""
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
    # what an uploaded file can be refused for (corpus.readers), after its name
    (r"not valid (UTF-8|UTF-16) text \(byte (\d+)\); save the file as UTF-8 or UTF-16 with BOM",
     r"không phải văn bản \1 hợp lệ (byte \2); hãy lưu tệp dạng UTF-8 hoặc UTF-16 có BOM"),
    (r"binary data \(NUL bytes\): this is not a text file", "có dữ liệu nhị phân: đây không phải tệp văn bản"),
    (r"file is larger than (\d+) MB", r"tệp lớn hơn \1 MB"),
    (r"only \.txt and \.docx files can be uploaded", "chỉ nhận tệp .txt và .docx"),
    (r"not a \.docx file \(it is not a zip archive\)", "không phải tệp .docx (không phải tệp nén zip)"),
    (r"not a plausible \.docx file \(too many parts\)", "không giống tệp .docx (quá nhiều phần)"),
    (r"refused: the \.docx would unpack to far more than its size \(zip bomb\?\)",
     "từ chối: tệp .docx giải nén ra lớn bất thường (zip bomb?)"),
    (r"not a \.docx file \(no word/document\.xml\)", "không phải tệp .docx (thiếu word/document.xml)"),
    (r"cannot read this \.docx file \((\w+)\)", r"không đọc được tệp .docx này (\1)"),
]
# the whole message, or what follows "name: " (an input error names its file first)
_COMPILED = [(re.compile(f"(?:^|(?<=: ))(?:{p})$"), r) for p, r in _PATTERNS]


def vi(message: str | None) -> str:
    """``message`` in Vietnamese if it is a known one (what comes before ``: `` kept);
    otherwise as it is."""
    if not message:
        return ""
    for pattern, replacement in _COMPILED:
        if pattern.search(message):
            return pattern.sub(replacement, message)
    return message
