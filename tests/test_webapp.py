"""The web app through Flask's test client: pages, editing, review, models, overview."""
import codecs
import io
import re
import time

import pytest

from .conftest import login


def test_login_required_and_wrong_password(client):
    r = client.get("/?q=hải+quan")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    client.get("/login")
    with client.session_transaction() as s:
        token = s["csrf"]
    r = client.post("/login", data={"name": "bien", "password": "nope-nope", "csrf_token": token})
    assert r.status_code == 401 and "Sai tên đăng nhập" in r.get_data(as_text=True)


def test_search_page_with_and_without_diacritics(client):
    login(client, "vien")
    a = client.get("/?q=buôn+lậu").get_data(as_text=True)
    b = client.get("/?q=buon+lau").get_data(as_text=True)
    first = lambda html: re.search(r'class="title" href="([^"]+)"', html).group(1).split("?")[0]  # noqa: E731
    assert first(a) == first(b)
    assert "<mark>" in a and "kết quả" in a
    assert "Có phải bạn muốn tìm" in b and "buôn lậu" in b


def test_search_state_lives_in_the_url(client):
    login(client, "vien")
    html = client.get("/?q=hải+quan&category=legal&sort=date&page=2").get_data(as_text=True)
    assert 'value="hải quan"' in html
    assert re.search(r'<option value="legal" selected>', html)
    assert re.search(r'<option value="date" selected>', html)
    assert 'class="on">2<' in html
    # facet links keep the query and drop the page
    assert re.search(r'href="/\?q=h%E1%BA%A3i\+quan&amp;category=emulation&amp;sort=date"', html)


def test_a_page_past_the_last_goes_to_the_last(client):
    login(client, "vien")
    r = client.get("/?q=hải+quan&page=999")
    assert r.status_code == 302
    last = int(re.search(r"page=(\d+)", r.headers["Location"]).group(1))
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert 1 < last < 999 and f'class="on">{last}<' in html and "Không có bài nào" not in html
    # a query of symbols only: no results, and no promise of results with "the other words"
    html = client.get("/?q=%2A").get_data(as_text=True)
    assert "Không tìm thấy từ" in html and "các từ còn lại" not in html
    # a bad category is said, not answered with nothing
    r = client.get("/?q=hải+quan&category=foo")
    assert r.status_code == 400 and "unknown category" in r.get_data(as_text=True)


def test_article_page_and_one_click_correction(client):
    token = login(client, "bien")
    html = client.get("/articles/u1").get_data(as_text=True)
    assert "Lịch sử nhãn" in html and "Bài tương tự" in html and "mô hình" in html
    r = client.post("/articles/u1/label", data={"label": "border-gates", "csrf_token": token})
    assert r.status_code == 302
    html = client.get("/articles/u1").get_data(as_text=True)
    assert "biên tập viên" in html and "bien" in html
    assert "Cửa khẩu" in html


def test_viewer_sees_no_correction_form_and_cannot_post(client):
    token = login(client, "vien")
    html = client.get("/articles/u1").get_data(as_text=True)
    assert "Sửa nhãn" not in html
    assert client.post("/articles/u1/label", data={"label": "legal", "csrf_token": token}).status_code == 403


