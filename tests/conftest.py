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


def indexed_workspace(root: Path, articles) -> Workspace:
    """A workspace under ``root`` with ``articles`` ingested and indexed (close it when done)."""
    ws = Workspace(root / "data", root / "models")
    ws.ingest(write_jsonl(root / "articles.jsonl", articles))
    return ws


def indexed_workspace_fixture(name: str, articles):
    """A module-scoped fixture ``name``: a workspace with ``articles`` ingested and indexed."""
    @pytest.fixture(scope="module", name=name)
    def fixture(tmp_path_factory):
        ws = indexed_workspace(tmp_path_factory.mktemp(name), articles)
        yield ws
        ws.close()
    return fixture


def result_ids(result) -> list[str]:
    """The article ids of a search result, in rank order."""
    return [r["id"] for r in result["results"]]


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


# -- a trained workspace and the web app ---------------------------------------

LABELS = ("anti-smuggling", "border-gates", "emulation", "legal")
PASSWORDS = {"vien": "viewer-pass-1", "bien": "editor-pass-1", "quan": "admin-pass-1"}
ROLES_OF = {"vien": "viewer", "bien": "editor", "quan": "admin"}


def bundled(per_label: int, seed: int = 3):
    """``per_label`` bundled articles of each category, in a fixed random order."""
    import random
    rows = []
    for p in sorted((ROOT / "corpus" / "data").glob("*.jsonl")):
        rows += [json.loads(line) for line in p.open(encoding="utf-8")]
    rng = random.Random(seed)
    rng.shuffle(rows)
    out = []
    for lab in LABELS:
        out += [r for r in rows if r["category"] == lab][:per_label]
    return out


@pytest.fixture(scope="session")
def trained_dirs(tmp_path_factory):
    """Data and models directories: 60 bundled articles per category, a model, an index, users."""
    root = tmp_path_factory.mktemp("trained-web")
    ws = Workspace(root / "data", root / "models")
    ws.ingest(write_jsonl(root / "train.jsonl", bundled(60)))
    ws.train(promote="auto", search=False)
    # a few unlabeled articles for the review queue
    ws.ingest(write_jsonl(root / "new.jsonl", [
        {"id": "u1", "title": "Hải quan cửa khẩu Lao Bảo làm thủ tục cho xe hàng", "body": "Lượng xe qua cửa khẩu tăng mạnh, hải quan làm thủ tục thông quan nhanh."},
        {"id": "u2", "title": "Tập huấn thông tư mới", "body": "Cán bộ được tập huấn quy định mới về thủ tục hải quan và thi đua cuối năm."},
        {"id": "u3", "title": "Xử lý vụ vận chuyển thuốc lá", "body": "Đội kiểm soát lập biên bản vụ vận chuyển thuốc lá điếu nhập lậu qua biên giới."},
    ]))
    from corpus.accounts import Accounts
    acc = Accounts(ws.archive)
    for name, pw in PASSWORDS.items():
        acc.add(name, ROLES_OF[name], pw)
    ws.close()
    return root


@pytest.fixture
def app(trained_dirs, tmp_path):
    """A web app on a private copy of the trained directories."""
    import shutil
    from webapp import create_app
    shutil.copytree(trained_dirs / "data", tmp_path / "data")
    shutil.copytree(trained_dirs / "models", tmp_path / "models")
    return create_app({"DATA_DIR": str(tmp_path / "data"), "MODELS_DIR": str(tmp_path / "models"),
                       "SECRET_KEY": "test-secret", "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, name: str):
    """Log in through the form; returns the CSRF token of the session."""
    client.get("/login")
    with client.session_transaction() as s:
        token = s["csrf"]
    r = client.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": token})
    assert r.status_code == 302, r.data[:500]
    return token


def api_token(app, name: str) -> dict:
    from corpus import Archive
    from corpus.accounts import Accounts
    with Archive(Path(app.config["DATA_DIR"]) / "archive.sqlite3") as a:
        return {"Authorization": "Bearer " + Accounts(a).create_token(name)}
