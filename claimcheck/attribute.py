"""Attribution: attach each figure to a claim (who, what, when) and record stated relations.

Input: the prose, its sentences, the figures found by :mod:`claimcheck.extract`, the
document date and main entity, and the metric vocabulary. Output: one
:class:`~claimcheck.models.Claim` per non-date figure.

* **Entity**: a possessive right before the figure ("Nokia's market cap"), the object of
  "valued X at", or the nearest organisation before it in the sentence; pronouns and
  descriptions ("it", "the Chinese company") resolve to the organisation the text is
  about. Sources ("ZDNet reports", "according to IDC") are never the entity.
* **Metric**: the vocabulary trigger nearest to the figure that fits its kind; counts may
  take it from their noun ("85 million users").
* **Period**: the nearest date in the sentence ("in 2013" after the figure wins), else the
  document's year. "since September 2011" makes a running period of its own.
* **Modality**: forecast ("expects", "will", "targeted") and hypothetical ("if") claims are
  kept apart from reported results.
* **Relations**: growth, share, multiple, comparison, sum, per-unit and time span, as the
  sentence states them. The rules in ``rules/`` check them.

All patterns are bounded, anchored or linear; work is per sentence.

Speed (the output does not depend on any of this): facts that depend only on a sentence, a
trigger or a date are computed once and cached; a pattern searched in a window around each
figure first has its cue words looked up there (_Cue, _may_end), and most windows have none;
hot case-insensitive patterns run as case-sensitive twins on the lower-cased prose
(_lower_twin), which the regex engine matches several times faster. Patterns scanned over
whole sentences or the document start with a character class or a literal, their lookbehind
moved after it ("[A-Z0-9](?<![\\w&.’'-][A-Z0-9])" rather than "(?<![\\w&.’'-])[A-Z0-9]"): then
the engine skips to candidate characters instead of trying a match at every position. Facts
about a sentence's figures (dated dates, sorted starts per kind, the latest end so far) are
built once, and figures are looked up in them by bisect; what a name match says whatever its
context is cached per text (_name_in).
"""
from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import Iterable

from .extract import FUNCTION_CAPS, STOPWORDS, Figure, singular
from .models import Relation
from .periods import WEEKDAYS
from .vocab import Vocabulary, alternation

# ------------------------------------------------------------------------- entities

_SUFFIXES = {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "limited", "co",
             "co.", "company", "llc", "plc", "ag", "sa", "nv", "n.v.", "pte", "pte.",
             "holdings", "holding", "group", "technologies", "technology", "tech", "bhd",
             "international", "s.a.", "se"}
# words that make a name with the nationality before them ("Swiss Re", "American Express")
_NAME_NOUNS = frozenset("""re express airways airlines airline telecom steel petroleum gas post rail
railways power water motors tobacco sugar land life broadcasting standard mutual national""".split())
_PLACES_PREFIX = {"finland", "china", "japan", "korea", "india", "germany", "france",
                  "britain", "russia", "taiwan", "singapore", "us", "u.s.", "uk", "u.k.",
                  "american", "chinese", "finnish", "japanese", "korean", "indian", "german",
                  "french", "british", "russian", "taiwanese", "canadian", "swiss",
                  "swedish", "dutch", "italian", "spanish", "australian", "brazilian"}
_NOT_ENTITIES = frozenset("""January February March April May June July August September
October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Internet
Series Round Class Phase Tier Level Stage Chapter CEO CFO COO CTO Chairman Chief President Executive Officer Mr Mrs Ms Dr Q1 Q2 Q3 Q4 H1 H2 FY
I We You He She They It Its Their Our Shares Revenue Sales Profit Analysts Officials Investors
Executives Economists Customers Experts Researchers Doctors People Critics Unions Regulators Lawmakers Voters
Residents Patients Fans Shoppers Traders Managers Workers Employees Users Prices Costs Exports Imports Jan Feb Mar Apr Jun
Jul Aug Sep Sept Oct Nov Dec""".split())
# A capitalised name (words, "of"/"de"/"&" joints, a company suffix). It starts with "[A-Z0-9]"
# and then looks behind at the character before it (so the engine skips to capitals and digits);
# a letter goes on with [\w&.’'-]*, digits need a capital ("3M", "21Vianet").
_ENTITY_RE = re.compile(
    r"[A-Z0-9](?<![\w&.’'-][A-Z0-9])(?:(?<=[A-Z])[\w&.’'-]*|[0-9]*[A-Z][\w]*)(?:[ \u00a0]+(?:of[ ]+|de[ ]+|&[ ]+|and[ ]+(?=[A-Z][a-z]+[ ]+(?:Co|Company|Sons)))?"
    r"[A-Z][\w&.’'-]*)*(?:,?[ ]+(?:Inc|Corp|Ltd|Co|LLC|PLC|Plc|AG|SA|NV|Pte|Ltd)\.?(?![\w]))?")
_POSSESSIVE_END = re.compile(r"['’]s?$")
# Media and analysts that report a figure; a company that "said" its own figure stays its subject.
_SOURCE_AFTER = re.compile(r"\s*(?:,\s*)?(?:\w+\s+){0,2}?(?:(?:reports?|reported)\s+(?:that|on)|told|wrote|"
                           r"estimates?|estimated|cited|data|statistics|analysts?)\b")
_SOURCE_BEFORE = re.compile(r"(?<![\w])(?:according\s+to|told|by|from|cited\s+by|viewed\s+by|said\s+in|(?:analysts?|economists?|"
                            r"strategists?|researchers?|experts?)\s+(?:at|with|from))\s+(?:the\s+)?$", re.IGNORECASE)
_SUBJECT_VERB_AFTER = re.compile(
    r"\s+(?:said|says|reported|reports|expects|expected|raised|raises|earned|earns|posted|posts|sold|sells|made|"
    r"makes|plans|planned|announced|agreed|booked|generated|shipped|recorded|lost|bought|acquired|estimates|"
    r"forecasts|forecast|employs|employed|spent|spends|paid|pays|owns|operates|runs|hired|cut|added)\b")
_REFERS_TO_FORECAST = re.compile(
    r"\b(?:beat|beating|beats|missed|miss|misses|topped|tops|exceeded|exceeds|surpassed|above|below|than|ahead\s+of|"
    r"short\s+of|in\s+line\s+with|matched|matching)\s+(?:\w+\s+){0,2}(?:forecasts?|expectations?|estimates?|"
    r"guidance|projections?|consensus)\b", re.IGNORECASE)
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*(?:--|—|–|\(\w+\)\s*[-–—])")
# After a name: a dateline, else a source's verb (_SOURCE_AFTER), in one match
_DATELINE_OR_SOURCE_AFTER = re.compile(rf"(?P<dateline>{_DATELINE_AFTER.pattern})|{_SOURCE_AFTER.pattern}")
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose|where|that|whom|the|a|an)\b[^,;]{0,160}?,|--[^-]{1,160}?--|—[^—]{1,160}?—|\([^()]{1,160}\)")
_TITLE_BEFORE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov)\.?\s+$")
_HYPHEN_DESCRIPTION = re.compile(r"-(?:owned|based|listed|born|led|backed|made|run|controlled|focused)$")
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ese|ian|an|ish|ch)")
_LOWER_WORD_NEXT = re.compile(r"\s+[a-z]")
_POSSESSIVE_S = re.compile(r"'s?$")
_VALUED_AT = re.compile(r"\bvalu(?:ed|ing|es)\s+(.{1,60}?)\s+at\s*$")
_AT_MOST_A_WORD = re.compile(r"\s*(?:\w+\s+){0,1}")


@dataclass(slots=True)
class EntityRef:
    start: int
    end: int
    name: str               # canonical name
    possessive: bool
    source: bool            # the reporter of a figure, not its subject
    anaphor: bool = False   # "it", "the company"
    descriptor: bool = False


@lru_cache(maxsize=4096)
def canonical_entity(text: str) -> str:
    words = text.replace("’", "'").split()
    if words and _POSSESSIVE_END.search(words[-1]):
        words[-1] = _POSSESSIVE_S.sub("", words[-1])
    words = [w.rstrip(",") for w in words]
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0].lower() in _PLACES_PREFIX and words[1].lower() not in _NAME_NOUNS:
        words.pop(0)                            # "Chinese Xiaomi"; not "Swiss Re", "British Airways"
    if words and words[0] == "The" and len(words) > 1:
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=4096)
def _name_in(text: str) -> tuple[int, str, bool, bool, bool] | None:
    """What a match of _ENTITY_RE names, whatever its context: the offset of its first word
    (after leading function words and titles), the canonical name, whether it is possessive,
    a single word, a nationality ("Chinese"); None if it names nothing."""
    words = text.split()
    start = 0
    # drop leading function words ("The", "In", "Now") and titles
    while words and (words[0].rstrip(",") in FUNCTION_CAPS or words[0] in ("Mr.", "Ms.", "Mrs.", "Dr.")):
        start = text.index(words[0], start) + len(words[0])
        words = words[1:]
    if not words:
        return None
    start = text.index(words[0], start)
    text = " ".join(words)
    name = canonical_entity(text)
    bare = name.rstrip(".").split()[0] if name else ""
    if not name or bare in _NOT_ENTITIES or name in _NOT_ENTITIES:
        return None
    if "-" in name and _HYPHEN_DESCRIPTION.search(name):
        return None                                     # "Chinese-owned", "Beijing-based"
    return (start, name, bool(_POSSESSIVE_END.search(text)), len(words) == 1,
            _NATIONALITY.fullmatch(name) is not None)


# ------------------------------------------------------------------------- relation cues

_CHANGE_UP = r"(?:rose|rise|rises|rising|grew|grow|grows|growing|increased|increase|increases|climbed|climb|jumped|jump|surged|surge|soared|soar|gained|gain|advanced|up|higher|expanded|more\s+than\s+(?:doubled?|tripled?|quadrupled?)|doubled?|tripled?|quadrupled?|boosted|boost|lifted|lift|lifts|raise|raises|raised|rebounded)"
_CHANGE_DOWN = r"(?:fell|fall|falls|falling|dropped|drop|drops|declined|decline|declines|slid|slide|slumped|slump|shrank|shrink|decreased|decrease|lost|down|lower|plunged|plunge|tumbled|tumble|sank|sink|halved|cut|eased|dipped|contracted|lowered|lower|lowers|reduced|reduce|reduces|reduction|trimmed)"
_EARNINGS_WORDS = frozenset({"earnings per share", "per share", "eps", "earned", "earnings", "net income",
                             "net profit", "profit", "profits", "net earnings", "loss", "net loss"})
