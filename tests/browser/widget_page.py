"""A page object for the chat widget: what a visitor sees and does, in the tests' words.

Playwright's CSS and role locators reach into the widget's open shadow root.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Locator, Page, Request, Route, expect

NEUTRAL_URL = "https://www.weather.gov/"
REPLY_TIMEOUT_MS = 30_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"


@dataclass
class NetworkGuard:
    """Keeps every request on this machine: the neutral exit page is answered locally, any
    other outside address is refused and remembered so the test can fail on it."""

    requested: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    neutral_hits: list[str] = field(default_factory=list)

    def install(self, context: BrowserContext) -> None:
        context.on("request", lambda request: self.requested.append(request.url))
        context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", self.handle)

    def handle(self, route: Route, request: Request) -> None:
        if request.url.startswith(NEUTRAL_URL):
            self.neutral_hits.append(request.url)
            route.fulfill(
                status=200,
                content_type="text/html",
                body="<!doctype html><title>Weather</title><h1>Local forecast</h1>",
            )
        else:
            self.refused.append(request.url)
            route.abort()


class WidgetPage:
    """The demo clinic page with the widget on it."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.launcher = page.get_by_role("button", name="Chat with Family Guide")
        self.panel = page.locator(".fg-panel")
        self.log = page.locator(".fg-log")
        self.input = page.get_by_label("Your message")
        self.typing = page.locator(".fg-typing")
        self.quick_replies = page.locator(".fg-quick-reply")

    def goto(self) -> WidgetPage:
        self.page.goto(self.url)
        expect(self.launcher).to_be_visible()
        return self

    def open(self) -> WidgetPage:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        return self

    def bubbles(self, who: str) -> Locator:
        return self.log.locator(f".fg-msg--{who}")

    def send(self, text: str) -> list[dict]:
        """Types a message, presses Enter and returns the bot's messages once they are shown."""
        with self.page.expect_response(is_webhook_reply, timeout=REPLY_TIMEOUT_MS) as reply:
            self.input.fill(text)
            self.input.press("Enter")
        return self.shown_reply(reply.value)

    def click_quick_reply(self, button: Locator) -> list[dict]:
        with self.page.expect_response(is_webhook_reply, timeout=REPLY_TIMEOUT_MS) as reply:
            button.click()
        return self.shown_reply(reply.value)

    def shown_reply(self, response) -> list[dict]:  # noqa: ANN001 (playwright Response)
        assert response.ok, f"Rasa answered HTTP {response.status}"
        messages = response.json()
        expect(self.typing).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
        return messages

    def storage(self) -> dict[str, str]:
        return self.page.evaluate("() => Object.fromEntries(Object.entries(sessionStorage))")

    def transcript_texts(self) -> list[str]:
        return [t.strip() for t in self.log.locator(".fg-msg").all_inner_texts()]

    def active_element(self) -> str:
        """A short description of what has keyboard focus, looking into the shadow root."""
        return self.page.evaluate(
            """() => {
                let el = document.activeElement;
                while (el && el.shadowRoot && el.shadowRoot.activeElement) {
                    el = el.shadowRoot.activeElement;
                }
                if (!el) return '';
                const label = el.getAttribute('aria-label') || el.textContent.trim()
                    || el.getAttribute('id') || '';
                return el.tagName.toLowerCase() + ':' + label;
            }"""
        )


def is_webhook_post(request: Request) -> bool:
    return request.url.endswith("/webhooks/rest/webhook") and request.method == "POST"


def is_webhook_reply(response) -> bool:  # noqa: ANN001 (playwright Response)
    return is_webhook_post(response.request)


def sent_message(request: Request) -> str:
    return json.loads(request.post_data or "{}").get("message", "")


def screenshot(widget: WidgetPage, name: str) -> None:
    """Saves what the visitor sees under reports/screenshots/ (git-ignored) for a human look."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


OpenWidget = Callable[..., WidgetPage]
