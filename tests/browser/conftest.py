"""Fixtures for the widget's browser tests: Debian's Chromium, the real bot, axe-core, a report.

Every service is started here on loopback ports and stopped after the session; every request
the page makes is checked to stay on this machine. The report goes to the session's temporary
folder, so a test run never changes a committed file; `make widget-report` sets
$FG_WIDGET_REPORT to write the committed reports/widget.md.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from axe_audit import AXE_VERSION, ensure_axe
from bot_stack import BotStack, start_bot_stack
from playwright.sync_api import Browser, sync_playwright
from widget_page import NetworkGuard, OpenWidget, WidgetPage

from harness.stack import ROOT as REPO
from widget.size_check import BUDGET_BYTES, gzipped_sizes, total_gzipped

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPORT_PATH_VARIABLE = "FG_WIDGET_REPORT"


@pytest.fixture(scope="session")
def chromium() -> str:
    subprocess.run(["bash", str(REPO / "scripts" / "ensure_chromium.sh")], check=True)
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    # Module scope: Playwright's sync API runs an event loop in this thread until it stops, and
    # every later test that calls asyncio.run() would fail while it is still running.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotStack]:
    stack = start_bot_stack(tmp_path_factory.mktemp("bot"), REPO / "var" / "log" / "browser-tests")
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return ensure_axe()


@pytest.fixture(scope="session")
def widget_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Tests add their axe results here; the report is written once at the end."""
    results: dict[str, list[dict]] = {}
    yield results
    if results:
        chosen = os.environ.get(REPORT_PATH_VARIABLE)
        write_report(results, Path(chosen) if chosen
                     else tmp_path_factory.getbasetemp() / "widget.md")


@pytest.fixture
def open_widget(browser: Browser, bot: BotStack) -> Iterator[OpenWidget]:
    """Opens the demo page in a fresh browser context (a fresh tab: empty sessionStorage).

    After the test, fails if the page tried to reach anything off this machine, broke its
    Content-Security-Policy or threw a JavaScript error.
    """
    contexts = []
    guards: list[NetworkGuard] = []
    problems: list[str] = []

    def open_page(broken_bot: str | None = None, **context_options) -> WidgetPage:
        context = browser.new_context(**context_options)
        contexts.append(context)
        guard = NetworkGuard()
        guard.install(context)
        guards.append(guard)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        url = bot.broken_demo_url(broken_bot) if broken_bot else bot.demo_url
        return WidgetPage(page, url).goto()

    yield open_page
    for context in contexts:
        assert context.cookies() == [], "the widget must not set cookies"
        context.close()
    for guard in guards:
        assert guard.refused == [], f"requests left the machine: {guard.refused}"
    assert problems == []


def write_report(axe_results: dict[str, list[dict]], path: Path) -> None:
    sizes = gzipped_sizes()
    lines = [
        "# Chat widget report",
        "",
        "Written by `make widget-report` (the browser tests in tests/browser) on "
        f"{datetime.now(timezone.utc):%Y-%m-%d}.",
        "",
        "## Size shipped to visitors (gzip -9)",
        "",
        "| file | raw bytes | gzipped bytes |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {raw} | {gz} |" for name, (raw, gz) in sizes.items()]
    lines += [
        f"| **total** | {sum(raw for raw, _ in sizes.values())} | **{total_gzipped(sizes)}** |",
        "",
        f"Budget: {BUDGET_BYTES} bytes gzipped (checked by widget/size_check.py).",
        "",
        f"## axe-core {AXE_VERSION} (WCAG 2.0/2.1/2.2 A and AA + best practices)",
        "",
        "| page state | serious + critical | moderate + minor | rules |",
        "| --- | ---: | ---: | --- |",
    ]
    for state, violations in axe_results.items():
        severe = [v for v in violations if v["impact"] in ("serious", "critical")]
        rules = ", ".join(f"{v['id']} ({v['impact']})" for v in violations) or "none"
        lines.append(f"| {state} | {len(severe)} | {len(violations) - len(severe)} | {rules} |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
