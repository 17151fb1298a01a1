"""Extraction: find every numeric figure in prose, with its exact span.

``find_figures(prose, sentences, doc_date)`` scans the text once with one master pattern
whose alternatives are, in order: things that look numeric but are not figures (URLs,
e-mail addresses, ISINs, tickers, phone numbers, clock times, form and model names), dates
and periods, multiplier and number words, and numbers. Each number is then widened left
(currency sign, sign, hedge) and right (range, scale word, currency word, percent, cents,
per-unit denominator, counted noun) with short anchored patterns, so the whole scan is
linear in the length of the text: every alternative starts behind a negative lookbehind of
its own character class, so a long run of digits or letters is tried once, not once per
position.

The result is a list of :class:`Figure` (prose offsets, kind, value, unit, hedge and
precision), which :mod:`claimcheck.normalise` turns into intervals and
:mod:`claimcheck.pipeline` into :class:`~claimcheck.models.Mention` objects.
"""
from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from functools import lru_cache
from dataclasses import dataclass
from typing import Callable

from . import periods
from .vocab import alternation

# --------------------------------------------------------------------------- vocabulary

SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "trn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}
CURRENCY_PREFIX = {
    "us$": "USD", "u.s.$": "USD", "$": "USD", "usd": "USD", "hk$": "HKD", "hkd": "HKD",
    "c$": "CAD", "ca$": "CAD", "cad": "CAD", "a$": "AUD", "au$": "AUD", "aud": "AUD",
    "s$": "SGD", "sgd": "SGD", "nt$": "TWD", "twd": "TWD", "r$": "BRL", "brl": "BRL",
    "nz$": "NZD", "nzd": "NZD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "jpy": "JPY", "rmb": "CNY", "cny": "CNY", "₹": "INR", "rs": "INR",
    "rs.": "INR", "inr": "INR", "chf": "CHF", "krw": "KRW", "₩": "KRW", "try": "TRY",
    "rub": "RUB", "zar": "ZAR", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "czk": "CZK", "pln": "PLN",
    "mxn": "MXN", "clp": "CLP", "cop": "COP", "ars": "ARS", "php": "PHP", "pen": "PEN",
}
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "hong kong dollars": "HKD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupees": "INR", "rupee": "INR", "swiss francs": "CHF",
    "francs": "CHF", "won": "KRW", "lira": "TRY", "liras": "TRY", "turkish lira": "TRY",
    "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "rand": "ZAR",
    "swedish crowns": "SEK", "swedish kronor": "SEK", "swedish krona": "SEK", "kronor": "SEK", "krona": "SEK",
    "norwegian crowns": "NOK", "norwegian kroner": "NOK", "norwegian krone": "NOK",
    "danish crowns": "DKK", "danish kroner": "DKK", "danish krone": "DKK",
    "czech crowns": "CZK", "czech korunas": "CZK", "czech koruna": "CZK", "korunas": "CZK", "koruna": "CZK",
    "polish zlotys": "PLN", "polish zloty": "PLN", "zlotys": "PLN", "zloty": "PLN",
    "mexican pesos": "MXN", "chilean pesos": "CLP", "colombian pesos": "COP", "argentine pesos": "ARS",
    "philippine pesos": "PHP", "peruvian soles": "PEN", "soles": "PEN",
}
# "crowns" and "kroner" alone are the currency of the last Swedish, Norwegian, Danish or Czech
# one the document named ("1.5 billion Norwegian crowns ... 900 million crowns"); else nothing
AMBIGUOUS_CURRENCY_WORDS = frozenset(["crowns", "crown", "kroner", "krone"])
HEDGES = {
    "about": "approximately", "around": "approximately", "roughly": "approximately",
    "approximately": "approximately", "some": "approximately", "an estimated": "approximately",
    "estimated": "approximately", "circa": "approximately", "close to": "approximately",
    "in the region of": "approximately", "~": "approximately", "approx.": "approximately",
    "something like": "approximately", "well over": "more_than", "well above": "more_than",
    "well under": "less_than", "well below": "less_than",
    "nearly": "nearly", "almost": "nearly", "just under": "nearly", "just shy of": "nearly",
    "more than": "more_than", "over": "more_than", "above": "more_than",
    "upwards of": "more_than", "north of": "more_than", "in excess of": "more_than",
    "just over": "more_than", "greater than": "more_than", "higher than": "more_than",
    "at least": "at_least", "no less than": "at_least", "no fewer than": "at_least",
    "a minimum of": "at_least", "less than": "less_than", "fewer than": "less_than",
    "under": "less_than", "below": "less_than", "lower than": "less_than",
    "shy of": "less_than", "up to": "at_most", "at most": "at_most",
    "no more than": "at_most", "a maximum of": "at_most", "as much as": "at_most",
    "as many as": "at_most", "as high as": "at_most", "as little as": "at_least",
    "as few as": "at_least", "as low as": "at_least",
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "dozen": 12,
    "a dozen": 12, "a": 1,
}
MULTIPLIERS = {
    "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twice": 2, "triple": 3,
    "tripled": 3, "triples": 3, "tripling": 3, "treble": 3, "trebled": 3, "trebles": 3,
    "trebling": 3, "quadruple": 4, "quadrupled": 4,
    "quadruples": 4, "quadrupling": 4, "half": 0.5, "halved": 0.5, "halving": 0.5,
    "one-half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3, "two-thirds": 2 / 3,
    "two thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "one-quarter": 0.25,
    "three-quarters": 0.75, "three quarters": 0.75, "a fifth": 0.2, "one-fifth": 0.2,
    "one fifth": 0.2, "a tenth": 0.1, "one-tenth": 0.1,
    "two-fifths": 0.4, "two fifths": 0.4, "three-fifths": 0.6, "three fifths": 0.6,
    "four-fifths": 0.8, "four fifths": 0.8,
}
UNIT_ABBREVIATIONS = {"bpd": "barrel", "b/d": "barrel", "km": "kilometre", "kg": "kilogram",
                      "mw": "megawatt", "gw": "gigawatt", "twh": "terawatt_hour", "mph": "mile",
                      "gb": "gigabyte", "tb": "terabyte", "ppm": "part", "gwh": "gigawatt_hour",
                      "mwh": "megawatt_hour", "kwh": "kilowatt_hour", "mm": "millimetre",
                      "cm": "centimetre", "mg": "milligram", "kph": "kilometre"}
# units written on the number: "341.4mm", "81mph", "14C", "0.65°C"
GLUED_UNITS = {"mm": "millimetre", "cm": "centimetre", "km": "kilometre", "kg": "kilogram", "mg": "milligram",
               "mph": "mile", "kph": "kilometre", "°C": "degree", "°F": "degree", "°": "degree", "C": "degree",
               "F": "degree"}
FOLD_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "twenty": 20, "hundred": 100, "thousand": 1000}
PER_WORDS = frozenset("""share unit year month day week hour gallon barrel ton tonne head person
kilo kilogram pound piece ticket night seat user phone device car vehicle household student patient
employee customer subscriber store visitor passenger dose pill tablet meal room ounce oz trip ride
journey mwh kwh gwh twh megawatt-hour kilowatt-hour""".split()) | {"square foot", "square metre", "square meter"}
STOPWORDS = frozenset("""the a an of in on at to from by for with and or but nor as than that which others
who whom whose since this these those its their his her our your my was were is are be been
being has have had will would could should may might can do does did not per each every
less about over under up down into through during after before while when where if so yet
last next then there here it they he she we you i also only just still even already some any
all both either neither such what how why one two three four five own same other another
year-on-year compared versus vs against including include includes included""".split())
NOT_PLURAL = frozenset("""was has is this its thus plus less across always perhaps sometimes
whereas yes as us his hers ours yours theirs gas bus news series species means bonus status
analysis basis crisis thesis process access success business progress address campus
census surplus virus focus chorus corpus overseas alias atlas canvas christmas texas kansas
arkansas vegas bias""".split())
IRREGULAR_PLURALS = {"people": "person", "children": "child", "men": "man", "women": "woman", "summonses": "summons",
                     "staff": "staff", "personnel": "personnel", "cattle": "cattle",
                     "aircraft": "aircraft", "data": "data", "feet": "foot", "teeth": "tooth",
                     "mice": "mouse", "geese": "goose", "police": "police", "sheep": "sheep",
                     "fish": "fish", "deer": "deer", "media": "media", "oz": "ounce"}
FUNCTION_CAPS = frozenset(w.capitalize() for w in STOPWORDS) | frozenset(
    "About Nearly Almost Roughly Around Some Over Under Just Only Approximately Between "
    "Sold Shipped Raised Reported Posted Lost Had Added Cut".split())

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_FULL_MONTH = (r"(?:January|February|March|April|June|July|August|September|October|"
               r"November|December)")
_YEAR = r"(?:19|20)\d{2}"
_EXCHANGES = (r"NYSE|NASDAQ|Nasdaq|LSE|HKEX|HKSE|TSX|ASX|SGX|SZSE|SSE|NSE|BSE|AMEX|OTC|Xetra|TYO|KRX|"
              r"HKG|SHA|SHE|TSE|LON|ETR|EPA|BIT|BME|SIX")
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:,\d{1,2}(?=\s*(?:billion|million|bn|mn|trillion)\b))?"
_NUMWORD = (r"(?:a\s+dozen|a\s+hundred|a(?=[ \u00a0]+(?:million|billion|trillion)\b(?!-))|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|"
            r"ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?|eleven|"
            r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|"
            r"three|four|five|six|seven|eight|nine|ten|hundred|dozen)")