def test_new_article_paste_preview_save_and_search(client):
    token = login(client, "bien")
    body = ("Chi cục Hải quan cửa khẩu Móng Cái phối hợp Bộ đội Biên phòng bắt giữ 3 tấn nầm lợn "
            "nhập lậu không có giấy kiểm dịch, chủ hàng không xuất trình được hóa đơn.")
    r = client.post("/articles/new", data={"title": "Bắt giữ nầm lợn nhập lậu ở Móng Cái", "body": body,
                                           "action": "preview", "csrf_token": token})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Mô hình đề xuất" in html and html.count('role="meter"') == 4
    assert "Chống buôn lậu" in html and "Những từ quyết định" in html
    r = client.post("/articles/new", data={"title": "Bắt giữ nầm lợn nhập lậu ở Móng Cái", "body": body,
                                           "action": "save", "label": "anti-smuggling", "csrf_token": token})
    assert r.status_code == 302
    article_url = r.headers["Location"]
    html = client.get(article_url).get_data(as_text=True)
    assert "nầm lợn" in html and "biên tập viên" in html and "mô hình" in html  # both decisions in the history
    assert "Bắt giữ nầm lợn" in client.get("/?q=nam+lon").get_data(as_text=True)
    # the same text again: the preview says so and links to it, with no save buttons
    r = client.post("/articles/new", data={"title": "Bắt giữ nầm lợn nhập lậu ở Móng Cái", "body": body,
                                           "action": "preview", "csrf_token": token})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "đã có trong kho" in html and article_url.split("?")[0] in html
    assert 'name="label"' not in html
    # a field that cannot be saved brings the form back, with what was typed, in Vietnamese
    other = body.replace("3 tấn", "5 tấn")
    for action in ("preview", "save"):
        r = client.post("/articles/new", data={"title": "Tin khác", "body": other, "date": "2026-13-45",
                                               "action": action, "label": "legal", "csrf_token": token})
        html = r.get_data(as_text=True)
        assert r.status_code == 400 and "Chưa lưu được" in html and "invalid date" in html
        assert "5 tấn nầm lợn" in html and "<textarea" in html


