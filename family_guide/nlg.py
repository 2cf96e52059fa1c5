"""Rasa's response generator, with two changes families notice.

1. The most specific variation wins. Rasa picks at random among every conditional variation
   whose conditions match, so a partner who uses opioids could get the plain opioid text or the
   plain partner text by chance. Here the variation that matches the most conditions wins (ties:
   the first in the file), so content can add a specific case without a table of every
   combination.
2. `utter_reflection` is written from the letter itself (family_guide.reflection).
3. A reply that gives 988 to a conversation about someone who served also gives the Veterans
   Crisis Line; an answer to a message that says there is no way forward gives 988 first.
4. The "anything else?" turn offers the person who uses their own next steps (booking for
   themself, medicines, privacy), not "how to talk with them" and the check-in about a loved one,
   whichever path sent it (an answer, "tell me more", a follow-up action).

It runs inside Rasa (endpoints.yml `nlg: type: family_guide.nlg.FamilyGuideNLG`), so the
answers and crisis replies keep working with the action server down.
"""

from __future__ import annotations

import random
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.constants import RESPONSE_CONDITION
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from family_guide.followups import (
    NEXT_STEPS_FOR_THE_WRITER,
    READER_VERSIONS,
    for_reader,
    mentions_military_service,
    mentions_vivitrol_lapse,
    only_prescribed_pills,
    topic_asked,
    user_turns,
    writer_uses,
)
from family_guide.nlu.entity_rules import BEREAVED, STOPPING_ALONE
from family_guide.reflection import grief_topic, reflect
from family_guide.topics import answered_topics

REFLECTION = "utter_reflection"
# The honest "I don't have that written" replies (family_guide.followups.facet_answer).
MISSING_FACET_PREFIX = "utter_facet_missing_"
# Substances that are, or may hide, opioids such as fentanyl (pills, powders, the "tranq" mix).
FENTANYL_RISK = frozenset({"opioids", "fentanyl", "heroin", "xylazine", "cocaine", "meth",
                           "prescription_stimulants"})
OPIOID_SAFETY_LINE = "utter_opioid_safety_line"
# Its version for opioid pills a doctor prescribes (no "fentanyl can be in what they take").
PRESCRIBED_OPIOID_SAFETY_LINE = "utter_opioid_safety_line_prescribed"
VIVITROL_LAPSE_LINE = "utter_vivitrol_lapse_line"
# The "which of these matters most?" replies to a letter, or to a short message about a loved
# one's use, that the classifier could not place: they still carry the safety lines a topic
# answer would ("my daughter is pregnant and still using fentanyl").
LETTER_FALLBACK = "utter_fallback_long_message"
WHERE_TO_START_FALLBACK = "utter_fallback_where_to_start"
SAFETY_LINE_FALLBACKS = frozenset({LETTER_FALLBACK, WHERE_TO_START_FALLBACK})
VIVITROL_SAID = "when a shot wears off"
VETERANS_LINE = "utter_veterans_crisis_line"
# Quitting cold turkey or detoxing at home (situation "stopping_alone") from a substance whose
# withdrawal can kill: every answer says so until one has.
WITHDRAWAL_SAFETY_LINE = "utter_withdrawal_safety_line"
DANGEROUS_WITHDRAWAL = frozenset({"alcohol", "benzodiazepines"})
# Home from detox, rehab or jail, or just out of the hospital after an overdose (situations
# "homecoming" and "after_er"): tolerance is low, so the old amount can kill. Every answer, and
# the "which of these?" fallback, says so once, unless the substance named cannot hide an opioid.
LOST_TOLERANCE_LINE = "utter_lost_tolerance_line"
LOST_TOLERANCE_LINE_BRIEF = "utter_lost_tolerance_line_brief"  # under an answer naming naloxone
AFTER_TIME_AWAY = frozenset({"homecoming", "after_er"})
# Words that say there is no way forward, with no crisis found ("he told me he can't do this
# anymore"): 988 goes first in the answer, or in the fallback that asks what matters most.
NO_WAY_FORWARD_LINE = "utter_no_way_forward_line"
FALLBACKS = SAFETY_LINE_FALLBACKS | {"utter_fallback_rephrase", "utter_fallback_human"}
# The turns after an answer whose buttons are written for a family member.
FAMILY_FOLLOW_UP_TURNS = frozenset({"utter_anything_else", "utter_anything_else_after_more"})


