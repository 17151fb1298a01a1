"""Sentence segmentation with offsets.

A sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or brackets) followed by
whitespace and a capital letter, digit or opening quote, unless the word before the period
is an abbreviation ("Inc.", "Corp.", "Mr.", "Nov.", "U.S.", "No."), an initial, or the
period belongs to a number. A blank line always ends a sentence (headlines, paragraphs), and
no sentence is longer than ``MAX_SENTENCE`` characters.
One linear pass over candidate boundaries; no backtracking patterns.
"""
from __future__ import annotations

import re

ABBREVIATIONS = frozenset("""
inc corp co ltd llc plc pte bhd mr mrs ms dr prof sen rep gov gen lt col capt sgt st jr sr
no nos vs etc e.g i.e approx est bros ave mt ft dept univ assn intl dist fig vol pp ed eds
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
u.s u.k u.n e.u a.m p.m s.a n.v a.g ph.d b.a m.a hon rev messrs mme mlle
""".split())
# After these abbreviations a capitalised sentence starter still ends the sentence:
# "... backed by Apple Inc. The company said ..."
COMPANY_ABBREVIATIONS = frozenset("inc corp co ltd llc plc pte u.s u.k a.m p.m etc".split())
SENTENCE_STARTERS = frozenset("""
The It Its He She They Their But And In A An This That These Those We I Analysts Shares
Sales Revenue Now Still However Meanwhile Last Earlier Later On For As At By With After
""".split())

# "[.!?]+" + closing marks, before whitespace and a capital, digit or opening quote; or a
# blank line. Written with a literal first in each alternative, so the engine skips straight
# to the next ".", "!", "?" or newline.
_END = r"[.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9$€£¥])"
_BOUNDARY = re.compile(rf"\.{_END}|!{_END}|\?{_END}|\n[ \t]*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence, leading and trailing whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        first = text[m.start()]
        if first == ".":
            before = _word_before(text, m.start())
            if before and not _ends_sentence(text, before, m.end()):
                continue
        end = m.end() if first != "\n" else m.start()
        _add(text, spans, start, end)
        start = m.end()
    _add(text, spans, start, len(text))
    return spans


_LETTERS_AND_DOTS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _word_before(text: str, end: int) -> str:
    """``_WORD_BEFORE.search(text, max(0, end - 12), end).group(1)`` ("" for no match),
    without trying the pattern at each of the 12 positions: the match is the run of ASCII
    letters and dots that ends at ``end`` (or before a newline there: "$"), from its first
    letter."""
    lo = max(0, end - 12)
    if end > lo and text[end - 1] == "\n":
        end -= 1
    i = end
    while i > lo and text[i - 1] in _LETTERS_AND_DOTS:
        i -= 1
    while i < end and text[i] == ".":
        i += 1
    return text[i:end]


def _ends_sentence(text: str, word: str, after: int) -> bool:
    low = word.lower().rstrip(".")
    if len(low) == 1 and word[0].isupper():      # an initial: "J. Smith"
        return False
    if "." in low:                               # a dotted acronym: "H.K.", "U.S."
        low = "u.s"
    if low not in ABBREVIATIONS:
        return True
    if low in COMPANY_ABBREVIATIONS:
        nxt = _NEXT_WORD.match(text, after)
        return bool(nxt and nxt.group(1) in SENTENCE_STARTERS)
    return False


MAX_SENTENCE = 1000     # characters; real sentences are far shorter


def _add(text: str, spans: list, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A run of text with no sentence end (a table, a scraped blob, hostile input) is cut into
    # bounded pieces at whitespace, so work per sentence stays bounded.
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