# The master pattern, as (first characters, alternative[, heads]) in order. The first
# characters say what a match of the alternative can start with: "a" an ASCII lower-case
# letter, "A" an ASCII capital, "0" an ASCII digit; "@": only with an "@" in the next 65
# characters (the e-mail alternative, costly everywhere else: it takes up to 64 characters,
# then backs off). Heads: every word (lower-cased) an alternative of kind "a" can start with.
# :func:`_master_match` tries only the alternatives that can match at the character or word
# at hand (in the same order, so with the same result); other characters are matched against
# the whole pattern.
_SKIPS = [  # things that look numeric but are not figures: one group, "skip"
    ("a", r"(?<![\w/])(?:https?://|www\.)[^\s<>\"'\])]+", "http https www"),                # URL
    ("aA0@", r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+"),                              # e-mail
    ("A", r"(?<![\w])[A-Z]{2}[A-Z0-9]{9}\d(?!\w)"),                                         # ISIN
    ("A", rf"(?<![\w])(?:{_EXCHANGES})\s?:\s?[A-Z0-9][A-Z0-9.]*"),                            # ticker
    ("A", r"(?<=\()[A-Z]{2,6}:[A-Z0-9.]{1,8}(?=\))"),                                       # (XYZ:123)
    ("0", r"(?<![\w])\d{3,4}\.(?:HK|SS|SZ|T|L|KS|KQ|TW|SR|AX|TO|NS|BO|SI|KL|BK|JK|SA|TA|DE|PA|AS|MI|MC|SW|ST|CO|OL|HE)(?!\w)"),  # 0700.HK
    ("0", r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?|\d{3,5}[\s.-])\d{3}[\s.-]\d{4}(?!\d)"),  # phone
    ("0", r"(?<![\w:.])\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.m\.|[ap]m\b)"),                      # 4 p.m., 10.30am
    ("0", r"(?<![\w:.])\d{1,2}:\d{2}(?::\d{2})?(?![\d])"),                                  # 9:30
    ("0", r"(?<![\w:.])\d{4}\s?(?:GMT|UTC|BST|CET|CEST|EST|EDT|JST|HKT|SGT)\b"),              # 1015 GMT
    ("0", r"(?<![\w-])\d{1,3}-[A-Z](?![\w])"),                                              # 10-K
    ("0", r"(?<!\w)401\(k\)"),                                                              # 401(k)
    ("0", r"(?<![\w/-])24[/-]7(?![\w/])"),                                                    # 24/7
    ("A", r"(?<![\w-])W-\d(?!\w)"),                                                         # W-2
    ("A", r"(?<![\w-])[A-Z][A-Za-z]*-\d+[A-Za-z]*(?![\w])"),                                # COVID-19, F-35
    ("A", r"(?<![\w$€£¥-])(?!Q[1-4](?!\d)|H[12](?!\d)|FY)[A-Z]{1,2}\d{1,4}[A-Za-z]{0,3}(?![\w])"),  # A320, S6, G7
]
_ALTERNATIVES = [  # dates and periods, multipliers, number words, numbers
    ("A", rf"(?P<mdy>(?<![\w])(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<mdy_y>{_YEAR})(?!\d))?)"),
    ("0", rf"(?P<dmy>(?<![\w])(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{_MONTH})\s+(?P<dmy_y>{_YEAR})(?!\d))"),
    ("A", rf"(?P<my>(?<![\w])(?P<my_m>{_MONTH}),?\s+(?:of\s+)?(?P<my_y>{_YEAR})(?!\d))"),
    ("A", rf"(?P<mrel>(?<![\w])(?P<mrel_m>{_FULL_MONTH}|May)\s+(?P<mrel_w>last|this|next)\s+year\b)"),
    ("aA", rf"(?P<relm>(?<![\w])(?P<relm_w>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<relm_m>{_FULL_MONTH})\b)", "last this next"),
    ("aA", rf"(?P<inm>(?<![\w])(?i:in|since|by|until|through|from|during|before|after|early|late|"
          rf"mid|of|between|and|to|the|for|a|or)\s+(?:early\s+|late\s+|mid-)?(?P<inm_m>{_FULL_MONTH}|May)\b(?!,?\s+(?:\d|last\s+year|this\s+year|next\s+year|quarter\b)|[-–](?:{_FULL_MONTH}|May)))",
          "in since by until through from during before after early late mid of between and to the for a or"),
    ("A", rf"(?P<mq>(?<![\w])(?:(?P<mq_a>{_FULL_MONTH}|May)[-–])?(?P<mq_b>March|June|September|December)"
          r"(?:\s+quarter\b|(?(mq_a)(?![\w-])|(?!))))"),  # the September quarter, January-March
    ("A", rf"(?P<posm>(?<![\w])(?P<posm_m>{_FULL_MONTH})(?=['’]s\b))"),                      # December's
    ("A", rf"(?P<q1>(?<![\w])Q(?P<q1_q>[1-4])\s*(?:of\s+)?(?:'(?P<q1_yy>\d{{2}})|(?P<q1_y>{_YEAR})|"
          rf"(?P<q1_yy2>\d{{2}}))?(?![\w]))"),
    ("0", rf"(?P<q2>(?<![\w])(?P<q2_q>[1-4])Q\s?'?(?P<q2_y>{_YEAR}|\d{{2}})(?![\w]))"),
    ("a0", rf"(?P<q3>(?<![\w])(?P<q3_o>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
           rf"[\s-]+(?:fiscal\s+|calendar\s+)?quarter(?:\s+of\s+(?:(?:fiscal\s+)?(?P<q3_y>{_YEAR})|"
           rf"(?P<q3_rel>this|last|next)\s+year|the\s+year)|,?\s+(?P<q3_y2>{_YEAR}))?(?![\w])"
           rf"(?!\s+(?:running|in\s+a\s+row|straight)\b))", "first second third fourth final last"),
    ("A", rf"(?P<h1>(?<![\w])H(?P<h1_h>[12])\s*'?(?P<h1_y>{_YEAR}|\d{{2}})(?![\w]))"),
    ("a", rf"(?P<h2>(?<![\w])(?P<h2_o>first|second)\s+half\s+of\s+(?:(?P<h2_y>{_YEAR})|"
          rf"(?P<h2_rel>this|last|next)\s+year)(?![\w]))", "first second"),
    ("aA", rf"(?P<fy>(?<![\w])(?:FY\s?|[Ff]iscal\s+(?:year\s+)?)'?(?P<fy_y>{_YEAR}|\d{{2}})(?![\w]))", "fiscal"),
    ("aA", r"(?P<rel>(?<![\w])(?P<rel_w>[Tt]his|[Ll]ast|[Nn]ext)\s+(?P<rel_u>year|month)\b)", "this last next"),
    ("A", r"(?P<wday>(?<![\w])(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w]))"),
    ("0", rf"(?P<fy2>(?<![\w$€£¥.,#/-])(?P<fy2_y>{_YEAR})[-–/](?P<fy2_e>\d{{2}})(?![\w%/-]|[.,]\d))"),  # 2023-24
    ("0", rf"(?P<year>(?<![\w$€£¥.,#/-]){_YEAR}(?![\w%]|[.,]\d|\s*(?:-|–)\s*\d|\s+(?:million|billion|thousand|trillion)\b))"),
    ("aA0", r"(?P<mult>(?<![\w-])(?i:(?:half|quarter|three-quarter)-(?:percentage-)?point|doubled|doubles|doubling|double|twice|tripled|triples|tripling|"
            r"triple|trebled|trebles|trebling|treble|quadrupled|quadruples|quadrupling|quadruple|halved|halving|one-half|half|two-thirds|"
            r"two\s+thirds|three-quarters|three\s+quarters|one-third|one\s+third|a\s+third|"
            r"one-quarter|one\s+quarter|a\s+quarter|a\s+fifth|one[-\s]fifth|(?:two|three|four)[-\s]fifths|a\s+tenth|one-tenth|(?:two|three|four|five|six|seven|eight|nine|ten|"
            r"twenty|hundred|thousand|\d+)-?fold)(?![\w-]))",
            "quarter doubled doubles doubling double twice tripled triples tripling triple trebled "
            "trebles trebling treble quadrupled "
            "quadruples quadrupling quadruple halved halving half two three one a four five six "
            "seven eight nine ten twenty hundred thousand twofold threefold fourfold fivefold "
            "sixfold sevenfold eightfold ninefold tenfold twentyfold hundredfold thousandfold"),
    ("aA", rf"(?P<word>(?<![\w-])(?i:{_NUMWORD})(?![\w-]))",
           "a twenty thirty forty fifty sixty seventy eighty ninety eleven twelve thirteen fourteen "
           "fifteen sixteen seventeen eighteen nineteen one two three four five six seven eight "
           "nine ten hundred dozen"),
    ("0", rf"(?P<num>(?<![\w.,])(?<!\w-){_NUM}(?![.,]?\d)(?P<suf>bn|mn|mln|bln|tn|trn|mm|cm|km|kg|mg|mph|kph|°[CF]?|[kKmMbBxpCF])?(?![\w]))"),
]


def _master_source(wanted) -> str:
    """The master alternatives, in order, for which ``wanted(first characters, heads,
    alternative)``."""
    skips = [alt for first, alt, *heads in _SKIPS if wanted(first, heads, alt)]
    rest = [alt for first, alt, *heads in _ALTERNATIVES if wanted(first, heads, alt)]
    return "|".join(([f"(?P<skip>{'|'.join(skips)})"] if skips else []) + rest)


@lru_cache(maxsize=None)
def _master() -> re.Pattern:
    """All the alternatives: only for text the shortcuts below do not cover (compiled on first
    use, 17 ms)."""
    return re.compile(_master_source(lambda first, heads, alt: True))


# By kind of first character and whether an "@" follows. This and the tables below are
# compiled when first needed: compiling every one at import would cost 0.15 s at each start.
@lru_cache(maxsize=None)
def _master_by_kind(kind: str, at: bool) -> re.Pattern:
    return re.compile(_master_source(lambda first, heads, alt: kind in first and (at or "@" not in first)))


# by lower-case word (with no "@" after): the alternatives that can start with that word,
# compiled when a word is first met (compiling all of them would cost 0.1 s at every start)
_HEAD_WORDS = frozenset(word for _, _, *heads in _SKIPS + _ALTERNATIVES if heads for word in heads[0].split())


@lru_cache(maxsize=None)
def _master_by_head(word: str) -> re.Pattern | None:
    if word not in _HEAD_WORDS:
        return None
    return re.compile(_master_source(lambda first, heads, alt: bool(heads) and word in heads[0].split()))

# The alternatives that can start with a digit (but the e-mail one), and whether they can
# match where a run of n digits (\d+, all of it: every one of them needs the whole run) is
# followed by the character c (a whitespace character as " "; "" for any other character
# or the end of the text): a digit run followed by "%" is matched against "num" alone. Keyed
# by a piece of the alternative's pattern.
_DIGIT_SHAPES = (
    (r"\d{3,4}\.(?:HK", lambda n, c: 3 <= n <= 4 and c == "."),                  # 0700.HK
    (r"\d{3,5}[\s.-])\d{3}", lambda n, c: 3 <= n <= 5 and c in (" ", ".", "-")),  # phone
    (r"\s?(?:[ap]\.m\.", lambda n, c: n <= 2 and c in (":", ".", " ", "a", "p")),  # 4 p.m., 10.30am
    (r"\d{1,2}:\d{2}(?::\d{2})?(?![\d])", lambda n, c: n <= 2 and c == ":"),    # 9:30
    (r"\d{4}\s?(?:GMT", lambda n, c: n == 4 and c in (" ", "")),                  # 1015 GMT
    (r"\d{1,3}-[A-Z]", lambda n, c: n <= 3 and c == "-"),                         # 10-K
    (r"401\(k\)", lambda n, c: n == 3 and c == "("),                             # 401(k)
    (r"24[/-]7", lambda n, c: n == 2 and c in ("/", "-")),                        # 24/7
    ("(?P<dmy>", lambda n, c: n <= 2 and c == " "),                                # 25 Dec 2015
    ("(?P<q2>", lambda n, c: n == 1 and c == "Q"),                                 # 3Q14
    ("(?P<q3>", lambda n, c: n == 1 and c in ("s", "n", "r", "t")),                # 1st quarter
    ("(?P<fy2>", lambda n, c: n == 4 and c in ("-", "/", "")),                     # 2023-24
    ("(?P<year>", lambda n, c: n == 4),
    ("(?P<mult>", lambda n, c: c in ("-", "f", "F")),                              # 10-fold
    ("(?P<num>", lambda n, c: True),
)
_SHAPE_CHARS = frozenset(".:-(/QsnrtapfF")


def _digit_alternative(first: str, alt: str, n: int, c: str) -> bool:
    if "0" not in first or "@" in first:
        return False
    shapes = [ok for piece, ok in _DIGIT_SHAPES if piece in alt]
    assert len(shapes) == 1, alt
    return shapes[0](n, c)


@lru_cache(maxsize=None)
def _master_by_shape(n: int, c: str) -> re.Pattern:
    """The "0" alternatives (no "@" after) that can match at a run of n (6: 6 or more) digits
    followed by c (see _DIGIT_SHAPES)."""
    return re.compile(_master_source(lambda first, heads, alt: _digit_alternative(first, alt, n, c)))


# The alternatives that can start with an ASCII capital (but the e-mail one), by the word
# (lower-cased) that the run of ASCII letters there makes, and by the character after that
# run, when it is no letter ("0": a decimal digit): "Xiaomi said" can start none of them;
# "July 5" only those that start with a month; "A320" (a digit after the run) the ISIN and
# model-name ones. Keyed by a piece of the alternative's pattern; an alternative with heads
# (see _SKIPS) can also start with its heads.
_MONTH_WORDS = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", _MONTH))
_FULL_MONTH_WORDS = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", _FULL_MONTH))
_EXCHANGE_WORDS = frozenset(x.lower() for x in _EXCHANGES.split("|"))
_CAPITAL_SHAPES = (
    (r"[A-Z]{2}[A-Z0-9]{9}", lambda w, c: c == "0"),                              # ISIN
    (_EXCHANGES, lambda w, c: w in _EXCHANGE_WORDS),                             # NYSE: IBM
    (r"(?<=\()", lambda w, c: c == ":"),                                         # (HK:0700)
    (r"W-\d", lambda w, c: c == "-"),                                            # W-2
    (r"[A-Z][A-Za-z]*-\d+", lambda w, c: c == "-"),                              # COVID-19
    (r"[A-Z]{1,2}\d{1,4}", lambda w, c: c == "0"),                               # A320
    ("(?P<mdy>", lambda w, c: w in _MONTH_WORDS),                                 # July 5
    ("(?P<my>", lambda w, c: w in _MONTH_WORDS),                                  # July 2014
    ("(?P<mrel>", lambda w, c: w in _FULL_MONTH_WORDS or w == "may"),             # July last year
    ("(?P<posm>", lambda w, c: w in _FULL_MONTH_WORDS),                           # July's
    ("(?P<mq>", lambda w, c: w in _FULL_MONTH_WORDS or w == "may"),               # the June quarter
    ("(?P<inm>", lambda w, c: False),                                             # (heads only: "In July")
    ("(?P<wday>", lambda w, c: w in periods.WEEKDAYS),                            # Monday
    ("(?P<q1>", lambda w, c: w == "q"),                                           # Q3
    ("(?P<h1>", lambda w, c: w == "h"),                                           # H1
    ("(?P<fy>", lambda w, c: w == "fy"),                                          # FY2015 (or heads)
    ("(?P<relm>", lambda w, c: False),                                            # (heads only)
    ("(?P<rel>", lambda w, c: False),
    ("(?P<mult>", lambda w, c: False),
    ("(?P<word>", lambda w, c: False),
)


def _capital_alternative(first: str, heads: list, alt: str, word: str, c: str) -> bool:
    if "A" not in first or "@" in first:
        return False
    shapes = [ok for piece, ok in _CAPITAL_SHAPES if piece in alt]
    assert len(shapes) == 1, alt
    return shapes[0](word, c) or bool(heads) and word in heads[0].split()


# every word that some "A" alternative starts with (any other word is looked up as "", so that
# one pattern serves all of them)
_CAPITAL_HEADS = frozenset(_MONTH_WORDS | _EXCHANGE_WORDS | {"q", "h", "fy"} | set(periods.WEEKDAYS) |
                           {w for first, _, *heads in _SKIPS + _ALTERNATIVES if "A" in first and heads
                            for w in heads[0].split()})


@lru_cache(maxsize=None)
def _master_by_capital(word: str, c: str) -> re.Pattern | None:
    """The "A" alternatives (no "@" after) that can start where the run of ASCII letters at
    a capital makes ``word`` (lower-cased, "" for any other word) followed by ``c`` ("0": a
    decimal digit, "-", ":" or "": anything else but a letter); None: none can."""
    source = _master_source(lambda first, heads, alt: _capital_alternative(first, heads, alt, word, c))
    return re.compile(source) if source else None


_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_DIGIT_RUN = re.compile(r"\d+")
_CI = re.IGNORECASE
# _SCALE_AFTER, _CURRENCY_AFTER and _PERCENT_AFTER open with a lookahead for the first
# letter of any of their words (after the spaces and "-" they allow): most numbers are
# followed by none, and the lookahead fails at once where the alternation tried every word.
# (Under the same IGNORECASE, so "ſ" or "K" still pass where a word may match them.)
_SCALE_AFTER = re.compile(r"(?=\s*-?\s*[lcmbt])(\s*-?\s*|\s+)(lakh\s+crores?|thousand|million|billion|trillion|crores?|lakhs?|bn|mn|mln|bln|tn|trn)\b", _CI)
_SLOPPY_DOLLAR = re.compile(r"\s?\$(?=\s*(?:thousand|million|billion|trillion|bn|mn|m|b)\b)", _CI)
_CURRENCY_AFTER = re.compile(
    r"(?=\s*[uhspdeyrfgjciaktlzbnkm])(?:\s+(u\.s\.\s+dollars|us\s+dollars|hong\s+kong\s+dollars|swiss\s+francs|"
    r"pounds\s+sterling|turkish\s+lira|(?:swedish|norwegian|danish|czech)\s+(?:crowns|kronor|krona|kroner|krone|"
    r"korunas|koruna)|polish\s+zlotys?|(?:mexican|chilean|colombian|argentine|philippine)\s+pesos|"
    r"peruvian\s+soles|dollars|dollar|euros|euro|pounds|sterling|yen|yuan|renminbi|rupees|rupee|"
    r"francs|liras|lira|roubles|rouble|rubles|ruble|rand|kronor|krona|kroner|krone|crowns|korunas|koruna|zlotys|zloty|soles)\b"
    r"|\s*(USD|EUR|GBP|JPY|CNY|RMB|HKD|INR|CHF|AUD|CAD|SGD|KRW|TRY|RUB|ZAR|SEK|NOK|DKK|CZK|PLN|MXN|CLP|COP|ARS|PHP|PEN)\b)", _CI)
_NAMED_CROWNS = re.compile(r"\b(?:(Swedish|Norwegian|Danish|Czech)\s+(?:crowns?|kronor|krona|kroner|krone|korunas?)"
                           r"|(SEK|NOK|DKK|CZK))\b")
_WON_AFTER = re.compile(r"\s+won\b")
_PERCENT_AFTER = re.compile(
    r"(?=\s*[%\-pb])(?:\s*(%)|(?:\s*-\s*|\s+)(percent)\b|\s+(per\s*cent)\b|\s+(pct)\b"
    r"|\s+(percentage\s+points?)\b|\s+(basis\s+points?)\b|\s*(bps)\b|\s+(points?)\s+(?=of\b))", _CI)
_CENTS_AFTER = re.compile(r"\s+(?:US\s+|U\.S\.\s+)?(cents?|pence)\b", _CI)
_PER_AFTER = re.compile(r"\s*(?:/|\s(?:per|a|an|each)\s+)((?:square\s+)?[a-z]+(?:-[a-z]+)?|[kMGT]Wh)\b")
# "$5 a year earlier" is a time, not a rate ("$6.70 a share before the split" is a rate)
_TIME_AGO_AFTER = re.compile(r"\s+(?:earlier|ago|before|later)\b")
_TIME_NOUNS = frozenset("year month week day hour quarter decade night".split())
_TIMES_AFTER = re.compile(r"\s+times\b(?!\s+(?:a|an|per|each|every)\s)", _CI)
_RANGE_AFTER = re.compile(
    r"(?:\s*(?:-|–|—)\s*|\s+to\s+)(?P<cur>US\$|HK\$|\$|€|£|¥|₹)?\s?(?P<n>" + _NUM + r")"
    r"(?P<suf>bn|mn|mln|bln|tn|trn|[kKmMbB])?(?![\w])")
_AND_AFTER = re.compile(
    r"\s+and\s+(?P<cur>US\$|HK\$|\$|€|£|¥|₹)?\s?(?P<n>" + _NUM + r")(?P<suf>bn|mn|mln|bln|tn|trn|[kKmMbB])?(?![\w])")
_WORDS_AFTER = re.compile(r"(?:[ \t]+(?:\n[ \t]*)?[A-Za-z0-9][A-Za-z0-9'’&]*(?:-[A-Za-z0-9]+)*){1,6}")
_CURRENCY_BEFORE = re.compile(
    r"(?:(US|U\.S\.|HK|C|CA|A|AU|S|NT|R|NZ)?(\$)|(€|£|¥|₹|₩)|\b(USD|EUR|GBP|JPY|HKD|INR|CHF|AUD|"
    r"CAD|SGD|TWD|BRL|KRW|NZD|RMB|CNY|SEK|NOK|DKK|CZK|PLN|Rs\.?)[ \u00a0]?)[ \u00a0]?$")


def _hedge_pattern(hedges) -> re.Pattern:
    """A hedge (group 1, of ``hedges``), "~" (2), "between" (3) or "from" (4) ending where the
    search ends."""
    body = "|".join(sorted((re.escape(h).replace(r"\ ", r"\s+") for h in hedges), key=len, reverse=True))
    return re.compile(r"(?:(?<![\w])(" + (body or "(?!)") +
                      r")\s+|(~)\s*|(?<![\w])(between)\s+|(?<![\w])(from)\s+)$", _CI)


_HEDGE_BEFORE = _hedge_pattern(h for h in HEDGES if h != "~")
# the last word of every hedge, "between" and "from" (see _Scanner._hedge_before); and by
# that last word, the pattern with only the hedges that end with it (a shorter alternation
# to try at each position of the search)
_HEDGE_ENDS = frozenset([h.split()[-1] for h in HEDGES if h[-1].isalpha()] + ["between", "from"])
# by last word, the words just before it in the longer hedges ("more", "less" for "than";
# "region", "excess", "upwards" for "of"): empty for a last word that ends no longer hedge
# ("about", "from"), whose hedge is that word alone, matched at the word, not searched for
_HEDGE_WORDS_BEFORE_END = {end: frozenset(h.split()[-2] for h in HEDGES if " " in h and h.split()[-1] == end)
                           for end in _HEDGE_ENDS}


@lru_cache(maxsize=None)
def _hedge_before_by_end(word: str) -> re.Pattern:
    return _hedge_pattern(h for h in HEDGES if h != "~" and h.split()[-1] == word)


_NO_BEFORE = re.compile(r"(?:\b[Nn]o\.|\b[Nn]os\.|\bnumber|#)\s*$")
_CAP_BEFORE = re.compile(r"(?<![\w])([a-z]{0,8}[A-Z][\w&.+'-]*)[ \u00a0]$")     # Windows 10, visionOS 2
_CALL_BEFORE = re.compile(r"\b(?:call|calling|dial|dialling|dialing|phone|hotline|line)\s+$", _CI)
_MODEL_AFTER = re.compile(r"[ \u00a0]+(?!(?:January|February|March|April|May|June|July|August|September|"
                          r"October|November|December)\b)[A-Z][a-z]*\.?(?:\s|$)")
_ADDRESS_AFTER = re.compile(r"[ \u00a0]+\d{1,3}(?:st|nd|rd|th)[ \u00a0]+[A-Z]")          # 429 11th Avenue
_NAMED_YEAR_BEFORE = re.compile(r"\b(?:Act|Law|Bill|Accord|Agreement|Treaty|Convention|Class)\s+of\s+$")
_NAMED_DAY_BEFORE = re.compile(r"\b(?:Black|Cyber|Super|Good|Ash|Easter|Holy|Blue|Giving|Bloody|Maundy|Shrove)\s+$")
# "368 Conservative seats", "30 Chinese companies": capitalised words, then a plural noun
_CAPITAL_ADJECTIVE_AFTER = re.compile(r"(?:[ \u00a0]+(?!(?:Series|Plus|Pro|Max|Mini|Ultra|Edition|Class|Lite|Air)\b)"
                                      r"[A-Z][a-z]+){1,2}(?:[ \u00a0]+[a-z]+){0,2}?[ \u00a0]+[a-z]+s\b")
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b")
_CHANGE_BEFORE = re.compile(r"\b(?:rose|rise|rising|rises|fell|fall|falls|grew|grow|increased|decreased|climbed|climb|climbs|"
                            r"jumped|dropped|declined|gained|lost|up|down|by|cut|raised|lowered|widened|narrowed|"
                            r"slid|surged|soared|added|shed|trimmed|boosted)\s+(?:\w+\s+)?$", _CI)
# "rose up to 5%", "revised up to 333,000": "up" belongs to the verb, so "up to" is no bound
_UP_TO_VERB_BEFORE = re.compile(r"\b(?:go|goes|going|went|gone|rise|rises|rose|risen|climb|climbed|jump|jumped|"
                                r"increase|increased|raise|raised|revised|edged|moved|ticked|crept|inched|pushed|"
                                r"bumped|marked|adjusted|shot|spiked|pick|picks|picked|picking)\s+$", _CI)
_DURATION_NOUNS = frozenset("year month week day decade season quarter hour minute second".split())
_OVER_VERB_BEFORE = re.compile(r"\b(?:hand|hands|handed|handing|take|takes|took|taking|turn|turns|turned|"
                               r"turning|pass|passed|passing|carry|carried|roll|rolled|spill|spilled)\s+$", _CI)
_SENT_START = re.compile(r"(?:^|[.!?:;\"“”(]\s*|\n\s*)$")
_MINUS_BEFORE = re.compile(r"(?:^|[\s(])(-|−|minus\s+)$")
_FULL_TO = re.compile(r"\s*(?:-|–|—|to)\s*(?:US\$|HK\$|\$|€|£|¥|₹)?\s?(?=\d)")
_FULL_AND = re.compile(r"\s+and\s+(?:US\$|HK\$|\$|€|£|¥|₹)?\s?(?=\d)")
# small patterns of the widening and filtering steps, compiled once
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_SPACES = re.compile(r"\s+")
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.I)
_MAY_YEAR = re.compile(r"May,?\s+(?:of\s+)?\d")
_HALF_ORDINAL_BEFORE = re.compile(r"(first|second|the|a)\s+$")
_OF_AFTER = re.compile(r"\s+of\b")
_LEADING_ZERO = re.compile(r"0\d")
_DOUBLE_IDIOM_AFTER = re.compile(r"[ \u00a0]+(?:figures|digits)\b")
# years before 1900 (the date alternative reads 1900-2099) after a word that leads a year
_OLD_YEAR = re.compile(r"1[5-8]\d\d")
_YEAR_LEAD = re.compile(r"\b(?:in|since|from|until|till|circa|c\.|before|after)[ \u00a0]+$", _CI)
_VERB_AFTER = re.compile(r"[ \u00a0]+(?:said|says|told|[a-z]+ed)\b")
# A month named alone after these words is the next one ("the year ending March", "until May")
_ENDING_BEFORE = re.compile(r"\b(?:ends?(?!\s+of\b)|ending|until|through|due|next|by)\b[\w\s]{0,12}$", _CI)
# ... and a day after these the next one ("the quarter ending Jan. 31" in December)
_DAY_ENDING_BEFORE = re.compile(r"\b(?:ends?|ending)[ \u00a0]+(?:on[ \u00a0]+)?$", _CI)
# A month named alone is the nearest one, unless its sentence is told in the past tense
_PAST_VERB = re.compile(r"\b(?:was|were|had|did|said|rose|fell|grew|sold|made|won|lost|hit|began|came|took|saw|"
                        r"[a-z]{3,}ed)\b")
