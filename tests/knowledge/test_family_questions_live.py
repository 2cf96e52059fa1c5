"""Issue 15's answers reach the families who ask, phrased as families write (short and long),
in the version written for whoever is asking.

Each question goes to the running bot as a fresh conversation; the reply must carry the point
that answer exists for. Written for these tests, never from the dev sets. Who is writing is
tested here, on the running bot, because part of it reads the classifier's ranking, which Rasa's
test stories do not keep.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.dialogue_eval import reply_text
from family_guide.channels.sender_ids import new_sender_id
from harness.live_bot import LiveBot, running_bot

pytestmark = pytest.mark.live

# (issue item, question, groups: every group must have one alternative in the reply,
#  never: words that must not appear)
QUESTIONS: list[tuple[str, str, list[list[str]], list[str]]] = [
    ("1 home from jail", "my son gets out of jail next week and he used heroin before, what "
     "should we be ready for", [["tolerance", "old amount"], ["naloxone"]], []),
    ("1 home from rehab, long",
     "My daughter finishes a 30 day program for fentanyl on Friday and is moving back in with us. "
     "Everyone is relieved, but I keep reading that people overdose right after treatment. What "
     "should we have ready at home and what should we watch for in the first weeks?",
     [["tolerance", "old amount"], ["naloxone"]], []),
    ("1 after the ER", "my brother overdosed on saturday and the er sent him home the next "
     "morning, what do we do now", [["buprenorphine", "peer", "follow-up"], ["naloxone"]], []),
    ("2 partner boundaries", "how do I set boundaries with my husband when he drinks",
     [["799-7233"]], []),
    ("3 alcohol medicines", "is there a medicine that helps someone stop drinking",
     [["naltrexone", "acamprosate"]], ["buprenorphine"]),
    ("4 methadone", "isn't methadone just trading one drug for another",
     [["recovery", "stable dose"]], []),
    ("5 teen cannabis", "my 15 year old is vaping weed every day, how do I talk to him about it",
     [["rules", "doctor", "parent"]], ["adult who makes the choice"]),
    ("5 counterfeit pills", "my 16 year old daughter bought xanax from someone on snapchat",
     [["fake", "counterfeit"], ["fentanyl"]], []),
    ("6 legal routes", "can I force my grown son into treatment here in maryland",
     [["emergency petition", "petition"]], []),
    ("7 ketamine for benzos", "can ketamine help my husband get off his xanax",
     [["taper"], ["no controlled trials", "not been studied", "no trials"]], []),
    ("7 ketamine for gambling", "does ketamine therapy work for a gambling addiction",
     [["not been studied", "hasn't been studied", "not studied"]], []),
    ("10 stealing", "my son keeps stealing from us to buy pills, what do I do",
     [["lock"]], []),
    ("10 grief, long",
     "We lost our son to an overdose in the spring. My husband won't talk about it and I feel "
     "like I am drowning. Our other kids are grown and far away. Is there anywhere for parents "
     "who have lost a child this way?",
     [["grasp", "compassionate friends"]], []),
    ("10 gambling", "my dad is betting away his retirement on sports apps",
     [["1-800-gambler", "800-426-2537"]], []),
    ("10 can't afford rehab", "we can't afford rehab, what are our options",
     [["medicaid", "free", "samhsa"]], ["$"]),
    ("10 grief that the classifier reads as risk",
     "My daughter died of a fentanyl overdose in February. She was 22. I go over our last "
     "argument every night and my other kids are scared to say her name around me. I don't know "
     "how to do this.",
     [["so sorry"], ["988"], ["grasp", "compassionate friends"]],
     ["stay with them", "weighing on you", "never to use alone"]),
    ("10 someone else died, the loved one still uses",
     "My son's roommate died of an overdose last month and my son is still using pills. I thought "
     "it would scare him. How do I talk to him about it?",
     [["naloxone"]], ["sorry for your loss", "grasp"]),
    ("1 a missed Vivitrol shot",
     "My husband had the Vivitrol shot after rehab but he missed his last one a month ago. He says "
     "he's fine and doesn't need it. What should I be doing now?",
     [["wears off", "tolerance"], ["naloxone"]], []),
    ("1 a teen home from a program",
     "Our 16 year old comes home from a residential treatment program on Friday. He was using "
     "pills he got from friends. What should we have ready?",
     [["tolerance"], ["first weeks"], ["still the adult in charge"]],
     ["return to use", "adult who makes"]),
]


# (who is writing, message, groups, never), as above.
READERS: list[tuple[str, str, list[list[str]], list[str]]] = [
    # The classifier reads this as a relapse first; "I relapsed" says whose.
    ("the writer relapsed",
     "I was clean for eight months after detox and last weekend I relapsed on pills. My sponsor "
     "knows. I'm so ashamed and I keep thinking I wasted all that time. What do I do now?",
     [["your progress", "progress you made"], ["your own"]],
     ["your loved one", "ask them never"]),
    ("a gambler who does not drink",
     "I don't drink or use anything, it's just the sports betting. I've lost most of our savings "
     "this year and my husband doesn't know yet. Where do I even start to get help for myself?",
     [["1-800-gambler", "800-426-2537"]], ["withdrawal", "naltrexone"]),
    ("a parent's short, open question",
     "my son drinks every night and I'm worried. what should I do", [], ["not sure i understood"]),
    # The running bot, not only the generator in a test: Rasa swaps in the model's responses.
    ("the naloxone line on an answer about something else",
     "my son uses heroin, what medicines could help him?", [["never to use alone"]], []),
    ("a writer who is not ready to stop",
     "I use fentanyl and I'm not ready to stop. How do I stay safer?",
     [["don't use alone"], ["naloxone"]], ["your loved one", "ask them"]),
    ("a teenager who uses",
     "I'm 15 and I think I'm hooked on percs. who can I even talk to about this?",
     [["adult you trust"], ["988"]], ["book a consultation", "your loved one"]),
    ("a teenager who gambles",
     "im 17 and i've lost like $900 on sports betting apps using my brother's account. my "
     "parents don't know. how do i stop",
     [["1-800-gambler", "800-426-2537"], ["adult you trust"]], ["someone's gambling", "gam-anon"]),
    ("a veteran who doesn't see the point of going on",
     "My dad is a veteran and has been drinking a lot more since my mom died in March. Yesterday "
     "he told me he doesn't see the point of going on. I live two hours away. What do I do?",
     [["988"], ["838255"]], []),
    ("finding them passed out, asked ahead of time",
     "my son uses fentanyl. what should I do if I ever find him passed out?",
     [["911"], ["naloxone"]], ["return to use"]),
    ("after an overdose, in the ICU",
     "My sister overdosed last night and is in the ICU. The doctors say she'll make it. What "
     "happens now and how do I help when she gets out?",
     [["buprenorphine"], ["peer recovery"]], []),
    ("a substance the benzodiazepine answer is not written for",
     "my nephew takes kratom every day, he says it's natural and it's helping him get off pills. "
     "should we be worried?", [], ["xanax, klonopin", "benzodiazepines, like"]),
    ("a gambler who plays slots",
     "I'm 41 and I can't stop playing online slots. I've hidden it from my husband and the credit "
     "cards are maxed out. Where do I even start?",
     [["1-800-gambler", "800-426-2537"]], ["your loved one", "alcoholics anonymous"]),
    ("a son who says he can't do this anymore (no crisis alone): 988 first",
     "My son is 27 and has been on pills for years. After an argument about money last night he "
     "sat in his car and told me he can't do this anymore. Today he's acting normal. Am I "
     "overreacting? What should I do?",
     [["call or text 988"], ["911"]], []),
    ("a brother who texted that everyone would be better off",
     "My brother is 39 and using meth again after a year clean. At 3am he texted me that "
     "everyone would be better off. He isn't picking up. What do I do?",
     [["988"], ["stay with them"]], ["return to use"]),
    ("a husband who drinks daily and plans to stop cold turkey",
     "My wife has been drinking a bottle and a half of wine every night for years. She says she "
     "is done and will quit cold turkey on Monday. Last time she tried she was shaking and "
     "sweating by the second day. Should I be worried?",
     [["seizure"], ["doctor"], ["911"]], ["not ready to stop"]),
    ("a short message the classifier cannot place, about fentanyl",
     "My daughter is pregnant and still using fentanyl. I'm frantic. What can I do?",
     [["naloxone"], ["never to use alone"]], []),
    ("an opener that says it is getting worse, with no question yet",
     "my wife drinks every night and it keeps getting worse", [["what would you like help with"]],
     ["depression, anxiety, trauma"]),
    ("someone who served, in a crisis",
     "My husband did two tours in Afghanistan and since he got out he drinks every night. Last "
     "night he said we would all be better off without him. What do I do?",
     [["988"], ["838255"]], []),
    # Session of 2026-12-07: what my own probe letters got wrong.
    ("a sober relative is not the one who uses",
     "My wife has been sober for four years. Her brother just got out of detox for fentanyl and "
     "wants to sleep on our couch for a while. We have a toddler. Should we let him stay?",
     [["naloxone"]], ["wife's"]),
    ("nodding off at dinners is a sign of use, not an overdose now",
     "My brother keeps nodding off at the dinner table lately and his speech is slow. I think "
     "it's pain pills he gets from a friend. How do I talk to him about it?",
     [["naloxone"]], ["call 911 now", "rescue breaths"]),
    ("a choice of two treatments offers both",
     "My daughter is 29 and has been drinking heavily for years, with depression underneath it "
     "all. Her therapist mentioned ketamine and her doctor mentioned TMS. Would ketamine or TMS "
     "make more sense for her?", [["tms"], ["ketamine"]], []),
    ("5 a grandparent raising a teen",
     "I'm raising my granddaughter, she's 15. I found vodka in a water bottle in her backpack "
     "and she's been sneaking out. How do I talk to her about it?",
     [["adult in charge", "adult raising them"]], ["as a parent", "adult who makes"]),
    # Session of 2026-12-08: lost tolerance after a break, wherever the letter is answered.
    ("1 home after two months of rehab, whatever the classifier makes of it",
     "Our son came home last night from 60 days of rehab for pills. He seems like himself again "
     "but we have no idea how much to trust him or what to watch for. What do we do now?",
     [["tolerance"], ["naloxone"]], []),
    ("1 weeks after an overdose, a cousin who is afraid",
     "My cousin overdosed a few weeks ago and pulled through. She's back with the same friends. "
     "How do I stop panicking every time she doesn't answer her phone?",
     [["tolerance"], ["naloxone"]], []),
    ("5 a young teen who bets on game skins",
     "My 13 year old has been betting on his phone with game skins and has spent $300 of my "
     "money. He says all his friends do it. What do I do?",
     [["adult in charge"], ["1-800-gambler", "800-426-2537"]],
     ["don't pay off their debts", "ban themselves"]),
    # Later session of 2026-12-08: more of my own probe letters.
    ("a sign feared for some morning is a worry, not an emergency",
     "My mom is 60 and mixes her sleeping pills with wine every night. She says her doctor "
     "knows. I'm terrified she won't wake up one morning. What should I do?",
     [["your mom's"]], ["call 911 now", "rescue breaths"]),
    ("1 out of jail next month",
     "My dad has been in county jail for possession since the summer and gets out next month. "
     "He used heroin for years before. We want him to stay with us but I'm worried about the old "
     "neighborhood. How do we prepare?",
     [["tolerance"], ["first weeks"]], ["a return to use hurts"]),
    ("a parent who died is not the one drinking",
     "Since my mom passed in March my dad, who is 74, has been drinking from the afternoon on. He "
     "fell twice in the kitchen last month. He's a proud man and gets angry if anyone mentions "
     "it. How do I bring it up with him?",
     [["your dad's"]], ["your mom's", "ketamine"]),
    ("10 a ring pawned by a daughter who lives at home",
     "I keep noticing jewelry missing from my room and last week my grandmother's ring was gone. "
     "I'm almost certain my daughter pawned it for pills. She's 27 and lives with us. Should I "
     "call the police on my own child?",
     [["police"], ["lock up valuables"]], []),
    ("naloxone for someone three years in recovery",
     "My fiance told me he used heroin in his twenties and has been clean for three years. "
     "Should I still keep naloxone at home? Would it be insulting to him?",
     [["in recovery"], ["tolerance"]], ["because your loved one uses"]),
    ("whether ketamine could help, beside what it costs",
     "My brother is 35, drinks heavily every day and has been depressed for years. I read about "
     "ketamine infusions for depression and alcohol. Could that help him, and would his "
     "insurance pay for it?",
     [["your brother's"], ["ketamine therapy"], ["self-pay"]], []),
    ("a grandmother raising the children",
     "I'm 68 and raising my two grandsons because their mother, my daughter, is on meth. She got "
     "out of a program in October and now wants to see the boys every weekend. Last time she "
     "came by she was high. What should I do?",
     [["children in the home"]], []),
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    with running_bot(Path(tmp_path_factory.mktemp("family-questions"))) as live:
        yield live


@pytest.mark.parametrize("item, question, groups, never", QUESTIONS + READERS,
                         ids=[item for item, *_ in QUESTIONS + READERS])
def test_the_answer_reaches_whoever_asks_in_their_version(
    bot: LiveBot, item: str, question: str, groups: list[list[str]], never: list[str]
) -> None:
    seen = reply_text(bot.say(new_sender_id("family-question"), question))
    missing = [group for group in groups if not any(word in seen for word in group)]
    assert not missing, f"{item}: none of {missing} in: {seen[:500]}"
    assert not [word for word in never if word in seen], f"{item}: {seen[:500]}"


# (what it checks, the turns, groups for the last reply, never in it)
CONVERSATIONS: list[tuple[str, list[str], list[list[str]], list[str]]] = [
    ("the cost of what was just suggested, after harm reduction",
     ["My brother uses heroin and isn't ready to stop. What can I keep at home to keep him safer?",
      "where do I get that", "does it cost much"],
     [["free"]], ["ketamine", "infusion"]),
    ("a gambler's 'tell me more'",
     ["I can't stop betting on sports, I've blown through my savings and I need help for myself",
      "tell me more"],
     [["1-800-gambler", "800-426-2537"]], ["alcoholics anonymous", "opioids"]),
    ("what if he gets angry, after how to talk",
     ["My dad is 66 and takes more of his oxycodone than he should. How do I bring it up "
      "without insulting him?", "what if he gets angry?"],
     [["another time"], ["911"]], ["says there's no problem", "craft"]),
    ("a treatment named only as what ketamine would be combined with",
     ["Could ketamine infusions help my husband? He has struggled with opioids for years and "
      "his depression never lifts.", "is it safe with his methadone?"],
     [["tell the clinician"]], ["certified treatment programs"]),
    ("paying for rehab, after readiness",
     ["My son says he's finally ready to go to rehab for his drinking. What do we do first?",
      "will his insurance cover a rehab stay?"],
     [["medicaid"]], ["$"]),
    ("a hotline, after gambling",
     ["My husband bets on every game and drained our joint account. He says he'll win it back. "
      "Where do I start?", "is there a hotline we can call?"],
     [["1-800-gambler", "800-426-2537"]], ["contact page"]),
    ("fentanyl inside the pills, after living at home",
     ["My 30 year old daughter lives with us and takes pills she buys online. My wife wants her "
      "out of the house. What should we do?", "what if the pills have fentanyl in them?"],
     [["test strip"]], ["whether they live with you"]),
    ("a teen's age added after the answer",
     ["how do I bring up the drinking with my son? he shuts down every time",
      "oh and he's 15"],
     [["adult in charge"]], ["outside what i know"]),
    ("a relationship taken back in favour of another",
     ["My girlfriend has been using cocaine every weekend and now on weeknights too. She hides "
      "it but I see the signs. How do I set boundaries without losing her?",
      "sorry, not my girlfriend, it's my sister"],
     [["enabling"]], ["with a partner"]),
    ("the family groups, where and whether they cost",
     ["is there any support for parents? I can't sleep and I'm falling apart",
      "where are the meetings?", "are they free?"],
     [["al-anon"], ["free"]], ["ketamine", "infusion"]),
    ("fentanyl in his cocaine, after the not-ready answer",
     ["I found out my husband has been doing cocaine on the weekends with people from his job. "
      "He says it's just social, it's under control and lots of people do it. We have a baby. "
      "What would you do?", "what if there's fentanyl in it?"],
     [["test strip"]], ["says there's no problem"]),
]


@pytest.mark.parametrize("item, turns, groups, never", CONVERSATIONS,
                         ids=[item for item, *_ in CONVERSATIONS])
def test_a_follow_up_is_answered_for_what_came_before(
    bot: LiveBot, item: str, turns: list[str], groups: list[list[str]], never: list[str]
) -> None:
    sender = new_sender_id("family-conversation")
    for turn in turns[:-1]:
        bot.say(sender, turn)
    seen = reply_text(bot.say(sender, turns[-1]))
    missing = [group for group in groups if not any(word in seen for word in group)]
    assert not missing, f"{item}: none of {missing} in: {seen[:500]}"
    assert not [word for word in never if word in seen], f"{item}: {seen[:500]}"
