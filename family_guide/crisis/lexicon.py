"""The crisis lexicon: what a family member types when someone is in danger, and the context
words that change its meaning. Written from general knowledge of crisis language, never from
the evaluation sets.

Every phrase is written in the small pattern language of `family_guide.crisis.patterns`:
`word` matches a lemma, `=word` the lower-cased text, `a|b` alternatives, `@NAME` a macro,
`*N` up to N other words, a trailing `?` makes a token optional.

Kinds: "suicide" (suicide or self-harm, writer or loved one), "overdose" (happening now),
"danger" (violence or threats now). Each trigger has a class that says which contexts can
defuse it (see `family_guide.crisis.context`).
"""

from __future__ import annotations

from dataclasses import dataclass

SUICIDE = "suicide"
OVERDOSE = "overdose"
DANGER = "danger"

#: The crisis intent of each kind (names from the topic contract).
INTENT_OF_KIND: dict[str, str] = {
    SUICIDE: "crisis_suicide",
    OVERDOSE: "overdose_emergency",
    DANGER: "immediate_danger",
}
KIND_OF_INTENT: dict[str, str] = {intent: kind for kind, intent in INTENT_OF_KIND.items()}

#: When one message carries several kinds, the most time-critical reply goes first:
#: an overdose needs 911 and naloxone within minutes; violence needs 911 and getting safe.
KIND_PRIORITY: tuple[str, ...] = (OVERDOSE, DANGER, SUICIDE)

# Trigger classes (what may defuse them is decided in context.py).
IDEATION = "ideation"  # suicide/self-harm: only negation, or past + recovered, defuses it
ACUTE_SIGN = "acute_sign"  # overdose signs now: negation, conditional, info, past, mundane
OD_EVENT = "od_event"  # "he overdosed" / "took a whole bottle": also future and recovered
VIOLENCE = "violence"  # danger now: negation, conditional, past
WEAPON = "weapon"  # "she has a knife": as violence, plus safe-storage questions
THREAT = "threat"  # "if you call the police I'll kill you": a condition does not defuse it
HEATED = "heated"  # "violent", "fight", "bruises": live only with "right now" / "still"
#: Signs that are only a crisis together, anywhere in one message (a long letter often puts
#: them in different sentences): a way to die at hand (MEANS) with despair (DESPAIR) is
#: suicide risk; someone on the way to the writer (ARRIVAL) after violence or threats is danger.
MEANS = "means"  # a gun taken out, pills piled up: alone, a safety question
DESPAIR = "despair"  # hopelessness, a note, giving things away: alone, a worry
ARRIVAL = "arrival"  # "on his way here", "knows where I am": alone, an ordinary visit
#: Classes that are only partial signs on their own (see MEANS above).
PARTIAL_CLASSES = frozenset({MEANS, DESPAIR, ARRIVAL})
#: Danger classes that make someone's arrival a danger: any violence, threat, weapon or heated
#: word in the same message, even one told in the past ("he choked me last night").
VIOLENT_CLASSES = frozenset({VIOLENCE, THREAT, WEAPON, HEATED})


@dataclass(frozen=True)
class TriggerSpec:
    """A family of phrases that signal one crisis kind."""

    name: str
    kind: str
    trigger_class: str
    phrases: tuple[str, ...]
    #: The phrase itself holds a negation ("won't wake up"), so negation before it is not
    #: checked: "no longer wants to live" must not read as a negated crisis.
    negation_inside: bool = False
    #: A cue (CUES) that, in the same sentence, shows an everyday meaning: a goodbye card to
    #: rehab staff is not a farewell note.
    everyday_cue: str | None = None
    #: Where that cue counts: the "sentence", the mention's "clause", or the whole "message".
    everyday_scope: str = "sentence"
    #: A second everyday cue that counts anywhere in the message (a move told elsewhere).
    everyday_message_cue: str | None = None
    #: A cue that must be in the same sentence, else the phrase is WEAK: "took all of them"
    #: is an overdose only where pills or a bottle are named.
    needs_cue: str | None = None
    #: Where that cue must be: the "sentence", or anywhere in the "message".
    needs_cue_scope: str = "sentence"
    #: The person at risk is the one the others would be better off without: "my family would
    #: be better off" is about the writer, "better off without him" about him.
    at_risk_is_absent: bool = False


MACROS: dict[str, dict] = {
    "REFL": {
        "LOWER": {
            "IN": ["myself", "himself", "herself", "themselves", "themself", "yourself",
                   "ourselves", "hisself", "theirselves"]
        }
    },
    "POSS": {"LOWER": {"IN": ["my", "his", "her", "their", "your", "our"]}},
    "VICTIM": {
        "LOWER": {"IN": ["me", "us", "her", "him", "them", "my", "our", "the", "mom", "dad",
                         "kids", "children", "baby", "stepdad", "stepmom", "brother", "sister",
                         "husband", "wife", "father", "mother", "grandma", "grandpa"]}
    },
    "AGENT": {
        "LOWER": {
            "IN": ["he", "she", "they", "husband", "wife", "boyfriend", "girlfriend", "partner",
                   "son", "daughter", "dad", "father", "mom", "mother", "brother", "sister",
                   "ex", "fiance", "fiancé", "stepdad", "stepfather", "uncle", "cousin",
                   "roommate", "grandson", "nephew"]
        }
    },
    "P3": {"LOWER": {"IN": ["he", "she", "they", "i", "we", "you"]}},
    "BE": {"LEMMA": {"IN": ["be", "s", "m", "re"]}},
    "NEG": {"LEMMA": {"IN": ["not", "never"]}},
    "PUNCT": {"IS_PUNCT": True},
    "YEAR": {"LOWER": {"REGEX": r"^(19|20)\d\d$"}},
    "OD_WORD": {
        "LOWER": {"REGEX": r"^(od|o\.d\.?|od'd|oded|odded|od'?ing|oding|odding|ods|od's|odd'd)$"}
    },
    "OD_VERB": {"LEMMA": "overdose", "TAG": {"IN": ["VB", "VBD", "VBG", "VBN", "VBP", "VBZ"]}},
    "NUMBER": {"LIKE_NUM": True},
    "TOOK": {
        "LOWER": {"IN": ["took", "swallowed", "taken", "popped", "snorted", "injected", "downed",
                         "ate", "shot", "taking", "swallowing", "popping", "downing"]}
    },
    # Medicines and pills a person could take too many of, as written (plurals included).
    "DRUGS": {
        "LOWER": {"IN": ["pill", "pills", "med", "meds", "medication", "medications", "medicine",
                         "medicines", "tablet", "tablets", "benzo", "benzos", "benzodiazepine",
                         "benzodiazepines", "xanax", "klonopin", "valium", "ativan", "oxy",
                         "oxys", "oxycodone", "percocet", "percocets", "painkillers",
                         "prescription", "prescriptions", "sleeping", "insulin", "tylenol",
                         "opioids", "seroquel", "lithium", "antidepressants", "gabapentin",
                         "sertraline", "zoloft", "trazodone", "prozac", "lexapro", "ambien",
                         "zolpidem", "adderall", "tramadol", "hydrocodone", "vicodin", "morphine",
                         "lorazepam", "alprazolam", "clonazepam", "diazepam", "quetiapine",
                         "acetaminophen", "aspirin", "ibuprofen", "advil", "antidepressant",
                         "bars", "xans", "percs", "blues", "m30", "m30s", "roxys", "addys",
                         "pressies", "klonopins", "xanaxes", "oxys"]}
    },
    # "without her" as an object, not "without her boyfriend".
    "OBJ": {"LOWER": {"IN": ["him", "her", "them"]}, "TAG": "PRP"},
    # Things people give away when they are settling their affairs.
    "PRIZED": {
        "LOWER": {"IN": ["watch", "watches", "guitar", "collection", "dog", "cat", "pets",
                         "jewelry", "necklace", "ring", "rings", "tools", "truck", "xbox",
                         "playstation", "games", "gear", "records", "bike", "motorcycle",
                         "belongings", "possessions", "camera", "laptop", "medals", "coins"]}
    },
    "GUN": {
        "LOWER": {"IN": ["gun", "guns", "pistol", "pistols", "rifle", "rifles", "shotgun",
                         "shotguns", "firearm", "firearms", "handgun", "handguns", "revolver",
                         "glock", "weapon", "weapons", "ar"]}
    },
}

