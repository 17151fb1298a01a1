"""Extraction: data-driven cases (tests/fixtures/extract/*.yml) and span invariants."""
from __future__ import annotations

from pathlib import Path

import re

import pytest

from claimcheck import api, extract
from conftest import yaml_cases

CASES = yaml_cases("extract")
FIELDS = ("kind", "unit", "qualifier", "per", "period", "negative")


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_extraction_case(case):
    doc = api.extract_text(case["text"], date=case.get("date"))
    got = [m for m in doc.mentions]
    assert [m.text for m in got] == [m["text"] for m in case["mentions"]]
    for m, want in zip(got, case["mentions"]):
        for f in FIELDS:
            if f in want:
                value = getattr(m, f)
                value = value.value if hasattr(value, "value") else value
                assert value == want[f], (m.text, f)
        for f in ("value", "low", "high"):
            if f in want:
                if want[f] is None:
                    assert getattr(m, f) is None, (m.text, f)
                else:
                    assert getattr(m, f) == pytest.approx(float(want[f]), rel=1e-6), (m.text, f)


def test_spans_lines_and_intervals_are_consistent():
    text = "HONG KONG--Xiaomi raised $1.1 billion.\n\nIt now has\r\n85 million users, about 6% of them abroad."
    doc = api.extract_text(text, date="2014-12-29")
    assert doc.mentions
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
        line_start = text.rfind("\n", 0, m.start) + 1
        assert m.line == text.count("\n", 0, m.start) + 1
        assert m.col == m.start - line_start + 1
        if m.value is not None:
            assert (m.low is None or m.low <= m.value) and (m.high is None or m.value <= m.high)


def test_markdown_offsets_point_into_the_original_file():
    text = "---\ndate: 2014-12-29\nentity: Xiaomi\n---\n# Xiaomi\n\nXiaomi **raised $1.1 billion** in [a round](http://x.com/2014).\n"
    doc = api.extract_text(text, format="markdown")
    assert [m.text for m in doc.mentions] == ["$1.1 billion"]
    m = doc.mentions[0]
    assert text[m.start:m.end] == "$1.1 billion" and m.line == 7
    assert doc.date == "2014-12-29" and doc.date_source == "front_matter"


def test_document_date_is_inferred_from_the_latest_full_date():
    doc = api.extract_text("BEIJING, Jan. 13, 2015 -- Exports rose 10% in 2014. Imports fell last year.")
    assert doc.date == "2015-01-13" and doc.date_source == "inferred"
    assert [m.period for m in doc.mentions if m.text == "last year"] == ["2014"]


def test_seed_figures_from_the_corpus_retellings():
    """Every money, percent, count and multiplier figure of the three seed stories."""
    from conftest import CORPUS

    want = {
        "seed-xiaomi-2012-valuation.md": {"$4 billion": 4e9, "half": 0.5, "$5.4 billion": 5.4e9, "5 million": 5e6,
                                          "$15.7 billion": 15.7e9, "$393 million": 393e6, "1.8 million": 1.8e6,
                                          "a third": 1 / 3},
        "seed-xiaomi-2014-funding.md": {"$1.1 billion": 1.1e9, "more than $46 billion": 46e9, "$41 billion": 41e9,
                                        "$50 billion": 50e9, "more than 500 million": 500e6, "60 million": 60e6,
                                        "18.7 million": 18.7e6, "85 million": 85e6, "10 billion": 10e9,
                                        "double": 2, "tenfold": 10, "29%": 29, "13%": 13},
        "seed-xiaomi-2015-services.md": {"more than triple": 3, "nearly $1 billion": 1e9,
                                         "less than $300 million": 300e6, "about $16 billion": 16e9, "6%": 6,
                                         "$4.22 billion": 4.22e9, "greater than $46 billion": 46e9,
                                         "1$ billion": 1e9},
    }
    for name, figures in want.items():
        doc = next(api.extract_paths([str(CORPUS / "findings" / name)]))
        got = {m.text: m.value for m in doc.mentions if m.kind.value != "date"}
        for text, value in figures.items():
            assert text in got, (name, text)
            assert got[text] == pytest.approx(value, rel=1e-6), (name, text)