_FUTURE_WORD = re.compile(r"\b(?:will|would|could|should|might|may|shall|expects?|expected|plans?|planned|"
                          r"scheduled|due|set\s+to|aims?|intends?|hopes?|forecasts?|next|coming|upcoming|later|"
                          r"until|by)\b", _CI)
_MAY_LEAD = re.compile(r"(?:in|since|by|until|through|from|during|before|after|early|late|mid|of|for)\s", _CI)
# "in the 12 months to May", "the year to May": "to" ends a period there, not an indirect object
_PERIOD_TO_BEFORE = re.compile(r"\b(?:months|weeks|days|year|quarter|period)[ \u00a0]+$", _CI)
# "48 of Scotland's 59 seats", "ten of the cases": the figure counts the group's noun.
_OF_GROUP_AFTER = re.compile(r"\s+of\s+(?:the|those|these|its|their|his|her|our|[\w-]+['’]s)\s+"
                             r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w.,]))?")
# what may stand before a fraction read alone: "cut by half", "to roughly half", "from a third"
_FRACTION_LEAD = re.compile(r"\b(?:by|in|cut|to|from|than)\s+(?:(?:roughly|about|around|nearly|almost|just|only)\s+)?$")
_COMPARATIVE_AFTER = re.compile(r"\s+(?:less|more|lower|higher|smaller|bigger|larger|fewer|below|above)\b", _CI)
# "one in four", "three in 10", "9 out of 10": a fraction, read at its second number
_SMALL_NUMBER = r"\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten"
_N_IN_BEFORE = re.compile(rf"(?<![\w.,])(?:{_SMALL_NUMBER})\s+(?:in|out\s+of)\s+$", _CI)
_IN_N_AFTER = re.compile(rf"\s+(?:in|out\s+of)\s+({_SMALL_NUMBER})(?![\w.,]|[.,]\d)", _CI)
# a range after a number word: "four to six months", "between seven and 10 years"
_WORD_RANGE_AFTER = re.compile(rf"\s+(?:(to)|and)\s+({_SMALL_NUMBER}|eleven|twelve|twenty|thirty|forty|fifty|"
                               rf"sixty|seventy|eighty|ninety|hundred)(?![\w.,])", _CI)
