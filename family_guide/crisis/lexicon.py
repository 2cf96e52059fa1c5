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
                         "kids", "children", "baby"]}
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
                         "ate", "shot"]}
    },
}

SUICIDE_TRIGGERS: tuple[TriggerSpec, ...] = (
    TriggerSpec("suicide_word", SUICIDE, IDEATION, (
        "suicide|suicidal|suicidality",
        "=sewerslide",
        "=sewer =slide",
    )),
    TriggerSpec("kill_self", SUICIDE, IDEATION, (
        "kill|murder|hang|shoot|drown|poison|stab @REFL",
        "=offed|offing|off @REFL",
        "end|take @POSS own? life",
        "end|ending it all",
        "=ending =it =all",
        "jump|jumping off|from *4 bridge|roof|building|overpass|balcony|cliff|garage",
        "gun|pistol|knife|blade to @POSS head|throat|wrist|temple",
        "stand|standing|sit|sitting on the|a ledge|edge|roof|railing|bridge",
        "=at|on the edge|ledge of *3 roof|bridge|building|garage|cliff|overpass",
        "take|swallow all @POSS pill|med|medication|tablet",
        "suicide|goodbye|farewell note|letter|message|post|video|text|voicemail",
        "note|letter|message|post|video|text *4 =saying|said|says goodbye",
        "rather die|be dead",
        "think|thinking|talk|talking|talks about|of jumping",
    )),
    TriggerSpec("wish_dead", SUICIDE, IDEATION, (
        "want|wish|wan|ready|plan|deserve to die",
        "=wanna die",
        "=wishes|wished he|she|they =was|were dead",
        "=wish|wished =i =was|were dead",
        "wish *3 never be born|bear",
        "=better off dead",
        "=better off without =me",
        "say|think|tell|feel|believe|write|text|post|keep *6 =better off without =him|her|them",
        "=better off if *2 =i|he|she|they =was|were|wasnt|werent *1 dead|gone|here|around",
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
        "give|giving away @POSS belonging|possession|stuff|thing",
        "pain|suffering|hurting|hurt|everything|all|life *3 stop|end|over|go for good|forever",
        "pain|suffering|hurting|hurt|everything|all|life *3 stop|end|over|go permanently",
        "end|stop *2 pain|suffering for good|forever|permanently",
        "want|wish *2 =it =all to? end|stop|be over",
        "want|wish *2 =everything to? end|stop|be over",
        "save|saving|stockpile|stockpiling|hoard|hoarding|stash|stashing|collect|collecting *2 "
        "pill|med|medication|meds|tablet|sleeping",
        "research|researching|google|googling|look|looking|search|searching *2 how|way|ways to "
        "die|kill",
        "way|ways to die|kill =myself|himself|herself|themselves|yourself",
        "=noose",
        "buy|bought|get|got *2 =rope|ropes|noose",
        "how many|much *1 pill|tablet|med|medication *3 it take",
        "how many|much *1 pill|tablet|med|medication *4 to die|kill|overdose|od",
        "lethal|deadly|fatal dose|amount",
        "tonight|tomorrow|today|night|weekend *4 end|ends|ending it",
        "want|wants|wish|ready *1 to? join =mom|dad|mother|father|grandma|grandpa|wife|husband"
        "|son|daughter|brother|sister",
        "be with *3 in heaven",
        "burden to|on everyone|everybody|us|you|they|family|anyone",
        "burden to|on the|my|our|his|her family",
        "see|sees|saw no point in|to living|life|going on|being alive",
        "talk|talking|talks|keep *2 about dying|death",
        "=say|saying goodbye to everyone|everybody",
        "sorry for everything",
        "see you on the other side",
        "this is goodbye",
        "=goodbye =forever",
        "@NEG be around|here much? longer|anymore|tomorrow",
        "=burden anymore",
        "end it tonight|today|forever|soon|now",
    )),
    TriggerSpec("not_want_live", SUICIDE, IDEATION, (
        "@NEG want|wan to|na live|exist",
        "@NEG want|wan to|na be alive",
        "@NEG =wanna live|exist",
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
        "heart *2 stop|stopped|stopping",
        "needle|syringe =still? in @POSS arm|hand|neck|leg|foot",
    ), negation_inside=True),
    TriggerSpec("wont_wake", OVERDOSE, ACUTE_SIGN, (
        "will|can|could|do not wake|waking @VICTIM? up?",
        "@BE not wake|waking",
        "=wont|cant|cannot|couldnt wake",
        "will|can|could|do|be not respond|responding|responsive|answer|answering",
        "=wont|cant|cannot|couldnt respond|answer",
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
        "=he|she|they @BE =dying",
        "=he|she|they @BE =blue|purple|grey|gray",
        "just *3 =pass|passed|fell out",
        "=pass|passed|fell out after",
        "can|could not get @VICTIM to wake|respond|answer|move|open|talk|breathe",
        "=cant|cannot|couldnt get @VICTIM to wake|respond|answer|move|open|talk|breathe",
    ), negation_inside=True),
    TriggerSpec("overdosing", OVERDOSE, OD_EVENT, (
        "@OD_VERB",
        "@OD_WORD",
        "have|having|be a|an overdose|od",
        "overdose|od happening|emergency",
        "@TOOK *3 =whole|entire|full bottle|pack|box|sheet|bag",
        "@TOOK *2 =bunch|handful|lot|fistful of",
        "@TOOK *3 too much|many",
        "@TOOK all =my|his|her|their|the pill|med|medication|tablet|prescription",
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
    )),
    TriggerSpec("threats", DANGER, THREAT, (
        "threaten|threatening|threatened *3 kill|hurt|stab|shoot|hit|beat|strangle @VICTIM",
        "threaten|threatening|threatened to burn|torch *3 house|place|home|apartment|car",
        "threaten|threatening|threatened @VICTIM *2 with",
        "=threatening|threatened =me|us|all|everyone|everybody|the|my|our|her|him|them",
        "@AGENT @BE? =going|gonna|gon =to|na? kill|hurt|stab|shoot|murder|strangle @VICTIM",
        "@AGENT will|would|ll|d kill|hurt|stab|shoot|murder|strangle @VICTIM",
        "@AGENT will|would|ll|d kill|hurt|stab|shoot|murder|strangle =anyone|anybody|someone"
        "|somebody|everyone|everybody|people",
        "@AGENT @BE? =going|gonna|gon =to|na? kill|hurt|stab|shoot|murder =anyone|anybody"
        "|someone|somebody|everyone|everybody|people",
        "say|tell|yell|scream|text|swear|keep *4 kill|hurt|stab|shoot|murder|strangle @VICTIM",
        "go|will|would|ll|d|threaten|try *2 kill|hurt|stab|shoot|murder|strangle =his|their "
        "father|mother|dad|mom|wife|husband|brother|sister|son|daughter|kids|girlfriend|boyfriend"
        "|partner|family|parents",
    )),
    TriggerSpec("threatening", DANGER, VIOLENCE, (
        "try|trying|tried to kill|hurt|stab|strangle|choke|shoot @VICTIM",
        "=scared|afraid|terrified|fear|fearing for =my|our|his|her life|lives|safety",
        "=i|we|me|kids|children|baby @BE @NEG safe",
        "@NEG feel safe",
        "will|do not let =me|us leave|go|out",
        "=wont|doesnt let =me|us leave|go",
        "lock|locked|barricade|barricaded|hide|hiding @REFL? *3 in the|a|my|our bathroom|bedroom"
        "|room|closet|car|basement|yard",
        "hide|hiding from =him|her|them",
        "can|could not get|go out of the|this|my? room|house|car|apartment|here",
        "=cant|cannot|couldnt get|go out of the|this|my? room|house|car|apartment|here",
        "=trapped|cornered",
        "stand|standing|stood over =me|us|her|him",
        "throw|threw|shove|push|slam|pin =me|us|her|him|them against|into|down|onto",
        "=me|us|her|him|them =pinned|trapped|cornered against|down|in|to",
        "set|start|light *3 fire",
        "grab|grabbed|drag|dragging|pull|pulled =me|us|her|him|them by the? hair|throat|neck|arm",
    )),
    TriggerSpec("heated", DANGER, HEATED, (
        "violent|violence|abusive|abuse|rage|raging|bruise|bruises",
        "fight|fighting|argument|blowout|brawl",
        "=driving|drivin drunk|high|wasted|impaired",
    )),
    TriggerSpec("armed", DANGER, WEAPON, (
        "have|get|hold|wave|point|grab|pull|brandish|swing|swinge|carry *2 "
        "knife|gun|pistol|rifle|shotgun|weapon|machete|blade|firearm|bat|hammer|axe|crowbar"
        "|scissors|screwdriver",
        "=has|had|holding|got =a =knife|gun|pistol",
        "knife|gun|pistol|weapon to|at =my|his|her|our|me|us|him",
    )),
)

TRIGGERS: tuple[TriggerSpec, ...] = SUICIDE_TRIGGERS + OVERDOSE_TRIGGERS + DANGER_TRIGGERS

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
        "=doing =ok|okay|fine|well|better|good|great",
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
    # A vague someday is a worry, not a threat now.
    "vague_future": (
        "=someday|eventually",
        "one day",
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
    ),
    "mundane": (
        "for|to school|work|class|church|practice",
        "on time",
        "early",
        "in the morning",
        "respond|responding|respond to =my? text|texts|call|calls|message|messages|email|emails",
        "answer|answering =my|our|the? text|texts|call|calls|message|messages|phone",
        "alarm",
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