def test_master_match_shortcut_agrees_with_the_whole_pattern():
    """``_master_match`` skips positions and alternatives that cannot match: it must give the
    same match as ``_master()`` at every position (corpus prose and awkward cases)."""
    import re
    from pathlib import Path

    from claimcheck.sources import source_from_text

    root = Path(__file__).resolve().parents[1] / "corpus" / "news"
    texts = [source_from_text(p.read_text(encoding="utf-8"), path=str(p)).prose
             for p in sorted(root.glob("*.md"))[:8]]
    texts.append("ſix-fold thouſand-fold, a Kelvin-fold rise; mail a.b+c@ex-ample.org, www.x.com/3 "
                 "tenfold (212) 555-1234 or +1 212 555 1234 at 4 p.m. in July; the first half of 2014, "
                 "FY2015, Q3 '14, 3Q14, H1 2015, COVID-19, A320, US0378331005, NYSE: IBM, (HK:0700)")
    # capitals (dispatched by their word and the character after it: _CAPITAL_SHAPES)
    texts.append("Mayor 5, MAY 5, Sept. 5, SEPT 5, Jan.5, JULY 2014, July last year, W-2, B-52s, F-35, "
                 "Nasdaq:AAPL, SSE:600000, NYSEX: 5, (AB:12) (ABCDEFG:1) Q4 Q5 Q1x H2 2015 FY 15 FY'15 Fy15 "
                 "Thouſand-fold TWO-THIRDS Twice Xiaomi 5, Xiaomi_5 X5 XX1234 XXX123 ABCDEFGHIJK1 "
                 "AB123456789\u0661 A\u0661 Tenfold TEN-FOLD Fiscal 2015, FISCAL 2015 This year, Last May")
    texts.append(" ".join(f"{w} July, {w} 2015, {w}-fold, {w}fold, {w} third, {w} quarter of 2014, {w} half of "
                          f"2013, {w} year, {w} dozen, {w}-one; {w.upper()} 3, {w.title()} year."
                          for w in sorted(set(re.findall(r"[a-z]+", extract._master().pattern)))))
    # digit runs of every length before every character a "0" alternative looks at (_DIGIT_SHAPES)
    tails = [".HK", ".5", "-456-7890", " 456 7890", ".456.7890", "456-7890", " p.m.", "am", "pm", ":30",
             ":30 a.m.", "-K", "-fold", "fold", "Fold", "(k)", " Dec 2015", "\u00a0Dec 2015", "Q14",
             "Q 2014", "st quarter", "nd quarter of 2014", "rd", "th", "%", ",000", ",5 billion", "bn",
             "x", " million", "", "\u0661", "²"]
    texts.append(" ".join(d + t for d in ("1", "4", "12", "20", "401", "700", "2014", "1999", "12345",
                                          "123456", "1234567", "\u0661\u0662") for t in tails))
    for text in texts:
        for q in range(len(text)):
            a, b = extract._master().match(text, q), extract._master_match(text, q)
            assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), text[q:q + 30]


def test_fast_construct_is_model_construct():
    from claimcheck.models import Kind, Mention, Qualifier, Sentence
    from claimcheck.pipeline import _construct

    values = dict(id="m1", text="$3 billion", start=4, end=14, line=1, col=5, kind=Kind.money,
                  value=3e9, low=2.5e9, high=3.5e9, unit="USD", qualifier=Qualifier.exact,
                  per=None, period=None, negative=False)
    assert list(values) == list(Mention.model_fields)
    from claimcheck.models import Claim, Relation

    claim = dict(id="c1", mention="m1", entity="Xiaomi", metric="revenue", segment=None, period="2014",
                 period_source="text", modality="actual", sentence=0,
                 relations=[Relation(type="growth", roles={"to": "c1", "from": "c2"}, direction="up")])
    assert list(claim) == list(Claim.model_fields)
    from claimcheck.models import Unparsed

    unparsed = dict(text="5", start=0, end=1, line=1, col=1, reason="no entity or metric")
    assert list(unparsed) == list(Unparsed.model_fields)
    from claimcheck.models import Document

    document = dict(path="a.md", date="2014-01-02", date_source="front_matter", title=None,
                    sentences=[Sentence(start=0, end=3)], mentions=[Mention(**values)], claims=[Claim(**claim)],
                    unparsed=[Unparsed(**unparsed)])
    assert list(document) == list(Document.model_fields)
    for cls, vals in ((Mention, values), (Sentence, dict(start=0, end=3)), (Claim, claim), (Unparsed, unparsed),
                      (Document, document)):
        a, b = _construct(cls, dict(vals)), cls.model_construct(**vals)
        assert a == b and repr(a) == repr(b) and a.model_dump_json() == b.model_dump_json()
        assert a.model_fields_set == b.model_fields_set
        assert (a.__pydantic_extra__, a.__pydantic_private__) == (b.__pydantic_extra__, b.__pydantic_private__)
        assert not cls.__pydantic_post_init__ and not cls.__private_attributes__
        assert all(f.alias is None and f.validation_alias is None for f in cls.model_fields.values())