SUICIDE_TRIGGERS: tuple[TriggerSpec, ...] = (
    TriggerSpec("suicide_word", SUICIDE, IDEATION, (
        "suicide|suicidal|suicidality",
        "=sewerslide",
        "=sewer =slide",
    ), everyday_cue="suicide_info"),
    TriggerSpec("kill_self", SUICIDE, IDEATION, (
        "kill|murder|hang|shoot|drown|poison|stab @REFL",
        "=offed|offing|off @REFL",
        "end|take @POSS own? life",
        "end|ending it all",
        "=ending =it =all",
        "jump|jumping off|from *4 bridge|roof|building|overpass|balcony|cliff|garage",
        "gun|pistol|knife|blade to @POSS head|throat|wrist|temple",
        "stand|standing|sit|sitting on the|a ledge|roof|railing|bridge",
        # Sitting on the edge of a bed is everyday; standing on an edge is not.
        "stand|standing on the|a edge",
        "stand|standing|sit|sitting on =my|his|her|the =balcony *4 =step|jump|edge|down",
        "=at|on the edge|ledge of *3 roof|bridge|building|garage|cliff|overpass",
        "take|swallow|down all|every *4 @DRUGS",
        "take|swallow *8 so @P3 do? not have to feel anything|nothing|this|it",
        "rather die|be dead",
        "=disappear|vanish forever|for good|permanently",
        "life *2 @NEG worth *1 living|it",
        "overdose|crash|drive *4 on purpose",
        "@OD_WORD *4 on purpose",
        "drive|driving|walk|walking|step|stepping *2 into|in front of *1 traffic|train|truck|tree"
        "|wall|river",
        "death wish",
        "last day|week|night|days|weeks|time on earth",
        "=bridge *12 stop|park *1 the|my? =car|truck",
        "=stop|park *3 =car|truck *3 on|at the? =bridge",
        "how many|much *6 take to *3 die|kill|end|stop|od|overdose",
        "garage *4 =car|engine|truck *2 =running|on",
        "=car|engine|truck *2 =running *3 garage",
        "nobody *3 =notice|notices|find|finds *4 =till|until *2 morning",
        "no one *3 =notice|notices|find|finds *4 =till|until *2 morning",
        "dark|suicidal thoughts",
        "thought|thoughts about|of dying|death|ending it",
        "@NEG be a problem|burden *3 =longer|anymore|soon",
        "permanent solution",
        "sleep forever|for good",
        "what @BE the point of|in =living|life|going|being",
        "=whats the point of|in =living|life|going|being",
        "wish|hope|pray *3 @P3 would|could? just? die|died",
        "think|thinking|talk|talking|talks about|of jumping",
    )),
    TriggerSpec("wish_dead", SUICIDE, IDEATION, (
        "want|wish|wan|ready|plan|deserve to die",
        "=wanna die",
        "=wishes|wished he|she|they =was|were dead",
        "=wish|wished =i =was|were dead",
        "wish *3 never be born|bear",
        "nobody|no|anyone *3 =notice|noticed|miss|care|cared *2 if @P3"
        " =was|were|be|died|disappeared =gone|dead?",
        "=unalive|unalived|unaliving|unalives",
        "unalive",
        "=kms",
        "tired|sick of living|life",
        "tired|sick of be alive",
        "=done =living",
        "@NEG worth =living",
        "=done =with =life|living",
        "nothing|nothin to live for",
        "no|nothing reason|point to|in live|living",
        "no|nothing reason|point to|in go|going on",
        "pain|suffering|hurting|hurt|everything|all|life *3 stop|end|over|go for good|forever",
        "pain|suffering|hurting|hurt|everything|all|life *3 stop|end|over|go permanently",
        "end|stop *2 pain|suffering for good|forever|permanently",
        "want|wish *2 =it =all to? end|stop|be over",
        "want|wish *2 =everything to? end|stop|be over",
        "want|wish *2 =everything|it *1 to be quiet|still|over",
        "go and join =her|him|them",
        "to join =her|him|them =in heaven|there|soon",
        "look|google|search|research *3 how tall|high|far *4 =garage|bridge|building|roof|balcony"
        "|overpass|cliff",
        "=the how and =the? when",
        "painless way|ways to go|die|end",
        "how long *4 to bleed out",
        "=bleed|bleeding =out",
        "one step and *2 over|finish|finished|end|done",
        "save|saving|stockpile|stockpiling|hoard|hoarding|stash|stashing|collect|collecting *2 "
        "pill|med|medication|meds|tablet|sleeping",
        "save|saving|stockpile|stockpiling|hoard|hoarding|stash|stashing|collect|collecting *4 "
        "@DRUGS",
        "research|researching|google|googling|look|looking|search|searching *2 how|way|ways to "
        "die|kill",
        "way|ways to die|kill =myself|himself|herself|themselves|yourself",
        "=noose",
        "buy|bought|get|got *2 =rope|ropes|noose",
        "how many|much *1 pill|tablet|med|medication *3 it take",
        "how many|much *5 @DRUGS *4 =take|kill|die",
        "how many|much *1 pill|tablet|med|medication *4 to die|kill|overdose|od",
        "lethal|deadly|fatal dose|amount",
        "tonight|tomorrow|today|night|weekend *4 end|ends|ending it",
        "want|wants|wish|ready *1 to? join =mom|dad|mother|father|grandma|grandpa|wife|husband"
        "|son|daughter|brother|sister",
        "be with *3 in heaven",
        "burden to|on everyone|everybody|us|you|they|family|anyone",
        "burden to|on the|my|our|his|her family",
        "see no point in|to live|living|life",
        "see no point in|to go|carry on",
        "see no point in|to be alive|here",
        # Not seeing the point of living is the wish itself, not a denial of it: "he doesn't see
        # the point of going on", "she can't see any point in living".
        "@NEG see *1 point in|of|to live|living|life",
        "@NEG see *1 point in|of|to go|carry on",
        "@NEG see *1 point in|of|to be alive|here",
        "@NEG see *1 point in|of|to wake|waking up",
        "talk|talking|talks|keep *2 about =dying|death|die",
        "say|said|speak|play *2 at @POSS funeral",
        "=drowning|jumping|hanging|dying would|will hurt",
        "make sure *3 @NEG wake|wake up",
        "enough to *4 @NEG wake up?",
        "enough to *3 =kill|end",
        "@NEG be around|here =much? =longer|anymore|tomorrow",
        "@NEG think|expect *3 be around|here =much? =longer|anymore",
        "@NEG have to worry|deal about|with =me|him|her *1 =much? =longer|anymore",
        "=burden anymore",
        "end it tonight|today|forever|soon|now",
        "never|not have to feel anything|nothing again|anymore|ever",
        "@NEG need *2 it|them|any|anything *2 where @P3 @BE going",
    )),
    # Hints that the family would be better off without the person; who is at risk is the
    # one they would be without ("without me", "my family would be better off").
    TriggerSpec("better_off", SUICIDE, IDEATION, (
        "=better off dead",
        "=better off without =me",
        "say|think|tell|feel|believe|write|text|post|keep *6 =better off without @OBJ",
        "=better off if *2 =i|he|she|they =was|were|wasnt|werent *1 =dead|gone|here|around",
        "=easier|better|happier|simpler|calmer *3 without =me",
        "say|tell|think|feel|believe|keep|text|write|post|mention *8 =easier|better|happier"
        "|simpler *3 without @OBJ",
        "=easier|better|happier|simpler *2 if =i =was|were|wasnt|werent n't? *1 here|around"
        "|gone|dead|alive",
        "=easier|better|happier|simpler *2 if =i|i'm|im @BE? *1 =not|n't|never here|around"
        "|alive",
        "say|tell|think|feel|keep|text|write *6 =easier|better|happier|simpler *2 if =he|she"
        "|they *1 =was|were|wasnt|werent n't? *1 here|around|gone|dead|alive",
        "=better|easier|happier *6 life insurance",
        "=better|easier|happier *6 =insurance|payout|policy",
        "life insurance *8 =better|easier|take|taken|pay|pays|paid|cover|covers|provide|worth",
        "no matter how it happen|happens",
        "worth more dead",
        "worth more to *3 dead",
    ), at_risk_is_absent=True),
    # "Everyone would be better off" said of no place or plan: "better off in rehab", "better
    # off if he moved out" and "better off without the drinking" are everyday.
    TriggerSpec("better_off_everyone", SUICIDE, IDEATION, (
        "=everyone|everybody|everyones|everybody's|all|family|kids|children *3 =better off",
        "=better off =gone",
    ), everyday_cue="better_off_somehow", everyday_scope="clause", at_risk_is_absent=True),
    # Farewells: unless the sentence shows an everyday goodbye (a move, a program, a card).
    TriggerSpec("farewell", SUICIDE, IDEATION, (
        "suicide note|letter|message|post|video|text|voicemail",
        "goodbye|farewell note|letter|message|post|video|text|voicemail",
        "note|letter|message|post|video|text *8 =saying|said|says goodbye",
        "=say|saying goodbye to everyone|everybody",
        "sorry for everything",
        "this be goodbye",
        "=goodbye =forever",
        "@NEG be around|here *2 christmas|thanksgiving|birthday|graduation|holidays|summer"
        "|wedding|next",
        "=texted|sent|wrote|left|posted|recorded *3 goodbye",
        "goodbye =forever|for good",
        "say|said|saying goodbye *3 for the last time",
        "=last =goodbye",
        "take care of *3 for me",
        "look out for|after =my|his|her *1 =boy|girl|kids|son|daughter|dog|baby",
        "=hear|see|hug|hold|talk *4 one more|last time",
        "one last time",
        "this be the last time",
        "=affairs|papers in order",
        "where *3 =be? =found|find",
        "keep *1 =forever|always *1 ok|okay",
        "understand =soon|someday|later|one =day",
        "give|=gave *3 =password|passwords",
        "@NEG come|try looking|look for =me",
        "so nobody *2 =stuck with",
        "so no one *2 =stuck with",
    ), everyday_cue="everyday_farewell", everyday_message_cue="relocating"),
    # Giving prized things away, as if settling affairs (not a move or a clear-out).
    TriggerSpec("giving_away", SUICIDE, IDEATION, (
        "give|hand away *4 @POSS? *3 @PRIZED",
        "give away @POSS belonging|possession|stuff|thing",
        "give *4 @PRIZED away",
        "give =me|us|him|her|them|my|his|their *3 @POSS *3 @PRIZED",
        "give =the|his|her|my|their @PRIZED to",
        "find|found *1 =new =home|homes for *2 @POSS? =dog|cat|pet|pets|dogs|cats",
        "want|wanted *3 to have something to remember *2 by",
        "@NEG be? need|needing *3 it|them|any|anything *2 =anymore|after|where|longer",
        "@NEG plan on needing",
    ), everyday_cue="everyday_giving", everyday_message_cue="relocating"),
    # "He has a plan and he's going to do it this weekend" (not a plan to quit or get sober).
    # "Thinking about ending things" (but not ending things with a partner).
    TriggerSpec("ending_things", SUICIDE, IDEATION, (
        "end =things|everything",
        "want|wan|go|ready|plan|try *1 to end it",
        "think|thinking|thought about not be here|around|alive",
        "@NEG be here|around *2 =anymore|much|long|longer",
    ), everyday_cue="ending_a_relationship", everyday_scope="clause"),
    TriggerSpec("a_plan", SUICIDE, IDEATION, (
        "a plan and *4 do|end it",
        "=planned|planning *3 how to do|end it",
    ), everyday_cue="recovery_plan"),
    # "See you on the other side" is what people say on the way into rehab, too.
    TriggerSpec("other_side", SUICIDE, IDEATION, (
        "see *2 on the other side",
    ), everyday_cue="entering_treatment", everyday_scope="message"),
    TriggerSpec("not_want_live", SUICIDE, IDEATION, (
        "@NEG want|wan to|na live|exist",
        "@NEG want|wan to|na be alive",
        "@NEG =wanna live|exist",
        "@NEG want|wan to|na keep going|living|existing",
        "@NEG care if @P3 live|lives|die|dies|wake|wakes",
        "@NEG want|wan to|na be here|around anymore",
        "@NEG want|wan to|na wake up",
        "sleep and @NEG wake up?",
        "sleep and @NEG =wake|waking up",
        "hope|wish|pray *3 @NEG wake up",
        "no =longer want to live|exist",
    ), negation_inside=True),
    TriggerSpec("self_harm", SUICIDE, IDEATION, (
        "self harm|harming|harmer|injury|injure|mutilation|mutilate",
        "=self - harm|harming|injury",
        "=selfharm|selfharming|selfinjury",
        "cut|burn|harm|starve|scratch @REFL",
        "hurt @REFL",
        "=hurting|harming|cutting|burning @REFL",
        "go|want|try|threaten|plan|might|may|could|will|would|wan to? hurt|harm @REFL",
        "=cutting|cut again",
        "=cutting @POSS arm|wrist|leg|thigh|skin",
        "slit|slash|cut @POSS wrist|arm|throat|thigh",
        "cut|cuts|scar|scars|mark|marks|burn|burns on @POSS arm|wrist|leg|thigh",
    )),
)