_AMOUNT_KINDS = frozenset({"money", "count", "number", "percent"})
_COMPANY_TOTALS = frozenset({"revenue", "net_profit", "operating_profit", "valuation", "market_cap", "funding",
                             "expenses", "budget", "spending", "debt", "wages"})
# "Of the $12 billion", "of Acme's $12 billion" mark a total; a bare "of" does not ("bids of £80m")
_TOTAL_BEFORE = re.compile(r"(?:\b[Oo]f\s+(?:(?:the|its|their|this|that)\s+(?:\w+['’]s\s+)?|\w+['’]s\s+)|\btotal\s+of\s+|\btotall?ing\s+|\btotall?ed\s+|\bin\s+all\s+|\baltogether\s+)$", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"\s+(?:in\s+total|total|in\s+all|altogether|combined)\b", re.IGNORECASE)
_SHARE_WHOLE_BEFORE = re.compile(r"(?:%|percent|per\s*cent)\s+of\s+(?:(?:its|their|the|total|overall|all|[A-Z][\w’']*['’]s)\s+){0,3}$", re.IGNORECASE)
_EARLIER_CUE = re.compile(r"\b(?:a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)\s+(?:year|quarter|season)|"
                          r"the\s+(?:year|quarter|season)\s+before|a\s+(?:quarter|decade)\s+(?:earlier|ago)|(?:years|months)\s+ago|previously|at\s+the\s+time)\b",
                          re.IGNORECASE)
_BASELINE = re.compile(r"\b(?:from|compared|versus|vs|against|than|before|earlier)\b", re.IGNORECASE)
# ", an increase of 13 percentage points": describes the change stated before it
_APPOSITIVE_CHANGE = re.compile(r",\s*(?:an?\s+)?(?:increase|rise|gain|jump|reduction|decrease|drop|decline|fall|cut)\s+of\s+$",
                                re.IGNORECASE)
_HEDGE_WORDS = r"(?:(?:about|roughly|nearly|almost|some|more\s+than|less\s+than|around|just|over|an?)\s+)*"
_FACTOR_BEFORE = re.compile(rf"\b(?:{_CHANGE_UP}|{_CHANGE_DOWN}|by|of)\s+{_HEDGE_WORDS}$", re.IGNORECASE)
# "lost $10.15, or 24.6%": the amount is a change, so its percent is no share of a whole
_CHANGED_BY_BEFORE = re.compile(rf"\b(?:{_CHANGE_UP}|{_CHANGE_DOWN}|by)\s+{_HEDGE_WORDS}$", re.IGNORECASE)
# "rose 9.8% to $7.87 billion": a change followed by its own "to" figure
_OWN_TO_AFTER = re.compile(r",?\s+to\s+(?=\S)")
_FACTOR_AFTER = re.compile(r"(?:-|\s+)(?:rise|increase|jump|gain|growth|climb|surge|drop|decline|fall|decrease|slide|cut|reduction|higher|lower|more|less|up|down)\b", re.IGNORECASE)
_UP_RE = re.compile(rf"\b{_CHANGE_UP}\b", re.IGNORECASE)
_DOWN_RE = re.compile(rf"\b{_CHANGE_DOWN}\b", re.IGNORECASE)
_FROM_RE = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_TO_RE = re.compile(r"\b(?:to|reaching|at)\s*$", re.IGNORECASE)
_UP_FROM_RE = re.compile(r"\b(?:(?P<up>up|higher|more|increase|rise|gain)|(?P<down>down|lower|less|decline|drop|fall))\b[^.;]{0,40}?\bfrom\s*$|\b(?:compared\s+(?:with|to)|versus|vs\.?|against)\s*$", re.IGNORECASE)
_SHARE_OF = re.compile(r"\s*of\s+(?:(?:its|their|his|her|the|all|total|overall|[A-Z][\w’']*(?:['’]s)?)\s+){0,3}", re.IGNORECASE)
_PART_BEFORE_SHARE = re.compile(
    r"\s*,?\s*(?:(?:[\w'’-]+\s+){0,3}?(?:made\s+up|makes?\s+up|accounted\s+for|accounts?\s+for|represented|"
    r"represents?|was|were|is|are|equal(?:led|s)?\s+to|amounted\s+to|amounting\s+to|or|about|roughly|some|"
    r"equal\s+to|comprising|which\s+is)(?:\s+(?:about|roughly|nearly|almost|some|just|only|around))?)\s*", re.IGNORECASE)
# A percentage "of" something is a share of a whole, at most 100%, only when the text says it is
# a part: a verb of composition or ownership before it ("accounted for 134% of sales", "owns 60%
# of"), or after "of" a total or a group counted in its members ("of all sales", "62% of voters",
# "of the market"). Otherwise it is a ratio to a base, which may pass 100% ("debt of 110.6% of
# GDP", "costs at 130% of revenue", "140% of what they spent a year earlier").
_PART_CUE_BEFORE = re.compile(
    r"\b(?:accounts?\s+for|accounted\s+for|accounting\s+for|ma(?:de|kes?|king)\s+up|represent(?:s|ed|ing)?|"
    r"compris(?:e|es|ed|ing)|constitut(?:e|es|ed|ing)|share\s+of|stake\s+of|owns?|owned|owning|holds?|held|"
    r"holding|controls?|controlled)\s+(?:(?:about|roughly|nearly|almost|some|just|only|around|more\s+than|"
    r"less\s+than|over|under|an\s+estimated)\s+)*$", re.IGNORECASE)
_WHOLE_AFTER_OF = re.compile(
    r"\s*of\s+(?:(?:the|its|their|all|his|her|our|[A-Z][\w’']*['’]s)\s+)?(?:[\w-]+\s+)?"
    r"(?:total|overall|entire|whole|all|voters|respondents|people|adults|children|households|homes|users|"
    r"customers|subscribers|members|employees|workers|staff|companies|firms|businesses|seats|votes|vote|"
    r"shares|students|patients|residents|population|market|electorate)\b", re.IGNORECASE)
_OR_PART = re.compile(r"^\s*(?:,\s*)?(?:or|about|roughly|around|equal\s+to|equivalent\s+to|amounting\s+to|some)\s*$", re.IGNORECASE)
_MULT_OBJ = re.compile(r"^\s*(?:that\s+of\s+|the\s+(?:number|figure|level|amount|total|size|tally)\s+(?:of\s+\w+\s+)?(?:in|of|for|at|from|a\s+year\s+earlier)?\s*|(?:compared\s+(?:with|to)|over|from|since|on)\s+|its\s+|the\s+)?", re.IGNORECASE)
_COMPARE = re.compile(
    r"\b(?P<gt>above|higher\s+than|greater\s+than|larger\s+than|bigger\s+than|more\s+than|exceeds?|exceeded|exceeding|surpass(?:es|ed|ing)?|ahead\s+of|outstrip(?:s|ped|ping)?|topp(?:ed|ing)|tops?|beat(?:s|ing)?)\b"
    r"|\b(?P<lt>below|lower\s+than|smaller\s+than|less\s+than|behind|short\s+of|trail(?:s|ed|ing)?)\b"
    r"|\b(?P<eq>(?:pretty\s+|very\s+|fairly\s+)?close\s+to|similar\s+to|on\s+par\s+with|in\s+line\s+with|roughly\s+equal\s+to|level\s+with)\b", re.IGNORECASE)
_CHANGE_NOUN_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}?(?:increase|rise|gain|growth|jump|drop|decline|fall|cut|reduction)\b", re.IGNORECASE)
_CHANGE_AMOUNT_END = re.compile(r"\b(?:up|down|by)\s+$", re.IGNORECASE)
_BY_END = re.compile(r"\bby\s+$", re.IGNORECASE)
_MODAL_BEFORE = re.compile(r"\b(?:could|would|might|may|will|should|to)\s+(?:\w+\s+)?$", re.IGNORECASE)
_SUM_CUE = re.compile(r"\b(?:of\s+which|comprised|comprising|comprises|consisted\s+of|consisting\s+of|made\s+up\s+of|split\s+between|broken\s+down|came\s+from|coming\s+from|total|combined|together|in\s+all|altogether)\b", re.IGNORECASE)
_OF_THE_TOTAL = re.compile(r"\s*(?:Of|Out\s+of)\s+(?:the|its|their|this|that)?\s*(?:[\w'’]+['’]s\s+)?(?:US\$|HK\$|C\$|S\$|A\$|\$|€|£|¥)?\d")
_INCLUDING = re.compile(r"\b(?:including|includes|included)\b", re.IGNORECASE)
# "founded in 2010", "launched the phone in April 2010": a founding verb, then the date after
# "in" or "on" in the same clause ("began opening its chambers this month" founds nothing)
_FOUNDED = re.compile(r"\b(?:founded|launched|started|established|set\s+up|created|began|incorporated|opened|formed)\b"
                      r"[^.;:!?]{0,40}?\b(?:in|on)\s+(?:early\s+|late\s+|mid-)?$", re.IGNORECASE)