def test_trigger_starts_are_the_digit_runs_and_trigger_words():
    """_trigger_starts (a trie pattern) agrees with the plain definition: every run of digits,
    and every run of ASCII letters that is a trigger word in any case or ends in "fold"."""
    import re
    from pathlib import Path


    def plain(prose):
        return [t.start() for t in re.finditer(r"\d+|[A-Za-z]+", prose)
                if t.group()[0].isdigit() or t.group().lower() in extract.TRIGGER_WORDS
                or t.group().lower().endswith("fold")]

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))[:20]]
    texts.append("Tenfold, TENFOLD, manifold, fold, 3fold, a-fold; two-thirds, Two thirds, ſix, "
                 "MAY, mAy, mayor, Q4, 2Q14, H1, FY15, x5y, ١٢٣ people, Sept., firstly, ahalf, foldfold, "
                 "\u0130fold \u212afold ten\u212afold a\u0130 \u0130a \u212a a a\u212a, q\u0130 fold5 ٣4 4٣ 4, "
                 + " ".join(w.title() + " " + w.upper() + "s " + w for w in sorted(extract.TRIGGER_WORDS)))
    for text in texts:
        assert extract._trigger_starts(text) == plain(text)


def test_blocked_spans_are_those_of_one_pass():
    """_blocked_spans finds its anchors with str.find: the spans must be those of one pass of
    the pattern over the text."""
    from pathlib import Path

    one_pass = re.compile(r"https?://[^\s<>\"'\])]+|www\.[^\s<>\"'\])]+|@")

    def plain(prose):
        spans = []
        for m in one_pass.finditer(prose):
            if m.group() != "@":
                spans.append(m.span())
                continue
            left = extract._EMAIL_LEFT.search(prose, max(0, m.start() - 64), m.start())
            right = extract._EMAIL_RIGHT.match(prose, m.end())
            if left and right:
                spans.append((left.start(), right.end()))
        return sorted(spans)

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))[:40]]
    texts.append("http://a@b.com www.x.com/http://y me@www.x.com httpx wwwx www. x@y@z.com a@b @ @@ "
                 "https://www.x.org/@me.you (see http://x.com) hhttp://x.com wwww.x.com x.y@z.com/www.q "
                 "http://x.com/a@b.c.d@e.f www.x.comhttp://y.com")
    for text in texts:
        assert extract._blocked_spans(text) == plain(text)


class _PlainScanner(extract._Scanner):
    """The scan without shortcuts: every candidate start of every trigger, whole master pattern."""

    def run(self):
        prose, pos, b = self.prose, 0, 0
        blocked = extract._blocked_spans(prose)
        for p in [t.start() for t in re.finditer(r"\d+|[A-Za-z]+", prose)
                  if t.group()[0].isdigit() or t.group().lower() in extract.TRIGGER_WORDS
                  or t.group().lower().endswith("fold")]:
            if p < pos or (prose[p].isdigit() and p > 1 and prose[p - 1] in ".,:" and prose[p - 2].isdigit()):
                continue
            while b < len(blocked) and blocked[b][1] <= p:
                b += 1
            if b < len(blocked) and blocked[b][0] <= p:
                pos = blocked[b][1]
                continue
            m = next((m for q in extract._candidate_starts(prose, p, pos)
                      for m in [extract._master().match(prose, q)] if m and m.end() > p), None)
            if m is None:
                continue
            pos = max(self._read(m), m.start() + 1)