@pytest.mark.parametrize("name, data, ok", [
    ("bai.txt", codecs.BOM_UTF16_LE + "Cửa khẩu Tà Lùng\nXe container nối dài chờ thông quan.".encode("utf-16-le"), True),
    ("bai.txt", "Thông tư mới\nHướng dẫn khai hải quan điện tử.".encode("utf-8"), True),
    ("bai.docx", None, True),
    ("bai.docx", b"PK\x03\x04 not really a zip", False),
    ("bai.pdf", b"%PDF-1.4", False),
    ("bai.txt", b"Tin \xc3\x28 sai m\xe3", False),
    ("<script>x</script>.exe", b"MZ", False),
])
def test_upload(client, name, data, ok):
    token = login(client, "bien")
    if data is None:
        import docx
        d = docx.Document()
        d.add_paragraph("Trao Bằng khen cho chi cục")
        d.add_paragraph("Chi cục được tặng Bằng khen trong phong trào thi đua năm.")
        buf = io.BytesIO()
        d.save(buf)
        data = buf.getvalue()
    r = client.post("/articles/new", data={"action": "preview", "csrf_token": token, "file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    if ok:
        assert r.status_code == 200 and "Mô hình đề xuất" in html
    else:
        assert r.status_code == 400 and 'class="error"' in html
        assert "<script>x" not in html
        assert any(said in html for said in ("không phải tệp .docx", "chỉ nhận tệp .txt và .docx",
                                             "không phải văn bản UTF-8 hợp lệ")), html  # in Vietnamese


def test_zip_bomb_docx_is_refused(client):
    import zipfile
    token = login(client, "bien")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" * (80 * 2**20))
    r = client.post("/articles/new", data={"action": "preview", "csrf_token": token,
                                           "file": (io.BytesIO(buf.getvalue()), "bomb.docx")},
                    content_type="multipart/form-data")
    assert r.status_code == 400 and "zip bomb" in r.get_data(as_text=True)


def test_review_queue_least_confident_first_and_decisions_saved(client, app):
    token = login(client, "bien")
    html = client.get("/review").get_data(as_text=True)
    assert "chờ duyệt" in html
    rows = re.findall(r'<td class="num">(\d+)%</td>', html)
    assert rows and [int(x) for x in rows] == sorted(int(x) for x in rows)
    current = re.search(r'action="/review/([^"]+)"', html).group(1)
    r = client.post(f"/review/{current}", data={"label": "legal", "csrf_token": token})
    assert r.status_code == 302
    html = client.get("/review").get_data(as_text=True)
    assert f'action="/review/{current}"' not in html
    assert "mô hình gắn" in html  # the next one in the queue: the model's tag
    html = client.get(f"/review?id={current}").get_data(as_text=True)  # opened again, decided
    assert "biên tập viên gắn" in html and "mô hình gắn" not in html.split('class="meta"')[1].split("</p>")[0]
    from corpus import Archive
    from pathlib import Path
    with Archive(Path(app.config["DATA_DIR"]) / "archive.sqlite3") as a:
        art = a.get(current)
        assert (art["label"], art["label_origin"], art["label_user"]) == ("legal", "editor", "bien")
        assert art["label_at"]


def test_models_page_retrain_in_background_and_rollback(client):
    token = login(client, "quan")
    html = client.get("/models").get_data(as_text=True)
    assert "đang dùng" in html and "confusion.png" in html
    r = client.post("/models/train", data={"promote": "always", "csrf_token": token})
    assert r.status_code == 302
    job_id = r.headers["Location"].split("job=")[1]
    for _ in range(240):
        state = client.get(f"/api/jobs/{job_id}", headers={"X-CSRF-Token": token}).get_json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert state["status"] == "done", state
    assert state["result"]["promoted"] and state["progress"] == 1.0
    html = client.get(f"/models?job={job_id}").get_data(as_text=True)
    assert state["result"]["version"] in html and "xong" in html
    assert "dùng ngay theo yêu cầu" in html and "promotion forced" not in html  # the reason, in Vietnamese
    assert "đã lưu mô hình" in html
    assert client.post("/models/rollback", data={"csrf_token": token}).status_code == 302
    png = client.get(f"/models/{state['result']['version']}/confusion.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert client.get(f"/models/{state['result']['version']}/pipeline.joblib").status_code == 404


def test_overview_chart_and_counts(client):
    login(client, "vien")
    html = client.get("/overview").get_data(as_text=True)
    assert "<svg" in html and "<rect" in html and "chờ duyệt" in html
    tips = re.findall(r"<title>\d{4}-\d{2} · ([^:<]+): \d+</title>", html)
    assert tips and set(tips) <= {"Thi đua – khen thưởng", "Chống buôn lậu", "Cửa khẩu", "Pháp luật – thủ tục",
                                  "chưa gắn nhãn"}, set(tips)  # category names, not ids


def test_script_in_title_query_and_article_is_escaped(client):
    token = login(client, "bien")
    evil = "<script>alert('x')</script>"
    r = client.post("/articles/new", data={"title": f"Tin {evil} về hải quan", "body": f"Nội dung {evil} hải quan điện tử",
                                           "action": "save", "label": "legal", "csrf_token": token})
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert evil not in html and "&lt;script&gt;" in html
    html = client.get("/?q=" + evil).get_data(as_text=True)
    assert evil not in html and "&lt;script&gt;" in html
    html = client.get("/?q=hải+quan+điện+tử+script").get_data(as_text=True)
    assert "<script>alert" not in html


def test_security_headers_and_cookie_flags(client):
    r = client.get("/login")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["X-Frame-Options"] == "DENY"
    cookie = r.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forms_need_the_csrf_token(client):
    login(client, "bien")
    r = client.post("/articles/u1/label", data={"label": "legal"})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    r = client.post("/articles/u1/label", data={"label": "legal", "csrf_token": "forged"})
    assert r.status_code == 400


def test_no_inline_script_or_style_in_pages(client):
    login(client, "quan")
    for url in ("/", "/?q=hải+quan", "/articles/u1", "/articles/new", "/review", "/models", "/overview", "/users"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url


def test_the_only_admin_cannot_demote_themselves(app, client):
    token = login(client, "quan")
    r = client.post("/users/quan", data={"role": "viewer", "csrf_token": token})
    assert r.status_code == 409 and "only admin" in r.get_data(as_text=True)
    assert client.get("/users").status_code == 200  # still an admin
    assert client.post("/users/bien", data={"role": "admin", "csrf_token": token}).status_code == 302
    assert client.post("/users/quan", data={"role": "editor", "csrf_token": token}).status_code == 302
    assert client.get("/users").status_code == 403