def most_specific(variations: List[Dict[Text, Any]]) -> Optional[Dict[Text, Any]]:
    """The variation with the most conditions among those Rasa found suitable: the first on a
    tie between conditional ones (content decides), Rasa's random pick among plain ones (the
    greetings keep their variety)."""
    if not variations:
        return None
    most = max(len(variation.get(RESPONSE_CONDITION) or ()) for variation in variations)
    best = [v for v in variations if len(v.get(RESPONSE_CONDITION) or ()) == most]
    return best[0] if most else random.choice(best)


def reflection_for(tracker: DialogueStateTracker,
                   responses: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    """The reflection of the latest message as a bot message, or None if there is nothing to say;
    its other worry is never the topic being answered (topic_asked, as the policy reads it)."""
    turns = user_turns(tracker)
    if not turns:
        return None
    latest = turns[-1]
    found = reflect(latest.text, latest.entities, topic_asked(latest, responses), latest.ranking,
                    writer_uses(turns))
    if found is None:
        return None
    message: Dict[Text, Any] = {"text": found.text}
    if found.second_topic is not None:
        intent, title = found.second_topic
        message["buttons"] = [{"title": title, "payload": f"/{intent}"}]
    return message


def named_substance(tracker: DialogueStateTracker) -> Optional[str]:
    """The substance the latest message names, in the writer's own word ("weed")."""
    latest = tracker.latest_message
    text = (latest.text if latest else None) or ""
    for entity in (latest.entities if latest else None) or []:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") == "substance" and isinstance(start, int) and isinstance(end, int):
            return text[start:end].lower() or None
    return None


def already_said(tracker: DialogueStateTracker, words: str) -> bool:
    """Whether an earlier reply in this conversation already said these (lower-case) words."""
    return any(isinstance(event, BotUttered) and words in (event.text or "").lower()
               for event in tracker.events)


def already_said_naloxone(tracker: DialogueStateTracker) -> bool:
    """Whether an earlier reply in this conversation already talked about naloxone."""
    return already_said(tracker, "naloxone")


def names_fentanyl_risk(tracker: DialogueStateTracker) -> bool:
    """Whether the latest message itself names a substance that is, or may hide, an opioid."""
    latest = tracker.latest_message
    return any(entity.get("entity") == "substance" and entity.get("value") in FENTANYL_RISK
               for entity in (latest.entities if latest else None) or [])


def says_no_way_forward(tracker: DialogueStateTracker) -> bool:
    """Whether the latest message says someone sees no way forward, with no crisis found
    (the crisis detector's `no_way_forward`; a crisis gets its own reply)."""
    latest = tracker.latest_message
    crisis = ((latest.parse_data if latest else None) or {}).get("crisis") or {}
    return bool(crisis.get("no_way_forward")) and not crisis.get("kind")


def is_grief_answer(utter_action: Text, tracker: DialogueStateTracker) -> bool:
    """Whether this is the grief answer to a family whose loved one died: never "keep naloxone
    for them" under it (answers about another relative who uses keep the line)."""
    return (tracker.get_slot("situation") == BEREAVED
            and utter_action.startswith(f"utter_{grief_topic()}"))


def about(message: Optional[Dict[Text, Any]], subject: Optional[str]) -> Optional[Dict[Text, Any]]:
    """An honest "not written" reply that says what it is about, so "is the weed a worry too?"
    is not answered as if it were about the last topic."""
    if message is None or not subject or not message.get("text"):
        return message
    return {**message, "text": f"About {subject}: {message['text']}"}


def topic_answers(responses: Dict[Text, Any]) -> frozenset[str]:
    """Every main and deeper topic answer, in each reader's version: where a family who
    mentioned opioids must still read the naloxone line (crisis replies are rules, not here)."""
    names = set()
    for steps in answered_topics().values():
        for suffix in ("", "_more"):
            for version in ("", *READER_VERSIONS):
                names.add(f"{steps[0]}{suffix}{version}")
    return frozenset(names & set(responses))


class FamilyGuideNLG(TemplatedNaturalLanguageGenerator):
    """Templated responses, most specific variation first, and the letter's reflection."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None,
                 responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None, **_: Any) -> None:
        """Rasa passes the endpoint config and domain; tests may pass the responses alone."""
        super().__init__(responses if responses is not None else
                         (domain or Domain.empty()).responses)
        self._topic_answers: frozenset[str] = frozenset()
        self._topic_answers_of: Optional[Dict[Text, Any]] = None

    @property
    def topic_answer_names(self) -> frozenset[str]:
        """The topic answers among the current responses. `rasa run` builds the generator
        before it loads the model and then replaces `responses` with the model's, so this is
        worked out from whatever responses are there now, not once at construction."""
        if self._topic_answers_of is not self.responses:
            self._topic_answers = topic_answers(self.responses)
            self._topic_answers_of = self.responses
        return self._topic_answers

    def _random_response_for(
        self, utter_action: Text, output_channel: Text, filled_slots: Dict[Text, Any]
    ) -> Optional[Dict[Text, Any]]:
        if utter_action not in self.responses:
            return None
        suitable = ResponseVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, filled_slots
        )
        return most_specific(suitable)

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        if utter_action == REFLECTION:
            return reflection_for(tracker, self.responses)
        if utter_action in FAMILY_FOLLOW_UP_TURNS:
            turns = user_turns(tracker)
            if writer_uses(turns):
                utter_action = for_reader(NEXT_STEPS_FOR_THE_WRITER, turns, self.responses)
        message = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if utter_action.startswith(MISSING_FACET_PREFIX):
            return about(message, named_substance(tracker))
        safety_lines_fit = (utter_action in self.topic_answer_names
                            or utter_action in SAFETY_LINE_FALLBACKS)
        if safety_lines_fit and not is_grief_answer(utter_action, tracker):
            message = await self._with_withdrawal_safety(message, tracker, output_channel)
            message = await self._with_vivitrol_lapse(message, tracker, output_channel)
            message = await self._with_lost_tolerance(message, tracker, output_channel)
            message = await self._with_opioid_safety(message, tracker, output_channel)
        if utter_action in self.topic_answer_names or utter_action in FALLBACKS:
            message = await self._with_no_way_forward_line(message, tracker, output_channel)
        return await self._with_veterans_line(message, tracker, output_channel)

    async def _with_no_way_forward_line(self, message: Optional[Dict[Text, Any]],
                                        tracker: DialogueStateTracker,
                                        output_channel: Text) -> Optional[Dict[Text, Any]]:
        """988 first, when the message says there is no way forward ("he can't go on", "I
        feel hopeless") but raised no crisis: the family reads it before the answer."""
        text = str((message or {}).get("text") or "")
        if not text or "988" in text or not says_no_way_forward(tracker):
            return message
        line = for_reader(NO_WAY_FORWARD_LINE, user_turns(tracker), self.responses)
        return await self._appended(message, line, tracker, output_channel, first=True)

    async def _with_veterans_line(self, message: Optional[Dict[Text, Any]],
                                  tracker: DialogueStateTracker,
                                  output_channel: Text) -> Optional[Dict[Text, Any]]:
        """Any reply that gives 988 to a conversation about someone who served also gives the
        Veterans Crisis Line (988, then 1; text 838255), crisis replies included."""
        text = str((message or {}).get("text") or "")
        if "988" not in text or "838255" in text:
            return message
        if not mentions_military_service(user_turns(tracker)):
            return message
        return await self._appended(message, VETERANS_LINE, tracker, output_channel)

    async def _with_withdrawal_safety(self, message: Optional[Dict[Text, Any]],
                                      tracker: DialogueStateTracker,
                                      output_channel: Text) -> Optional[Dict[Text, Any]]:
        """An answer to a family whose loved one plans to quit drinking or benzodiazepines all
        at once, alone, says that it can cause seizures (and DTs) and needs a doctor: once, unless
        the answer itself already talks about seizures."""
        text = str((message or {}).get("text") or "")
        if not text or "seizure" in text.lower() or already_said(tracker, "seizure"):
            return message
        if (tracker.get_slot("situation") != STOPPING_ALONE
                or tracker.get_slot("substance") not in DANGEROUS_WITHDRAWAL):
            return message
        line = for_reader(WITHDRAWAL_SAFETY_LINE, user_turns(tracker), self.responses)
        return await self._appended(message, line, tracker, output_channel)

    async def _with_vivitrol_lapse(self, message: Optional[Dict[Text, Any]],
                                   tracker: DialogueStateTracker,
                                   output_channel: Text) -> Optional[Dict[Text, Any]]:
        """Any answer to a conversation that says a Vivitrol shot was missed or wore off carries
        the lost-tolerance warning, once (it names naloxone, so the opioid line stays quiet)."""
        text = str((message or {}).get("text") or "")
        if not text or VIVITROL_SAID in text.lower() or already_said(tracker, VIVITROL_SAID):
            return message
        turns = user_turns(tracker)
        if not mentions_vivitrol_lapse(turns):
            return message
        line = for_reader(VIVITROL_LAPSE_LINE, turns, self.responses)
        return await self._appended(message, line, tracker, output_channel)

    async def _with_lost_tolerance(self, message: Optional[Dict[Text, Any]],
                                   tracker: DialogueStateTracker,
                                   output_channel: Text) -> Optional[Dict[Text, Any]]:
        """An answer to a family whose loved one is just home from detox, rehab or jail, or just
        out of the hospital after an overdose, says that their tolerance is low (the old amount
        can kill): once, unless the answer already does, or the substance cannot hide an opioid
        (home from an alcohol detox). It names naloxone where the answer does not, so the
        opioid line stays quiet."""
        text = str((message or {}).get("text") or "")
        if not text or "tolerance" in text.lower() or already_said(tracker, "tolerance"):
            return message
        substance = tracker.get_slot("substance")
        if (tracker.get_slot("situation") not in AFTER_TIME_AWAY
                or (substance is not None and substance not in FENTANYL_RISK)):
            return message
        line = for_reader(LOST_TOLERANCE_LINE_BRIEF if "naloxone" in text.lower()
                          else LOST_TOLERANCE_LINE, user_turns(tracker), self.responses)
        return await self._appended(message, line, tracker, output_channel)

    async def _with_opioid_safety(self, message: Optional[Dict[Text, Any]],
                                  tracker: DialogueStateTracker,
                                  output_channel: Text) -> Optional[Dict[Text, Any]]:
        """Any answer to a family whose loved one uses opioids (or pills and powders that may
        hold fentanyl) carries naloxone and never using alone, whatever it is about: once in a
        conversation, and again whenever a message names such a substance itself."""
        text = str((message or {}).get("text") or "")
        if not text or "naloxone" in text.lower():
            return message
        if tracker.get_slot("substance") not in FENTANYL_RISK:
            return message
        if already_said_naloxone(tracker) and not names_fentanyl_risk(tracker):
            return message  # said earlier, and this follow-up names no such substance itself
        turns = user_turns(tracker)
        if (tracker.get_slot("substance") == "opioids" and only_prescribed_pills(turns)
                and not writer_uses(turns)):
            line = PRESCRIBED_OPIOID_SAFETY_LINE
        else:
            line = for_reader(OPIOID_SAFETY_LINE, turns, self.responses)
        return await self._appended(message, line, tracker, output_channel)

    async def _appended(self, message: Dict[Text, Any], line: Text,
                        tracker: DialogueStateTracker, output_channel: Text,
                        first: bool = False) -> Dict[Text, Any]:
        """The message with response `line` added as its last line, or its first (unchanged
        if the line is empty)."""
        extra = await super().generate(line, tracker, output_channel)
        if not extra or not extra.get("text"):
            return message
        lines = (extra["text"], message["text"]) if first else (message["text"], extra["text"])
        return {**message, "text": "\n".join(lines)}
