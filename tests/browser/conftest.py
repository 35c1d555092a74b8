"""Browser tests: a real waitress server in a thread, Debian's chromium driven by Playwright."""
import os
import shutil
import threading

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run"]


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: install Debian's chromium (.ci/run does)")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture
def server(trained_dirs, tmp_path):
    """The app on a private copy of the trained data, served by waitress on a free port."""
    from waitress.server import create_server

    from webapp import create_app
    shutil.copytree(trained_dirs / "data", tmp_path / "data")
    shutil.copytree(trained_dirs / "models", tmp_path / "models")
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "MODELS_DIR": str(tmp_path / "models"),
                      "SECRET_KEY": "browser-test"})
    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}", tmp_path
    srv.close()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def log_in(page, base, name):
    from tests.conftest import PASSWORDS
    page.goto(base + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("form.login button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
