"""Fixtures that build real things in tmp_path: archives, workspaces, CLI runners."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from haiquan import Workspace

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def write_jsonl(path: Path, records) -> Path:
    """Write records (dicts, or raw strings written as-is) one per line."""
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


SAMPLE = [
    {"id": "s1", "title": "Bắt giữ 3 tấn đường cát nhập lậu qua biên giới Tây Ninh",
     "body": "Đội Kiểm soát Hải quan tỉnh Tây Ninh phối hợp Bộ đội Biên phòng bắt giữ xe tải chở 3 tấn "
             "đường cát không có hóa đơn chứng từ tại huyện Châu Thành.",
     "date": "2021-03-05", "source": "test", "category": "anti-smuggling"},
    {"id": "s2", "title": "Cửa khẩu Hữu Nghị thông quan hơn 1.000 xe thanh long mỗi ngày",
     "body": "Lượng xe chở nông sản qua cửa khẩu quốc tế Hữu Nghị tăng mạnh dịp cuối năm, "
             "lực lượng hải quan làm thủ tục thông quan đến 22 giờ hằng ngày.",
     "date": "2022-12-20", "source": "test", "category": "border-gates"},
    {"id": "s3", "title": "Hướng dẫn khai báo mã HS đối với linh kiện điện tử",
     "body": "Doanh nghiệp hỏi về cách phân loại mã số hàng hóa theo Thông tư 31/2022/TT-BTC; "
             "cơ quan hải quan trả lời căn cứ vào quy tắc tổng quát giải thích Danh mục.",
     "date": "2023-06-01", "source": "test", "category": "legal"},
    {"id": "s4", "title": "Trao Huân chương Lao động hạng Ba cho Cục Hải quan Quảng Bình",
     "body": "Nhân kỷ niệm ngày truyền thống ngành Hải quan, đơn vị vinh dự đón nhận phần thưởng "
             "cao quý vì thành tích xuất sắc trong phong trào thi đua yêu nước.",
     "date": "2020-09-10", "source": "test", "category": "emulation"},
    {"id": "s5", "title": "Tin chưa gắn nhãn về hàng hóa tạm nhập tái xuất",
     "body": "Lô hàng tạm nhập tái xuất qua cảng Hải Phòng được giám sát chặt chẽ theo quy định mới.",
     "date": "2024-01-15", "source": "test"},
]


@pytest.fixture
def sample_file(tmp_path) -> Path:
    return write_jsonl(tmp_path / "sample.jsonl", SAMPLE)


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace(tmp_path / "data", tmp_path / "models")
    yield ws
    ws.close()


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("HAIQUAN_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("HAIQUAN_MODELS", str(tmp_path / "models"))
    return CliRunner()