_OF_A_SCALE = re.compile(r"\s+(?:of\s+)?an?\s+(million|billion|trillion)\b", _CI)
_POINT_FRACTIONS = {"half": 0.5, "quarter": 0.25, "three": 0.75}
_OF_A_POINT = re.compile(r"\s+(?:of\s+)?a\s+percentage\s+point\b", _CI)   # "half a percentage point"
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|domestic|historic|continental|league)\s+$")
_MULT_OBJECT_AFTER = re.compile(r"\s+(?:the|its|their|that|what|of|his|her|a|an|in|since|from)\b")
_NAME_AFTER = re.compile(r"[ \u00a0]+[A-Z][a-z]")
_DATE_AFTER_WEEKDAY = re.compile(rf",?\s+(?:{_MONTH}\s+\d|\d{{1,2}}\s+{_MONTH})")
# An age is no quantity of a claim: "Powell, 69, said", "aged 56 to 85", "adults over 65".
_AGE_BEFORE = re.compile(
    r"(?:\b(?:aged|ages?|turned|turns|turning)\s+(?:(?:over|under|between|from|about|around)\s+)?(?:\d{1,3}\s*(?:to|and|-|–)\s*)?"
    r"|\b(?:adults|people|those|patients|men|women|children|residents|voters|anyone|individuals)\s+"
    r"(?:over|under|older\s+than|younger\s+than|above|below)\s+)$", _CI)
# ... and after a plural group noun ("Canadians under 40", "workers over 50") when no plural noun
# follows the number ("the Lions over 20 games" counts games)
_GROUP_AGE_BEFORE = re.compile(r"\b(?:[A-Z][a-z]+(?:ans|ons)|workers|drivers|renters|homebuyers|buyers|smokers|"
                               r"users|members|consumers|households)[ \u00a0]+(?:over|under|above|below)[ \u00a0]+$")
_PLURAL_NEXT = re.compile(r"[ \u00a0]+[a-z]+s\b")
_APPOSITIVE_BEFORE = re.compile(r"[A-Za-z][a-z'’-]*\.?,[ \u00a0](?:now[ \u00a0])?$")   # "Powell, 69,", "Huang, now 61,"
_AGE_AFTER = re.compile(r"\s+(?:(?:years?|months?)\s+of\s+age|(?:or|and)\s+older)\b")      # "12 to 15 months of age"
_APPOSITIVE_AFTER = re.compile(r"[,;)]|\.(?:\s|$)")
# A number that names a grade, stage or type: "grade 3 side effects", "type 2 diabetes".
_LABEL_BEFORE = re.compile(r"\b(?:grade|stage|phase|type|category|tier|level|class|section|article|"
                           r"chapter|gate|platform|route|room|floor|channel|version|zone|terminal)s?\s+"
                           r"(?:\d{1,3}\s*(?:,|and|or|to|-|–)\s*){0,3}$", _CI)
_LABEL_AFTER = re.compile(r"(?:-\s+(?:and|or|to)\s+\d{1,3}-[a-z]|[ \u00a0]+(?:(?:crisis\s+|help\s*|hot\s*)?line|"
                          r"(?:area|zip|postal|dialling|dialing)\s+codes?)\b)", _CI)     # "the 416 area code"
_ZIP_BEFORE = re.compile(r"\b(?:ZIP|[Zz]ip)\s+codes?\b[^.;:]{0,30}$")                  # "ZIP codes 11211 and 11249"
_ORDINAL_SUFFIX = re.compile(r"[ \u00a0]?(?:st|nd|rd|th)\b")      # "the 4 th": not "4 stores"
_LOSS_BEFORE = re.compile(r"\b(?:loss|losses|deficit|shortfall)\s+(?:of\s+)?(?:about\s+|nearly\s+|around\s+|more\s+than\s+)?$", _CI)


# The searches backwards from a figure's start, each behind a cheap test of what the match
# must contain or end with (a plain search is 2-10 us; most figures have none of these).
_CURRENCY_ENDS = frozenset("$€£¥₹₩DRPYFLWBKNs.")   # the last character of a _CURRENCY_BEFORE match


def _currency_before_match(prose: str, start: int) -> re.Match | None:
    """_CURRENCY_BEFORE ending at ``start``: a sign or code, then at most two spaces."""
    i = start
    if i and prose[i - 1] in " \u00a0":
        i -= 1
        if i and prose[i - 1] in " \u00a0":
            i -= 1
    if not i or prose[i - 1] not in _CURRENCY_ENDS:
        return None
    return _CURRENCY_BEFORE.search(prose, max(0, start - 6), start)


def _minus_before(prose: str, start: int) -> re.Match | None:
    """_MINUS_BEFORE ending at ``start``: a minus sign, or "minus" and whitespace."""
    c = prose[start - 1] if start else ""
    if c and (c in "-−" or c.isspace() and "minus" in prose[max(0, start - 7):start]):
        m = _MINUS_BEFORE.search(prose, max(0, start - 7), start)
        if m and not prose[max(0, m.start(1) - 8):m.start(1)].lower().endswith("plus or "):
            return m                            # (not "plus or minus 2 points": a margin)
    return None


def _ascii_window_lacks(prose: str, lo: int, hi: int, words: tuple[str, ...]) -> bool:
    """Whether ``prose[lo:hi]`` is ASCII and has none of ``words`` in any case (a non-ASCII
    window may match a case-insensitive pattern with "ſ", "K" or "ı")."""
    window = prose[lo:hi]
    if not window.isascii():
        return False
    window = window.lower()
    for w in words:                     # (a loop: any() over a generator costs more here)
        if w in window:
            return False
    return True


def _loss_before(prose: str, start: int) -> bool:
    """_LOSS_BEFORE ends at ``start``: "loss", "deficit" or "shortfall", then whitespace."""
    lo = max(0, start - 40)
    if not start or not prose[start - 1].isspace() or \
            _ascii_window_lacks(prose, lo, start, ("loss", "deficit", "shortfall")):
        return False
    return bool(_LOSS_BEFORE.search(prose, lo, start))


def _number_sign_before(prose: str, start: int) -> bool:
    """_NO_BEFORE ends at ``start``: "No.", "Nos.", "number" or "#"."""
    lo = max(0, start - 8)
    window = prose[lo:start]
    if "#" not in window and "." not in window and "number" not in window:
        return False
    return bool(_NO_BEFORE.search(prose, lo, start))


def _call_before(prose: str, start: int) -> bool:
    """_CALL_BEFORE ends at ``start``: "call", "dial", "phone" or "line" (and longer forms),
    then whitespace."""
    lo = max(0, start - 12)
    if not start or not prose[start - 1].isspace() or \
            _ascii_window_lacks(prose, lo, start, ("call", "dial", "phone", "line")):
        return False
    return bool(_CALL_BEFORE.search(prose, lo, start))


@dataclass(slots=True)
class Figure:
    """A figure found in prose (offsets into the prose string)."""

    start: int
    end: int
    kind: str
    value: float | None = None
    unit: str | None = None
    qualifier: str = "exact"
    step: float = 0.0            # unit of the last stated digit, fully scaled (precision)
    low: float | None = None     # range ends, before precision and hedge
    high: float | None = None
    per: str | None = None
    period: str | None = None
    negative: bool = False
    sentence: int = -1
    hedge: str = ""              # the hedge words as written
    hedge_start: int = -1


TRIGGER_WORDS = frozenset(
    [w for w in NUMBER_WORDS if " " not in w] + [w.split()[-1] for w in MULTIPLIERS] +
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec this last next first second third fourth final fiscal fy q h "
    "twice thirds quarters third quarter fifth tenth dozen hundred times monday tuesday wednesday "
    "thursday friday saturday sunday".split())


# A trigger is a run of digits, or a whole run of ASCII letters that is a trigger word (any
# case) or ends in "fold" (found apart: "fold" ends the run, which starts earlier). Each is
# found with a pattern that opens with one character class, or a plain string search: the
# engine then skips in C to the next character of that class, where a pattern that opens
# with a lookbehind is tried at every position. So a digit run is found at its first digit,
# then the lookbehind rejects a digit before it ("[0-9]+" is tried at every digit: twice as
# slow); a trigger word from the character before it (no ASCII letter; its start is one past
# the match). Words are looked for in the lower-cased text: a trie of plain letters is
# matched faster than one of "[xX]" classes. (str.lower() keeps every offset and which
# characters are ASCII letters, but for "İ", which it makes two characters, and the Kelvin
# sign "K", which it makes "k": both are first replaced by other non-ASCII letters.)
_DIGIT_RUN_START = re.compile(r"\d(?<!\d.)")
_ASCII_DIGIT_RUN_START = re.compile(r"[0-9](?<![0-9].)")    # \d in an ASCII text: a range test, not a Unicode lookup
_TRIGGER_WORD = alternation(sorted(w for w in TRIGGER_WORDS if w.isalpha())) + r"(?![a-z])"
# (the first lookahead tests the first letter in one class, where the trie would try its
# branches one by one: most characters that are no letter are followed by no first letter)
_TRIGGER_FIRSTS = "".join(sorted({w[0] for w in TRIGGER_WORDS if w.isalpha()}))
_TRIGGER_AFTER = re.compile(rf"[^a-z](?=[{_TRIGGER_FIRSTS}])(?={_TRIGGER_WORD})")
_TRIGGER_FIRST = re.compile(_TRIGGER_WORD)            # a trigger word that opens the text
_LOWER_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_start = re.Match.start


def _trigger_starts(prose: str) -> list[int]:
    """Where the triggers start, in order."""
    if prose.isascii():
        starts = list(map(_start, _ASCII_DIGIT_RUN_START.finditer(prose)))
        low = prose.lower()
    else:
        starts = list(map(_start, _DIGIT_RUN_START.finditer(prose)))
        low = prose.replace("\u0130", "\u0131").replace("\u212a", "\u0138").lower()    # "ı", "ĸ"
    starts += [i + 1 for i in map(_start, _TRIGGER_AFTER.finditer(low))]
    if _TRIGGER_FIRST.match(low):
        starts.append(0)
    i = low.find("fold")
    while i >= 0:
        if low[i + 4:i + 5] not in _LOWER_LETTERS:        # ("" is in no set: the end of the text)
            j = i
            while j and low[j - 1] in _LOWER_LETTERS:
                j -= 1
            starts.append(j)
        i = low.find("fold", i + 4)
    return sorted(set(starts))
_WORD_START = re.compile(r"(?<![\w.,$€£¥'’-])[\w(+$€£¥~]")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\])]+")
_EMAIL_LEFT = re.compile(r"[\w.+-]{1,64}$")
_EMAIL_RIGHT = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def _find_all(text: str, sub: str) -> list[int]:
    hits = []
    i = text.find(sub)
    while i >= 0:
        hits.append(i)
        i = text.find(sub, i + 1)
    return hits


def _blocked_spans(prose: str) -> list[tuple[int, int]]:
    """URLs and e-mail addresses, found from their literal anchors ("http", "www.", "@"),
    in order, as one pass of ``https?://...|www\\....|@`` would find them: an anchor inside a
    URL found before is none. The anchors are found with str.find: a pattern would stop at
    every "h" and "w" of the text."""
    spans = []
    end = 0
    for i in sorted(_find_all(prose, "http") + _find_all(prose, "www.") + _find_all(prose, "@")):
        if i < end:
            continue
        if prose[i] != "@":
            m = _URL.match(prose, i)
            if m:
                spans.append(m.span())
                end = m.end()
            continue
        end = i + 1
        left = _EMAIL_LEFT.search(prose, max(0, i - 64), i)
        right = _EMAIL_RIGHT.match(prose, i + 1)
        if left and right:
            spans.append((left.start(), right.end()))
    spans.sort()
    return spans