def test_scan_shortcuts_agree_with_trying_every_candidate_start():
    """_Scanner.run skips candidate starts that cannot cover the trigger (tried before, or no
    possible start in the window, see extract._EARLY): the figures must be those of trying
    every candidate start of every trigger with the whole master pattern."""
    from pathlib import Path

    from claimcheck.segment import split_sentences
    from claimcheck.sources import source_from_text

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [source_from_text(p.read_text(encoding="utf-8"), path=str(p)).prose
             for p in sorted(root.rglob("*.md"))[:40]]
    awkward = ("in July 2014, in Mid-July, the first quarter of 2015, fiscal 2014, Fiscal year 2015, Q4 2014, "
               "(212) 555-1234, +1 212 555 1234, US0378331005, COVID-19 cases, A320s, NYSE: IBM 5, é5 people, "
               "ſix-fold 5, naïve 3 people, 9:30 a.m. 45 people, 1,234 5 people, x.y@ex.com 5 people, "
               "www.x.com/5 7 people, a third of 2014, one-third, two thirds of 5, 10-fold, 3Q14, H1 2015, "
               "by the first half of 2014, since the May 5 deal, 25 Dec 2015, FY15, (HK:0700) 9 units, "
               "sold fıfty one million phones, a thousand-fold rise, a THOUSAND-fold rise, a tHousand-Fold rise, "
               "a thousandfold rise, doubled to two thirds, in early July, by mid-July 2015, http://x.com 5 people, "
               "Boeing's 737, the A-320 and B52s, X1Y2 5 units, NYSE:5, NYSE : 5 shares, (NYSE:IBM5) 7, US$5 million, "
               "W-2 forms, GBX5 and Tx-5 5 people, COVID-19 Dec 2015 cases")
    texts += [awkward, awkward.replace("x.y@ex.com", "x.y at ex.com"), awkward.upper(), awkward.title()]
    # the words of extract._FOLLOWERS before their followers and before other words
    texts.append("a new a July 5 people, a mid-July rise, a third of 5, a dozen 5 people, B-52a rise 5 people, "
                 "this rise 5, this year 5, July last year, the first quarter of this year, first rise 5 people, "
                 "the final quarter of 2014, last fiscal quarter, fiscal 2015, fiscal year 2016, a x@y.com 5 people")
    # the lower-case words that head an alternative and are no trigger (see extract._EARLY)
    heads = {w for w in extract._HEAD_WORDS if w not in extract.TRIGGER_WORDS and not w.endswith("fold")}
    assert heads == extract._NON_TRIGGER_HEADS
    for text in texts:
        sentences = split_sentences(text)
        a, b = extract._Scanner(text, sentences, None), _PlainScanner(text, sentences, None)
        a.run()
        b.run()
        assert a.figures == b.figures and a.unparsed == b.unparsed


def test_followed_words_are_figures_only_before_their_followers():
    """The scan skips a lower-case word of extract._FOLLOWERS with whitespace on both sides
    when the next word is none of its followers (_starts_nothing): no match of the master
    pattern may then cover it. Starting at the word: before every word the pattern spells
    (in three cases, with various endings), so an alternative added with a new word after
    one of them fails here. Starting before it: after every such word, and before every
    such word after the phrases of the alternatives that hold these words inside ("July
    last year", "the first quarter of this year", "first half of next year") and after
    digit and model shapes."""
    master = extract._master()
    vocab = sorted({w.lower() for w in re.findall(r"[A-Za-z]+", master.pattern)} | {"rise", "new"})
    phrases = ["July", "May", "the first quarter of", "the first fiscal quarter of", "first half of", "in a",
               "Q3", "NYSE:", "B-52", "A320", "4", "2014", "24/7", "(212)", "twenty", "two-thirds"]

    def covered(text, p):           # a match from a start before p that ends after it
        return any(m.end() > p for q in range(p) if q == 0 or not text[q - 1].isalnum()
                   for m in [master.match(text, q)] if m)

    for w, followers in extract._FOLLOWERS.items():
        assert w in extract.TRIGGER_WORDS and w.islower()
        others = [x for x in vocab if x not in followers]
        for x in others:
            for v in (x, x.title(), x.upper()):
                for sep, tail in ((" ", ""), (" ", " 2014"), ("\n ", " year"), ("\u00a0", " of 2014"),
                                  (" ", ", 2014"), (" ", "-fold"), ("  ", "5"), (" ", "'s.")):
                    text = f"{w}{sep}{v}{tail}"
                    assert extract._starts_nothing(text, 0)
                    assert master.match(text, 0) is None, text
        for y in vocab:
            for b in (y, y.title()):
                text = f"{b} {w} rise 2014"
                assert extract._starts_nothing(text, len(b) + 1) and not covered(text, len(b) + 1), text
        for b in phrases:
            for x in others:
                text = f"{b} {w} {x} 2014"
                assert extract._starts_nothing(text, len(b) + 1) and not covered(text, len(b) + 1), text
    # not where the word is glued to what comes before or after it, or before a follower
    for text, p in (("B-52a rise", 4), ("4 a.m. rise", 2), ("a-third", 0), ("a Third", 0), ("last\u00a0Year", 0),
                    ("(a rise", 1), ("aé rise", 0), ("a riseſ", 0), ("last  month", 0)):
        assert not extract._starts_nothing(text, p), text