OVERDOSE_TRIGGERS: tuple[TriggerSpec, ...] = (
    TriggerSpec("not_breathing", OVERDOSE, ACUTE_SIGN, (
        "@NEG =breathing|breathin|breathe",
        "@NEG think @P3 @BE? =breathing|breathin",
        "know|sure|tell|check if|whether @P3 @BE? =breathing|breathin|alive",
        "barely|hardly|stop|stopped =breathing|breathe|breathes|breath|breathin",
        "=breathing|breathin *2 slow|shallow|weird|strange|funny|raspy|rattly",
        "=slow|shallow|weird =breathing",
        "no pulse|heartbeat",
        "gasp|gasping for air|breath",
        "struggle|struggling to breathe",
        "breath|breathe *2 every *2 second|seconds",
        "needle|syringe =still? in @POSS arm|hand|neck|leg|foot",
    ), negation_inside=True),
    # Someone's heart stopping; not the writer's heart that "stopped" in fright.
    TriggerSpec("heart_stopped", OVERDOSE, ACUTE_SIGN, (
        "heart *2 stop|stopped|stopping",
    ), everyday_cue="own_heart", everyday_scope="clause"),
    TriggerSpec("wont_wake", OVERDOSE, ACUTE_SIGN, (
        "will|can|could|do not wake|waking @VICTIM? up?",
        "@BE not wake|waking",
        "=wont|cant|cannot|couldnt wake",
        "will|can|could|do|be not respond|responding|responsive",
        "will|can|could|do|be not answer|answering =me|us|when",
        "=wont|cant|cannot|couldnt respond",
        "can|could|will not rouse|wake @VICTIM?",
        "=cant|cannot|couldnt|wont =rouse @VICTIM?",
        "unresponsive|unconscious|unresponsve|unresponive|unconcious",
        "pass|passed out and|& @BE? not|wont|cant|barely",
    ), negation_inside=True),
    TriggerSpec("blue_lips", OVERDOSE, ACUTE_SIGN, (
        "lip|face|skin|nail|fingertip|finger *3 blue|purple|gray|grey|ashen",
        "blue|purple|gray|grey lip|fingertip|nail",
        "turn|turning|go blue|purple|grey|gray",
        "gurgle|gurgling|gurgled|gurgles",
        "=gurgling|gargling",
        "choke|choking|snore|snoring|rattle|rattling sound|sounds|noise|noises",
        "foam|foaming at the mouth",
        "=breathing|breath *3 snoring|snore|gurgle|gurgling|rattle|rattling|choke|choking",
    )),
    TriggerSpec("collapsed", OVERDOSE, ACUTE_SIGN, (
        "collapse|collapsed|collapsing",
        "=went|gone|go|going|goes|is|s|'s limp|stiff|rigid|gray|grey",
        "limp and|&",
        "seize|seizing|convulse|convulsing",
        "have|having a seizure|fit",
        "out cold",
        "barely|hardly conscious|awake|alive|moving|move|responsive",
        "cold and|& clammy",
        "eye|eyes *2 roll|rolled|rolling back",
        "will|can|do|be not move|moving",
        "will|can|do not stay|keep awake|conscious",
        "=wont|cant|isnt|not move|moving",
        "=slumped|slumping|slump over",
        "=floppy",
        "=burning =up",
        "clutch|clutching|grab|grabbing *1 @POSS? chest",
        "chest pain|pains",
        "chest *2 =tight|tightness",
        "heart *3 =racing|pounding|weird",
        "=eyes *2 keep|keeps =closing|rolling",
        "=i|i'm|im|i've|ive *2 barely|hardly|can't|cant|not keep *2 =my =eyes =open",
        "=he|she|they @BE =dying",
        "=he|she|they @BE =blue|purple|grey|gray",
        "just *3 =pass|passed|fell out",
        "=dropped|collapsed|fell|went =down? after *2 =shooting|using|snorting|smoking|taking"
        "|doing|hitting",
        "=pass|passed|fell out after",
        "can|could not get @VICTIM to wake|respond|answer|move|open|talk|breathe",
        "=cant|cannot|couldnt get @VICTIM to wake|respond|answer|move|open|talk|breathe",
    ), negation_inside=True),
    # Nodding off again and again is an overdose sign now, unless it is a pattern the family
    # has watched at dinners or for weeks ("she keeps nodding off at family dinners"): a sign of
    # use to talk about, not a reason for the emergency steps. Other signs still count.
    TriggerSpec("nodding_off", OVERDOSE, ACUTE_SIGN, (
        "keep|keeps =nodding out|off",
    ), everyday_cue="recurring_occasion", everyday_scope="clause"),
    TriggerSpec("took_them_all", OVERDOSE, OD_EVENT, (
        "@TOOK all|every of? =them|it|everything|those|these",
        "@TOOK =the =lot|rest",
    ), needs_cue="pills_named"),
    TriggerSpec("overdosing", OVERDOSE, OD_EVENT, (
        "@OD_VERB",
        "@OD_WORD",
        "have|having|be a|an overdose|od",
        "overdose|od happening|emergency",
        "@TOOK *6 =whole|entire|full bottle|pack|box|sheet|bag",
        "@TOOK *2 =bunch|handful|fistful of",
        # "It took a lot of courage": a lot of what matters.
        "@TOOK *2 =lot of *2 @DRUGS",
        "@TOOK *3 too much|many",
        "@TOOK all =my|his|her|their|the pill|med|medication|tablet|prescription",
        "@TOOK all|every *3 @DRUGS",
        "@TOOK *2 @NUMBER *3 @DRUGS",
        "take|=took that|so many",
        "=empty bottle|bottles|packet *4 next to|beside|by =her|him|them",
        "@TOOK everything|all|whatever in|from =the|his|her|my|their bottle|cabinet|box|pack",
    )),
)