# Where a match that covers a later trigger can start, with no "@" near (so no e-mail
# address), counting only starts that are not a trigger themselves (those were tried as
# triggers: see `tried` in _Scanner.run): an ASCII capital or digit, "(" or "+" (phone
# numbers), any non-ASCII character (the whole master pattern is tried there, or at a word
# going on with one), or a lower-case word that heads an alternative and is no trigger:
# "http", "https" and "www" (URLs lie in blocked spans), the words before a month ("in
# July", inm: they cover only a capitalised trigger) and "thousand" ("thousand-fold": only a
# "fold" trigger). So if a window before a trigger that is no capital and no "fold" has none
# of the characters of _EARLY, the trigger is the only candidate start. (One class: a fast
# scan. tests/test_extract.py checks the list of those words.)
_NO_START = frozenset(chr(i) for i in range(128) if not chr(i).isalnum() and chr(i) not in "(+")
_EARLY = re.compile(r"[A-Z0-9(+]|[^\x00-\x7f]")      # (a class up to U+10FFFF compiles in 10 ms)
_NON_TRIGGER_HEADS = frozenset("http https www in since by until through from during before after "
                               "early late mid of between and to the for or thousand".split())
# Before a digit, fewer starts remain: every word that starts an alternative holding a digit
# after whitespace (a month, "Q", "H", "FY", "fiscal", "first") is a trigger, tried before
# (see `tried`); of the capitals that are no trigger, only an exchange name reaches a digit
# over whitespace, and only through ":" ("NYSE: 5"); the others (ISIN, "COVID-19", "W-2",
# "A320", "(HK:0700)") are glued to the digit. So with no "@" near and no digit, "(", "+",
# ":" or non-ASCII character in the window, a digit is the only candidate start unless the
# run of non-whitespace characters that ends at it holds an ASCII capital ("A320", "US$5").
_EARLY_BEFORE_DIGIT = re.compile(r"[0-9(+:]|[^\x00-\x7f]")
_ASCII_CAPITAL = re.compile(r"[A-Z]")


def _early_before_digit(prose: str, lo: int, p: int) -> bool:
    """Whether a candidate start in ``prose[lo:p]`` may begin a match that covers the digit
    at ``p`` (no "@" near; see _EARLY_BEFORE_DIGIT)."""
    if _EARLY_BEFORE_DIGIT.search(prose, lo, p):
        return True
    i = p
    while i > lo and not prose[i - 1].isspace():
        i -= 1
    return i < p and _ASCII_CAPITAL.search(prose, i, p) is not None


# Lower-case trigger words that are part of a figure only before one of a few words: "a"
# only starts "a third", "a dozen" or "a July" (in a month), "this" and "next" a period
# ("this year", "next March"), "first" a quarter or a half. By the alternatives that contain
# the word: with whitespace on both sides, it stands in a match (which may start before it:
# "July last year", "the first quarter of this year") only before one of these words
# (lower-cased). So such a word before any other word is no figure, and the scan moves on
# without looking for starts around it: 42 of the 185 triggers of the seed stories are an
# "a" that starts nothing. ("third" is not one: "a third of" holds it before any word; any
# case other than lower neither: "NYSE: This" is a ticker.) tests/test_extract.py checks the
# table against the master pattern.
_MONTH_FOLLOWERS = _FULL_MONTH_WORDS | {"may"}
_QUARTER_FOLLOWERS = frozenset(["quarter", "fiscal", "calendar"])      # q3: "first fiscal quarter"
_FOLLOWERS = {
    "a": _MONTH_FOLLOWERS | {"early", "late", "mid",                  # inm: "a mid-July slump"
                             "third", "quarter", "fifth", "tenth",     # mult
                             "dozen", "hundred",                       # word
                             "million", "billion", "trillion"},        # word: "a million users"
    "this": _MONTH_FOLLOWERS | {"year", "month"},                      # relm, rel; mrel, q3, h2
    "next": _MONTH_FOLLOWERS | {"year", "month"},
    "last": _MONTH_FOLLOWERS | {"year", "month"} | _QUARTER_FOLLOWERS,
    "first": _QUARTER_FOLLOWERS | {"half"},                            # q3, h2
    "second": _QUARTER_FOLLOWERS | {"half"},
    "fourth": _QUARTER_FOLLOWERS,
    "final": _QUARTER_FOLLOWERS,
    "fiscal": frozenset(["year", "quarter"]),                          # fy: "fiscal year 2015"; q3
}
_FOLLOWED_WORD = re.compile(rf"({alternation(_FOLLOWERS)})\s+([A-Za-z]+)")


def _starts_nothing(prose: str, p: int) -> bool:
    """Whether the trigger at ``p`` is a word of _FOLLOWERS, with whitespace (or the start of
    the text) before it, then whitespace and a word of ASCII letters (a whole one: no letter
    after it) that is not one of its followers: no figure covers it. (No "@" must be near: an
    e-mail address covers anything; the caller tests that.)"""
    if p and not prose[p - 1].isspace():
        return False
    m = _FOLLOWED_WORD.match(prose, p)
    if m is None or m.group(2).lower() in _FOLLOWERS[m.group(1)]:
        return False
    end = m.end()
    return end == len(prose) or not prose[end].isalpha()


def _candidate_starts(prose: str, p: int, floor: int) -> list[int]:
    """Where a figure containing the trigger at ``p`` may start: the trigger itself, a sign
    or bracket just before it, or one of the two words before it ("Nov. 25", "fiscal year
    2015", "in July", "a third", "US0378331005")."""
    lo = max(floor, p - 24)
    starts = [m.start() for m in _WORD_START.finditer(prose, lo, p)][-3:]
    for q in (p - 2, p - 1):
        if q >= lo and q not in starts:
            starts.append(q)
    starts.sort()
    starts.append(p)
    return starts


def _master_match(prose: str, q: int, has_at: bool = True) -> re.Match | None:
    """``_master().match(prose, q)``, with cheap tests first. Every alternative starts behind a
    lookbehind that rejects a word character (``\\w``: ``isalnum()`` or "_") and with a word
    character, ".", "+", "-" or "("; then only the alternatives that can start with the
    character at ``q`` are tried, or at a lower-case word those that can start with it.
    ``has_at``: whether the text has an "@" at all (else no need to look for one)."""
    if q:
        b = prose[q - 1]
        if b.isalnum() or b == "_":
            return None
    c = prose[q]
    if c.isascii():
        at = has_at and prose.find("@", q, q + 65) >= 0
        if c.isdigit():
            if at:
                return _master_by_kind("0", True).match(prose, q)
            e, end = q + 1, min(len(prose), q + 6)
            while e < end and prose[e].isdecimal():     # \d is isdecimal(); runs are short
                e += 1
            n = e - q
            if n == 6:
                e = _DIGIT_RUN.match(prose, q).end()
            c = prose[e] if e < len(prose) else ""
            c = c if c in _SHAPE_CHARS else " " if c.isspace() else ""
            return _master_by_shape(n, c).match(prose, q)
        if c.isupper():
            head = _ASCII_LETTERS.match(prose, q).end()
            after = prose[head] if head < len(prose) else ""
            if at or after.isalpha():      # (a word going on with a non-ASCII letter: case folding)
                return _master_by_kind("A", at).match(prose, q)
            word = prose[q:head].lower()
            pattern = _master_by_capital(word if word in _CAPITAL_HEADS else "",
                                         "0" if after.isdecimal() else after if after in ("-", ":") else "")
            return pattern.match(prose, q) if pattern else None
        if c.islower():
            head = _ASCII_LETTERS.match(prose, q).end()
            if not at and not (head < len(prose) and prose[head].isalpha()):
                pattern = _master_by_head(prose[q:head].lower())
                return pattern.match(prose, q) if pattern else None
            # an e-mail address, or a word going on with a non-ASCII letter (case folding)
            return _master_by_kind("a", at).match(prose, q)
        if c not in "_.+-(":
            return None
        if not at:                  # no e-mail address here: only a phone number starts so
            return _master_by_phone().match(prose, q) if c in "+(" else None
    return _master().match(prose, q)


@lru_cache(maxsize=None)
def _master_by_phone() -> re.Pattern:
    """The phone-number alternative alone (what can start at "(" or "+" with no "@" near)."""
    return re.compile(_master_source(lambda first, heads, alt: r"\d{3,5}[\s.-])\d{3}" in alt))


def parse_number(text: str) -> tuple[float, float] | None:
    """'15.7' -> (15.7, 0.1); '16,000' -> (16000, 1000); '4,22' (decimal comma) -> (4.22, 0.01)."""
    t = text.strip()
    if "," in t:                                   # (no comma: no decimal comma to look for)
        if _DECIMAL_COMMA.fullmatch(t):
            t = t.replace(",", ".")
        t = t.replace(",", "")
    try:
        value = float(t)
    except ValueError:
        return None
    if "." in t:
        step = 10.0 ** -(len(t) - t.index(".") - 1)
    else:
        digits = t.lstrip("0") or "0"
        zeros = len(digits) - len(digits.rstrip("0"))
        # Integers of four or more digits are read as rounded to their last non-zero digit,
        # keeping at least two significant digits ("16,000" is 15,500..16,500).
        step = 10.0 ** min(zeros, max(0, len(digits) - 2)) if len(digits) >= 4 else 1.0
    return value, step


def parse_word_number(text: str) -> float | None:
    t = _SPACES.sub(" ", text.lower().replace("-", " ")).strip()
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    parts = t.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]])
    return None


def _word_back(prose: str, end: int, lo: int) -> tuple[int, int]:
    """The span of the run of letters before ``end``, across whitespace (not before ``lo``);
    empty where something else comes first."""
    i = end
    while i > lo and prose[i - 1].isspace():
        i -= 1
    j = i
    while j > lo and prose[j - 1].isalpha():
        j -= 1
    return j, i


def _fraction_parts(head: str, whole: float) -> float | None:
    """The first number of "N in M" when it can be a fraction's (1 <= N < M <= 1,000; not
    "3 in 2024"), else None."""
    n = parse_word_number(head) if head.isalpha() else float(head) if head.isdigit() else None
    return n if n is not None and 1 <= n < whole <= 1000 else None


def singular(word: str) -> str:
    w = word.lower().strip("'’")
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w[-1:] in ("'", "’"):                         # "two months' worth"
        w = w[:-1]
    if w in IRREGULAR_PLURALS:
        return True
    return (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))
            and w not in NOT_PLURAL and w.isalpha())


def counted_noun(prose: str, pos: int) -> str | None:
    """The counted noun after a number: the first plural noun within four words."""
    m = _WORDS_AFTER.match(prose, pos)
    if not m:
        return None
    seen = 0
    for word in m.group().split():
        if not word.isalpha() and any(ch.isdigit() for ch in word):   # "777-300ER": a model name
            continue
        seen += 1
        if seen > 4:
            return None
        low = word.lower()
        if low in UNIT_ABBREVIATIONS:
            return UNIT_ABBREVIATIONS[low]
        if low == "other" and seen == 1:
            continue                                # "two other executives" (a stopword elsewhere)
        if low in STOPWORDS or low in HEDGES or low in SCALES:
            return None
        if _is_plural(word):
            return singular(word)
    return None


def group_noun(prose: str, pos: int) -> str | None:
    """The noun counted by "N of the (M) nouns" after a number ending at ``pos``."""
    m = _OF_GROUP_AFTER.match(prose, pos)
    return counted_noun(prose, m.end() - (m.group("n") is None)) if m else None


def _scale_of(suffix: str | None) -> float:
    if not suffix:
        return 1.0
    s = suffix.lower()
    if s in SCALES:                     # (most scale words: no spaces to fold)
        return SCALES[s]
    s = _SPACES.sub(" ", s)
    return 1e12 if s.startswith("lakh crore") else SCALES.get(s, 1.0)