def _texts_for_shortcut_tests(n=12):
    from pathlib import Path

    from claimcheck.sources import source_from_text

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [source_from_text(p.read_text(encoding="utf-8"), path=str(p)).prose
             for p in sorted(root.rglob("*.md"))[:n]]
    words = sorted(set(extract.HEDGES) | {"between", "from"})
    texts.append(" 5 ".join(words) + " 5 " + " 5 ".join(w.upper() for w in words) + " 5 ſome 5 ABOUT\t\n 5 "
                 "about~5 ~ 5 approx.  5 xover 5 over\u00a05 xabout 5 _from 5 5from 5 BeTwEeN\t5 "
                 "some\u00ad5 some" + " " * 24 + "5 nearlyroughly 5 " + " " * 30 + "5 in the   region  of 5 more\nthan 5 "
                 "rose to 5 cup to 5 up  to 5 Close\tTO 5 xregion of 5 9region of 5 a margin of 5 5, of 5 "
                 "upwardſ of 5 shy\u00a0of 5 MORE THAN 5 no less than 5 wellover 5 well over 5 just shy of 5")
    return texts


def test_hedge_shortcut_agrees_with_the_search():

    for text in _texts_for_shortcut_tests():
        scanner = extract._Scanner(text, [], None)
        for start in range(len(text) + 1):
            want = extract._HEDGE_BEFORE.search(text, max(0, start - 24), start) \
                if start and (text[start - 1].isspace() or text[start - 1] == "~") else None
            got = scanner._hedge_before(start)
            assert (want and (want.span(), want.groups())) == (got and (got.span(), got.groups())), text[start - 24:start]


def test_constructed_claims_are_the_validated_claims():
    """build_document constructs claims without validation: validating them gives the same."""
    from claimcheck.models import Claim

    doc = next(api.extract_paths([str(Path(__file__).resolve().parents[1] / "corpus" / "findings"
                                      / "seed-xiaomi-2014-funding.md")]))
    assert any(c.relations for c in doc.claims)
    for c in doc.claims:
        v = Claim(**{k: getattr(c, k) for k in Claim.model_fields})
        assert v == c and v.model_dump_json() == c.model_dump_json() and v.model_fields_set == c.model_fields_set
        assert type(c.relations) is list and all(type(r).__name__ == "Relation" for r in c.relations)


def test_guarded_patterns_agree_with_the_unguarded_ones():
    """The lookahead opening _SCALE_AFTER, _CURRENCY_AFTER and _PERCENT_AFTER only rejects
    early: without it the patterns match the same (every word in every case, "ſ", "K", "ı")."""
    import re


    words = ("lakh crores crore thousand million billion trillion lakhs bn mn mln bln tn trn u.s. us hong "
             "swiss pounds dollars dollar euros euro sterling yen yuan renminbi rupees rupee francs USD EUR "
             "GBP JPY CNY RMB HKD INR CHF AUD CAD SGD KRW % percent per cent pct percentage points basis "
             "bps point of people").split()
    parts = [f"5{sep}{v} of x" for w in words
             for v in (w, w.upper(), w.title(), w.replace("s", "ſ"), w.replace("k", "\u212a"),
                       w.replace("i", "ı"), w.replace("i", "İ"))
             for sep in ("", " ", "  ", "-", " - ", "\n", "\u00a0")]
    texts = _texts_for_shortcut_tests(6) + [" ".join(parts)]
    for name in ("_SCALE_AFTER", "_CURRENCY_AFTER", "_PERCENT_AFTER"):
        guarded = getattr(extract, name)
        plain = re.compile(re.sub(r"^\(\?=[^()]*\)", "", guarded.pattern), guarded.flags)
        assert plain.pattern != guarded.pattern
        for text in texts:
            for i in range(len(text)):
                a, b = plain.match(text, i), guarded.match(text, i)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (name, text[i:i + 20])


