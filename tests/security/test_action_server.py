"""Only Rasa talks to the action server (issue 17, finding 1).

Against the real services that `make run` starts (scripts/services.sh, on free loopback
ports): a forged call with no secret, the right secret but text/plain (what a web page can
post blind), a foreign Host (DNS rebinding) and an unknown URL are all refused without running
an action or echoing what was sent, while Rasa itself, sending the secret, still gets its
actions run (a knowledge follow-up answered by actions/knowledge.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from action_server import TOKEN_HEADER, host_allowed
from family_guide.channels.sender_ids import new_sender_id
from harness.live_bot import LiveBot, running_bot

pytestmark = pytest.mark.live

FORGED_CALL = {
    "next_action": "action_booking_submit",
    "sender_id": "attacker",
    "tracker": {"sender_id": "attacker", "slots": {"booking_name": "<script>x</script>"},
                "latest_message": {}, "events": [], "paused": False,
                "latest_action_name": "action_listen", "active_loop": {}},
    "domain": {},
    "version": "3.6.2",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    with running_bot(tmp_path_factory.mktemp("action-guard")) as live:
        yield live


def webhook(bot: LiveBot, headers: dict[str, str], body: bytes) -> httpx.Response:
    return httpx.post(f"{bot.actions_url}/webhook", content=body, headers=headers, timeout=30)


def test_a_forged_call_without_the_secret_is_refused(bot: LiveBot) -> None:
    refused = webhook(bot, {"Content-Type": "application/json"}, json.dumps(FORGED_CALL).encode())
    assert refused.status_code == 401
    assert "script" not in refused.text and "attacker" not in refused.text


def test_a_wrong_secret_is_refused(bot: LiveBot) -> None:
    refused = webhook(bot, {"Content-Type": "application/json", TOKEN_HEADER: "guess"},
                      json.dumps(FORGED_CALL).encode())
    assert refused.status_code == 401


def test_json_labelled_as_text_is_refused_even_with_the_secret(bot: LiveBot) -> None:
    """A web page can post text/plain to any port without a CORS preflight."""
    refused = webhook(bot, {"Content-Type": "text/plain",
                            TOKEN_HEADER: bot.env["ACTION_SERVER_TOKEN"]},
                      json.dumps(FORGED_CALL).encode())
    assert refused.status_code == 415


def test_a_foreign_host_name_is_refused(bot: LiveBot) -> None:
    refused = httpx.get(f"{bot.actions_url}/health", headers={"Host": "rebind.example"},
                        timeout=30)
    assert refused.status_code == 421


def test_unknown_urls_are_a_plain_404_that_echoes_nothing(bot: LiveBot) -> None:
    missing = httpx.post(f"{bot.actions_url}/nothing-here", content=b'{"secret": "echo-me"}',
                         headers={"Content-Type": "application/json",
                                  TOKEN_HEADER: bot.env["ACTION_SERVER_TOKEN"]}, timeout=30)
    assert missing.status_code == 404 and "echo-me" not in missing.text


def test_no_web_page_is_granted_cors(bot: LiveBot) -> None:
    health = httpx.get(f"{bot.actions_url}/health", headers={"Origin": "https://evil.example"},
                       timeout=30)
    assert health.status_code == 200
    assert "access-control-allow-origin" not in {k.lower() for k in health.headers}


def test_rasa_sends_the_secret_and_its_actions_still_run(bot: LiveBot) -> None:
    """"Tell me more" is answered by a custom action: with a wrong secret in Rasa's endpoint
    the family would get the "part of me isn't working" apology instead."""
    sender = new_sender_id("guard-rasa")
    bot.say(sender, "my son says he doesn't have a problem")
    said = " ".join(m.get("text") or "" for m in bot.say(sender, "tell me more"))
    assert said.strip() and "isn't working right now" not in said


@pytest.mark.parametrize(
    ("host", "allowed"),
    [("127.0.0.1:5055", True), ("localhost", True), ("[::1]:5055", True),
     ("rebind.example:5055", False), ("127.0.0.1.evil.example", False), ("", False)],
)
def test_host_names(host: str, allowed: bool) -> None:
    assert host_allowed(host, ("127.0.0.1", "localhost", "[::1]")) is allowed
