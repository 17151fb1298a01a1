"""Attribution shortcuts: they must give what the plain definitions give."""
from __future__ import annotations

from pathlib import Path

from claimcheck import api, attribute
from claimcheck.segment import split_sentences
from claimcheck.sources import source_from_text
from claimcheck.vocab import default_vocabulary


def _texts():
    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [source_from_text(p.read_text(encoding="utf-8"), path=str(p)).prose for p in sorted(root.rglob("*.md"))[:10]]
    words = sorted({w for cue in vars(attribute).values() if isinstance(cue, attribute._Cue) for w in cue.words})
    # every cue word, in upper case, inside longer words, across a sentence end, and beside
    # letters that lower-case to something else (İ, ı, ſ, K)
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