def test_backward_shortcuts_agree_with_the_searches():
    """_currency_before_match, _minus_before, _loss_before, _number_sign_before and
    _call_before test cheaply first: they must give what the plain searches give."""
    from claimcheck import extract as e

    texts = _texts_for_shortcut_tests(8) + [
        "US$ 5 HK$5 C$\u00a05 €5 £ 5 ¥5 ₹5 ₩5 USD 5 Rs. 5 Rs 5 RMB\u00a0 5 a$5 x -5 (−5 minus 5 minus  5 "
        "loss of 5 LOSSES of about 5 deficit more than 5 loſs 5 shortfall  5 No. 5 nos. 5 #5 number 5 "
        "Number  5 call 5 CALLING 5 dial 5 phone\t5 hotline 5 line 5 caLL 5 ca\u212all 5"]
    for text in texts:
        for start in range(len(text) + 1):
            a = e._CURRENCY_BEFORE.search(text, max(0, start - 6), start)
            b = e._currency_before_match(text, start)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
            a = e._MINUS_BEFORE.search(text, max(0, start - 7), start)
            b = e._minus_before(text, start)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
            assert bool(e._LOSS_BEFORE.search(text, max(0, start - 40), start)) == e._loss_before(text, start)
            assert bool(e._NO_BEFORE.search(text, max(0, start - 8), start)) == e._number_sign_before(text, start)
            assert bool(e._CALL_BEFORE.search(text, max(0, start - 12), start)) == e._call_before(text, start)


def test_word_before_a_period_is_the_pattern_search():
    import random

    from claimcheck import segment

    rnd = random.Random(7)
    texts = ["".join(rnd.choice("aZ. .x\n5é-") for _ in range(rnd.randint(0, 20))) for _ in range(3000)]
    texts += ["Apple Inc.", "the U.S.", "word\n", "J. Smith", "...", "e.g.\n", "x" * 30 + "."]
    for text in texts:
        for end in range(len(text) + 1):
            m = segment._WORD_BEFORE.search(text, max(0, end - 12), end)
            assert (m.group(1) if m else "") == segment._word_before(text, end), (text, end)


def test_scan_shortcuts_on_random_token_soup():
    """Random runs of the words, numbers and marks the master alternatives care about: the
    scan with its shortcuts finds what trying every candidate start finds."""
    import random

    from claimcheck.segment import split_sentences

    tokens = ("a third thousand -fold thousand-fold fold fıfty one fıfty-one two-thirds twenty ſix in since the of July May Nov. 25 "
              "2014 2,500 3.5 $ US$ € ( ) + - . , : ; @ x@y.com www.a.com http://b.org/5 Q3 3Q14 H1 FY15 "
              "fiscal first quarter last this next year half double times percent % million bn about "
              "more than between and to from COVID-19 A320 US0378331005 NYSE: 10-K 401(k) 4 p.m. 9:30 "
              "people shares é naïve ı İ K \u212a").split()
    rnd = random.Random(11)
    for _ in range(400):
        text = "".join(rnd.choice(tokens) + rnd.choice(("", " ", " ", " ", "  ", "\n", "-"))
                       for _ in range(rnd.randint(1, 40)))
        sentences = split_sentences(text)
        a, b = extract._Scanner(text, sentences, None), _PlainScanner(text, sentences, None)
        b.run()
        a.run()
        assert a.figures == b.figures and a.unparsed == b.unparsed, text


@pytest.mark.parametrize("text", ["Sales doubleſ last year.", "It grew tenfoLD.", "Acme sold 5 \u212ailo phones.",
                                  "Revenue triple\u017f to $5 billion."])
def test_letters_that_match_ascii_only_when_case_is_ignored_are_no_crash(text):
    doc = api.extract_text(text)      # ſ (long s) and K (Kelvin) match s and k under IGNORECASE
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text


def test_every_twin_pattern_has_lower_case_literals():
    """attribute.py runs these patterns without IGNORECASE on lower-cased prose; their twins are
    compiled when first used, so check them all here."""
    from claimcheck import attribute

    for pattern in attribute._TWINNED.values():
        twin = attribute._lower_twin(pattern)
        assert not twin.flags & re.IGNORECASE