_DURATION_CUE = re.compile(r"\b(?:in|within|after|of)\s+(?:just|only|a\s+mere|barely|little\s+more\s+than|less\s+than|more\s+than)?\s*$", re.IGNORECASE)
_FORECAST = re.compile(r"\b(?:expects?|expected|expecting|forecasts?|forecast(?:ed|ing)?|projects?|projected|projecting|targets?|targeted|targeting|aims?|aiming|plans?|planned|planning|will|would|could|might|may|estimates?|predicts?|predicted|guidance|outlook|anticipates?|anticipated|hopes?|goal|potential|proposed|seeks?|wants?|to\s+reach|set\s+to|on\s+track)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether|suppose|supposing|imagine|hypothetically)\b", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\b(?:since|from|starting(?:\s+in)?|started(?:\s+in)?|it\s+started|began(?:\s+in)?)\s*$", re.IGNORECASE)
_DATE_PREP_AFTER = re.compile(r"\s*(?:,\s*)?(?:in|during|for|as\s+of|by|since|(?:since\s+)?(?:it|they|the\s+\w+)\s+(?:started|began|launched)(?:\s+in)?|at\s+the\s+end\s+of|by\s+the\s+end\s+of|over|through|throughout|until|ended|to\s+the\s+end\s+of|(?:in|during|for)\s+the)\s*$", re.IGNORECASE)
_SEGMENT_NOUN = (r"(?:services?|products?|hardware|software|games?|gaming|advertising|ads|apps?|devices?|phones?|"
                 r"smartphones?|handsets?|cloud|licensing|subscriptions?|segment|division|business|unit|"
                 r"operations|retail|wholesale|exports?|imports?|internet|online|e-commerce|payments?|"
                 r"europe|asia|americas|china|abroad|overseas|international|domestic)")
_SEGMENT_FROM = re.compile(rf"\s+(?:from|in|of)\s+((?:[a-z][a-z-]+\s+){{0,2}}{_SEGMENT_NOUN})\b", re.IGNORECASE)
_SEGMENT_BEFORE = re.compile(rf"((?:[a-z][a-z-]+\s+)?(?:[a-z]+-)?{_SEGMENT_NOUN})\s+$", re.IGNORECASE)
_NOUN_TRIGGER = re.compile(r"(?:revenue|sales|profit|income|earnings|turnover|users|margin|spending|budget)s?$", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _is_noun_trigger(trigger: str) -> bool:
    return _NOUN_TRIGGER.search(trigger) is not None


_CLAUSE_BREAK = re.compile(r";|--|—|\bbut\b|\bwhile\b|\bwhereas\b")
_ANAPHOR_CACHE: dict[tuple, re.Pattern] = {}
_MID_CAP = re.compile(r"[a-z,;][ \t]+([A-Z][\w&’'.-]*)")
# The groups of _MID_CAP.findall(prose), found from the blank on: a character class first, so
# the engine skips to blanks. A match of _MID_CAP takes the letter before the blank, which
# can end the word of the match before it ("was Apple Watch sales": not "Watch"); so each
# match here also takes that next capitalised word, if any, as findall would skip it.
_MID_CAP_BLANK = re.compile(r"[ \t](?<=[a-z,;][ \t])[ \t]*([A-Z][\w&’'.-]*)(?:(?<=[a-z])[ \t]+[A-Z][\w&’'.-]*)?")
_MID_CAP_SPACE = re.compile(r" (?<=[a-z,;] ) *([A-Z][\w&’'.-]*)(?:(?<=[a-z]) +[A-Z][\w&’'.-]*)?")  # no tabs: a literal first
_WORD = re.compile(r"(?<![\w-])[A-Za-z][\w]*")
_SPACES = re.compile(r"\s+")
_YEAR_OR_CODE = re.compile(r"(?:19|20)\d\d|[A-Z]{1,3}\d?|Q\d")
_OF_NEXT = re.compile(r"\s*of\b")
_COMMA_OR = re.compile(r"\s*,\s*or\s+")
_CLAUSE_END_NEXT = re.compile(r"\s*(?:[.,;)]|$)")
_AGO_NEXT = re.compile(r"\s+(?:ago|earlier|before|from\s+now|later)\b")
_WORD_BEFORE_TRIGGER = re.compile(r"([A-Za-z](?<![\w'’-][A-Za-z])[\w-]*)\s+$")   # a letter first: see _ENTITY_RE
_NON_SEGMENT = frozenset("""total annual overall expected net gross quarterly its their the of in full-year yearly
combined group company consolidated first-quarter second-quarter third-quarter fourth-quarter
reported record current estimated projected forecast average a an this last next that his her
our whose which new global worldwide domestic international fiscal half-year monthly weekly
daily underlying adjusted core same-store comparable organic full year quarter season results record
higher lower strong weak rising falling total full-year second-half first-half nine-month six-month
said says say saw sees posted reported reports expects expect booked books made makes earned earns generated
had has have grew grows rose rises fell falls with total its their whose while when as""".split())


# ------------------------------------------------------------------------- cue words
# Most patterns searched in a window around each figure cannot match there: the window holds
# none of their words. A _Cue pairs such a pattern with literal words one of which every
# match contains; a pattern runs only in windows that hold one of them (looked up in the
# lower-cased prose: the words of every cue once per sentence, see _sentence_cue_words). This
# is a pre-check: where it passes, the pattern still decides, on the same text as before.

_CUE_WORDS: set[str] = set()        # the words of every _Cue


class _Cue:
    __slots__ = ("words",)

    def __init__(self, *words: str):
        self.words = frozenset(words)   # lower case; every match contains one of them
        _CUE_WORDS.update(words)


_HYPOTHETICAL_WORDS = ("if", "unless", "whether", "suppos", "imagine", "hypothetically")
_FORECAST_OF_WORDS = ("forecast", "expectation", "estimate", "guidance", "projection", "target")
_FORECAST_WORDS = ("expect", "forecast", "project", "target", "aim", "plan", "will", "would", "could", "might",
                   "may", "estimate", "predict", "guidance", "outlook", "anticipate", "hope", "goal", "potential",
                   "proposed", "seek", "want", "reach", "set", "track")
# any cue of a forecast or hypothetical claim
_MODALITY_CUE = _Cue(*dict.fromkeys(_HYPOTHETICAL_WORDS + _FORECAST_OF_WORDS + _FORECAST_WORDS))
_CLAUSE_BREAK_CUE = _Cue(";", "--", "—", "but", "while", "whereas")
_HYPOTHETICAL_CUE = _Cue(*_HYPOTHETICAL_WORDS)
_FORECAST_OF = re.compile(r"\b(?:forecasts?|expectations?|estimates?|guidance|projections?|target)\s+(?:of|at|for)\s+$", re.I)
_FORECAST_OF_CUE = _Cue(*_FORECAST_OF_WORDS)
_REFERS_TO_FORECAST_CUE = _Cue("forecast", "expectation", "estimate", "guidance", "projection", "consensus")
_FORECAST_CUE = _Cue(*_FORECAST_WORDS)
_COMPARE_CUE = _Cue("above", "than", "exceed", "surpass", "ahead", "outstrip", "top", "beat", "below", "behind",
                    "short", "trail", "close", "similar", "par", "line", "equal", "level")
_FROM_CUE = _Cue("from")
_FOUNDED_CUE = _Cue("founded", "launched", "started", "established", "set", "created", "began", "incorporated",
                    "opened", "formed")
_BASELINE_CUE = _Cue("from", "compared", "versus", "vs", "against", "than", "before", "earlier")
_VALUED_CUE = _Cue("valu")
_EARLIER_CUE_WORDS = _Cue("earlier", "ago", "before", "previous", "prior", "preceding", "time")
# The words that matches of patterns anchored at the end of their window end with (_may_end)
_SOURCE_BEFORE_ENDS = ("to", "told", "by", "from", "in", "at", "with", "the")
_TO_ENDS = ("to", "reaching", "at")
_SHARE_WHOLE_ENDS = ("of", "its", "their", "the", "total", "overall", "all", "'s", "’s")
_SINCE_ENDS = ("since", "from", "starting", "started", "began", "in")
_DATE_PREP_ENDS = ("in", "during", "for", "of", "by", "since", "started", "began", "launched", "over", "through",
                   "throughout", "until", "ended", "the")
# the alternatives of _DATE_PREP_AFTER that are one word: a window that ends with one of them
# (but for blanks) matches it, nothing before them matters
_DATE_PREP_WORDS = ("in", "during", "for", "by", "since", "over", "through", "throughout", "until", "ended")
_SEGMENT_NOUNS = tuple(form for alt in _SEGMENT_NOUN[3:-1].split("|")     # "services?": service, services
                       for form in ((alt[:-2], alt[:-1]) if alt.endswith("s?") else (alt,)))


def _lower_twin(pattern: re.Pattern) -> re.Pattern:
    """The pattern without re.IGNORECASE, to run on the folded prose (_fold): it finds the same
    matches at the same offsets (only the case of the matched text differs), some three times
    faster, as the engine can skip case-sensitive alternatives at a glance. Its literal
    letters must be lower case."""
    assert not re.search(r"[A-Z]", re.sub(r"\\.|\(\?P", "", pattern.pattern)), pattern.pattern
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# re.IGNORECASE matches "İ", "ı" and "ſ" to i and s; str.lower() keeps "ı" and "ſ" and makes
# "İ" two characters. Folding them first keeps the cue words findable and offsets aligned.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _fold(text: str) -> str | None:
    """The text lower-cased, offset for offset (None if that cannot be done)."""
    low = text.lower()
    if not low.isascii() and ("ı" in low or "ſ" in low or len(low) != len(text)):
        low = text.translate(_FOLD).lower()
    return low if len(low) == len(text) else None


# The patterns that have a twin, and id(pattern) -> (pattern, twin), filled as twins are first
# needed (compiling them all at import would slow every start): hashing a compiled pattern
# hashes its whole program, some microseconds for these; the entry holds the pattern, so its
# id is not reused.
_TWIN: dict[int, tuple[re.Pattern, re.Pattern]] = {}
_TWINNED = {id(p): p for p in (_COMPARE, _FORECAST, _HYPOTHETICAL, _FORECAST_OF, _SOURCE_BEFORE,
                                     _DATE_PREP_AFTER, _BASELINE, _EARLIER_CUE, _FROM_RE, _TO_RE, _UP_FROM_RE,
                                     _UP_RE, _DOWN_RE, _FACTOR_BEFORE, _APPOSITIVE_CHANGE, _SINCE_BEFORE,
                                     _SEGMENT_BEFORE, _SEGMENT_FROM, _FOUNDED, _DURATION_CUE, _SUM_CUE, _INCLUDING)}


# Characters that can end a span of prose scanned for triggers (_trigger_regions): those no
# trigger of the vocabulary contains; by id(trigger pattern), which the entry holds. Spans
# fewer than _SCAN_THROUGH characters apart are scanned as one.
_BARRIER_CANDIDATES = ".,;:!?()\"“”"
_BARRIERS: dict[int, tuple[re.Pattern, tuple[str, ...]]] = {}
_SCAN_THROUGH = 100


def _barriers(vocab: Vocabulary) -> tuple[str, ...]:
    pat = vocab.trigger_pattern
    entry = _BARRIERS.get(id(pat))
    if entry is None or entry[0] is not pat:
        triggers = "".join(vocab.metrics_by_trigger)
        entry = _BARRIERS[id(pat)] = (pat, tuple(c for c in _BARRIER_CANDIDATES if c not in triggers))
    return entry[1]


@dataclass(slots=True)
class _Claim:
    id: str
    fig: Figure
    mention_id: str
    entity: str | None = None
    metric: str | None = None
    segment: str | None = None
    period: str | None = None
    period_source: str = "none"
    modality: str = "actual"
    relations: list = field(default_factory=list)


_START = attrgetter("start")


class Attributor:
    def __init__(self, prose: str, sentences: list[tuple[int, int]], figures: list[Figure],
                 mention_ids: list[str], vocab: Vocabulary, doc_date: _dt.date | None,
                 main_entity: str | None):
        self.prose = prose
        self.sentences = sentences or [(0, len(prose))]
        self.figures = figures
        self.vocab = vocab
        self.doc_date = doc_date
        self.main_entity = canonical_entity(main_entity) if main_entity else None
        self.by_sentence: dict[int, list[int]] = {}
        self.sentence_figs: dict[int, list[Figure]] = {}    # read-only lists
        # per sentence: dates that state a period; sorted starts of all figures and of each
        # kind (for bisect); the latest start of a figure that is not a date
        self._dates: dict[int, list[Figure]] = {}
        self._starts: dict[int, list[int]] = {}
        self._kind_starts: dict[tuple[int, str], list[int]] = {}
        self._last_start: dict[int, int] = {}
        for i, fig in enumerate(figures):
            si = fig.sentence
            self.by_sentence.setdefault(si, []).append(i)
            self.sentence_figs.setdefault(si, []).append(fig)
            self._starts.setdefault(si, []).append(fig.start)
            self._kind_starts.setdefault((si, fig.kind), []).append(fig.start)
            if fig.kind == "date":
                # a weekday dates an event ("agreed on Monday"), not the period of a figure
                if fig.period and prose[fig.start:fig.end].lower() not in WEEKDAYS:
                    self._dates.setdefault(si, []).append(fig)
            elif fig.start > self._last_start.get(si, -1):
                self._last_start[si] = fig.start
        for starts in (*self._starts.values(), *self._kind_starts.values()):
            starts.sort()
        self._doc_year = f"{doc_date.year:04d}" if doc_date is not None else None
        self.mention_ids = mention_ids
        self.claims: list[_Claim] = []
        self.claim_of: dict[int, _Claim] = {}
        self.entities: dict[int, list[EntityRef]] = {}
        self.topic: str | None = self.main_entity
        self.triggers: dict[int, list[tuple[int, int, str]]] = {}
        self._entity_names: set[str] = set()
        self._mid_caps: set[str] | None = None
        self._anaphor_pat: re.Pattern | None = None
        # Facts that depend only on a sentence, a trigger or a date, computed on first use
        self._sentence_period: dict[int, str | None] = {}   # when a sentence states no date
        self._since: dict[int, bool] = {}                    # date start -> "since ..." before it
        self._share_whole_trigger: dict[int, bool] = {}      # trigger start -> "% of ..." before it
        self._clause_spans: dict[int, list[tuple[int, int]]] = {}
        self.folded = _fold(prose)                           # for cue words (_Cue)
        self._cue_words: dict[int, frozenset[str]] = {}
        self._modality_words: dict[int, tuple | None] = {}

    # ----------------------------------------------------------------------- driver
    def run(self) -> list[_Claim]:
        self._find_triggers()
        counts: dict[str, int] = {}
        subjects: list[str | None] = []          # per sentence: its first name not a source (nor "Mr")
        n = 0
        for si in range(len(self.sentences)):
            # pronouns only matter before a figure that needs an entity
            refs = self._find_entities(si, self._last_start.get(si, -1))
            self.entities[si] = refs
            subject = None
            for r in refs:
                if not r.anaphor and not r.source:
                    counts[r.name] = counts.get(r.name, 0) + 1
                    if subject is None and r.name != "Mr":
                        subject = r.name
            subjects.append(subject)
        if self.topic is None and counts:
            self.topic = max(sorted(counts), key=lambda k: counts[k])
        self._entity_names = set(counts) | ({self.main_entity} if self.main_entity else set())
        self.alias = _aliases(self._entity_names)
        if self.topic:
            self.topic = self.alias.get(self.topic, self.topic)
        topic = self.topic
        for si in range(len(self.sentences)):
            idxs = self.by_sentence.get(si, [])
            refs = self.entities[si]
            for i in idxs:
                fig = self.figures[i]
                if fig.kind == "date":
                    continue
                n += 1
                c = _Claim(id=f"c{n}", fig=fig, mention_id=self.mention_ids[i])
                entity = self._entity_for(fig, si, refs, topic)
                c.entity = self.alias.get(entity, entity) if entity else entity
                c.metric, c.segment = self._metric_for(fig, si)
                c.period, c.period_source = self._period_for(fig, si)
                c.modality = self._modality_for(fig, si)
                self.claims.append(c)
                self.claim_of[i] = c
            if subjects[si] is not None and self.main_entity is None:
                topic = subjects[si]
        for si in sorted(self._last_start):      # (the sentences with a claim)
            self._relations(si)
        self._time_spans()
        return self.claims

    # ----------------------------------------------------------------------- entities
    def _find_entities(self, si: int, anaphors_before: int) -> list[EntityRef]:
        """Names in the sentence, and pronouns ("it", "the company") that start before
        anaphors_before (later ones resolve no figure's entity)."""
        s, e = self.sentences[si]
        prose = self.prose
        folded = self.folded
        refs: list[EntityRef] = []
        # figures by start, and the latest end among the first k: a match overlaps a figure
        # if one that starts before the match's end ends after its start
        fig_starts = self._starts.get(si)
        if fig_starts:
            reach = list(accumulate([f.end for f in sorted(self.sentence_figs[si], key=_START)], max))
        for m in _ENTITY_RE.finditer(prose, s, e):
            start, end = m.span()
            if fig_starts:
                k = bisect_left(fig_starts, end)
                if k and reach[k - 1] > start:
                    continue
            info = _name_in(m.group())
            if info is None:
                continue
            offset, name, possessive, one_word, nationality = info
            start += offset
            if nationality and _LOWER_WORD_NEXT.match(prose, end, end + 3):
                continue                                    # "Chinese smartphone maker"
            # only blanks before it in the sentence (a sentence starts with a non-blank, then
            # this is start == s; the slice is for sentences given with leading blanks)
            if one_word and not possessive and (start == s or (prose[s].isspace() and not prose[s:start].strip())) \
                    and name != self.main_entity and not self._capitalised_elsewhere(name) \
                    and not _SUBJECT_VERB_AFTER.match(prose, end):
                continue                                    # "Competition is intensifying"
            after = _DATELINE_OR_SOURCE_AFTER.match(prose, end)
            if after is not None and after.lastgroup == "dateline":
                continue                                    # "NEW YORK --", "CHARLOTTE, N.C. --"
            reports = after is not None
            source = reports and not possessive
            # (_may_end, inlined: most names are not sources)
            if not source and start > s and (folded is None or folded[max(s, start - 25):start].rstrip()
                                             .endswith(_SOURCE_BEFORE_ENDS)):
                source = bool(self._search(_SOURCE_BEFORE, max(s, start - 25), start))
            if not source and reports and _TITLE_BEFORE.search(prose, max(s, start - 5), start):
                source = True                               # "Mr. Smith's ... told"
            refs.append(EntityRef(start, end, name, possessive, source))
        if anaphors_before > s:
            n = len(refs)
            for m in self._anaphor_re.finditer(prose, s, e):
                if m.start() >= anaphors_before:
                    break
                word = m.group().lower()
                refs.append(EntityRef(m.start(), m.end(), "", word.endswith(("its", "'s", "’s")),
                                      False, anaphor=True, descriptor=not word.startswith(("it", "its"))))
            if len(refs) > n:
                refs.sort(key=_START)
        return refs

    def _capitalised_elsewhere(self, name: str) -> bool:
        """Does the name also appear capitalised in mid-sentence (so it is a name, not a
        capitalised first word)? One pass over the document, cached."""
        if self._mid_caps is None:
            pat = _MID_CAP_BLANK if "\t" in self.prose else _MID_CAP_SPACE
            self._mid_caps = set(pat.findall(self.prose))
        return name.split()[0] in self._mid_caps

    @property
    def _anaphor_re(self) -> re.Pattern:
        if self._anaphor_pat is not None:
            return self._anaphor_pat
        key = tuple(self.vocab.descriptors)
        pat = _ANAPHOR_CACHE.get(key)
        if pat is None:
            # a character class first, so the engine skips to candidates; then the
            # (?<![\w]) of the first character; descriptors factored by prefix
            pat = re.compile(rf"[IiTt](?<![\w][IiTt])(?:(?<=[Ii])ts?(?![\w’'])|"
                             rf"(?<=[Tt])he\s+(?:[\w-]+\s+){{0,2}}?{alternation(key)}(?:['’]s)?(?![\w]))")
            _ANAPHOR_CACHE[key] = pat
        self._anaphor_pat = pat
        return pat

    def _resolve(self, ref: EntityRef, refs: list[EntityRef], topic: str | None) -> str | None:
        if not ref.anaphor:
            return ref.name
        before = [r for r in refs if r.start < ref.start and not r.anaphor and not r.source]
        if ref.descriptor:
            return before[0].name if before else topic
        return before[-1].name if before else topic

    def _entity_for(self, fig: Figure, si: int, refs: list[EntityRef], topic: str | None) -> str | None:
        prose = self.prose
        s, _ = self.sentences[si]
        closed = self._closed_before(si, fig.start)
        if closed:
            before = [r for r in refs if r.end <= fig.start and not r.source
                      and not any(a < r.start and r.end < b for a, b in closed)]
        else:
            before = [r for r in refs if r.end <= fig.start and not r.source]
        # "valued X at $Y"
        vm = None
        if self._cue_words_in(_VALUED_CUE, si) and prose.find("valu", max(s, fig.start - 80), fig.start) >= 0:
            vm = _VALUED_AT.search(prose[max(s, fig.start - 80):fig.start])
        if vm:
            obj_start = max(s, fig.start - 80) + vm.start(1)
            inside = [r for r in before if r.start >= obj_start]
            named = [r for r in inside if not r.anaphor]
            if named:
                return named[-1].name
            if inside:
                verb_at = max(s, fig.start - 80) + vm.start()
                agents = [r for r in before if r.start < obj_start and not r.anaphor]
                if agents and _AT_MOST_A_WORD.fullmatch(prose, agents[-1].end, verb_at):
                    agents = agents[:-1]            # "Goldman Sachs valued the social network at"
                if agents:
                    return agents[-1].name
                return self._resolve(inside[0], refs, topic)
        if before:
            last = before[-1]
            poss = [r for r in before if r.possessive and fig.start - r.end <= 45]
            if poss and not any(r.start > poss[-1].start and not r.anaphor for r in before):
                return self._resolve(poss[-1], refs, topic)
            return self._resolve(last, refs, topic)
        if topic:
            return topic
        after = [r for r in refs if r.start >= fig.end and not r.source and not r.anaphor]
        if after and after[0].start - fig.end < 60:
            return after[0].name
        return None

    def _closed_before(self, si: int, end: int) -> list[tuple[int, int]]:
        """The spans of _RELATIVE_CLAUSE.finditer(prose, s, end), s the sentence's start: the
        matches in the whole sentence (found once) that end by then; where one runs past end,
        the search is done again. (Up to that match both searches are the same: the pattern
        cannot match more text with less of it.) Most sentences have none: an empty list."""
        spans = self._clause_spans.get(si)
        if spans is None:
            s, e = self.sentences[si]
            spans = self._clause_spans[si] = [m.span() for m in _RELATIVE_CLAUSE.finditer(self.prose, s, e)]
        out = []
        for a, b in spans:
            if b > end:
                if a < end:
                    return [m.span() for m in _RELATIVE_CLAUSE.finditer(self.prose, self.sentences[si][0], end)]
                break
            out.append((a, b))
        return out

    # ----------------------------------------------------------------------- metrics
    def _find_triggers(self) -> None:
        """Metric words, found by looking up each word's first token in a set and matching the
        (multi-word, longest-first) trigger pattern only there.

        The words are those of _WORD. Rather than each of them, the vocabulary's first-word
        pattern, run over the lower-cased prose, finds those that can be in the set (and, for
        odd letters such as the Kelvin sign, a few more: the set and an ASCII first letter, as
        in _WORD, decide). Only sentences with a claim read their triggers: only they are
        scanned (_trigger_regions), with the text before them that a trigger may run on from."""
        pat = self.vocab.trigger_pattern
        if id(pat) not in _TWIN:            # one per vocabulary
            _TWIN[id(pat)] = (pat, _lower_twin(pat))
        pat, text = self._twin(pat)
        first = self.vocab.trigger_first_words
        si = 0
        sents = self.sentences
        prose = self.prose
        starts = self.vocab.trigger_first_word_pattern
        fast = starts is not None and self.folded is not None
        for a, b in self._trigger_regions():
            end = -1                        # (no trigger from before a reaches a)
            for w in (starts.finditer(self.folded, a) if fast else _WORD.finditer(prose, a)):
                ws, we = w.span()
                if ws >= b:
                    break
                if ws < end:
                    continue
                word = prose[ws:we]
                # (an ASCII word the first-word pattern finds is some trigger's first word)
                if not (fast and word.isascii()) and (not word[0].isascii() or word.lower() not in first):
                    continue
                m = pat.match(text, ws)
                if m is None:
                    continue
                end = m.end()
                while si + 1 < len(sents) and sents[si][1] <= ws:
                    si += 1
                word = prose[ws:end].lower()
                if not word.isalpha():
                    word = _SPACES.sub(" ", word)
                self.triggers.setdefault(si, []).append((ws, end, word))

    def _trigger_regions(self) -> list[tuple[int, int]]:
        """The spans of prose to scan for the triggers of the sentences with a claim: the same
        triggers as a scan of the whole prose, with far less text on real copy, where most
        sentences state no figure. A trigger (its words, blanks between) contains none of
        the vocabulary's _barriers: a span may start after one, as no trigger found before it
        runs past it. Each span runs from the last barrier before the end of the previous
        sentence (a trigger between two sentences belongs to the next) to the end of the
        sentence with a claim; spans less than _SCAN_THROUGH apart are one (a new scan costs
        more than the text between)."""
        barriers = _barriers(self.vocab)
        prose = self.prose
        sents = self.sentences
        regions: list[list[int]] = []
        for si in sorted(self._last_start):
            lo = regions[-1][1] if regions else 0
            bound = sents[si - 1][1] if si else 0
            a = 0
            if bound - lo > _SCAN_THROUGH:
                for c in barriers:                      # the last barrier in prose[lo:bound]
                    p = prose.rfind(c, lo, bound)
                    if p >= 0:
                        a = lo = p + 1                  # (the next ones are searched after it)
            if a == 0 and regions:
                regions[-1][1] = sents[si][1]           # (no barrier since the previous span)
            else:
                regions.append([a, sents[si][1]])
        return [(a, b) for a, b in regions]

    def _metric_for(self, fig: Figure, si: int) -> tuple[str | None, str | None]:
        vocab = self.vocab
        kind = fig.kind
        if kind in ("multiplier", "date", "percentage_points"):
            return None, None
        if kind == "money" and fig.per:
            if fig.per == "share":
                words = {t[2] for t in self.triggers.get(si, [])}
                if any("dividend" in w or "payout" in w for w in words):
                    return "dividend", None
                if words & _EARNINGS_WORDS:
                    return "eps", None
                return "price", None                # an offer or share price
            return "price", None
        allowed = vocab.plain_metrics_by_kind.get(kind, frozenset())
        noun_metrics: list[str] = []
        if kind == "count" and fig.unit:
            noun_metrics = vocab.metrics_by_noun.get(fig.unit, [])
            if noun_metrics:
                allowed = allowed & set(noun_metrics)
        best = None
        best_d = 1e9
        same_kind = self._kind_starts[(si, kind)]          # sorted starts of figures of its kind
        by_trigger = vocab.metrics_by_trigger
        share_whole = self._share_whole_trigger
        for (ts, te, word) in self.triggers.get(si, ()):
            names = [n for n in by_trigger.get(word, ()) if n in allowed]
            if not names:
                continue
            if kind != "percent":
                after_share_of = share_whole.get(ts)
                if after_share_of is None:
                    after_share_of = self._after_share_of(ts)
                if after_share_of:
                    continue
            if te <= fig.start:
                d = fig.start - te
                lo, hi = te, fig.start
            elif ts >= fig.end:
                d = (ts - fig.end) * 1.3 + 5
                lo, hi = fig.end, ts
            else:
                continue
            if d > 140:
                continue
            k = bisect_left(same_kind, lo)
            if k < len(same_kind) and same_kind[k] < hi:
                d += 200                            # another figure of its kind between
            if d < best_d:
                best_d, best = d, (names[0], ts, te)
        if best is None:
            if len(noun_metrics) >= 1:
                return noun_metrics[0], None
            return None, None
        metric, ts, te = best
        if kind == "money" and metric in _COMPANY_TOTALS and abs(fig.value or 0) < 1000 and fig.step < 1000:
            return None, None                       # "$2.65 to $2.75": a per-share or unit figure
        return metric, self._segment(fig, ts, te)

    def _after_share_of(self, ts: int) -> bool:
        """'... 6% of its revenue': the trigger at ts names a whole (cached per trigger, in
        _share_whole_trigger, which _metric_for looks up first)."""
        hit = self._share_whole_trigger.get(ts)
        if hit is None:
            hit = self._share_whole_trigger[ts] = self._may_end(_SHARE_WHOLE_ENDS, max(0, ts - 40), ts) and \
                bool(self._search(_SHARE_WHOLE_BEFORE, max(0, ts - 40), ts))
        return hit

    def _segment(self, fig: Figure, ts: int, te: int) -> str | None:
        prose = self.prose
        pat, text = self._twin(_SEGMENT_FROM)
        m = pat.match(text, te) or pat.match(text, fig.end)
        if m:
            return _norm_segment(prose[m.start(1):m.end(1)])
        if not _is_noun_trigger(prose[ts:te]):
            return None
        window_start = fig.end if fig.end <= ts else max(0, ts - 40)
        bm = None
        if self._may_end(_SEGMENT_NOUNS, max(window_start, ts - 40), ts):
            bm = self._search(_SEGMENT_BEFORE, max(window_start, ts - 40), ts)
        if bm:
            words = [w for w in prose[bm.start(1):bm.end(1)].split() if w.lower() not in _NON_SEGMENT and w.lower() not in STOPWORDS]
            return _norm_segment(" ".join(words)) if words else None
        wm = _WORD_BEFORE_TRIGGER.search(prose, max(window_start, ts - 30), ts)
        if wm:
            w = wm.group(1)
            if w.lower() not in _NON_SEGMENT and w.lower() not in STOPWORDS and canonical_entity(w) not in self._entity_names \
                    and not w.lower().endswith("ed") and not _YEAR_OR_CODE.fullmatch(w):
                return _norm_segment(w)
        return None

    # ----------------------------------------------------------------------- periods
    def _period_for(self, fig: Figure, si: int) -> tuple[str | None, str]:
        dates = self._dates.get(si)
        if not dates:
            undated = self._sentence_period.get(si, False)
            if undated is False:
                undated = self._undated_sentence_period(si)
            if undated is not None:
                return undated
            if self._doc_year is not None:
                return self._doc_year, "document"
            return None, "none"
        prose = self.prose
        best = None
        best_d = 1e9
        same_kind = self._kind_starts[(si, fig.kind)]      # sorted starts of figures of its kind
        for d in dates:
            if d.end <= fig.start:
                dist = fig.start - d.end
                lo, hi = d.end, fig.start                   # the text between them
                k = bisect_left(same_kind, lo)
                if k < len(same_kind) and same_kind[k] < hi:
                    dist += 60                              # another figure of its kind between
            else:
                lo, hi = fig.end, d.start
                inner = None                                # the last amount between them
                for o in reversed(self.sentence_figs[si]):
                    if lo <= o.start < hi and o.kind in _AMOUNT_KINDS:
                        inner = o
                        break
                if inner is not None and self._may_match(_BASELINE_CUE, si, fig.end, inner.start) \
                        and self._search(_BASELINE, fig.end, inner.start):
                    continue                        # "60 million, up from 18.7 million in 2013"
                last = max(lo, hi - 30)                     # the last 30 characters between
                prep = self._ends_with(_DATE_PREP_WORDS, last, d.start) or \
                    self._may_end(_DATE_PREP_ENDS, last, d.start) and self._search_in(_DATE_PREP_AFTER, last, d.start)
                dist = (d.start - fig.end) * (0.5 if prep else 1.5)
            if prose.find(";", lo, hi) >= 0:
                dist += 100
            if dist < best_d:
                best_d, best = dist, d
        if best is not None:
            period = best.period
            if self._since_before(best):
                period = f"since {period}"
            return period, "text"
        if self._doc_year is not None:
            return self._doc_year, "document"
        return None, "none"

    def _since_before(self, date: Figure) -> bool:
        """'since September 2011': the date starts a running period (cached per date)."""
        hit = self._since.get(date.start)
        if hit is None:
            hit = self._since[date.start] = self._may_end(_SINCE_ENDS, max(0, date.start - 20), date.start) and \
                bool(self._search_in(_SINCE_BEFORE, max(0, date.start - 20), date.start))
        return hit

    def _undated_sentence_period(self, si: int) -> tuple[str | None, str] | None:
        """The period of a figure in a sentence that states no date, if the sentence decides
        it; None: the document's year. The same for every figure of the sentence: cached
        (in _sentence_period, which _period_for looks up first)."""
        if si not in self._sentence_period:
            s, e = self.sentences[si]
            if self._cue_words_in(_EARLIER_CUE_WORDS, si) and self._search(_EARLIER_CUE, s, e):
                found = (None, "none")              # "a year earlier": an unstated earlier period
            else:
                inherited = self._paragraph_period(si)
                found = (inherited, "text") if inherited else None
            self._sentence_period[si] = found
        return self._sentence_period[si]

    def _paragraph_period(self, si: int) -> str | None:
        """The period of the nearest earlier sentence of the same paragraph that states one
        (and only one) year-level or finer period."""
        prose = self.prose
        j = si
        while j > 0:
            if "\n\n" in prose[self.sentences[j - 1][1]:self.sentences[j][0]] or si - j >= 3:
                return None
            j -= 1
            ps = {self.figures[k].period for k in self.by_sentence.get(j, [])
                  if self.figures[k].kind == "date" and self.figures[k].period}
            if ps and (len(ps) > 1
                       or self._may_match(_BASELINE_CUE, j, *self.sentences[j]) and self._search(_BASELINE, *self.sentences[j])
                       or self._may_match(_EARLIER_CUE_WORDS, j, *self.sentences[j])
                       and self._search(_EARLIER_CUE, *self.sentences[j])):
                return None                         # that period may belong to a baseline
            if ps:
                return ps.pop()
        return None

    def _sentence_figs(self, si: int) -> list[Figure]:
        return self.sentence_figs.get(si, [])

    def _cue_words_in(self, cue: _Cue, si: int) -> frozenset[str]:
        """The cue's words that occur in sentence si (all of them without a folded prose)."""
        if self.folded is None:
            return cue.words
        return cue.words & self._sentence_cue_words(si)

    def _sentence_cue_words(self, si: int) -> frozenset[str]:
        """The words of every cue that occur in sentence si: looked up once for all cues
        (cached), as most sentences with a figure ask for most cues."""
        present = self._cue_words.get(si)
        if present is None:
            s, e = self.sentences[si]
            sentence = self.folded[s:e]
            present = self._cue_words[si] = frozenset([w for w in _CUE_WORDS if w in sentence])
        return present

    def _occurs(self, words: Iterable[str], a: int, b: int) -> bool:
        """Does one of the words (cue words of the sentence) occur in prose[a:b]?"""
        folded = self.folded
        if folded is None:
            return True
        for w in words:
            if folded.find(w, a, b) >= 0:
                return True
        return False

    def _may_match(self, cue: _Cue, si: int, a: int, b: int) -> bool:
        """Does prose[a:b], a window inside sentence si, hold one of the cue's words? If not,
        the cue's pattern cannot match there. (The window is searched for the cue's words that
        occur in the sentence when these are known, else for all of them: a sentence with no
        claim, _founding_date's or _paragraph_period's, is not worth looking up every cue in.)"""
        present = self._cue_words.get(si)
        return self._occurs(cue.words if present is None else cue.words & present, a, b)

    def _modality_cues(self, si: int) -> tuple | None:
        """The words of each cue _modality_for uses, in sentence si; None if there are none."""
        found = self._modality_words.get(si, False)
        if found is False:
            found = None
            if self._cue_words_in(_MODALITY_CUE, si):
                found = tuple(self._cue_words_in(cue, si) for cue in (
                    _CLAUSE_BREAK_CUE, _HYPOTHETICAL_CUE, _FORECAST_OF_CUE, _REFERS_TO_FORECAST_CUE, _FORECAST_CUE))
            self._modality_words[si] = found
        return found

    def _twin(self, pattern: re.Pattern) -> tuple[re.Pattern, str]:
        """The pattern to run and the text to run it on: its twin on the folded prose, or
        itself on the prose (no folded prose, or no twin)."""
        if self.folded is not None:
            twin = _TWIN.get(id(pattern))
            if twin is None and _TWINNED.get(id(pattern)) is pattern:
                twin = _TWIN[id(pattern)] = (pattern, _lower_twin(pattern))
            if twin is not None and twin[0] is pattern:
                return twin[1], self.folded
        return pattern, self.prose

    def _search(self, pattern: re.Pattern, a: int, b: int) -> re.Match | None:
        """pattern.search(prose, a, b), or its twin's on the folded prose (only the case of the
        matched text may differ)."""
        pat, text = self._twin(pattern)
        return pat.search(text, a, b)

    def _search_in(self, pattern: re.Pattern, a: int, b: int) -> re.Match | None:
        """pattern.search(prose[a:b]): the same on a slice (where the window's start is a start
        of text for \\b and lookbehinds)."""
        pat, text = self._twin(pattern)
        return pat.search(text[a:b])

    def _ends_with(self, words: tuple[str, ...], a: int, b: int) -> bool:
        """Does prose[a:b] end with one of the words (lower case), but for blanks? (False if
        that is not known: without a folded prose.)"""
        folded = self.folded
        return folded is not None and folded[a:b].rstrip().endswith(words)

    def _may_end(self, words: tuple[str, ...], a: int, b: int) -> bool:
        """Does prose[a:b] end with one of the words, but for blanks? If not, a pattern
        anchored there ("...\\s*$") whose matches end so cannot match. (A pre-check.)"""
        folded = self.folded
        return folded is None or folded[a:b].rstrip().endswith(words)

    def _modality_for(self, fig: Figure, si: int) -> str:
        """Forecast or hypothetical cues in the figure's clause: back to the last hard break
        (";", "--", "but"), forward to the next comma."""
        cues = self._modality_cues(si)
        if cues is None:
            return "actual"                         # no cue word anywhere in the sentence
        breaks, hypothetical, forecast_of, refers, forecast = cues      # their words in the sentence
        s, e = self.sentences[si]
        prose = self.prose
        hs = max(s, fig.start - 250)                        # the head: prose[hs:fig.start]
        if breaks and self._occurs(breaks, hs, fig.start):
            breaks = list(_CLAUSE_BREAK.finditer(prose[hs:fig.start]))
            if breaks:
                hs += breaks[-1].end()
        starts = self._starts[si]
        k = bisect_right(starts, fig.end)                   # the next figure's start, or the end
        te = min(starts[k] if k < len(starts) else e, fig.end + 250)   # the tail: prose[fig.end:te]
        for end in (",", ";", "--", "—"):                   # the first of these ends it
            cut = prose.find(end, fig.end, te)
            if cut >= 0:
                te = cut
        if hypothetical and self._occurs(hypothetical, hs, fig.start) and self._search_in(_HYPOTHETICAL, hs, fig.start):
            return "hypothetical"
        if forecast_of and self._occurs(forecast_of, hs, fig.start) and self._search_in(_FORECAST_OF, hs, fig.start):
            return "forecast"                       # "their forecast of $395 million"
        if not forecast:
            return "actual"
        if not refers:
            if self._occurs(forecast, hs, fig.start) and self._search_in(_FORECAST, hs, fig.start) or \
                    self._occurs(forecast, fig.end, te) and self._search_in(_FORECAST, fig.end, te):
                return "forecast"
            return "actual"
        head, tail = prose[hs:fig.start], prose[fig.end:te]
        # (a substitution only removes text, so the cue words of what is left were there before)
        if self._occurs(refers, hs, fig.start):
            head = _REFERS_TO_FORECAST.sub(" ", head)
        if self._occurs(refers, fig.end, te):
            tail = _REFERS_TO_FORECAST.sub(" ", tail)
        if self._occurs(forecast, hs, fig.start) and _FORECAST.search(head) or \
                self._occurs(forecast, fig.end, te) and _FORECAST.search(tail):
            return "forecast"
        return "actual"

    # ----------------------------------------------------------------------- relations
    def _rel(self, anchor: _Claim, type_: str, roles: dict[str, _Claim | str], **kw) -> None:
        ids = {k: (v.id if isinstance(v, _Claim) else v) for k, v in roles.items() if v is not None}
        # (validated: with pydantic 2.14, Relation(...) takes ~5 µs, model_construct ~17 µs)
        anchor.relations.append(Relation(type=type_, roles=ids, **kw))

    def _relations(self, si: int) -> None:
        idxs = self.by_sentence.get(si, [])
        claims = [self.claim_of[i] for i in idxs if i in self.claim_of]
        if not claims:
            return
        used: set[str] = set()
        kinds = {c.fig.kind for c in claims}
        self._growth(si, claims, used)
        if "percent" in kinds:                  # each of these anchors a percentage
            self._share(si, claims, used)
            self._or_percent_shares(si, claims, used)
        if "multiplier" in kinds:
            self._multiple(si, claims, used)
        self._comparison(si, claims, used)
        if len(claims) >= 3:
            self._sum(si, claims, used)
        if "money" in kinds:
            self._per_unit(si, claims)

    def _between(self, a: Figure, b: Figure) -> str:
        return self.prose[a.end:b.start]

    @staticmethod
    def _amount(c: _Claim) -> bool:
        return c.fig.kind in ("money", "count", "number", "percent") and not c.fig.per

    def _compatible(self, a: _Claim, b: _Claim) -> bool:
        fa, fb = a.fig, b.fig
        if fa.kind == "number" or fb.kind == "number":
            return fa.kind in ("number", "count") and fb.kind in ("number", "count")
        if fa.kind != fb.kind or fa.per != fb.per:
            return False
        if fa.kind == "count":
            nc = self.vocab.noun_class
            return nc.get(fa.unit, fa.unit) == nc.get(fb.unit, fb.unit)
        return fa.unit == fb.unit

    def _growth(self, si: int, claims: list[_Claim], used: set[str]) -> None:
        prose = self.prose
        s, _ = self.sentences[si]
        prev_end = s                        # a factor never comes from before the previous change
        if not self._cue_words_in(_FROM_CUE, si):
            return                          # every change stated here has a "from"
        for i, frm in enumerate(claims):
            if not self._amount(frm):
                continue
            before = max(s, frm.fig.start - 60)         # prose[before:frm.fig.start]
            if not self._may_end(("from",), before, frm.fig.start) or not self._search_in(_FROM_RE, before, frm.fig.start):
                continue
            # the value it changed to: "from Y to X" (right after) or "to X from Y" (before);
            # "from £8.10 to £8.50, and the weekly cap from £40.70 to £42.70" pairs each "from"
            # with the "to" right after it
            to = next((c for c in claims[i + 1:i + 2] if self._compatible(c, frm)
                       and len(self._between(frm.fig, c.fig)) <= 12 and _TO_RE.search(self._between(frm.fig, c.fig))), None)
            if to is None:
                for c in reversed(claims[:i]):
                    if self._compatible(c, frm) and self._may_end(_TO_ENDS, max(s, c.fig.start - 25), c.fig.start) \
                            and self._search_in(_TO_RE, max(s, c.fig.start - 25), c.fig.start):
                        to = c
                        break
            if to is None:
                for c in claims[i + 1:]:
                    if self._compatible(c, frm) and _TO_RE.search(self._between(frm.fig, c.fig)[-12:]) \
                            and len(self._between(frm.fig, c.fig)) < 60:
                        to = c
                        break
            up_from = self._search_in(_UP_FROM_RE, before, frm.fig.start)
            if to is None:
                # "60 million smartphones, up from 18.7 million"
                for c in reversed(claims[:i]):
                    if self._compatible(c, frm) and up_from and c.fig.end <= frm.fig.start \
                            and len(self._between(c.fig, frm.fig)) < 90 \
                            and not _CHANGE_AMOUNT_END.search(prose, max(s, c.fig.start - 8), c.fig.start):
                        to = c                  # (not "up 15 cents from $2.75": that is the change)
                        break
            if to is None or to.id in used and frm.id in used:
                continue
            used_before = set(used)
            first = min(to.fig.start, frm.fig.start)
            context = (max(s, first - 90), max(to.fig.end, frm.fig.end))     # prose[a:b]
            factor = None
            for k, c in enumerate(claims):
                if c is to or c is frm:              # (claims are equal only to themselves)
                    continue
                own_to = _OWN_TO_AFTER.match(prose, c.fig.end) if c.fig.end <= first and k + 1 < len(claims) else None
                if own_to and claims[k + 1] is not to and claims[k + 1] is not frm \
                        and claims[k + 1].fig.start == own_to.end():
                    continue                        # "rose 9.8% to $7.87 billion, ... fell to $1.6 billion from"
                if c.fig.kind in ("percent", "multiplier", "percentage_points") and c.id not in used_before and \
                        max(prev_end, first - 90) <= c.fig.start < max(to.fig.end, frm.fig.end) and \
                        not (c.fig.end <= first and _CLAUSE_BREAK.search(prose, c.fig.end, first)) and \
                        not self._is_share_percent(c) and \
                        (c.fig.kind == "multiplier" or self._search(_FACTOR_BEFORE, max(s, c.fig.start - 30), c.fig.start)
                         or _FACTOR_AFTER.match(prose, c.fig.end)) and \
                        not (c.fig.start < first and self._may_end(("of",), max(s, c.fig.start - 40), c.fig.start)
                             and self._search(_APPOSITIVE_CHANGE, max(s, c.fig.start - 40), c.fig.start)):
                    factor = c
            direction = None
            if up_from and (up_from.group("up") or up_from.group("down")):
                direction = "up" if up_from.group("up") else "down"
            elif self._search_in(_DOWN_RE, *context):
                direction = "down"
            elif self._search_in(_UP_RE, *context) or (factor is not None and factor.fig.kind == "multiplier"):
                direction = "up"
            if factor is None and direction is None:
                prev_end = max(prev_end, to.fig.end, frm.fig.end)
                continue
            self._rel(to, "growth", {"to": to, "from": frm, "factor": factor}, direction=direction,
                      cue=prose[first:max(to.fig.end, frm.fig.end)][:120])
            prev_end = max(to.fig.end, frm.fig.end)
            used.update({to.id, frm.id} | ({factor.id} if factor else set()))

    def _is_share_percent(self, c: _Claim) -> bool:
        return c.fig.kind == "percent" and bool(_SHARE_OF.match(self.prose, c.fig.end)) and \
            bool(_OF_NEXT.match(self.prose[c.fig.end:c.fig.end + 4]))

    def _or_percent_shares(self, si: int, claims: list[_Claim], used: set[str]) -> None:
        """'... iPhone sales were $155.0 billion, or 66 percent.': the part is the figure
        before "or", the whole the largest figure of its unit just before."""
        prose = self.prose
        for i, pct in enumerate(claims):
            if pct.fig.kind != "percent" or pct.id in used or i == 0 or self._is_share_percent(pct):
                continue
            part = claims[i - 1]
            if not _COMMA_OR.fullmatch(prose[part.fig.end:pct.fig.start]) or part.fig.kind not in ("money", "count"):
                continue
            if not _CLAUSE_END_NEXT.match(prose[pct.fig.end:pct.fig.end + 2]):
                continue
            if self._search(_CHANGED_BY_BEFORE, max(self.sentences[si][0], part.fig.start - 40), part.fig.start):
                continue
            whole = self._total_nearby(si, pct, part)
            if whole is None:
                continue
            self._rel(pct, "share", {"percent": pct, "whole": whole, "part": part}, cue="or")
            used.add(pct.id)

    def _share(self, si: int, claims: list[_Claim], used: set[str]) -> None:
        prose = self.prose
        for i, pct in enumerate(claims):
            if not self._is_share_percent(pct) or pct.id in used:
                continue
            om = _SHARE_OF.match(prose, pct.fig.end)
            tail = prose[om.end():om.end() + 60]
            whole_metric = None
            tm = self.vocab.trigger_pattern.match(tail.lower())
            if tm:
                names = self.vocab.metrics_by_trigger.get(_SPACES.sub(" ", tm.group()), [])
                whole_metric = names[0] if names else None
            whole = part = None
            amounts = [c for c in claims if c is not pct and c.fig.kind in ("money", "count", "number")
                       and not c.fig.per]
            # a whole stated right after "of": "6% of its roughly $16 billion in revenue"
            for c in amounts:
                if c.fig.start >= pct.fig.end and c.fig.start - om.end() <= 25:
                    whole = c
                    break
            if whole is None and whole_metric:
                cands = [c for c in amounts if c.metric == whole_metric and not c.segment]
                whole = cands[0] if cands else None
            # a part: "..., or nearly $1 billion" / "$X, or 6% of ..."
            for c in amounts:
                if c is whole:
                    continue
                if c.fig.start >= pct.fig.end and _OR_PART.match(prose[(whole or pct).fig.end:c.fig.start].split(",")[-1]) \
                        and c.fig.start - (whole or pct).fig.end < 60:
                    part = c
                    break
                if c.fig.end <= pct.fig.start and _PART_BEFORE_SHARE.fullmatch(prose, c.fig.end, pct.fig.start):
                    part = c
                    break
            if whole is None and re.match(r"\s*of\s+(?:the|its|their)\s+total\b", prose[pct.fig.end:pct.fig.end + 20]):
                whole = self._total_nearby(si, pct, part)
            segment = None
            if part is None:
                segment = self._segment_in(si, pct.fig.start)
            roles = {"percent": pct, "whole": whole, "part": part}
            s0 = self.sentences[si][0]
            bounded = _WHOLE_AFTER_OF.match(prose, pct.fig.end) is not None or \
                self._search(_PART_CUE_BEFORE, max(s0, pct.fig.start - 50), pct.fig.start) is not None
            self._rel(pct, "share" if bounded else "ratio", roles, cue=prose[pct.fig.start:om.end() + 20][:80])
            if segment:
                pct.segment = segment
            pct.metric = pct.metric or whole_metric or (whole.metric if whole else None)
            if whole_metric and whole is None:
                pct.relations[-1] = pct.relations[-1].model_copy(update={"op": whole_metric})
            used.add(pct.id)

    def _total_nearby(self, si: int, pct: _Claim, part: _Claim | None) -> _Claim | None:
        """'... or 29 percent of the total': the largest figure of the part's unit stated just
        before, in this sentence or the one before it."""
        pool = [c for c in self.claims if c.fig.sentence in (si, si - 1) and c.fig.start < pct.fig.start
                and c is not part and c.fig.kind in ("money", "count") and not c.fig.per
                and (part is None or self._compatible(c, part))]
        if not pool:
            return None
        best = max(pool, key=lambda c: c.fig.value or 0)
        return best if part is None or (best.fig.value or 0) > (part.fig.value or 0) else None

    def _segment_in(self, si: int, before: int) -> str | None:
        """A segment named earlier in the document and again in this sentence."""
        s, _ = self.sentences[si]
        text = self.prose[s:before].lower()
        segs = {c.segment for c in self.claims if c.segment}
        if not segs:
            return None
        text = _norm_segment(text)
        hits = [seg for seg in segs if seg in text]
        return max(hits, key=len) if hits else None

    def _multiple(self, si: int, claims: list[_Claim], used: set[str]) -> None:
        prose = self.prose
        s, e = self.sentences[si]
        for i, mult in enumerate(claims):
            if mult.fig.kind != "multiplier" or mult.id in used:
                continue
            left = None
            for c in reversed(claims[:i]):
                if self._amount(c) and c.fig.kind != "percent":
                    left = c
                    break
            right = None
            after = prose[mult.fig.end:e]
            om = _MULT_OBJ.match(after)
            for c in claims[i + 1:]:
                if self._amount(c) and (left is None or self._compatible(c, left)) \
                        and c.fig.start - mult.fig.end <= (om.end() if om else 0) + 40 \
                        and "," not in prose[mult.fig.end:c.fig.start]:     # (not past the clause)
                    right = c
                    break
            if right is not None and _CHANGE_NOUN_AFTER.match(prose, right.fig.end, min(e, right.fig.end + 40)):
                # "rise by 1.2 million, to 103 million, roughly half the 2.3 million increase":
                # a multiple of a change is the change stated with "by"
                by = next((c for c in reversed(claims[:i]) if self._compatible(c, right)
                           and _BY_END.search(prose, max(s, c.fig.start - 4), c.fig.start)), None)
                left = by or left
            named = left is None                    # the left side is an earlier claim, by its metric's name
            if left is None:
                left = self._claim_by_metric_words(si, mult.fig.start)
                if left is not None and right is not None and (
                        not self._compatible(left, right) or right.metric and right.metric != left.metric):
                    left = None                     # an earlier claim of another measure
            if left is None:
                continue
            target_period = None
            if right is None:
                dates = [f for f in self._sentence_figs(si) if f.kind == "date" and f.start >= mult.fig.end
                         and f.start - mult.fig.end < 60]
                nxt = [c for c in claims[i + 1:] if c.fig.kind == "multiplier"]
                if dates and (not nxt or dates[0].start < nxt[0].fig.start):
                    target_period = dates[0].period
                    if self._since_before(dates[0]):
                        target_period = f"since {target_period}"
            target_entity = None
            if right is None:
                poss = re.match(r"\s*(?:of\s+)?(?:the\s+)?((?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)['’]s\s+([\w -]{2,40})", after)
                if poss:
                    target_entity = canonical_entity(poss.group(1))
            if right is None and target_period is None and target_entity is None:
                continue
            roles = {"left": left, "factor": mult, "right": right}
            if right is None:
                tail = after[:80].lower()
                tm = self.vocab.trigger_pattern.search(tail)
                metric = None
                if tm:
                    names = [n for n in self.vocab.metrics_by_trigger.get(_SPACES.sub(" ", tm.group()), [])]
                    metric = names[0] if names else None
                if named and metric and left.metric and metric != left.metric:
                    continue        # "The price values Discover at 12 times its earnings": not the price named
                roles["target_entity"] = target_entity or left.entity or ""
                roles["target_metric"] = metric or left.metric or ""
                roles["target_period"] = target_period or left.period or ""
            self._rel(mult, "multiple", roles, cue=prose[mult.fig.start:mult.fig.end + 40])
            used.add(mult.id)

    def _claim_by_metric_words(self, si: int, before: int) -> _Claim | None:
        """'The potential valuation is half of ...': the latest claim of the metric named."""
        s, _ = self.sentences[si]
        head = self.prose[s:before]
        trig = [t for t in self.triggers.get(si, []) if t[1] <= before]
        if not trig:
            return None
        names = self.vocab.metrics_by_trigger.get(trig[0][2], [])
        poss = re.findall(r"([A-Z][\w.&-]*)['’]s\s+(?:[a-z]+\s+){0,2}$", head[: trig[0][0] - s])
        entity = canonical_entity(poss[-1]) if poss else None
        for c in reversed(self.claims):
            if c.fig.start >= before:
                continue
            if c.metric in names and (entity is None or c.entity == entity) and c.modality != "hypothetical":
                return c
        return None

    def _comparison(self, si: int, claims: list[_Claim], used: set[str]) -> None:
        prose = self.prose
        s, e = self.sentences[si]
        if not self._cue_words_in(_COMPARE_CUE, si):          # (the window is the whole sentence)
            return
        pat, text = self._twin(_COMPARE)
        for m in pat.finditer(text, s, e):
            if any(c.fig.start <= m.start() < c.fig.end for c in claims):
                continue                                    # "more than $46 billion": a hedge
            if _MODAL_BEFORE.search(prose, max(s, m.start() - 20), m.start()):
                continue                                    # "could top £4,000": a forecast, no comparison
            # the right side is the first figure after the cue, in the same clause: "5.5% more
            # than in 2013, and ... 83.3%" and "above the offer price of $68 per share, and
            # closed at $93.89" compare nothing
            right = next((c for c in claims if c.fig.start >= m.end() and c.fig.kind != "date"), None)
            if right is None or not self._amount(right) or _CLAUSE_BREAK.search(prose, m.end(), right.fig.start) \
                    or right.fig.kind == "percent" and (self._is_share_percent(right) or right.id in used):
                continue
            if right.id in used and right.relations:
                continue
            # the left side: the nearest figure before the cue, but not the "from" side of a
            # change; the "to" side may be compared ("rose to $74.6 billion from $57.6 billion,
            # ahead of the $67.7 billion expected")
            left = None
            for c in reversed(claims):
                if c.fig.end <= m.start() and self._compatible(c, right) and not self._from_side(c) \
                        and (c.id not in used or any(r.type == "growth" and r.roles.get("to") == c.id
                                                     for r in c.relations)):
                    left = c
                    break
            if left is None:
                left = self._claim_by_metric_words(si, m.start())
                if left is not None and (not self._compatible(left, right) or self._from_side(left)):
                    left = None
            if left is None or left is right or (left.entity and right.entity == left.entity
                                                 and left.metric != right.metric):
                continue
            op = ">" if m.group("gt") else "<" if m.group("lt") else "~"
            self._rel(left, "comparison", {"left": left, "right": right}, op=op,
                      cue=prose[m.start():m.end()])
            used.update({left.id, right.id})

    def _from_side(self, c: _Claim) -> bool:
        return bool(_FROM_RE.search(self.prose, max(0, c.fig.start - 6), c.fig.start))

    def _sum(self, si: int, claims: list[_Claim], used: set[str]) -> None:
        s, e = self.sentences[si]
        text = self.prose[s:e]
        money = [c for c in claims if c.fig.kind in ("money", "count") and not c.fig.per]
        if len(money) < 3:
            return
        cue = self._search_in(_SUM_CUE, s, e) or _OF_THE_TOTAL.match(text)      # (both: offsets into text)
        including = self._search_in(_INCLUDING, s, e)
        if not cue and not including:
            return
        groups: dict[tuple, list[_Claim]] = {}
        for c in money:
            groups.setdefault((c.fig.kind, self.vocab.noun_class.get(c.fig.unit, c.fig.unit)), []).append(c)
        for members in groups.values():
            if len(members) < 3:
                continue
            # the total is the figure the text marks as one ("Of the $12 billion", "a total of",
            # "$10 billion ... comprised"); without one there is no sum to check
            marked = [c for c in members if _TOTAL_BEFORE.search(self.prose, max(s, c.fig.start - 30), c.fig.start)
                      or _TOTAL_AFTER.match(self.prose, c.fig.end)]
            if cue and not marked and re.search(r"\b(?:comprised|comprising|consisted|consisting|made\s+up|split|broken)\b",
                                                cue.group(), re.IGNORECASE):
                marked = [members[0]] if members[0].fig.start < cue.start() + s else []
            if len(marked) != 1:
                continue
            total = marked[0]
            parts = [c for c in members if c is not total]
            if any(c.id in used for c in members):
                continue
            op = "<=" if including and not cue else "="
            if cue is not None and cue.re is _OF_THE_TOTAL and not re.search(r"\band\s+(?:[\w'’-]+\s+){0,6}?\S*\d", text[parts[-1].fig.start - s - 60:parts[-1].fig.end - s]):
                op = "<="                            # a breakdown that may not list every part
            shown = cue or including                 # (the twins match lower-cased text)
            self._rel(total, "sum", {"total": total, "parts": ",".join(c.id for c in parts)}, op=op,
                      cue=text[shown.start():shown.end()])

    def _per_unit(self, si: int, claims: list[_Claim]) -> None:
        rate = next((c for c in claims if c.fig.kind == "money" and c.fig.per == "share"), None)
        if rate is None:
            return
        profit = next((c for c in claims if c.metric in ("net_profit", "operating_profit")
                       and not c.fig.per), None)
        shares = next((c for c in claims if c.fig.kind == "count" and c.fig.unit == "share"), None)
        if profit is not None and shares is not None:
            shares.metric = "shares_outstanding"
            self._rel(rate, "per_unit", {"rate": rate, "total": profit, "count": shares})

    def _time_spans(self) -> None:
        """'founded in 2005 ... in just nine years': a count of years after a duration cue, and
        after the document's first founding date, is an age since that date."""
        years = [c for c in self.claims if c.fig.kind == "count" and c.fig.unit == "year"]
        if self.doc_date is None or not years:
            return                                  # (most documents count no years)
        j = self._founding_date()
        if j is None:
            return
        for c in years:
            f = c.fig
            if f.start > self.figures[j].end and \
                    self._search_in(_DURATION_CUE, max(0, f.start - 25), f.start) and \
                    not _AGO_NEXT.match(self.prose[f.end:f.end + 12]):
                c.metric = "age"
                self._rel(c, "time_span", {"duration": c, "since": self.mention_ids[j]},
                          cue=self.prose[f.start:f.end + 10])

    def _founding_date(self) -> int | None:
        """The index of the document's first date after "founded", "launched"... and "in" or
        "on" (_FOUNDED, within 60 characters of its sentence)."""
        for si in range(len(self.sentences)):
            s = self.sentences[si][0]
            for j in self.by_sentence.get(si, []):
                f = self.figures[j]
                if f.kind == "date" and f.period and self._may_match(_FOUNDED_CUE, si, max(s, f.start - 60), f.start) \
                        and self._search_in(_FOUNDED, max(s, f.start - 60), f.start):
                    return j
        return None


def _aliases(names: set[str]) -> dict[str, str]:
    """Longer names that extend a shorter one ("Castellane Hotels" -> "Castellane")."""
    out = {}
    for name in names:
        words = name.split()
        for k in range(1, len(words)):           # the shortest known prefix wins
            prefix = " ".join(words[:k])
            if prefix in names:
                out[name] = prefix
                break
    return out


def _norm_segment(text: str) -> str:
    return " ".join(singular(w) for w in text.lower().replace("-", " ").split())
