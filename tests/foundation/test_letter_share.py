"""Issue 14, item 1: families write letters, so the classifier must learn from letters.

At least a quarter of each family-guidance topic's training examples are over 200 characters
(real family letters have a median of about 290). Without them a topic is learnt from short
questions only, and a parent's five-sentence letter about it falls to another topic.
"""

from __future__ import annotations

from collections import Counter

from rasa.shared.nlu.training_data.training_data import TrainingData

from family_guide.topics import load_topics

LETTER_CHARS = 200
MIN_LETTER_SHARE = 0.25
#: Conversation glue, crisis replies (their own letter sets, tuned with the crisis thresholds),
#: booking and articles, and clinic hours are not family guidance.
NOT_GUIDANCE = frozenset({"conversation", "crisis", "booking", "articles", "clinic"})


def test_every_family_guidance_topic_learns_from_letters(nlu_training_data: TrainingData) -> None:
    guidance = {name for name, topic in load_topics().items() if topic.theme not in NOT_GUIDANCE}
    examples: Counter[str] = Counter()
    letters: Counter[str] = Counter()
    for message in nlu_training_data.intent_examples:
        intent = message.get("intent")
        examples[intent] += 1
        letters[intent] += len(message.get("text") or "") > LETTER_CHARS
    short = {topic: f"{letters[topic]}/{examples[topic]}" for topic in sorted(guidance)
             if letters[topic] < MIN_LETTER_SHARE * examples[topic]}
    assert not short, f"topics with under a quarter of letters over {LETTER_CHARS} chars: {short}"