DANGER_TRIGGERS: tuple[TriggerSpec, ...] = (
    TriggerSpec("attacking", DANGER, VIOLENCE, (
        "throw|hurl|chuck|fling *3 at @VICTIM",
        "swing|swinge|throw *4 at the|my|our tv|window|wall|door|car|kid|baby",
        "@AGENT *1 =hit|hits|punched|punches|slapped|slaps|choked|chokes|strangled|kicked|kicks|"
        "shoved|stabbed|attacked|attacks|beat|beats|smacked @VICTIM",
        "=hitting|punching|slapping|choking|strangling|kicking|shoving|stabbing|attacking|beating"
        "|smacking|assaulting @VICTIM",
        "@AGENT @BE? =hurting|harming =me|us|her|him|them|the|my|our",
        "=going|coming|came|went after =me|us|her|him|them",
        "come|coming toward|towards @VICTIM",
        "block|blocked|blocking the|my|our door|exit|way|doorway",
        "about|trying|going to drive|drive *4 drunk|high|wasted|kid|son|daughter|grandson|baby",
        "physical|fist fight|fighting",
        "fight|fighting *3 =happening|going on",
        "=we|i|me|kids|children|they|she|he @BE in danger",
        "beat|beating on? @VICTIM up",
        "chase|chasing @VICTIM",
        "hand|hands|arm|arms *2 around|on =my|her|his|their|your neck|throat",
        "bang|banging|pound|pounding on the|my|our door|window|windows",
        "come|coming *2 to get =me|us|her|him|them",
        "come|coming at @VICTIM",
        "punch|punched|punching|kick|kicked *3 hole|wall|door|window",
        "break|breaking|smash|smashing|trash|trashing|destroy|destroying|tear|tearing|tore *2 thing"
        "|stuff|everything|furniture|window|dish|plate|house|place|door|tv|television|mirror"
        "|windshield|wall",
        "kick|kicking|kicked|break|breaking|bang|banging|pound|pounding down? the|my|our door",
        "break|breaking into =my|his|her|their|our|the house|home|room|apartment",
        "try|trying to break|get|force in",
        "=breaking in",
        "=getting|gettin|being violent|aggressive|physical",
        "@BE violent right now",
        # Strangling is among the most dangerous things a partner does; pushing and shoving
        # are violence too, in any voice.
        "=choke|choked|chokes|choking|strangle|strangled|strangles|strangling|throttle|throttled"
        " @VICTIM",
        "be|get *1 =choked|strangled|throttled",
        "=push|pushes|pushed|pushing|shove|shoves|shoved|shoving|throw|throws|threw|throwing"
        " @VICTIM around|down|against|onto|over",
        "=push|pushes|pushed|pushing|shove|shoves|shoved|shoving|throw|throws|threw|throwing"
        " @VICTIM into|to the|a wall|door|table|counter|floor|ground|car|stairs",
        "be|get *1 =pushed|shoved|thrown|knocked around|down|against|onto",
        "be|get *1 =pushed|shoved|thrown|knocked into|to the|a wall|door|table"
        "|counter|floor|ground|stairs",
        "be|get *1 =hit|punched|slapped|kicked|beaten|smacked|attacked"
        "|assaulted|choked by",
        "@AGENT *1 =grabbed|grabs|pushed|pushes|bit|bites|threw|throws @VICTIM by|against|down"
        "|into|around",
        "break|=broke|broken @POSS arm|nose|jaw|rib|ribs|wrist|finger|tooth|teeth|collarbone",
        "finish what *2 start|started",
        "drive|=drove off|away with =the|our|my|them|kids|children|baby",
    ), everyday_cue="everyday_force", everyday_scope="clause"),
    TriggerSpec("impaired_driver", DANGER, VIOLENCE, (
        "about|go|try *1 to *1 drive",
        "about|go|try *1 to *1 =pull|back|take|head|peel =out|off|away",
        "=gonna *1 drive",
        "=gonna *1 =pull|back|take|head|peel =out|off|away",
        "put|buckle|strap *4 in =the|her|his|their? *1 =car|truck|van",
        "drive|=drove *3 =them|kids|children|baby|grandson|granddaughter|toddler",
        "no car seat",
    ), needs_cue="impaired", needs_cue_scope="message"),
    TriggerSpec("child_alone_in_danger", DANGER, VIOLENCE, (
        "alone *4 =edge|side of? the? pool|water|tub|street|road",
        "=edge|side of the pool|water *3 alone",
        "=standing|playing|sitting *3 =edge of the pool|water",
    ), needs_cue="impaired", needs_cue_scope="message"),
    TriggerSpec("threats", DANGER, THREAT, (
        "threaten|threatening|threatened *3 kill|hurt|stab|shoot|hit|beat|strangle @VICTIM",
        "threaten|threatening|threatened to burn|torch *3 house|place|home|apartment|car",
        "threaten|threatening|threatened @VICTIM *2 with a|his|her|the|my *1 knife|gun|pistol"
        "|rifle|bat|hammer|weapon|blade|axe|machete",
        "=threatening|threatened =me|us|all|everyone|everybody|the|my|our|her|him|them",
        "@AGENT @BE? =going|gonna|gon =to|na? kill|hurt|stab|shoot|murder|strangle @VICTIM",
        "@AGENT will|would|ll|d kill|hurt|stab|shoot|murder|strangle|cut|beat|choke @VICTIM",
        "@AGENT *2 =kills|killing @VICTIM",
        "bash|smash|cave|beat|kick *3 head in",
        "next *1 person|car|one|guy|cop|anybody|anyone *8 =getting|gets|get =it|shot",
        "@AGENT will|would|ll|d kill|hurt|stab|shoot|murder|strangle =anyone|anybody|someone"
        "|somebody|everyone|everybody|people",
        "@AGENT @BE? =going|gonna|gon =to|na? kill|hurt|stab|shoot|murder =anyone|anybody"
        "|someone|somebody|everyone|everybody|people",
        "say|tell|yell|scream|text|swear|keep *4 =kill|stab|shoot|murder|strangle|choke @VICTIM",
        "say|tell|yell|scream|text|swear|keep *4 will|gonna|going|ll|d *2 hurt @VICTIM",
        "@AGENT *2 go|will|would|ll|d|threaten|try *2 kill|hurt|stab|shoot|murder|strangle"
        " =his|their father|mother|dad|mom|wife|husband|brother|sister|son|daughter|kids"
        "|girlfriend|boyfriend|partner|family|parents",
    ), everyday_cue="writer_threatens", everyday_scope="clause"),
    TriggerSpec("threatening", DANGER, VIOLENCE, (
        "try|trying|tried to kill|hurt|stab|strangle|choke|shoot @VICTIM",
        "=scared|afraid|terrified|fear|fearing for =my|our|his|her life|lives|safety",
        "=i|we|me|kids|children|baby @BE @NEG safe",
        "@NEG feel safe",
        "will|do not let =me|us leave|go|out",
        "=wont|doesnt let =me|us leave|go",
        "lock|barricade|hide =myself|ourselves|me|us *2 in the|a|my|our bathroom|bedroom|room"
        "|closet|car|basement|yard|garage|attic|shed",
        "=i|we|i'm|we're|me|us|kids @BE? =locked|hiding|barricaded|hidden|hid *1 in"
        " the|a|my|our *1 bathroom|bedroom|room|closet|car|basement|yard|garage|attic|shed",
        "=she|he|they @BE? =hiding|hid in the|a|my|our *1 bathroom|bedroom|room|closet|car"
        "|basement|yard|garage|attic|shed",
        "hide|hiding from =him|her|them",
        "can|could not get|go out of the|this|my? room|house|car|apartment|here",
        "=cant|cannot|couldnt get|go out of the|this|my? room|house|car|apartment|here",
        "=trapped|cornered",
        "stand|standing|stood over =me|us|her|him",
        "throw|threw|shove|push|slam|pin =me|us|her|him|them against|down|onto",
        # Pushed into a wall is violence; "pushing him into treatment" is not.
        "throw|threw|shove|push|slam|pin =me|us|her|him|them into *2 wall|door|table|counter"
        "|floor|ground|car|stairs|corner|closet|window|mirror",
        "=me|us|her|him|them =pinned|trapped|cornered against|down|in|to",
        "set|start|light *3 fire",
        "grab|grabbed|drag|dragging|pull|pulled =me|us|her|him|them by the? hair|throat|neck|arm",
        "drag|grab|pull *3 by =the|her|his|my|their? =hair|throat|neck",
        "back|=backed *3 into|in the? corner",
    )),
    TriggerSpec("heated", DANGER, HEATED, (
        "violent|violence|abusive|abuse|rage|raging|bruise|bruises",
        "protective|protection|restraining|peace order",
        "=driving|drivin drunk|high|wasted|impaired",
        "one way or another",
        "or else",
        "@AGENT *1 =carries|carrying|packs|packing|strapped",
    )),
    # Family arguments ("a blow-up about money") are a danger only while happening now; a
    # "still" that says they go on is not enough.
    TriggerSpec("heated_argument", DANGER, HEATED, (
        "fight|fighting|argument|arguing|blowout|brawl",
        "=blow =- =up",
        "=blowup|blow-up",
    ), needs_cue="turned_physical"),
    # "She has a knife"; not "he hunts and has three rifles" in a letter about locking them up.
    TriggerSpec("armed_possession", DANGER, WEAPON, (
        # "has a knife", not "had taken his rifle out of the safe" (that is a means to die).
        "have|get|hold *1 knife|gun|pistol|rifle|shotgun|weapon|machete|blade|firearm|bat"
        "|hammer|axe|crowbar|scissors|screwdriver",
        "hold|=holding *3 =poker|pipe|club|bat|knife|hammer *2 over =me|her|him|us|them",
        "=has|had|holding|got =a =knife|gun|pistol",
    ), everyday_cue="safe_storage", everyday_scope="message"),
    TriggerSpec("armed", DANGER, WEAPON, (
        "wave|point|grab|pull|brandish|swing|swinge|carry *2 "
        "knife|gun|pistol|rifle|shotgun|weapon|machete|blade|firearm|bat|hammer|axe|crowbar"
        "|scissors|screwdriver",
        "knife|gun|pistol|weapon to|at =my|his|her|our|me|us|him",
        "pull|=pulled|pulls|pulling *2 knife|gun|pistol|blade|switchblade|razor|weapon on @VICTIM",
        "go|come|drive *4 with =my|his|her|a @GUN",
        "have|get|hold|wave|point|grab|pull|carry *2 switchblade|razor|cutter|boxcutter",
    )),
)