class _Scanner:
    def __init__(self, prose: str, sentences: list[tuple[int, int]], doc_date: _dt.date | None):
        self.prose = prose
        self.sentences = sentences
        self.doc_date = doc_date
        self.figures: list[Figure] = []
        self.unparsed: list[tuple[int, int, str]] = []
        self._hedges: dict[int, re.Match | None] = {}
        self.dates: list[tuple[Figure, re.Match, str]] = []     # date figures, their matches
        self._crowns: tuple[list[int], list[str]] | None = None  # see _crowns_before

    # ------------------------------------------------------------------ the scan
    def run(self) -> None:
        """Try the master pattern only near triggers (a digit run, or a word that can start a
        figure); the long stretches of prose between them are never matched against it."""
        prose = self.prose
        pos = 0
        blocked = _blocked_spans(prose)
        has_at = "@" in prose
        b = 0
        # The last trigger whose candidate starts all failed. A candidate start before it was
        # tried for it or an earlier trigger (_candidate_starts keeps the last starts of a
        # window that only moves right) and _master_match is a function of the start alone:
        # it fails again, or ends before that trigger. So only later starts are tried.
        tried = -1
        for p in _trigger_starts(prose):
            if p < pos:
                continue
            if prose[p].isdigit() and p > 1 and prose[p - 1] in ".,:" and prose[p - 2].isdigit():
                continue                            # the tail of an earlier number: "1,234", "9:30"
            while b < len(blocked) and blocked[b][1] <= p:
                b += 1
            if b < len(blocked) and blocked[b][0] <= p:
                pos = blocked[b][1]                 # inside a URL or an e-mail address
                continue
            m = None
            floor = max(pos, tried + 1)
            lo = max(floor, p - 24)
            at = has_at and prose.find("@", lo, p + 65) >= 0     # an e-mail address may cover p
            if "a" <= prose[p] <= "z" and not at and _starts_nothing(prose, p):
                tried = p                           # as if every candidate start failed
                continue
            # a lower-case word can cover p if p is a capital (a month: "in July") or "fold"
            # ("thousand-fold"), or if the word goes on with a non-ASCII letter (see _EARLY)
            lower = "A" <= prose[p] <= "Z" or prose[p] in "fF"
            if at or lower or (_early_before_digit(prose, lo, p) if prose[p].isdigit() else _EARLY.search(prose, lo, p)):
                candidates = _candidate_starts(prose, p, floor)
            else:
                candidates = (p,)                   # nothing before p can start a match over it
            for q in candidates:
                if q < p and not at:
                    c = prose[q]
                    # no match starts at an ASCII character that is no letter or digit, but
                    # at "(" and "+" (phone numbers) or ".", "-", "_" (an e-mail address)
                    if c in _NO_START or "a" <= c <= "z" and not lower and prose[q:p].isascii():
                        continue
                m = _master_match(prose, q, at)
                if m is not None and m.end() > p:
                    break
                m = None
            if m is None:
                tried = p
                continue
            pos = max(self._read(m), m.start() + 1)

    def _read(self, m: re.Match) -> int:
        """Read the figure a master match starts (adding it, if it is one); where reading ended."""
        group = m.lastgroup
        if group == "num":
            return self._number(m) or m.end()
        if group == "word":
            return self._number_word(m) or m.end()
        if group == "mult":
            return self._multiplier(m) or m.end()
        if group != "skip":
            return self._date(m, group) or m.end()
        return m.end()

    def _add(self, fig: Figure) -> int:
        if fig.kind in ("money", "percent", "count") and fig.qualifier != "range" \
                or fig.kind == "number" and fig.step >= 1e5:             # a scaled number
            self._full_range(fig)
        self.figures.append(fig)
        return fig.end

    def _full_range(self, fig: Figure) -> None:
        """'$52 billion to $55 billion', 'between 38.5 percent and 39.5 percent': one range."""
        prose = self.prose
        between = fig.hedge == "between"
        jm = (_FULL_AND if between else _FULL_TO).match(prose, fig.end)
        if not jm:
            return
        before = prose[max(0, fig.start - 30):fig.start]
        change = False
        if not between and "to" in jm.group():
            if _FROM_BEFORE.search(before):
                return                          # "rose from $1.5 billion to $2 billion": a change
            change = _CHANGE_BEFORE.search(before) is not None
            if change and fig.kind != "percent":
                return                          # "rose $200 million to $1.1 billion"
        nm = _master_match(prose, jm.end())
        if nm is None or nm.lastgroup != "num":
            return
        n = len(self.figures)
        self._number(nm)
        if len(self.figures) == n:
            return
        second = self.figures.pop()
        if fig.kind == "number" and second.kind == "count":
            fig.kind, fig.unit = "count", second.unit       # "55 million to 60 million tonnes"
        if second.kind != fig.kind or second.unit != fig.unit or second.qualifier == "range":
            return                               # not a range: the scan reads it in its turn
        if change and not 0 < fig.value < second.value <= 2.5 * fig.value:
            return          # "rose 0.3% to 2.1%" is a change and a level; "could fall 10% to 15%" a range
        fig.low, fig.high = fig.value, second.value
        fig.value = (fig.low + fig.high) / 2
        fig.step = min(fig.step, second.step)
        fig.end = second.end
        fig.per = fig.per or second.per
        fig.qualifier = "range"
        if between:
            fig.start = fig.hedge_start

    # ------------------------------------------------------------------ dates
    def _date(self, m: re.Match, group: str) -> int | None:
        start = m.start()
        if group == "mdy":
            if not 1 <= int(m.group("mdy_d")) <= 31:
                return None
        elif group == "my":
            if m.group("my_m") == "May" and not _MAY_YEAR.match(m.group()):
                return None
        elif group == "inm":
            start = m.start("inm_m")
            if m.group("inm_m") == "May" and (not _MAY_LEAD.match(m.group()) or _VERB_AFTER.match(self.prose, m.end())) \
                    and not (m.group()[:2].lower() == "to" and _PERIOD_TO_BEFORE.search(self.prose, max(0, m.start() - 12), m.start())):
                return None                     # "Johnson and May", "to May", "after May triggered": a name
        elif group == "year":
            if _number_sign_before(self.prose, start) or \
                    _NAMED_YEAR_BEFORE.search(self.prose, max(0, start - 16), start):
                return None                     # No. 2014; the Inflation Reduction Act of 2022
        elif group == "mq":
            a = m.group("mq_a")
            if a and (periods.month_number(m.group("mq_b")) - periods.month_number(a)) % 12 != 2:
                return None                     # "April-September quarter": not one quarter
        elif group == "fy2":
            if (int(m.group("fy2_y")) + 1) % 100 != int(m.group("fy2_e")):
                return None                     # "2023-25", "1991-20": not one financial year
        elif group == "rel":
            if self.prose[max(0, start - 4):start].lower() == "the ":
                return None                     # "in the next year": twelve months, no calendar year
        elif group == "wday":
            cap = _CAP_BEFORE.search(self.prose, max(0, start - 40), start)
            if cap and cap.group(1) not in FUNCTION_CAPS and not self._at_sentence_start(cap.start(1)) \
                    or _NAMED_DAY_BEFORE.search(self.prose, max(0, start - 10), start) \
                    or self.prose[max(0, start - 2):start] in ("a ", "A ") \
                    or _DATE_AFTER_WEEKDAY.match(self.prose, m.end()):
                return None                     # Black Friday, Cyber Monday; "Monday, June 1"
        fig = Figure(start, m.end(), "date", period=self._period(m, group, self.doc_date))
        self.dates.append((fig, m, group))
        if fig.period is None:
            self.unparsed.append((fig.start, fig.end, "relative date without a document date"))
        return self._add(fig)

    def resolve_dates(self, doc_date: _dt.date) -> None:
        """Give the date figures the periods they have against ``doc_date`` (only periods
        depend on the document date, not which figures are found)."""
        self.doc_date = doc_date
        for fig, m, group in self.dates:
            fig.period = self._period(m, group, doc_date)
        self.unparsed = [(fig.start, fig.end, "relative date without a document date")
                         for fig, _, _ in self.dates if fig.period is None]

    def _past_if_told(self, period: str | None, now: str, pos: int, since: bool = False) -> str | None:
        """A month or quarter named alone (``period``: its nearest occurrence, "2023-02" or
        "2023-Q1") that is still to come at the document's month or quarter ``now`` is the
        last one when its sentence is told in the past tense ("In February, the lab fired its
        laser", "sales rose in the fourth quarter") or after "since"."""
        if period is None or period <= now or not (since or self._told_in_past(pos)):
            return period
        return f"{int(period[:4]) - 1:04d}{period[4:]}"

    def _told_in_past(self, pos: int) -> bool:
        """Whether the sentence around ``pos`` is told in the past tense, with no word of the
        future anywhere in it (a coarse test, so it errs towards the nearest occurrence)."""
        k = bisect_right(self.sentences, (pos, len(self.prose))) - 1
        s, e = self.sentences[k] if k >= 0 and self.sentences[k][1] > pos else (pos, pos)
        clause = self.prose[s:e]
        return _PAST_VERB.search(clause) is not None and _FUTURE_WORD.search(clause) is None

    def _period(self, m: re.Match, group: str, d: _dt.date | None) -> str | None:
        """The period a date mention names, against the document date ``d`` (None: relative
        dates stay unresolved). The figure and its span do not depend on ``d``."""
        g = m.group
        if group == "mdy":
            month = periods.month_number(g("mdy_m"))
            day = int(g("mdy_d"))
            if g("mdy_y"):
                return f"{int(g('mdy_y')):04d}-{month:02d}-{day:02d}"
            if d is None:
                return None
            ending = (month, day) < (d.month, d.day) and _DAY_ENDING_BEFORE.search(self.prose, max(0, m.start() - 12), m.start())
            return f"{d.year + bool(ending):04d}-{month:02d}-{day:02d}"     # "the quarter ending Jan. 31", in December
        if group == "dmy":
            return f"{int(g('dmy_y')):04d}-{periods.month_number(g('dmy_m')):02d}-{int(g('dmy_d')):02d}"
        if group == "my":
            return f"{int(g('my_y')):04d}-{periods.month_number(g('my_m')):02d}"
        if group == "mrel":
            y = periods.relative_year(g("mrel_w"), d)
            return f"{y:04d}-{periods.month_number(g('mrel_m')):02d}" if y else None
        if group == "relm":
            month = periods.month_number(g("relm_m"))
            if d is None:
                return None
            w = g("relm_w").lower()
            y = d.year - (w == "last" and month >= d.month) + (w == "next" and month <= d.month)
            return f"{y:04d}-{month:02d}"
        if group == "posm":
            return periods.month_without_year(periods.month_number(g("posm_m")), d)
        if group == "inm":
            month = periods.month_number(g("inm_m"))
            if d is not None and _ENDING_BEFORE.search(self.prose, max(0, m.start() - 20), m.start("inm_m")):
                return f"{d.year + (month < d.month):04d}-{month:02d}"
            since = m.group().lower().startswith("since")
            return self._past_if_told(periods.month_without_year(month, d), f"{d.year:04d}-{d.month:02d}" if d else "",
                                      m.start(), since)
        if group == "q1":
            yy = g("q1_y") or g("q1_yy") or g("q1_yy2")
            q = int(g("q1_q"))
            return f"{periods.year_of(yy):04d}-Q{q}" if yy else \
                self._past_if_told(periods.quarter_without_year(q, d), _quarter_of(d), m.start())
        if group == "q2":
            return f"{periods.year_of(g('q2_y')):04d}-Q{g('q2_q')}"
        if group == "q3":
            word = g("q3_o").lower()
            q = periods.ORDINAL_QUARTER[word]
            if g("q3_y") or g("q3_y2"):
                return f"{int(g('q3_y') or g('q3_y2')):04d}-Q{q}"
            if g("q3_rel"):
                y = periods.relative_year(g("q3_rel"), d)
                return f"{y:04d}-Q{q}" if y else None
            if word == "last" and d is not None:
                current = (d.month - 1) // 3 + 1
                prev = current - 1 or 4
                return f"{d.year - (current == 1):04d}-Q{prev}"
            return self._past_if_told(periods.quarter_without_year(q, d), _quarter_of(d), m.start())
        if group == "h1":
            return f"{periods.year_of(g('h1_y')):04d}-H{g('h1_h')}"
        if group == "h2":
            h = 1 if g("h2_o").lower() == "first" else 2
            y = int(g("h2_y")) if g("h2_y") else periods.relative_year(g("h2_rel"), d)
            return f"{y:04d}-H{h}" if y else None
        if group == "fy":
            return f"FY{periods.year_of(g('fy_y')):04d}"
        if group == "wday":
            return periods.weekday(m.group(), d)
        if group == "mq":                                    # the quarter that ends in that month
            return self._past_if_told(periods.quarter_without_year(periods.month_number(g("mq_b")) // 3, d),
                                      _quarter_of(d), m.start())
        if group == "fy2":                                   # a financial year, named by its end
            return f"FY{int(g('fy2_y')) + 1:04d}"
        if group == "rel":
            if g("rel_u").lower() == "year":
                y = periods.relative_year(g("rel_w"), d)
                return f"{y:04d}" if y else None
            return periods.relative_month(g("rel_w"), d)
        return m.group()  # "year"

    # ------------------------------------------------------------------ multipliers
    def _multiplier(self, m: re.Match) -> int | None:
        prose = self.prose
        word = _SPACES.sub(" ", m.group().lower())
        start, end = m.start(), m.end()
        after = prose[end:end + 12]
        before = prose[max(0, start - 14):start].lower()
        if word.endswith("point"):                          # a half-point, quarter-point cut
            value = _POINT_FRACTIONS[word.split("-")[0]]
            fig = Figure(start, end, "percentage_points", value=value, step=0.05 * value,
                         unit="percentage_point")
            self._hedge(fig)
            return self._add(fig)
        if word.endswith("fold"):
            head = word[:-4].rstrip("-")
            value = float(head) if head.isdigit() else float(FOLD_WORDS.get(head, 0))
            if not value:
                return None
        else:
            if word not in MULTIPLIERS:                     # "doubleſ": IGNORECASE lets ſ match s
                return None
            if word[0] != m.group()[0] and _NAME_AFTER.match(prose, end):
                return None                                 # the Double Asteroid Redirection Test
            if word == "double" and _DOUBLE_IDIOM_AFTER.match(after):
                return None                                 # "double figures", "double digits"
            if word in ("double", "treble", "triple") and _ARTICLE_BEFORE.search(before) \
                    and not _MULT_OBJECT_AFTER.match(after):
                return None                                 # "a domestic double", "the treble": a trophy
            value = float(MULTIPLIERS[word])
            if after.startswith("-"):                       # double-digit, half-year
                return None
            scaled = _OF_A_SCALE.match(prose, end) if value < 1 else None
            if scaled:                                      # "half a million", "a quarter of a billion"
                fig = Figure(start, scaled.end(), "number", value=value * SCALES[scaled.group(1).lower()],
                             step=0.05 * value * SCALES[scaled.group(1).lower()])
                noun = None if self._currency_after(fig) else counted_noun(prose, fig.end)
                if noun:
                    fig.kind, fig.unit = "count", noun
                self._hedge(fig)
                return self._add(fig)
            if word == "half":
                if _HALF_ORDINAL_BEFORE.search(before) and not _OF_AFTER.match(after):
                    return None
                if not re.match(r"\s+(?:of|the|its|their|that|as|a|an|his|her|what)\b", after) \
                        and not _FRACTION_LEAD.search(before) and not _COMPARATIVE_AFTER.match(after):
                    return None
            elif word in ("a quarter", "one quarter", "a third", "one third", "a fifth", "a tenth"):
                if not (_OF_AFTER.match(after) or _FRACTION_LEAD.search(before) or _COMPARATIVE_AFTER.match(after)) \
                        or re.match(r"\s+of\s+(?:19|20)\d\d", after):
                    return None                             # "a third of", "fell by a third", "a fifth less"
        fig = Figure(start, end, "multiplier", value=value, step=0.1 * value)   # +/-5%: words are loose
        point = _OF_A_POINT.match(prose, end) if value < 1 else None
        if point:                                           # three-quarters of a percentage point
            fig.kind, fig.unit, fig.end = "percentage_points", "percentage_point", point.end()
        self._hedge(fig)
        if fig.qualifier == "nearly" and fig.kind == "multiplier":
            fig.step = 0.2 * value      # "almost double" for 1.83 times is usual copy: 0.9 to 1 times
        return self._add(fig)

    # ------------------------------------------------------------------ numbers
    def _number_word(self, m: re.Match) -> int | None:
        value = parse_word_number(m.group())
        if value is None:
            return None
        prose = self.prose
        fig = Figure(m.start(), m.end(), "number", value=value, step=1.0)
        half = _AND_A_HALF.match(prose, fig.end) if value >= 1 else None
        if half:                                            # "two and a half years"
            fig.value, fig.step, fig.end = value + 0.5, 0.5, half.end()
        scale = _SCALE_AFTER.match(prose, fig.end)
        if scale and scale.group(1).strip() != "-":
            fig.value *= _scale_of(scale.group(2))
            fig.step *= _scale_of(scale.group(2))
            fig.end = scale.end()
        if self._one_in(fig):
            return self._add(fig)
        if fig.value < 2 and fig.end == m.end() or self._fraction_head(fig):
            return None                                     # "one", "a": only with a scale
        if self._percent(fig) or self._currency_after(fig):
            self._hedge(fig)
            return self._add(fig)
        times = _TIMES_AFTER.match(prose, fig.end)
        if times and (fig.end == m.end() or half and fig.end == half.end()):
            fig.kind, fig.end = "multiplier", times.end()
            self._hedge(fig)
            return self._add(fig)
        if fig.end == m.end() and self._word_range(fig):
            return self._add(fig)
        noun = counted_noun(prose, fig.end) or group_noun(prose, fig.end)
        if noun is None and fig.end == m.end():
            return None                                     # "two of the five": not a figure
        if noun:
            fig.kind, fig.unit = "count", noun
        self._hedge(fig)
        return self._add(fig)

    def _number(self, m: re.Match) -> int | None:
        prose = self.prose
        core = m.group()
        suffix = m.group("suf")
        if suffix:
            core = core[: -len(suffix)]
        parsed = parse_number(core)
        if parsed is None:
            return None
        value, step = parsed
        start, end = m.start(), m.end()
        fig = Figure(start, end, "number", value=value, step=step)

        currency = self._currency_before(fig)
        if suffix and suffix.lower() == "x" and currency is None:
            fig.kind, fig.step = "multiplier", 0.5
            self._hedge(fig)
            return self._add(fig)
        if suffix in GLUED_UNITS and currency is None:
            if suffix in ("C", "F") and (self._name_before(start)
                                         or _LABEL_BEFORE.search(prose, max(0, start - 40), start)):
                return None                                 # "iPhone 5C", "Form 3F": names
            fig.kind, fig.unit = "count", GLUED_UNITS[suffix]
            fig.per = "hour" if suffix in ("mph", "kph") else None
            self._sign(fig)
            self._hedge(fig)
            return self._add(fig)
        if suffix == "p" and currency is None:              # "450p": pence
            fig.kind, fig.unit, fig.value, fig.step = "money", "GBP", value / 100, step / 100
            self._per_unit(fig)
            self._hedge(fig)
            return self._add(fig)
        if suffix and currency is None and suffix not in ("bn", "mn", "mln", "bln", "tn", "trn") \
                and not (suffix in ("m", "k") and counted_noun(prose, end)) \
                and not (suffix == "m" and "." in core):
            # "3M", "5k", "a 5m wall" without money: not read; "80.9m" (a decimal) is millions
            return None
        scale = _scale_of(suffix)

        # a range: "$3-4 billion", "5 to 6 million", "between 5 and 6 million"
        hedge_m = self._hedge_before(fig.start)
        joiner = _AND_AFTER if hedge_m and hedge_m.group(3) else _RANGE_AFTER
        rng = joiner.match(prose, fig.end)
        # after "from", "5 to 6" is a change, not a range; "$34 bln-$37 bln" still is one
        if rng and (joiner is _AND_AFTER or not (hedge_m and hedge_m.group(4)) or not rng.group().lstrip().startswith("to")):
            second = parse_number(rng.group("n"))
            is_to = joiner is _RANGE_AFTER and "to" in rng.group()[:5] and "-" not in rng.group()[:3]
            after_change = is_to and _CHANGE_BEFORE.search(prose, max(0, fig.start - 30), fig.start)
            change = after_change and rng.group("cur")      # "rise by £178.60 to £1,966.40"
            if second and not change and not (is_to and currency is None and not rng.group("suf")
                               and not _SCALE_AFTER.match(prose, rng.end())
                               and not _PERCENT_AFTER.match(prose, rng.end())
                               and not counted_noun(prose, rng.end())     # "3,000 to 4,000 protesters"
                               and not ("." in core and "." in rng.group("n") and not after_change)):  # "0.72 to 0.90"
                fig.low, fig.high = value, second[0]
                fig.step = min(step, second[1])
                fig.end = rng.end()
                suffix2 = rng.group("suf")
                if rng.group("cur") and currency is None:
                    currency = CURRENCY_PREFIX.get(rng.group("cur").lower())
                if suffix2:
                    scale2 = _scale_of(suffix2)
                    fig.high *= scale2
                    fig.low *= scale if suffix else scale2
                    scale = 1.0 if suffix else scale2
                    fig.step *= scale2
                    scale_done = True
                else:
                    scale_done = False
                fig.qualifier = "range"
            else:
                scale_done = False
        else:
            scale_done = False

        if not scale_done:
            sloppy = _SLOPPY_DOLLAR.match(prose, fig.end) if currency is None else None
            if sloppy:
                currency, fig.end = "USD", sloppy.end()
            sc = _SCALE_AFTER.match(prose, fig.end) if not suffix else None
            if sc and not (sc.group(1).strip() == "-" and currency is None):
                scale = _scale_of(sc.group(2))
                fig.end = sc.end()
            fig.value = value * scale
            fig.step *= scale
            if fig.qualifier == "range":
                fig.low *= scale
                fig.high *= scale
        if fig.qualifier == "range":
            fig.value = (fig.low + fig.high) / 2

        if currency is None:
            currency = self._currency_after(fig, scaled=scale != 1.0)
        if currency is not None:
            fig.kind, fig.unit = "money", currency
            self._per_unit(fig)
            self._sign(fig)
            self._hedge(fig)
            return self._add(fig)
        if self._percent(fig):
            self._sign(fig)
            self._hedge(fig)
            return self._add(fig)
        cents = _CENTS_AFTER.match(prose, fig.end)
        if cents:
            fig.kind, fig.unit, fig.end = "money", "GBP" if cents.group(1).lower() == "pence" else "USD", cents.end()
            fig.value /= 100
            fig.step /= 100
            if fig.low is not None:
                fig.low, fig.high = fig.low / 100, fig.high / 100
            self._per_unit(fig)
            self._hedge(fig)
            return self._add(fig)
        times = _TIMES_AFTER.match(prose, fig.end)
        if times:
            fig.kind, fig.end = "multiplier", fig.end + len(times.group().rstrip())
            self._hedge(fig)
            return self._add(fig)

        if scale == 1.0 and currency is None and fig.qualifier != "range" and _OLD_YEAR.fullmatch(core) \
                and _YEAR_LEAD.search(prose, max(0, start - 10), start) and not counted_noun(prose, fig.end):
            fig.kind, fig.value, fig.step, fig.period = "date", None, 0.0, core    # "in 1882": a year
            return self._add(fig)
        # bare numbers: filter identifiers, compounds and names
        if scale == 1.0 and fig.qualifier != "range" and (self._one_in(fig) or self._fraction_head(fig)):
            return self._add(fig) if fig.kind == "multiplier" else None    # "1 in 4": read at the 4
        nxt = prose[fig.end:fig.end + 2]
        if nxt[:1] == "-" and nxt[1:2].isalpha():           # 40-year-old, 10-year bond
            return None
        if fig.qualifier == "range" and scale == 1.0 and "." not in core:   # 3-1 (a score), unless counted
            if not counted_noun(prose, fig.end):
                return None
        if _number_sign_before(prose, start) or _call_before(prose, start):
            return None
        if _LEADING_ZERO.match(core):                      # "0293", "0344": codes, not quantities
            return None
        if scale == 1.0 and "." not in core and "," not in core:
            lo = max(0, start - 40)
            if value < 120 and (_AGE_BEFORE.search(prose, lo, start) or _APPOSITIVE_BEFORE.search(prose, lo, start)
                                and _APPOSITIVE_AFTER.match(prose, fig.end) or _AGE_AFTER.match(prose, fig.end)
                                or _GROUP_AGE_BEFORE.search(prose, lo, start) and not _PLURAL_NEXT.match(prose, fig.end)):
                return None                                 # an age
            if len(core) == 5 and _ZIP_BEFORE.search(prose, lo, start):
                return None                                 # "ZIP codes 11211 and 11249"
            if _LABEL_BEFORE.search(prose, lo, start) or _ADDRESS_AFTER.match(prose, fig.end) \
                    or _LABEL_AFTER.match(prose, fig.end):
                return None             # grade 3, Zones 1 and 6, 429 11th Avenue, 16- and 17-, the 988 line
            if _MODEL_AFTER.match(prose, fig.end) and not (_CAPITAL_ADJECTIVE_AFTER.match(prose, fig.end)
                                                           and counted_noun(prose, fig.end)):
                return None                                 # "6 Plus", "121 N. LaSalle"
            if self._name_before(start):
                return None                                 # Windows 10, Boeing 737, Mi Note 4
            if _ORDINAL_SUFFIX.match(prose, fig.end):
                return None
        if self._kind_by_ellipsis(fig):
            self._sign(fig)
            self._hedge(fig)
            return self._add(fig)
        noun = counted_noun(prose, fig.end) or group_noun(prose, fig.end)
        if noun:
            fig.kind, fig.unit = "count", noun
        self._sign(fig)
        self._hedge(fig)
        return self._add(fig)

    # ------------------------------------------------------------------ widening
    def _hedge_before(self, start: int) -> re.Match | None:
        """The hedge ending at ``start``, asked by both _number and _hedge (memoised). Every
        hedge ends with whitespace or "~", so anything else before ``start`` is not one; and
        before the whitespace comes "~", "approx." or a last word of _HEDGE_ENDS: the search
        (10 us) runs only then."""
        hedges = self._hedges
        if start not in hedges:
            prose = self.prose
            lo = max(0, start - 24)
            c = prose[start - 1] if start else ""
            hm = None
            if c == "~":
                hm = _HEDGE_BEFORE.search(prose, lo, start)
            elif c.isspace():
                j, i = _word_back(prose, start, lo)
                word = prose[j:i]
                # a non-ASCII word may match a hedge under IGNORECASE ("ſome"): searched
                if i > lo and (prose[i - 1] in "~." if j == i else not word.isascii()):
                    hm = _HEDGE_BEFORE.search(prose, lo, start)
                elif i > lo and word.lower() in _HEDGE_ENDS:
                    # (an ASCII word: a hedge ending with another word cannot match)
                    word = word.lower()
                    # A longer hedge also needs whitespace, then one of its words before
                    # this one (an ASCII word: "more than", not "rose to" or "a margin of"):
                    # else only the word alone can be the hedge, matched at the word.
                    words_before = _HEDGE_WORDS_BEFORE_END[word]
                    h, k = _word_back(prose, j, lo) if words_before else (j, j)
                    before = prose[h:k]
                    if k < j and (not before.isascii() or before.lower() in words_before):
                        hm = _hedge_before_by_end(word).search(prose, lo, start)
                    else:
                        hm = _hedge_before_by_end(word).match(prose, j, start)
            hedges[start] = hm
        return hedges[start]

    def _name_before(self, start: int) -> bool:
        """Is the word before ``start`` a capitalised name the number belongs to ("Windows 10",
        "Boeing 737", "iPhone 5C"), not a function word ("At 14C") or a sentence's first word?"""
        cap = _CAP_BEFORE.search(self.prose, max(0, start - 40), start)
        return bool(cap) and cap.group(1) not in FUNCTION_CAPS and not self._at_sentence_start(cap.start(1)) \
            and not cap.group(1).endswith(("'s", "’s"))

    def _at_sentence_start(self, i: int) -> bool:
        return bool(_SENT_START.search(self.prose, max(0, i - 3), i))

    def _currency_before(self, fig: Figure) -> str | None:
        cm = _currency_before_match(self.prose, fig.start)
        if not cm:
            return None
        if cm.group(2):
            code = CURRENCY_PREFIX.get(((cm.group(1) or "") + "$").lower(), "USD")
        else:
            code = CURRENCY_PREFIX.get((cm.group(3) or cm.group(4)).lower())
        if code:
            fig.start = cm.start()
        return code

    def _currency_after(self, fig: Figure, scaled: bool = True) -> str | None:
        cm = _CURRENCY_AFTER.match(self.prose, fig.end)
        if cm:
            word = _SPACES.sub(" ", (cm.group(1) or cm.group(2)).lower())
            code = CURRENCY_WORDS.get(word) or CURRENCY_PREFIX.get(word)
            if word in AMBIGUOUS_CURRENCY_WORDS:
                code = self._crowns_before(fig.start)
            if code:
                fig.end = cm.end()
                fig.kind, fig.unit = "money", code
                return code
        won = _WON_AFTER.match(self.prose, fig.end) if scaled else None
        if won:
            fig.end = won.end()
            return "KRW"
        return None

    def _crowns_before(self, start: int) -> str | None:
        """The currency of the last crowns named with their country before ``start`` (one
        scan of the document, on first use)."""
        if self._crowns is None:
            self._crowns = ([], [])
            for m in _NAMED_CROWNS.finditer(self.prose):
                self._crowns[0].append(m.start())
                self._crowns[1].append(CURRENCY_WORDS.get(f"{m.group(1).lower()} crowns") if m.group(1)
                                       else m.group(2))
        i = bisect_right(self._crowns[0], start - 1)
        return self._crowns[1][i - 1] if i else None

    def _percent(self, fig: Figure) -> bool:
        pm = _PERCENT_AFTER.match(self.prose, fig.end)
        if not pm:
            return False
        word = next(g for g in pm.groups() if g).lower()
        if word.startswith("point"):
            return False
        if word.startswith("basis") or word == "bps":
            fig.kind, fig.unit = "percentage_points", "percentage_point"
            fig.value /= 100
            fig.step /= 100
            if fig.low is not None:
                fig.low, fig.high = fig.low / 100, fig.high / 100
        elif word.startswith("percentage"):
            fig.kind, fig.unit = "percentage_points", "percentage_point"
        else:
            fig.kind, fig.unit = "percent", "percent"
        fig.end = pm.end()
        return True

    def _one_in(self, fig: Figure) -> bool:
        """"one in four adults", "1 in 5", "9 out of 10": a fraction (a multiplier of 1/4),
        from its first number on, read at the second (the first is skipped: _fraction_head)."""
        om = _N_IN_BEFORE.search(self.prose, max(0, fig.start - 13), fig.start)
        if om is None or not fig.value.is_integer() or counted_noun(self.prose, fig.end) in _DURATION_NOUNS:
            return False                            # "rose 3 in 12 months": a time
        head = _fraction_parts(om.group().split()[0], fig.value)
        if head is None:
            return False
        fig.start, fig.kind, fig.unit = om.start(), "multiplier", None
        fig.value = head / fig.value
        fig.step = 0.1 * fig.value                  # read like "a fifth"
        self._hedge(fig)
        return True

    def _word_range(self, fig: Figure) -> bool:
        """"four to six months", "between seven and 10 years": a range of a counted noun (with
        "to", not after "from": "rose from two to three stores" is a change)."""
        rm = _WORD_RANGE_AFTER.match(self.prose, fig.end)
        if rm is None:
            return False
        hm = self._hedge_before(fig.start)
        if (hm is not None and hm.group(4)) or (rm.group(1) is None) != bool(hm and hm.group(3)):
            return False                        # "from two to three"; "and" only after "between"
        high = parse_word_number(rm.group(2)) or float(rm.group(2))
        noun = counted_noun(self.prose, rm.end())
        if not fig.value < high or noun is None:
            return False
        fig.kind, fig.unit, fig.qualifier = "count", noun, "range"
        fig.low, fig.high, fig.value, fig.end = fig.value, high, (fig.value + high) / 2, rm.end()
        self._hedge(fig)
        return True

    def _fraction_head(self, fig: Figure) -> bool:
        """Whether the figure is the first number of "three in four" or "9 out of 10"."""
        im = _IN_N_AFTER.match(self.prose, fig.end)
        return im is not None and fig.value.is_integer() and counted_noun(self.prose, im.end()) not in _DURATION_NOUNS and \
            _fraction_parts(self.prose[fig.start:fig.end], parse_word_number(im.group(1)) or float(im.group(1))) is not None

    def _kind_by_ellipsis(self, fig: Figure) -> bool:
        """"from 5 to 7 percent", "from 25 to 50 basis points", "from 3 to 4 stores": the first
        number is of the kind the second one is (its span stays its own)."""
        to = _RANGE_AFTER.match(self.prose, fig.end)
        if not to or not to.group().lstrip().startswith("to") or to.group("cur") or to.group("suf"):
            return False
        probe = Figure(to.end(), to.end(), "number", value=1.0, step=1.0)
        if self._percent(probe):
            fig.kind, fig.unit = probe.kind, probe.unit
            fig.value *= probe.value            # basis points are hundredths
            fig.step *= probe.value
            return True
        noun = counted_noun(self.prose, to.end())
        if noun:                                # "from 3 to 4 stores"
            fig.kind, fig.unit = "count", noun
            return True
        return False

    def _per_unit(self, fig: Figure) -> None:
        pm = _PER_AFTER.match(self.prose, fig.end)
        if pm:
            *first, last = pm.group(1).split()
            noun = " ".join(first + [singular(last)])      # "square feet": "square foot"
            is_per = pm.group().lstrip().startswith(("per", "/", "each"))
            if noun in _TIME_NOUNS and _TIME_AGO_AFTER.match(self.prose, pm.end()):
                return
            if noun in PER_WORDS or (is_per and pm.group(1).lower() not in STOPWORDS):
                fig.per = noun
                fig.end = pm.end()

    def _sign(self, fig: Figure) -> None:
        prose = self.prose
        sm = _minus_before(prose, fig.start)
        if sm:
            fig.start = sm.start(1)
            fig.negative = True
        elif fig.start > 0 and prose[fig.start - 1] == "(" and prose[fig.end:fig.end + 1] == ")" \
                and fig.kind == "money":
            fig.negative = True
        elif fig.kind == "money" and _loss_before(prose, fig.start):
            fig.negative = True

    def _hedge(self, fig: Figure) -> None:
        hm = self._hedge_before(fig.start)
        if not hm:
            return
        if hm.group(1):
            words = _SPACES.sub(" ", hm.group(1).lower())
            head = self.prose[max(0, hm.start(1) - 12):hm.start(1)]
            if words == "over" and (fig.unit in _DURATION_NOUNS or _OVER_VERB_BEFORE.search(head)):
                return
            if words == "up to" and _UP_TO_VERB_BEFORE.search(head):
                return
            fig.qualifier = HEDGES[words] if fig.qualifier != "range" else "range"
            fig.hedge = words
            fig.start = hm.start(1)
        elif hm.group(2):
            fig.qualifier = "approximately" if fig.qualifier != "range" else "range"
            fig.hedge = "~"
            fig.start = hm.start(2)
        elif hm.group(3):
            fig.hedge, fig.hedge_start = "between", hm.start(3)
            if fig.qualifier == "range":
                fig.start = hm.start(3)


def _quarter_of(d: _dt.date | None) -> str:
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}" if d else ""


