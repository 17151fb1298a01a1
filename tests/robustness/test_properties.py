"""Property tests (hypothesis) over extraction and checking: any text, no exception, and
spans, lines, columns and intervals that always agree with the source."""
from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import api
from claimcheck.formats import json_
from claimcheck.rulesets import load_rules

RULES = load_rules()
NEWSY = st.sampled_from(["$", "€", "£", "¥", "%", " percent", " million", " billion", " bn", "m", "US$", "RMB ",
                         "about ", "nearly ", "more than ", "less than ", " to ", "-", " from ", " rose ", " fell ",
                         "Q4 ", "2014", "Nov. 25", " this year", " of ", " double", " tenfold", " half of ",
                         "Xiaomi", "Acme's", " revenue", " valuation", " users", " phones", ". ", "\n\n", ", or ",
                         "<!--", "-->", "<p>", "</p>", "&amp;", "---\n"])
TEXT = st.one_of(st.text(max_size=300),
                 st.lists(st.one_of(NEWSY, st.text(alphabet=string.digits + ".,", min_size=1, max_size=8),
                                    st.text(max_size=6)), max_size=60).map("".join))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_mentions(text: str, doc) -> None:
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
        assert m.line == text.count("\n", 0, m.start) + 1
        assert m.col == m.start - (text.rfind("\n", 0, m.start) + 1) + 1
        if m.value is not None:
            assert m.low is None or m.low <= m.value + 1e-9 * abs(m.value)
            assert m.high is None or m.value <= m.high + 1e-9 * abs(m.value)


@SETTINGS
@given(TEXT)
def test_extraction_never_fails_and_spans_agree(text):
    doc = api.extract_text(text, date="2014-12-29")
    check_mentions(text, doc)
    ids = {m.id for m in doc.mentions}
    assert all(c.mention in ids for c in doc.claims)


@SETTINGS
@given(TEXT)
def test_markdown_and_html_spans_point_into_the_source(text):
    """Any text either reads (spans point into it) or fails with a clean InputError
    (front matter opened and never closed), never anything else."""
    from claimcheck.errors import InputError

    for fmt in ("markdown", "html"):
        try:
            doc = api.extract_text(text, date="2014-12-29", format=fmt)
        except InputError as exc:
            assert exc.line is not None
            continue
        for m in doc.mentions:
            assert text[m.start:m.end] == m.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_checking_never_fails_and_json_is_valid(text):
    report = api.check_text(text, date="2014-12-29", rules=RULES)
    data = json.loads(json_.render_report(report))
    for f in data["findings"] + data["verified"]:
        for loc in f["locations"]:
            assert text[loc["start"]:loc["end"]] == loc["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=2, max_size=4))
def test_results_do_not_depend_on_document_order(texts):
    from claimcheck.sources import source_from_text

    def run(order):
        sources = [source_from_text(texts[i], path=f"doc{i}.txt") for i in order]
        report = api.check_sources(sources, "2014-12-29", RULES)
        return sorted((f.rule, f.severity.value, tuple((l.path, l.start) for l in f.locations)) for f in report.findings)
    forward = run(range(len(texts)))
    assert forward == run(reversed(range(len(texts))))


HOSTILE = st.sampled_from(['<script>alert("x")</script>', '"quoted"', "'single'", "\n", "\r\n", "\x01", "\x7f",
                           "</pre>", "&amp;", "]]>", "${x}", "\u2028", "</script>"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(TEXT, HOSTILE), min_size=1, max_size=6).map("".join))
def test_sarif_is_valid_and_html_shows_any_text_without_running_it(text):
    import jsonschema
    from pathlib import Path

    from claimcheck.formats import html, sarif

    schema = json.loads((Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json")
                        .read_text(encoding="utf-8"))
    report = api.check_text(text, date="2014-12-29", rules=RULES, path="doc.txt")
    jsonschema.Draft4Validator(schema).validate(json.loads(sarif.render_report(report, rules=[r.rule for r in RULES.rules])))
    page = html.render_report(report, [(api.extract_text(text, date="2014-12-29", path="doc.txt"), text)])
    assert page.count("<script") == 2                   # its own data block and script, nothing of the text
    assert "\x01" not in page and "\x7f" not in page and "\r" not in page


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_rule_order(text, rnd):
    import copy

    shuffled = copy.copy(RULES)
    shuffled.rules = list(RULES.rules)
    rnd.shuffle(shuffled.rules)

    def run(rules):
        report = api.check_text(text, date="2014-12-29", rules=rules)
        return sorted((f.rule, f.severity.value, f.message, tuple((l.start, l.end) for l in f.locations))
                      for f in report.findings + report.verified)
    assert run(RULES) == run(shuffled)