#: Partial signs (see MEANS): each a crisis only with its partner somewhere in the message.
PARTIAL_TRIGGERS: tuple[TriggerSpec, ...] = (
    TriggerSpec("means_at_hand", SUICIDE, MEANS, (
        "take|get|pull|bring *3 @GUN *3 out",
        "@GUN *3 out of *2 safe|case|cabinet|closet|locker|lockbox",
        "buy|get|purchase *2 a|an|another new? @GUN",
        "sleep|keep|hide *3 @GUN *3 bed|pillow|nightstand|car|truck"
        "|lap|room",
        "@GUN *3 under|beside|by|next|near *2 pillow|bed|nightstand|desk",
        "clean|load|hold|stare|sit *2 with|at? *5 @GUN",
        "keep|keeps|kept =it|them *2 =next|right|beside|by|under *3 bed|pillow|nightstand",
        "bullet|bullets|ammo|ammunition",
        "stash|pile|bag|bags|handful|bunch|stack|collection|hoard|bottle|bottles|baggie of @DRUGS",
        "@DRUGS *3 =hidden|stashed|saved|piled|hoarded|collected",
        "=bottles|pills|meds *6 =collecting|saving|hoarding|stockpiling|collected|saved|hoarded",
        "=rope|ropes",
        "@GUN *3 =gone|missing",
        "=gone|missing *4 @GUN",
        "@DRUGS *3 =gone|missing",
        "=bottle *3 =gone|missing",
        "bottle *2 @NEG *1 in the|its|my cabinet|drawer|place",
        "gun safe *3 =open|unlocked|empty",
    )),
    # Said alone, these are worries, not a crisis; but someone who says there is no way
    # forward gets 988 beside the answer (NO_WAY_FORWARD_TRIGGERS, family_guide.nlg).
    TriggerSpec("no_way_forward", SUICIDE, DESPAIR, (
        "hopeless|hopelessness|worthless",
        "no|lose hope",
        "give up on *2 life|living|everything|himself|herself|myself"
        "|themselves",
        "no|nothing point|future|reason",
        "no way out",
        "see|feel the|any|no point",
        "can not|cant keep going",
        "=cant|cannot keep going",
        "nothing matter|matters",
        "none of it|this matter|matters",
        "matter|matters anymore",
        "nothing *5 =get|getting =better",
        "never *3 =get|getting =better",
        # One phrase per length ("everything|it all" would read as "everything all"), and the
        # words as typed: "done" and "fighting" lemmatise to "do" and "fight".
        "=tired|sick of =everything|fighting|trying|living",
        "=tired|sick of it all",
        "=done with =everything",
        "=done with it all",
        "=done =fighting|trying|living",
        "nobody *1 would|will miss|care|notice",
        "no one *1 would|will miss|care|notice",
        "=numb|empty inside",
        "dark place",
    )),
    # "What's the point of testing?", "the deal was pointless": despair only beside a means.
    TriggerSpec("despair", SUICIDE, DESPAIR, (
        "pointless",
        "what @BE the point",
        "=whats the point",
        "@NEG *1 your fault",
        "=envelope|envelopes",
        "have|got it *2 =planned",
        "=note|letter|notes|letters",
        "give away *3 @POSS? *2 stuff|thing|things|guitar|dog|cat|watch|tools"
        "|collection|clothes|pets|truck|car|jewelry|belongings|games|gear|records",
        "=trapped",
    )),
    TriggerSpec("despair_denial", SUICIDE, DESPAIR, (
        "can not do this|it anymore|more",
        "=cant|cannot do this|it anymore|more",
        "can not|cant live like this",
        "can not|cant go on",
        "=cant|cannot =go =on",
        "can not take *2 anymore|more",
        "=cant|cannot take *2 anymore|more",
        "@NEG see *3 =way =out|forward",
        "@NEG care *3 what happen|happens",
    ), negation_inside=True),
    TriggerSpec("on_the_way", DANGER, ARRIVAL, (
        "on @POSS way *3 here|over|back|to",
        "come|head|drive *2 over|here|back|for =me|us",
        "come|stop *1 by|to =my|our|the place|house|apartment|door|work",
        "=outside =my|our|the door|house|window|apartment|building",
        "show up at|here",
        "know|find =out? where =i|we @BE? =am|are|live|stay|staying|hiding|'m",
        "=tracked|tracking =me|us|my|our",
        "@NUMBER minute|minutes|mins|min away",
        "few|couple minute|minutes|mins|min away",
        "say|threaten|text *3 to? come over|here|back",
    )),
)