def find_figures(prose: str, sentences: list[tuple[int, int]], doc_date: _dt.date | None
                 ) -> tuple[list[Figure], list[tuple[int, int, str]]]:
    """All figures of a text, in order, and the figures that could not be read."""
    scanner = _scan(prose, sentences, doc_date)
    return scanner.figures, scanner.unparsed


def find_figures_and_date(prose: str, sentences: list[tuple[int, int]],
                          infer_date: Callable[[list[Figure]], _dt.date | None]
                          ) -> tuple[list[Figure], list[tuple[int, int, str]], _dt.date | None]:
    """``find_figures`` for a text whose date is not known, in one scan: the figures read
    without a date give the date (``infer_date``), then relative dates are resolved against
    it. Returns the figures, the figures that could not be read and the date."""
    scanner = _scan(prose, sentences, None)
    doc_date = infer_date(scanner.figures)
    if doc_date is not None:
        scanner.resolve_dates(doc_date)
    return scanner.figures, scanner.unparsed, doc_date


def _scan(prose: str, sentences: list[tuple[int, int]], doc_date: _dt.date | None) -> _Scanner:
    scanner = _Scanner(prose, sentences, doc_date)
    scanner.run()
    _assign_sentences(scanner.figures, sentences)
    _inherit_nouns(prose, scanner.figures)
    _points_of_percentages(prose, scanner.figures, sentences)
    return scanner


