"""Take the README's screenshots of a running app in Debian's chromium.

    python docs/screenshots/take.py http://127.0.0.1:5000 admin PASSWORD

Log in as an admin; writes search.png, article.png, new.png, review.png,
models.png, overview.png and phone.png next to this file.
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run"]


def main(base: str, user: str, password: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="vi-VN")
        page.goto(base + "/login")
        page.fill("input[name=name]", user)
        page.fill("input[name=password]", password)
        page.click("form.login button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(base + "/?q=buon+lau+thuoc+la+tay+ninh")
        page.screenshot(path=HERE / "search.png")
        page.click("ol.hits li.hit a.title >> nth=0")
        page.screenshot(path=HERE / "article.png")
        page.goto(base + "/articles/new")
        page.fill("input[name=title]", "Hải quan Móng Cái thu giữ 3 tấn nầm lợn nhập lậu")
        page.fill("textarea[name=body]", "Đội Kiểm soát Hải quan phối hợp Bộ đội Biên phòng bắt giữ xe tải chở "
                                         "3 tấn nầm lợn đông lạnh không có giấy kiểm dịch, chủ hàng không xuất "
                                         "trình được hóa đơn chứng từ.")
        page.click("form.new button[type=submit]")
        page.wait_for_selector(".prediction")
        page.screenshot(path=HERE / "new.png")
        page.goto(base + "/review")
        page.screenshot(path=HERE / "review.png")
        page.goto(base + "/models")
        page.screenshot(path=HERE / "models.png", full_page=True)
        page.goto(base + "/overview")
        page.screenshot(path=HERE / "overview.png")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="vi-VN")
        phone.context.add_cookies(page.context.cookies())
        phone.goto(base + "/?q=cua+khau+huu+nghi")
        phone.screenshot(path=HERE / "phone.png")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