#: Partial signs that say there is no way forward ("he says he can't go on", "she feels
#: hopeless"): alone they are no crisis, but the answer carries 988 (family_guide.nlg).
NO_WAY_FORWARD_TRIGGERS = frozenset({"no_way_forward", "despair_denial"})

TRIGGERS: tuple[TriggerSpec, ...] = (
    SUICIDE_TRIGGERS + OVERDOSE_TRIGGERS + DANGER_TRIGGERS + PARTIAL_TRIGGERS
)

# Context cues: name -> phrases. What each cue does is decided in context.py.
CUES: dict[str, tuple[str, ...]] = {
    # A "not" inside these is doubt, not denial: "not sure if he is breathing".
    # "an overdose", "from an OD": the word as a noun, not someone overdosing.
    "od_noun": (
        "a|an|the|from|of|reverse|reverses|prevent =od|ods|overdose|overdoses",
    ),
    "uncertain": (
        "not sure|certain|clear",
        "no idea",
        "do|can|could not know|tell|say",
        "@NEG want @VICTIM to",
        "not just|only",
        "never know",
    ),
    # A denial the writer does not trust revives the crisis.
    "doubt": (
        "do|can not believe =him|her|them|it",
        "not convinced",
        "=lying|lies",
        "not buy|buying it",
    ),
    "past": (
        "last year|month|week|night|time|summer|spring|fall|winter|christmas|weekend|thanksgiving",
        "last =jan|january|feb|february|march|april|may|june|july|august|sept|september|october"
        "|november|december",
        "year|month|week|day|decade|while ago",
        "=years|months|weeks|days ago",
        "@YEAR",
        "back in|when|then",
        "use to",
        "=used to",
        "yesterday",
        "the other day|night|week",
        "in the past",
        "history of",
        "=previously|earlier",
        "as a teen|teenager|kid|child",
        "when @P3 =was|were",
        "@NUMBER time|times",
        "several|many|few|multiple|couple time|times",
        "=twice|once|before",
    ),
    "resolved": (
        "=he|she|they|hes|shes|theyre|and @BE =been? now? =fine|ok|okay|alright|safe|stable|better"
        "|good|well",
        "=doing =really|so|very|pretty? =ok|okay|fine|well|better|good|great",
        "in a good|better place|spot",
        "survive|survived|recover|recovered|recovering",
        "make it",
        "pull|pulled through",
        "in recovery",
        "=sober|clean now",
        "be sober|clean for",
        "in|at the? hospital|er|icu|rehab|treatment|detox",
        "=woke =up",
        "came to|around",
        "narcan|naloxone work|worked",
        "brought @VICTIM back",
        "revive|revived",
        # Treated and sent home: "the ER sent him home the next morning".
        "send @VICTIM home",
        "=discharged",
        "home from the? hospital|er|icu",
    ),
    # Now: beats past, conditionals and questions ("an hour ago" is still an emergency).
    "present": (
        "right now",
        "just now",
        "=rn|currently",
        "at the moment",
        "as we speak",
        "this minute|second",
        "=just {VBD|VBN}",
        "=happening =now",
        "@NUMBER minute|minutes|min|mins|hour|hours|hr|hrs ago",
        "few|couple|an|a|half minute|minutes|min|mins|hour|hours|hr|hrs ago",
    ),
    # The only things that make a bare "violent" or "fight" a danger now.
    "right_now": (
        "right now",
        "=rn|currently",
        "at the moment",
        "as we speak",
        "this minute|second",
        "=happening =now",
        "still",
    ),
    # Repetition: beats the past only ("overdosed last year and is not breathing again"),
    # not a condition ("if he overdoses again").
    "repeat": (
        "again",
        "still",
    ),
    # Long ago: defuses a suicide or self-harm mention when nothing says it is back.
    "distant_past": (
        "year|decade ago",
        "=years|decades ago",
        "@YEAR",
        "use to",
        "=used to",
        "in the past",
        "as a teen|teenager|kid|child",
        "in high school|college|middle school",
        "when @P3 =was|were",
        "long time ago",
        "a long time",
    ),
    # Violence this recent is still a danger: a partner who strangled the writer last night.
    "recent": (
        "last night",
        "this morning|afternoon|evening|week|weekend",
        "=tonight|today|yesterday|earlier",
        "the other day|night",
        "last week|weekend",
        "@NUMBER hour|hours|day|days ago",
        "few|couple|an hour|hours|day|days ago",
    ),
    # ... unless everyone is safe now.
    "safe_now": (
        "=we|i|everyone|everybody|kids|we're|i'm @BE? safe now",
        "=calmed|calm down",
        "=moved out",
        "@BE arrest|arrested",
        "in jail",
        "=left =the|our|my house|home|apartment",
    ),
    # Everyday exaggeration: "I could have strangled him", "she'd kill me if she knew".
    "idiom": (
        "=i|we =could|could've|coulda|'d|would =have? =strangle|strangled|kill|killed|choke|choked"
        "|murder|murdered",
        "kill|murder @VICTIM if *3 =knew|know|knows|found|find|finds|saw|see|sees|heard|hear"
        "|read|reads",
        "=killing =me|us",
        "@BE *1 =killing @VICTIM",
        "=lol|lmao|haha|jk|kidding|joking|hahaha",
        "one of these days",
        "it|this|that|which|drinking|drug|drugs|pill|pills|alcohol =kills|killing @VICTIM",
        "kill|killed @VICTIM with *2 kindness|joke|jokes|look|looks",
    ),
    # The everyday goodbyes of a family in recovery: cards, a move, a program, amends.
    "everyday_farewell": (
        "card|cards|party|staff|counselor|counselors|class|team|coworker|coworkers",
        "=lol|lmao|haha",
        "move|moving|trip|vacation|deploy|deployment|program|college|semester",
    ),
    # Moving away: goodbyes and giving things away before a flight are ordinary.
    "relocating": (
        "move|moving|moved to|away|out|across|back",
        "ship|ships|shipping out",
        "deploy|deployment|navy|army|military|marines|basic training",
        "new job|apartment",
        "plane|flight|suitcase|suitcases|packing",
    ),
    "everyday_giving": (
        "move|moving|declutter|decluttering|donate|donating|donation|goodwill|charity|downsize"
        "|downsizing|outgrow|outgrown|upgrade",
        "garage|yard|estate sale",
        "too small|big|old",
        "warning sign|signs",
        "sign|signs of",
        "new one",
    ),
    # Everyday force words: "my mom kicked him out" is an eviction, not an assault.
    "everyday_force": (
        "kick|kicked|kicking|throw|threw|throwing *2 out",
        # Rules and promises get broken without anyone being hurt.
        "break|breaking|broke|broken *3 rule|rules|promise|promises|curfew|agreement|lease|deal",
        # Words that feel like an attack: "I don't want him to feel I'm attacking him".
        "feel|think|sound|seem|like *4 =attacking|attacked|ambushed",
        "without *2 =attacking|attacked",
    ),
    # A cue named "not_X" cancels the X cue it overlaps: "all at once" is not "once" (past).
    "not_past": (
        "at =once",
        "=before @P3",
    ),
    "better_off_somehow": (
        "=better off in|at|with|without|if|once|when|after|since|because|than|from|financially"
        "|going|getting|staying|living|moving|seeing|doing|having|starting|trying|taking|being"
        "|knowing|talking|out|away|apart|sober|clean|there|here|on|not|never",
        "=better off =gone from|to|for|by|until|till|at|on|in|a|the|this|that",
    ),
    "ending_a_relationship": (
        "end =things|everything with",
        "relationship|marriage|engagement|divorce|breakup|lease|job",
    ),
    "recovery_plan": (
        "quit|quitting|stop|stopping|sober|sobriety|rehab|detox|treatment|clean|program|meeting"
        "|therapy|counselor|doctor",
    ),
    "own_heart": (
        "=my heart",
    ),
    "entering_treatment": (
        "program|rehab|treatment|detox|residential|inpatient|facility|recovery|deploy"
        "|deployment",
        "sober living",
        "boot camp",
    ),
    # A driver too drunk or high to drive (with a child, or anyone, on the road).
    "impaired": (
        "=drunk|wasted|hammered|intoxicated|impaired|slurring|slurred|buzzed|plastered|tipsy",
        "high *2 of|on? *2 =her|his|their|my? *1 =mind",
        "=high|stoned|blitzed|messed|out of it",
        "barely|hardly|can't|cant *2 =stand|walk|keep",
    ),
    "pills_named": (
        "@DRUGS",
        "=bottle|bottles|packet|prescription",
    ),
    # An argument is a danger only once it turns physical (and then only while it goes on).
    "turned_physical": (
        "hit|push|shove|choke|grab|throw|punch|slap|kick|strangle|hurt|attack|beat",
        "knife|gun|pistol|weapon|bat",
    ),
    # The writer threatening consequences ("I threatened to take his car") is not violence.
    "writer_threatens": (
        "=i|we|i've|we've *1 =threatened|threaten|threatening",
    ),
    # "... if he's fine" is a doubt, not news that he recovered.
    "not_resolved": (
        "if @P3 @BE? *1 =fine|ok|okay|alright|well|better",
    ),
    # Asking what the warning signs are is a question, not a warning sign.
    "suicide_info": (
        "what *2 sign|signs|symptom|symptoms",
        "warning =sign|signs",
    ),
    # "I asked if he's thinking of ending it" ... "he said no": a question the answer defused.
    "asked_if": (
        "ask|asked|asking *4 if|whether|about",
    ),
    "answered_no": (
        "say|said|says|tell|told no",
        "absolutely|definitely|totally not",
        "deny|denied|denies",
        "no plan|plans",
    ),
    # A vague someday is a worry, not a threat now.
    "vague_future": (
        "=someday|eventually",
        "one day",
        "at some point",
    ),
    # A sign feared at a vague time to come ("I'm terrified she won't wake up one morning"):
    # a worry, not a sign now. Read in the sign's own clause only, so "he's not breathing,
    # I knew this would happen one day" stays an emergency.
    "vague_time": (
        "=someday|eventually",
        "one =day|morning|night|evening",
        "one of these =days|nights|mornings",
        "at some point",
    ),
    "conditional": (
        "if",
        "in case",
        "whether",
        "unless",
    ),
    # "if" after these is a present doubt, not a hypothetical: "not sure if he's breathing".
    "doubt_if": (
        "know|sure|tell|check|see|wonder|ask|idea if|whether",
    ),
    "future": (
        "=will|ll|'ll|wo|gonna|might|may|could|would|should|someday|eventually|ever",
        "=going to",
        "=gon =na",
        "one day",
        "at some point",
    ),
    "info": (
        "sign|symptom",
        "look like",
        "how do|can|would|will|to *2 know|tell|recognize|recognise|spot|respond|check|help",
        "what to do",
        "what happen|happens",
        "recognize|recognise|learn|training|class|teach",
        "risk|chance|prevent|prevention",
        "can *2 overdose|od on",
        "show|movie|film|article|video|story|news|documentary|podcast|book|episode about",
        "mean|means|difference|differ|versus|vs",
        "look for",
        "what sound|sounds|noise|noises",
        "when they|people|someone|you overdose|od|overdoses",
        "can|could you|i|we tell|know|recognize|recognise",
        "bring|brings|bringing *2 back from",
        "someone|somebody|person|people|anyone who",
        # A generic subject: "people overdose right after treatment" is about people in general.
        "people|someone|somebody|anyone =overdose|overdoses|od|ods|overdosing",
        "read|hear|learn *2 about",
        "same thing? as",
    ),
    # A pattern seen over time, not a sign happening now ("nods off at family dinners").
    "recurring_occasion": (
        "at|during =family? dinner|meal|lunch|breakfast|church|movie|gathering|holiday|party",
        "at|during the =dinner? table",
        "all the time",
        "a lot",
        "lately",
        "=these =days",
        "every|most =day|days|night|nights|evening|evenings|weekend|weekends",
        "on|during =his|her|their? break",
    ),
    "mundane": (
        "for|to school|work|class|church|practice",
        "on time",
        "early",
        "in the morning",
        "respond|responding|respond to =my? text|texts|call|calls|message|messages|email|emails",
        "answer|answering =my|our|the|his|her|their? text|texts|call|calls|message|messages"
        "|phone",
        "alarm",
    ),
    # "I'm scared she'll kill herself or someone else" in a letter about driving drunk: a crash
    # feared (all three cues together; context.assess), not suicide.
    "fear": (
        "=scared|afraid|terrified|worried|frightened|petrified|fear|worry",
    ),
    "or_others": (
        "or =someone|somebody|anyone|anybody =else",
        "or =other|another =people|person|driver|drivers|family|families",
        "or =others",
    ),
    "at_the_wheel": (
        "drive|=driving|drove *2 =drunk|high|wasted|buzzed|impaired|after|home",
        "=drunk|impaired =driving",
        "=behind the wheel",
        "=dui|dwi|duis|dwis",
        "crash|=crashed|wreck|=wrecked|=totaled|=totalled *3 =car|truck|van",
    ),
    # Accidents: "he hurt himself falling off a ladder" is not self-harm.
    "accident": (
        "fall|fell|falling|accident|accidentally|trip|tripped|slip|slipped",
        "at work|the gym|practice",
        "lift|lifting|play|playing|work out|working out",
    ),
    "safe_storage": (
        "lock|locked up|away",
        "lockbox|safe storage",
        "=combination",
        "trigger lock|locks",
        "key to *3 =ammo|ammunition|safe|cabinet",
        "store|storing|storage",
        "get rid of",
        "remove|removing",
        "take away",
    ),
}

#: Words that deny what follows them in the same clause.
NEGATION_LEMMAS = frozenset({"not", "never", "no", "nobody", "none", "neither", "nor", "without",
                             "deny"})
#: How far back (in tokens, inside one clause) a negation reaches.
NEGATION_WINDOW = 4

#: Tokens that end a clause: negation, past time and conditions do not reach across them.
CLAUSE_BREAK_WORDS = frozenset({"but", "and", "so", "then", "because", "cause", "cuz",
                                "although", "though", "however", "yet", "while", "now",
                                "plus", "also"})
SENTENCE_BREAK_TEXTS = frozenset({".", "!", "?", ";", "\n", "...", "!!", "??", "?!"})