def _assign_sentences(figures: list[Figure], sentences: list[tuple[int, int]]) -> None:
    i = 0
    for fig in figures:
        while i + 1 < len(sentences) and sentences[i][1] <= fig.start:
            i += 1
        fig.sentence = i if sentences else 0


# "Labour leads by 19 points" beside percentages of a vote: percentage points, unless the points
# are an index's or a game's
_POINTS_OF_SHARES = re.compile(r"\b(?:polls?|polling|lead|leads|leading|vote|votes|voters|survey|approval|"
                               r"rating|margin|share|turnout|yield|rate)\b", _CI)
_POINTS_OF_OTHERS = re.compile(r"\b(?:index|indices|Dow|S&P|FTSE|Nasdaq|Nikkei|Hang\s+Seng|Stoxx|DAX|CAC|"
                               r"Sensex|Kospi|scored|scoring|goals?|games?|match|season|table|league)\b", _CI)


_POINTS_WORD = re.compile(r"[ \u00a0]+points?\b", _CI)


def _points_of_percentages(prose: str, figures: list[Figure], sentences: list[tuple[int, int]]) -> None:
    """A count of points in a sentence that states a share in percent (or after one that
    does) and speaks of polls, votes or rates is in percentage points."""
    with_percent = {f.sentence for f in figures if f.kind == "percent"}
    for fig in figures:
        if fig.kind != "count" or fig.unit != "point" or not sentences:
            continue
        si = fig.sentence
        if si not in with_percent and si - 1 not in with_percent:
            continue
        text = prose[sentences[max(0, si - 1)][0]:sentences[si][1]]
        points = _POINTS_WORD.match(prose, fig.end)
        if points and _POINTS_OF_SHARES.search(text) and not _POINTS_OF_OTHERS.search(text):
            fig.kind, fig.unit, fig.end = "percentage_points", "percentage_point", points.end()


def _inherit_nouns(prose: str, figures: list[Figure]) -> None:
    """A scaled number with no noun takes the noun of an earlier count in its sentence
    ("sold 60 million phones, up from 18.7 million"); "110,000" (no scale word) does not."""
    last: dict[int, str] = {}
    for fig in figures:
        if fig.kind == "count" and fig.unit:
            last[fig.sentence] = fig.unit
        elif fig.kind == "number" and prose[fig.end - 1].isalpha() and fig.sentence in last:
            fig.kind, fig.unit = "count", last[fig.sentence]
