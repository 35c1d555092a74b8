"""What a new user does in the browser: search, paste and tag, review and correct, retrain."""
import re

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def first_hit(page):
    return page.locator("ol.hits li.hit a.title").first


def test_search_with_and_without_diacritics(server, page):
    base, _ = server
    log_in(page, base, "vien")
    page.fill("input[name=q]", "thuốc lá lậu")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    accented = first_hit(page).get_attribute("href").split("?")[0]
    assert "thuốc" in page.url or "thu%E1%BB%91c" in page.url  # the query is in the URL
    assert page.locator("ol.hits mark").count() > 0
    page.fill("input[name=q]", "thuoc la lau")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("p.suggest")
    assert first_hit(page).get_attribute("href").split("?")[0] == accented
    assert "thuốc lá lậu" in page.locator("p.suggest").inner_text()
    page.go_back()
    page.wait_for_selector("ol.hits li.hit")
    assert "thuốc lá lậu" in page.locator("#summary").inner_text()
    assert page.locator("input[name=q]").input_value() == "thuốc lá lậu"


def test_paste_an_article_and_see_its_tag(server, page):
    base, _ = server
    log_in(page, base, "bien")
    page.click("text=Thêm bài")
    page.fill("input[name=title]", "Hải quan Lạng Sơn thu giữ 2 tấn nầm lợn nhập lậu")
    page.fill("textarea[name=body]", "Đội Kiểm soát Hải quan phối hợp Bộ đội Biên phòng bắt giữ xe tải chở "
                                     "2 tấn nầm lợn đông lạnh nhập lậu, không có giấy kiểm dịch.")
    page.click("form.new button[type=submit]")
    page.wait_for_selector(".prediction")
    assert "Chống buôn lậu" in page.locator(".prediction strong.badge").inner_text()
    assert page.locator('.probs [role="meter"]').count() == 4
    # the bars are drawn (no inline style, which the CSP forbids): the first, most likely, is the longest
    widths = page.eval_on_selector_all('.probs rect[class^="fill-"]', "els => els.map(e => e.getBoundingClientRect().width)")
    assert widths[0] == max(widths) and widths[0] > 5 * min(widths)
    page.click("form.save button.suggested")
    page.wait_for_url(re.compile(r"/articles/"))
    assert "Chống buôn lậu" in page.locator(".label-box").inner_text()
    page.goto(base + "/?q=nam+lon")
    assert "nầm lợn" in first_hit(page).inner_text()


def test_correct_a_label_in_the_review_queue_with_a_key(server, page):
    base, _ = server
    log_in(page, base, "bien")
    page.goto(base + "/review")
    page.wait_for_selector("#decide")
    action = page.locator("#decide").get_attribute("action")
    article_id = action.rsplit("/", 1)[1]
    page.keyboard.press("4")  # the fourth category: legal
    page.wait_for_selector("p.flash")
    assert page.locator("#decide").count() == 0 or page.locator("#decide").get_attribute("action") != action
    page.goto(f"{base}/articles/{article_id}")
    page.reload()
    box = page.locator(".label-box").inner_text()
    assert "Pháp luật – thủ tục" in box and "biên tập viên" in box and "bien" in box


def test_retrain_from_the_browser(server, page):
    base, _ = server
    log_in(page, base, "quan")
    page.goto(base + "/models")
    before = page.locator("table.models tbody tr").count()
    page.select_option("select[name=promote]", "always")
    page.click("text=Huấn luyện lại")
    page.wait_for_selector("#job")
    page.wait_for_selector("#job[data-status=done]", timeout=240_000)
    assert page.locator("table.models tbody tr").count() == before + 1
    assert "dùng ngay theo yêu cầu" in page.locator("#job").inner_text()  # --promote always, said in Vietnamese
