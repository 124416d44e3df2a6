"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

One browser per session (starting chromium is the slow part), a fresh context per test so that
cookies and language never leak from one journey into the next.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, sync_playwright

from chatr.demo.world import World, build_world
from tests.browser.accessibility import attach_journal

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# fixtures' ORM calls as if they were made from async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "pw-for-tests-only"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the test, so fixtures know whether the test itself passed;
    in CI, turn a skipped browser test (whatever skipped it) into a failure."""
    report = yield
    if report.skipped and os.environ.get("CI") and item.get_closest_marker("browser"):
        report.outcome = "failed"
        report.longrepr = (
            f"browser test skipped in CI, which counts as a failure: {report.longrepr}"
        )
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: install Debian's chromium "
            "(apt-get install chromium) to run the browser tests"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message}; a skipped browser test is a failure in CI", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db: None) -> World:
    """The shared world, committed so that the live server's thread sees it."""
    return build_world(password=PASSWORD)


@pytest.fixture
def page(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest, browser: Browser, live_server, world: World
) -> Iterator[Page]:
    """A page in a fresh context that asks for Persian, as browsers in Iran do.

    Fails the test when a static file does not load, a script throws, or a page the journey
    opened was not checked with axe.
    """
    context = browser.new_context(
        base_url=live_server.url, locale="fa-IR", timezone_id="Asia/Tehran"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    journal = attach_journal(page)
    broken_assets: list[str] = []
    script_errors: list[str] = []
    server_errors: list[str] = []

    def watch(response: Response) -> None:
        if response.status >= 500:
            # A 500 page is a valid, accessible page: a journey must not "pass" on one.
            server_errors.append(f"{response.status} {response.url}")
        elif "/static/" in response.url and response.status >= 400:
            broken_assets.append(f"{response.status} {response.url}")

    page.on("response", watch)
    page.on(
        "requestfailed",
        lambda request: (
            broken_assets.append(f"failed {request.url}") if "/static/" in request.url else None
        ),
    )
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    context.close()
    assert not server_errors, f"the server failed: {server_errors}"
    assert not broken_assets, f"static files did not load: {broken_assets}"
    assert not script_errors, f"scripts threw: {script_errors}"
    call_report = getattr(request.node, "report_call", None)
    if call_report is not None and call_report.passed:
        # Only for a journey that got to its end: a failed one stops before its checks.
        unchecked = journal.unchecked()
        assert not unchecked, f"pages opened without an axe check: {unchecked}"
