"""Every button a family can press leads somewhere.

A `/intent` payload must name an intent the bot knows; any other payload is sent as the
user's own words (form answers do this) and must not be empty.
"""

from __future__ import annotations

import re

PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(\{.*\})?$")


def test_every_button_payload_is_a_known_intent(variations, rasa_domain) -> None:
    intents = set(rasa_domain.intents)
    problems = []
    for name, index, variation in variations:
        for button in variation.get("buttons") or []:
            payload = str(button.get("payload", "")).strip()
            match = PAYLOAD.match(payload)
            if not payload or (payload.startswith("/") and (not match
                                                             or match["intent"] not in intents)):
                problems.append(f"{name}[{index}]: {button!r}")
            if not button.get("title"):
                problems.append(f"{name}[{index}]: a button without a title")
    assert not problems, "Buttons that lead nowhere:\n" + "\n".join(problems)
