"""Say so kindly when the action server is unreachable, instead of going silent.

When a custom action or a form's validation cannot reach the action server, Rasa logs the
exception, records that the action ran, drops its events and carries on: the family would see no
reply at all. Every user-facing custom action and every form run emits at least one event after
its `ActionExecuted`, so an `ActionExecuted` of one of them with nothing after it means the call
failed. This policy then predicts a plain response (no action server needed) and a listen; on the
next message everything runs as usual, so the bot carries on as soon as the server is back.

`rasa test` replays stories without running custom actions, so there every custom action looks
exactly like a failed one. The policy is therefore on only where the bot really serves people:
scripts/services.sh starts `rasa run` with FG_WATCH_ACTION_SERVER=1.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.policies.untrained import UntrainedPolicy

APOLOGY_RESPONSE = "utter_action_server_down"
WATCH_SWITCH = "FG_WATCH_ACTION_SERVER"


def watching() -> bool:
    """Whether this process serves real conversations (see the module docstring)."""
    return os.environ.get(WATCH_SWITCH, "") == "1"


def failed_remote_action(tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
    """The custom action or form that just ran without producing anything, if any."""
    if not tracker.events:
        return None
    last = tracker.events[-1]
    if not isinstance(last, ActionExecuted) or not last.action_name:
        return None
    remote = set(domain.user_actions) | set(domain.form_names)
    if last.action_name in remote and not last.action_name.startswith("validate_"):
        return last.action_name
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ActionServerDownPolicy(UntrainedPolicy):
    """Predicts the apology response after a failed custom action, then a listen."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Above RulePolicy (6) and the context policy (7): only ever confident in the two
        # situations it handles, and then nothing else may answer first.
        return {"priority": 8}

    def next_action(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        if not watching():
            return None
        if failed_remote_action(tracker, domain):
            return APOLOGY_RESPONSE
        if tracker.latest_action_name == APOLOGY_RESPONSE:
            return ACTION_LISTEN_NAME
        return None
