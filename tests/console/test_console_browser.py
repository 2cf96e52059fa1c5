"""A member of staff reviews a real conversation in Chromium: log in, filter, open, check that
personal data is masked, tag it, mark it reviewed, log out.

The conversation goes through the running bot (action server + Rasa with the trained model,
started by scripts/services.sh), which stores it in a temporary SQL tracker database; the
console (started by `start_console`) reads it from there.
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
from console_stack import REPO, ConsoleStack, prepare_stack
from playwright.sync_api import Browser, expect, sync_playwright

pytestmark = pytest.mark.live

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
STAFF = ("casey.staff", "a-long-staff-password")
MESSAGES = (
    "Hi, my name is Maria Lopez",
    "You can reach me at 410-555-0142 or maria.lopez@example.com",
    "My son Daniel won't admit he has a problem with pills",
)
SECRETS = ("Maria", "Lopez", "410-555-0142", "maria.lopez@example.com", "Daniel")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleStack]:
    running = prepare_stack(tmp_path_factory.mktemp("console-stack"))
    created = running.manage("create-user", STAFF[0], "--role", "reviewer", password=STAFF[1])
    assert created.returncode == 0, created.stderr
    running.start_with_console()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ensure = REPO / "scripts" / "ensure_chromium.sh"
    subprocess.run(["bash", str(ensure)], check=True, timeout=900)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_staff_review_a_real_conversation_with_pii_masked(stack: ConsoleStack,
                                                          browser: Browser,
                                                          tmp_path: Path) -> None:
    sender = f"console-browser-{secrets.token_hex(4)}"
    for message in MESSAGES:
        assert stack.say(sender, message), f"the bot did not answer {message!r}"

    context = browser.new_context()
    page = context.new_page()
    problems: list = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    off_machine: list = []
    page.on("request", lambda request: off_machine.append(request.url)
            if not request.url.startswith(stack.console_url) else None)

    page.goto(stack.console_url + "/conversations")
    expect(page).to_have_url(stack.console_url + "/login")
    page.fill("input[name=username]", STAFF[0])
    page.fill("input[name=password]", STAFF[1])
    page.click("button[type=submit]")
    expect(page).to_have_url(stack.console_url + "/conversations")

    page.fill("input[name=q]", sender)
    page.click("#apply-filters")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("a").click()

    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text("[PHONE]")
    expect(transcript).to_contain_text("[EMAIL]")
    expect(transcript).to_contain_text("[NAME]")
    expect(transcript).to_contain_text("problem with pills")
    expect(transcript.locator(".turn.bot").first).to_be_visible()
    body = page.content()
    for secret in SECRETS:
        assert secret not in body, f"{secret!r} is shown unmasked"
    expect(page.locator("#masked-banner")).to_be_visible()
    expect(page.locator("#reveal")).to_have_count(0)  # reviewers cannot reveal

    page.fill("#new-tag", "pii-check")
    page.click("#add-tag")
    expect(page.locator("#tags")).to_contain_text("pii-check")
    page.click("#mark-reviewed")
    expect(page.locator("#review-status")).to_have_text("reviewed")

    page.click("#logout")
    expect(page).to_have_url(stack.console_url + "/login?bye=1")
    expect(page.locator(".notice")).to_contain_text("logged out")
    page.goto(stack.console_url + "/conversations")
    expect(page).to_have_url(stack.console_url + "/login")
    page.screenshot(path=str(tmp_path / "after-logout.png"))
    context.close()

    assert problems == [], f"browser errors (CSP violations?): {problems}"
    assert off_machine == [], f"requests left the console: {off_machine}"


def test_an_unattended_page_goes_to_the_login_after_fifteen_minutes(stack: ConsoleStack,
                                                                    browser: Browser) -> None:
    context = browser.new_context()
    context.clock.install()
    page = context.new_page()
    page.goto(stack.console_url + "/login")
    page.fill("input[name=username]", STAFF[0])
    page.fill("input[name=password]", STAFF[1])
    page.click("button[type=submit]")
    expect(page).to_have_url(stack.console_url + "/conversations")
    page.clock.fast_forward("14:00")
    expect(page).to_have_url(stack.console_url + "/conversations")
    page.clock.fast_forward("01:10")
    expect(page).to_have_url(stack.console_url + "/login?expired=1")
    expect(page.locator(".notice")).to_contain_text("15 minutes without activity")
    context.close()
