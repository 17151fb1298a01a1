"""Attribution shortcuts: they must give what the plain definitions give."""
from __future__ import annotations

from pathlib import Path

from claimcheck import api, attribute
from claimcheck.segment import split_sentences
from claimcheck.sources import source_from_text
from claimcheck.vocab import default_vocabulary


def _texts(n=10):
    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [source_from_text(p.read_text(encoding="utf-8"), path=str(p)).prose for p in sorted(root.rglob("*.md"))[:n]]
    words = sorted({w for cue in vars(attribute).values() if isinstance(cue, attribute._Cue) for w in cue.words})
    # every cue word in upper case and inside longer words, and letters that lower-case to
    # something else (İ, ı, ſ, K)
    texts.append(" ".join(w.upper() for w in words) + ". " + "x".join(words) + ". Unleſs İf ıf it \u212a.")
    texts.append("The forecast was set.\n\nThan--but while; whereas — EXPECTATION of 5 vs 4.")
    return texts


def test_the_cue_words_of_a_sentence_are_those_of_each_cue():
    """_cue_words_in looks the words of every cue up once per sentence: for each cue, it gives
    the cue's words that occur in the lower-cased sentence."""
    cues = [cue for cue in vars(attribute).values() if isinstance(cue, attribute._Cue)]
    assert len(cues) > 10
    for text in _texts():
        sentences = split_sentences(text)
        a = attribute.Attributor(text, sentences, [], [], default_vocabulary(), None, None)
        assert a.folded is not None
        for si, (s, e) in enumerate(sentences):
            sentence = a.folded[s:e]
            for cue in cues:
                assert a._cue_words_in(cue, si) == frozenset(w for w in cue.words if w in sentence), (cue.words, sentence)


def test_a_sum_cue_is_quoted_as_written():
    """_sum finds its cue with a lower-case twin on the lower-cased prose; the relation quotes
    the cue from the prose."""
    doc = api.extract_text("Acme revenue reached a TOTAL of $10 billion in 2014, comprising $5 billion from phones, "
                           "$3 billion from tablets and $2 billion from services.", date="2015-01-01")
    sums = [r for c in doc.claims for r in c.relations if r.type == "sum"]
    assert [r.cue for r in sums] == ["TOTAL"]


def test_time_spans_need_a_count_of_years_and_a_founding_date():
    """_time_spans: the age is measured from the first founding date of the document."""
    text = ("Acme was founded in 2005 and launched its phone in 2008. In just 9 years, Acme reached revenue "
            "of $5 billion.")
    doc = api.extract_text(text, date="2015-01-01")
    spans = [r for c in doc.claims for r in c.relations if r.type == "time_span"]
    assert len(spans) == 1
    since = doc.mention(spans[0].roles["since"])
    assert since.text == "2005"
    doc = api.extract_text(text.replace("was founded", "was doing well"), date="2015-01-01")
    assert [r.roles["since"] for c in doc.claims for r in c.relations if r.type == "time_span"] \
        == [m.id for m in doc.mentions if m.text == "2008"]


def test_date_preposition_shortcuts_agree_with_the_search():
    """_period_for takes a window that ends with a one-word preposition ("in", "during") as one
    that _DATE_PREP_AFTER matches, and runs the pattern only on windows that end with a word
    one of its matches ends with: both agree with the plain search."""
    texts = ["sales rose 5% in\n 2014, within 2014, as of\t2014, at the end of 2014, IN 2014, for the 2014, "
             "since it started in 2014, since the firm began 2014, x.in 2014, begin 2014, ın 2014, İn 2014, "
             "throughout 2014, by the end of 2014, to the end of 2014, during the 2014, ended 2014, of 2014",
             "Acme said on Tuesday that revenue rose 12% to $5 billion in the quarter ended in September 2014, "
             "up from $4 billion a year earlier; it expects growth over 2015 and through 2016, until 2017."]
    for text in texts:
        a = attribute.Attributor(text, split_sentences(text), [], [], default_vocabulary(), None, None)
        for b in range(len(text) + 1):
            for start in range(max(0, b - 30), b + 1):
                want = bool(attribute._DATE_PREP_AFTER.search(text[start:b]))
                got = a._ends_with(attribute._DATE_PREP_WORDS, start, b) or \
                    a._may_end(attribute._DATE_PREP_ENDS, start, b) and bool(a._search_in(attribute._DATE_PREP_AFTER, start, b))
                assert got == want, repr(text[start:b])


def test_triggers_are_found_in_the_sentences_with_a_claim():
    """_find_triggers scans only the sentences with a claim (only those read triggers), from a
    character no trigger contains: their triggers are those of a scan of the whole document."""
    from claimcheck.extract import find_figures

    quiet = "Analysts watched revenue, sales and net income closely for many quarters; no figure was given here. "
    skipped = 0
    for text in _texts(4) + ["Revenue. Net\n\nincome was $5 billion, net income rose; net income, revenue and sales",
                             quiet * 3 + "Net\n\nprofit was $5 billion. " + quiet + "Sales (net income) were $2 billion."]:
        sentences = split_sentences(text)
        figures, _ = find_figures(text, sentences, None)
        a = attribute.Attributor(text, sentences, figures, [], default_vocabulary(), None, None)
        whole = attribute.Attributor(text, sentences, figures, [], default_vocabulary(), None, None)
        whole._last_start = dict.fromkeys(range(len(sentences)), 0)     # as if every sentence had a claim
        a._find_triggers()
        whole._find_triggers()
        assert a.triggers == {si: t for si, t in whole.triggers.items() if si in a.triggers}
        assert all(si in a.triggers for si in a._last_start if si in whole.triggers)
        skipped += sum(si not in a.triggers for si in whole.triggers)
    assert skipped                          # (some sentences with no claim were not scanned)


def test_mid_sentence_capitals_are_those_of_the_plain_pattern():
    """_capitalised_elsewhere's set is that of _MID_CAP.findall, found from the blanks on."""
    for text in _texts(4) + ["It was Apple Watch sales, Ab Cd Ef Gh and\tTab Xy; Zed,  Q1 \t Foo Bar. Baz"]:
        a = attribute.Attributor(text, split_sentences(text), [], [], default_vocabulary(), None, None)
        a._capitalised_elsewhere("Acme")
        assert a._mid_caps == set(attribute._MID_CAP.findall(text))


def test_a_nationality_before_a_name_noun_stays_in_the_name():
    from claimcheck.attribute import canonical_entity

    assert [canonical_entity(n) for n in ("Swiss Re", "American Express", "British Airways", "Chinese Xiaomi")] \
        == ["Swiss Re", "American Express", "British Airways", "Xiaomi"]
