"""Browser tests: Playwright (from PyPI) driving Debian's chromium against pytest-django's
live server.

- One browser for the whole session; every test gets fresh browser contexts (cookies,
  storage), so the people of one test never share a session. Playwright gives each launch a
  fresh temporary profile (user data dir) and removes it on close.
- Playwright never downloads a browser here: it is pointed at /usr/bin/chromium. Without
  it the tests skip, except under CI (env CI set), where they fail.
- live_server (one per session) forces transactional_db: the data a test builds is
  committed, so the server's threads see it (PostgreSQL: through connections of their own;
  in-memory SQLite: Django hands them the test thread's connection), and the tables are
  emptied after each test (on PostgreSQL a TRUNCATE, the main cost of these tests there).
- A failing test leaves a screenshot and the HTML of each of its pages in
  var/ci-artifacts/browser/<test>.png / .html (relative to the repository root).
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest
from django.db import connections

from quantriet.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "ci-artifacts" / "browser"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _parked_browser():
    """(browser, its event loop), launched once per session.

    Playwright's sync API runs an asyncio loop in greenlets of this thread and leaves it
    marked as the thread's running loop between calls. Django then refuses database
    queries in this thread ("async context"), and async_to_sync refuses to run: the rest of
    the suite would break. So between browser tests the loop is parked (unmarked) and the
    `browser` fixture marks it again for the duration of one test."""
    if not os.path.exists(CHROMIUM):
        message = (f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                   "(apt-get install chromium)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    playwright = manager.start()
    loop = asyncio.get_running_loop()
    try:
        # Never a browser of Playwright's own: the system's chromium, with a fresh
        # temporary profile that Playwright creates for this launch and removes on close.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
    except BaseException:
        manager.__exit__()
        raise
    asyncio._set_running_loop(None)
    yield browser, loop
    asyncio._set_running_loop(loop)
    try:
        browser.close()
    finally:
        manager.__exit__()
        asyncio._set_running_loop(None)


@pytest.fixture
def browser(_parked_browser, monkeypatch):
    browser, loop = _parked_browser
    asyncio._set_running_loop(loop)
    # The loop is marked as running while the test runs: the test's own queries are still
    # plain synchronous code in this thread.
    # Django keeps database connections per thread in sync code but per context while a
    # loop runs, so the test's queries use a connection of their own: close it before the
    # loop is parked, or on PostgreSQL it outlives the test database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        yield browser
    finally:
        connections.close_all()
        asyncio._set_running_loop(None)


@pytest.fixture
def open_page(browser, live_server, request, monkeypatch):
    """open_page(phone=False) -> a new page in a fresh context (cookies, storage) on the
    live server; a phone is 390×844 with touch."""
    # The browser keeps its sockets open between requests, and the server thread serving
    # one keeps its database connection until the socket closes (or for CONN_MAX_AGE):
    # close it at the end of each request instead, so that no idle PostgreSQL session can
    # outlive the test (one would block dropping the test database at the end).
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    contexts = []
    pages = []

    def open_(*, phone: bool = False):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True,
                                      **(PHONE if phone else DESKTOP))
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield open_
    failed = any(getattr(request.node, f"rep_{when}", None) is not None
                 and getattr(request.node, f"rep_{when}").failed for when in ("setup", "call"))
    if failed:
        _keep_artifacts(request.node.name, pages)
    for context in contexts:
        context.close()


def _keep_artifacts(test_name: str, pages) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", test_name)
    for i, page in enumerate(pages):
        name = stem if i == 0 else f"{stem}-{i + 1}"
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(
                f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
        except Exception as e:  # a crashed page must not hide the test's own failure
            (ARTIFACTS / f"{name}.txt").write_text(f"no screenshot: {e}", encoding="utf-8")


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form (the page may already be on it after a redirect)."""
    if "/login/" not in page.url:
        page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def fits_the_screen(page) -> bool:
    """Nothing wider than the viewport: no sideways scrolling on a phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
