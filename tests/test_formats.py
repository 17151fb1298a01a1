"""Output formats (SARIF, JUnit, GitHub, Markdown, HTML, matrix) on real reports and on hostile text."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from claimcheck import __version__, api
from claimcheck.formats import github, html, junit, markdown, matrix, sarif
from claimcheck.models import Document, Finding, Kind, Location, Mention, Report, Severity, Summary
from conftest import ROOT

SEEDS = ["corpus/findings/seed-xiaomi-2012-valuation.md", "corpus/findings/seed-xiaomi-2014-funding.md",
         "corpus/findings/seed-xiaomi-2015-services.md"]
CAVENDALE = ["corpus/findings/err-19a-cavendale-foods-results.md", "corpus/findings/err-19b-cavendale-foods-plants.md"]
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# hostile prose: markup, quotes, workflow-command syntax, %, CR LF, control characters
ADVERSARIAL = ('Acme <script>alert(1)</script> said "revenue" rose 25% to $5.0 billion from $4.5 billion in 2014 '
               ":: 100% of it, a, b\nIts \x01 profit & 'margin' was 50%,\r\nand ::error:: %0A <b>bold</b> *x* _y_ "
               "`z` | $4 billion valuation was half of $10 billion.\x7f\n")
ADV_PATH = "adv, <script>:\"x\".txt"


@pytest.fixture(scope="module")
def data():
    """Reports and documents of the seed corpus, with paths relative to the project root."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        rules = api.load_rules()
        seeds = api.check_paths(SEEDS, rules=rules)
        seed_docs = [(d, Path(d.path).read_text(encoding="utf-8")) for d in api.extract_paths(SEEDS)]
        cav = api.check_paths(CAVENDALE, rules=rules)
        cav_docs = [(d, Path(d.path).read_text(encoding="utf-8")) for d in api.extract_paths(CAVENDALE)]
    finally:
        os.chdir(cwd)
    adv = api.check_text(ADVERSARIAL, path=ADV_PATH, rules=rules)
    adv_doc = api.extract_text(ADVERSARIAL, path=ADV_PATH)
    return {"rules": [r.rule for r in rules.rules], "seeds": seeds, "seed_docs": seed_docs,
            "cav": cav, "cav_docs": cav_docs, "adv": adv, "adv_docs": [(adv_doc, ADVERSARIAL)]}


def test_fixture_reports_have_findings(data):
    assert {f.severity.value for f in data["seeds"].findings} == {"error", "warning"}
    assert any(f.rule == "core.cross-document" for f in data["cav"].findings)
    assert len(data["adv"].findings) >= 2
    assert any(f.severity == Severity.error for f in data["adv"].findings)


def _synthetic_finding(message="50% :: done,\r\nnext %0A line", path="dir\\a:b,c.md", severity="warning",
                       suppression=None) -> Finding:
    loc = Location(path=path, start=3, end=6, line=1, col=4, end_line=1, end_col=7, text="50%",
                   sentence="It 50% <b>rose</b>.")
    return Finding(rule="user.odd-rule", severity=Severity(severity), message=message, explanation="a: 1, b: 2",
                   suggestion="try 'x'", locations=[loc], fingerprint="abc123", suppression=suppression)


def _report(findings, suppressed=()) -> Report:
    counts = {s: sum(f.severity.value == s for f in findings) for s in ("error", "warning", "info")}
    return Report(findings=list(findings), verified=[], suppressed=list(suppressed),
                  summary=Summary(documents=1, claims=3, checked=2, errors=counts["error"],
                                  warnings=counts["warning"], infos=counts["info"], suppressed=len(suppressed)))


# --------------------------------------------------------------------------- SARIF

def _validate_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    return log


def test_sarif_validates_and_maps_findings(data):
    report = data["seeds"]
    log = _validate_sarif(sarif.render_report(report, rules=data["rules"]))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck" and driver["version"] == __version__ and driver["informationUri"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and set(ids) >= {r.id for r in data["rules"]}
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run["results"]) == len(report.findings)
    for res, f in zip(run["results"], report.findings):
        assert res["ruleId"] == f.rule and ids[res["ruleIndex"]] == f.rule
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        assert res["message"]["text"].startswith(f.message)
        if f.suggestion:
            assert f.suggestion in res["message"]["text"]
        phys = res["locations"][0]["physicalLocation"]
        loc = f.locations[0]
        assert phys["artifactLocation"]["uri"] == loc.path and "\\" not in loc.path
        assert phys["region"] == {"startLine": loc.line, "startColumn": loc.col, "endLine": loc.end_line,
                                  "endColumn": loc.end_col, "charOffset": loc.start,
                                  "charLength": loc.end - loc.start, "snippet": {"text": loc.text}}
        assert [r["id"] for r in res["relatedLocations"]] == list(range(len(f.locations)))
        assert [r["message"]["text"] for r in res["relatedLocations"]] == [f"'{l.text}'" for l in f.locations]
        assert res["partialFingerprints"] == {"claimcheck/v1": f.fingerprint} and f.fingerprint
    level = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert level["devices.revenue-per-unit"] == "error"


def test_sarif_without_rules_derives_them_and_handles_hostile_text(data):
    log = _validate_sarif(sarif.render_report(data["adv"]))
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {f.rule for f in data["adv"].findings}
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "adv%2C%20%3Cscript%3E%3A%22x%22.txt"
    assert "\x01" in run["results"][0]["relatedLocations"][0]["physicalLocation"]["region"]["snippet"]["text"] \
        or all("\x01" not in f.locations[0].text for f in data["adv"].findings)


def test_sarif_paths_suppressions_and_empty_report():
    f = _synthetic_finding(path="dir\\sub\\a b.md")
    s = _synthetic_finding(suppression="checked with the desk", severity="error")
    log = _validate_sarif(sarif.render_report(_report([f], [s])))
    results = log["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/sub/a%20b.md"
    assert "suppressions" not in results[0]
    assert results[1]["suppressions"][0]["justification"] == "checked with the desk"
    assert sarif.artifact_uri("/abs/x.md") == "file:///abs/x.md"
    assert sarif.artifact_uri("./rel/x.md") == "rel/x.md"
    empty = _validate_sarif(sarif.render_report(_report([])))
    assert empty["runs"][0]["results"] == [] and empty["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_is_deterministic(data):
    assert sarif.render_report(data["seeds"], rules=data["rules"]) == \
        sarif.render_report(data["seeds"], rules=list(reversed(data["rules"])))


# --------------------------------------------------------------------------- JUnit

def _parse_junit(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("fail_on, expected", [("error", 1), ("warning", 2), ("info", 2), ("never", 0)])
def test_junit_failures_by_threshold(data, fail_on, expected):
    report = data["seeds"]
    suite = _parse_junit(junit.render_report(report, documents=SEEDS, fail_on=fail_on))
    assert suite.tag == "testsuite" and suite.get("name") == "claimcheck"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == SEEDS           # clean documents included, in order
    assert all(c.get("classname") == "claimcheck" for c in cases)
    assert suite.get("tests") == "3"
    failures = suite.findall("testcase/failure")
    assert len(failures) == expected
    assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    clean = [c for c in cases if c.get("name") != SEEDS[0]]
    assert all(c.find("failure") is None for c in clean)
    by_message = {f.message: f for f in report.findings}
    for failure in failures:
        f = by_message[failure.get("message")]
        assert failure.get("type") == f.rule
        assert f.explanation in failure.text
        assert all(f"{l.path}:{l.line}:{l.col}" in failure.text for l in f.locations)


def test_junit_default_documents_and_hostile_text(data):
    suite = _parse_junit(junit.render_report(data["adv"]))
    (case,) = suite.findall("testcase")
    assert case.get("name") == ADV_PATH
    n_errors = sum(f.severity == Severity.error for f in data["adv"].findings)
    assert len(case.findall("failure")) == n_errors
    text = junit.render_report(_report([_synthetic_finding(message="bad \x01 <b>&amp;</b> \ud800", severity="error")]))
    failure = _parse_junit(text).find("testcase/failure")
    assert failure.get("message") == "bad \ufffd <b>&amp;</b> \ufffd"
    with pytest.raises(ValueError):
        junit.render_report(data["adv"], fail_on="fatal")


# --------------------------------------------------------------------------- GitHub

_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_lines_parse(data):
    report = data["seeds"]
    lines = github.render_report(report).splitlines()
    assert len(lines) == len(report.findings)
    for line, f in zip(lines, report.findings):
        m = _COMMAND.match(line)
        assert m, line
        assert m.group(1) == {"error": "error", "warning": "warning", "info": "notice"}[f.severity.value]
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        loc = f.locations[0]
        assert props == {"file": loc.path, "line": str(loc.line), "col": str(loc.col), "endLine": str(loc.end_line),
                         "endColumn": str(loc.end_col), "title": f.rule}
        assert _unescape(m.group(3)) == f.message + (f"\n→ {f.suggestion}" if f.suggestion else "")


def test_github_escaping():
    f = _synthetic_finding()
    (line,) = github.render_report(_report([f])).splitlines()
    assert line == ("::warning file=dir/a%3Ab%2Cc.md,line=1,col=4,endLine=1,endColumn=7,title=user.odd-rule::"
                    "50%25 :: done,%0D%0Anext %250A line%0A→ try 'x'")
    m = _COMMAND.match(line)
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    assert _unescape(props["file"]) == "dir/a:b,c.md"
    assert github.render_report(_report([])) == ""


def test_github_hostile_text(data):
    out = github.render_report(data["adv"])
    assert len(out.splitlines()) == len(data["adv"].findings)
    for line in out.splitlines():
        m = _COMMAND.match(line)
        assert m and "\r" not in line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert _unescape(props["file"]) == ADV_PATH


# --------------------------------------------------------------------------- Markdown

def test_markdown_quotes_the_sentence_with_spans_in_bold(data):
    out = markdown.render_report(data["seeds"])
    assert out.startswith("# claimcheck report\n")
    assert "**1 error, 1 warning, 0 info** in 3 documents" in out
    assert "## `corpus/findings/seed-xiaomi-2012-valuation.md`" in out
    assert ("> According to ZDNet Asia, the company expects to book **\\$15.7 billion** annual revenues with "
            "**5 million** units targeted") in out
    assert "**Arithmetic:** '\\$15.7 billion' / '5 million' = \\$3,140 per unit" in out
    assert "**Suggestion:** '\\$15.7 billion' fits as '\\$1.57 billion' (a decimal shift)" in out
    assert "`devices.revenue-per-unit`" in out and "🔴 error" in out and "🟠 warning" in out
    assert "## Verified" not in out
    verbose = markdown.render_report(data["seeds"], verbose=True)
    assert "## Verified" in verbose and "`core.share`" in verbose


def test_markdown_escapes_hostile_text(data):
    out = markdown.render_report(data["adv"])
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", out.replace("\\`", ""))
    assert "<script>" not in outside_code and "<b>" not in outside_code     # a code span shows markup as text
    assert '## `adv, <script>:"x".txt`' in out
    assert "\\<script\\>alert(1)\\</script\\>" in out
    assert "\\*x\\* \\_y\\_ \\`z\\` \\|" in out
    assert "\x01" not in out and "\x7f" not in out and "\r" not in out
    assert "**25%**" in out                      # the span is still bold
    assert markdown.escape("# not a heading", line_start=True).startswith("\\#")
    assert markdown.escape("1. not a list", line_start=True) == "1\\. not a list"
    assert markdown.code("a`b") == "``a`b``"


def test_markdown_clean_report():
    out = markdown.render_report(_report([]))
    assert "No discrepancies found" in out


def test_markdown_bold_picks_the_right_occurrence():
    # the same figure twice in a sentence: the span at the location's offset is the one in bold
    sentence = "Revenue was $5 billion, and costs were $5 billion."
    loc = Location(path="a.md", start=139, end=149, line=2, col=40, end_line=2, end_col=50, text="$5 billion",
                   sentence=sentence)
    other = loc.model_copy(update={"start": 112, "end": 122, "col": 13, "end_col": 23})
    assert markdown.quote_sentence(sentence, [other, loc]) == \
        "Revenue was **\\$5 billion**, and costs were **\\$5 billion**."
    assert markdown.quote_sentence(sentence, [loc]).count("**\\$5 billion**") == 1   # one span, one bold


# --------------------------------------------------------------------------- HTML

class _Tree(HTMLParser):
    """Collects elements (tag, attrs, text) and checks that the markup is well nested."""
    VOID = {"meta", "br", "img", "link", "input", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.elements: list[dict] = []
        self.pre_text: list[str] = []
        self.in_pre = 0

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(el)
        if tag in self.VOID:
            return
        self.stack.append(el)
        if tag == "pre":
            self.in_pre += 1
            self.pre_text.append("")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1]["tag"] == tag, f"badly nested </{tag}>"
        self.stack.pop()
        if tag == "pre":
            self.in_pre -= 1

    def handle_data(self, d):
        for el in self.stack:
            el["text"] += d
        if self.in_pre:
            self.pre_text[-1] += d


def _tree(text: str) -> _Tree:
    t = _Tree()
    t.feed(text)
    t.close()
    assert not t.stack
    return t


def _classes(el) -> set[str]:
    return set((el["attrs"].get("class") or "").split())


def test_html_highlights_every_mention_and_flags_findings(data):
    report, docs = data["seeds"], data["seed_docs"]
    out = html.render_report(report, docs)
    t = _tree(out)
    by_span: dict[str, list[dict]] = {}
    for el in t.elements:
        if "data-span" in el["attrs"]:
            by_span.setdefault(el["attrs"]["data-span"], []).append(el)
    ids = {el["attrs"]["id"] for el in t.elements if "id" in el["attrs"]}
    for i, (doc, raw) in enumerate(docs):
        for m in doc.mentions:
            pieces = by_span[f"d{i}-{m.id}"]
            assert "".join(p["text"] for p in pieces) == m.text
            assert {"mention", f"kind-{m.kind.value}"} <= _classes(pieces[0])
            assert pieces[0]["attrs"]["data-mention"] == m.id
    # the text shown is the document text
    assert t.pre_text == [raw for _, raw in docs]
    findings = [el for el in t.elements if el["tag"] == "li" and "finding" in _classes(el)]
    assert len(findings) == len(report.findings)
    for li, f in zip(findings, report.findings):
        spans = li["attrs"]["data-spans"].split()
        assert spans and set(spans) <= ids
        for sid in spans:
            el = by_span[sid][0]
            assert "flag" in _classes(el)
            assert li["attrs"]["id"] in el["attrs"]["data-findings"].split()
        assert [by_span[s][0]["text"] for s in spans] == [loc.text for loc in f.locations]
    revenue = by_span["d0-m4"][0]                  # '$15.7 billion': in an error and a warning
    assert "flag-error" in _classes(revenue) and revenue["attrs"]["data-refs"] == "1,2"
    valuation = by_span["d0-m1"][0]                # '$4 billion': only in the warning
    assert "flag-warning" in _classes(valuation) and "flag-error" not in _classes(valuation)
    assert sum(1 for el in t.elements if "checked" in _classes(el)) >= 1
    assert len([el for el in t.elements if el["tag"] == "li" and "check" in _classes(el)]) == len(report.verified)
    assert "@media print" in out


def test_html_is_escaped_and_self_contained(data):
    out = html.render_report(data["adv"], data["adv_docs"])
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;alert(" in out and ")&lt;/script&gt; said &quot;revenue&quot;" in out
    assert out.count("<script") == 2                     # the JSON data block and the page script
    assert "<b>bold</b>" not in out and "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "\x01" not in out and "\x7f" not in out and "\r" not in out
    assert "\u2401" in out and "\u2421" in out          # control characters shown as symbols
    t = _tree(out)
    pre = t.pre_text[0]
    assert pre == ADVERSARIAL.replace("\r\n", "\n").replace("\x01", "\u2401").replace("\x7f", "\u2421")
    section = next(el for el in t.elements if el["tag"] == "section")
    assert section["attrs"]["data-path"] == ADV_PATH
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", out, re.I)
    assert "<link" not in out and "@import" not in out and "url(" not in out and "<iframe" not in out
    assert "default-src 'none'" in out
    m = re.search(r'<script type="application/json" id="claimcheck-data">(.*?)</script>', out, re.S)
    payload = m.group(1)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    data_js = json.loads(payload)
    assert data_js["order"] == [f"f{i}" for i in range(1, len(data["adv"].findings) + 1)]


def test_html_json_escaping():
    s = html.json_for_script({"x": "</script><!-- & \u2028"})
    assert s == '{"x":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(s) == {"x": "</script><!-- & \u2028"}


def test_html_is_byte_identical(data):
    a = html.render_report(data["seeds"], data["seed_docs"])
    b = html.render_report(data["seeds"], list(data["seed_docs"]))
    assert a == b and a.endswith("</html>\n")


def test_html_cross_document_and_missing_documents(data):
    report = data["cav"]
    out = html.render_report(report, data["cav_docs"])
    t = _tree(out)
    cross = next(f for f in report.findings if f.rule == "core.cross-document")
    k = report.findings.index(cross) + 1
    li = next(el for el in t.elements if el["attrs"].get("id") == f"f{k}")
    spans = li["attrs"]["data-spans"].split()
    assert {s.split("-")[0] for s in spans} == {"d0", "d1"}   # figures in both documents
    # without the documents: the findings are still listed, with no spans
    t2 = _tree(html.render_report(report))
    items = [el for el in t2.elements if el["tag"] == "li" and "finding" in _classes(el)]
    assert len(items) == len(report.findings) and all(el["attrs"]["data-spans"] == "" for el in items)


def test_html_crossing_and_duplicate_spans_stay_nested():
    raw = "abc 12 345 xyz"
    mentions = [Mention(id="m1", text="12 345", start=4, end=10, line=1, col=5, kind=Kind.count, value=12345),
                Mention(id="m2", text="345 xyz", start=7, end=14, line=1, col=8, kind=Kind.number, value=345),
                Mention(id="m3", text="12 345", start=4, end=10, line=1, col=5, kind=Kind.count, value=12345)]
    doc = Document(path="x.txt", mentions=mentions)
    loc = Location(path="x.txt", start=0, end=6, line=1, col=1, end_line=1, end_col=7, text="abc 12")
    f = Finding(rule="r", severity=Severity.error, message="m", explanation="e", locations=[loc])
    t = _tree(html.render_report(_report([f]), [(doc, raw)]))
    assert t.pre_text == [raw]
    pieces: dict[str, str] = {}
    for el in t.elements:
        if "data-span" in el["attrs"]:
            pieces[el["attrs"]["data-span"]] = pieces.get(el["attrs"]["data-span"], "") + el["text"]
    assert pieces == {"d0-m1": "12 345", "d0-m2": "345 xyz", "d0-m3": "12 345", "d0-l3": "abc 12"}


def test_html_suppressed_findings_are_listed_but_do_not_flag():
    raw = "It 50% <b>rose</b>."
    doc = Document(path="dir\\a:b,c.md", mentions=[
        Mention(id="m1", text="50%", start=3, end=6, line=1, col=4, kind=Kind.percent, value=50)])
    s = _synthetic_finding(suppression="checked <ok>", severity="error")
    t = _tree(html.render_report(_report([], [s]), [(doc, raw)]))
    (span,) = [el for el in t.elements if el["attrs"].get("data-mention") == "m1"]
    assert "flag" not in _classes(span)
    (li,) = [el for el in t.elements if el["tag"] == "li" and "suppressed" in _classes(el)]
    assert li["attrs"]["data-spans"] == "d0-m1" and "suppressed: checked <ok>" in li["text"]
    assert not [el for el in t.elements if el["tag"] == "li" and "finding" in _classes(el)]


# --------------------------------------------------------------------------- matrix

def _matrix_docs():
    texts = ["Acme Corp said its revenue was $5.0 billion in 2014.",
             "Acme Corp reported 2014 revenue of $7.2 billion, and if revenue reached $9 billion in 2014 it would "
             "rank first.",
             'Acme Corp <script>x</script> said revenue in 2014 was about $5 billion | a "record".']
    return [api.extract_text(t, path=f"desk/{n}.md") for n, t in zip(("a", "b", "c|<d>"), texts)]


def test_matrix_rows_conflicts_and_spread():
    docs = _matrix_docs()
    (row,) = matrix.build_rows(docs)
    assert (row.entity, row.metric, row.segment, row.period) == ("Acme", "revenue", None, "2014")
    assert [c.mention.text for c in row.cells] == ["$5.0 billion", "$7.2 billion", "about $5 billion"]  # no hypothetical
    assert [bool(c.conflicts) for c in row.cells] == [True, True, True]
    assert row.cells[0].conflicts == [1] and row.cells[2].conflicts == [1] and row.cells[1].conflicts == [0, 2]
    assert row.spread == pytest.approx(7.2 / 5.0)


def test_matrix_formats():
    docs = _matrix_docs()
    md = matrix.render_matrix(docs, "markdown")
    col = next(m.col for m in docs[1].mentions if m.text == "$7.2 billion")
    assert "| Acme | revenue |  | 2014 |" in md and f"**✗** '\\$7.2 billion' `desk/b.md:1:{col}`" in md
    assert "`desk/c\\|<d>.md:1:" in md and "<script>" not in md and "1.44x" in md
    rows = list(csv.DictReader(io.StringIO(matrix.render_matrix(docs, "csv"))))
    assert [r["text"] for r in rows] == ["$5.0 billion", "$7.2 billion", "about $5 billion"]
    assert [r["conflict"] for r in rows] == ["yes", "yes", "yes"]
    assert rows[1]["conflicts_with"] == f"desk/a.md:1:{rows[0]['col']}; {rows[2]['path']}:1:{rows[2]['col']}"
    assert float(rows[0]["spread"]) == pytest.approx(1.44) and rows[2]["path"] == "desk/c|<d>.md"
    page = matrix.render_matrix(docs, "html")
    assert "<script>" not in page and "&lt;script&gt;x" not in page   # the markup is not a value
    assert "desk/c|&lt;d&gt;.md" in page and page.count('<li class="conflict">') == 3
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page)
    assert matrix.render_matrix(docs, "csv") == matrix.render_matrix(list(docs), "csv")
    with pytest.raises(ValueError):
        matrix.render_matrix(docs, "pdf")


def test_matrix_corpus_pair_and_claims_of(data):
    docs = [d for d, _ in data["cav_docs"]]
    md = matrix.render_matrix(docs, "markdown")
    assert "| Cavendale | revenue |  | 2024 |" in md and md.count("**✗**") == 2
    assert "No figure is stated" in matrix.render_matrix(docs, "markdown", claims_of=lambda d: [])
    assert matrix.render_matrix(docs[:1], "csv").splitlines() == [",".join(matrix.CSV_COLUMNS)]


# --------------------------------------------------------------------------- JSON

def test_json_dumps_matches_the_json_module():
    from claimcheck.formats.json_ import dumps

    values = [{}, [], {"a": []}, {"a": {}}, [[], [{}]], "é ’ \x01 \"q\" \\ \n\t\u2028", 0, -7, 10 ** 20, 1.5, -0.0,
              1e-7, 1e300, float("nan"), float("inf"), float("-inf"), True, False, None, (1, "x"),
              {"k\n": [1, {"x": None, "y": [True, 2.25]}], "\u00e9": "v"}]
    for v in values + [values, {"all": values}]:
        for level in (0, 1, 3):
            want = json.dumps(v, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
            assert dumps(v, level) == want, (v, level)
    with pytest.raises(TypeError):
        dumps({"a": object()})


def test_json_report_is_the_json_module_output(data):
    """The report is written a finding at a time; it must read back as the same document
    with the same layout as json.dumps of the whole thing."""
    from claimcheck.formats import json_

    for report in (data["seeds"], data["cav"], data["adv"], _report([_synthetic_finding()], [_synthetic_finding(
            suppression="ok")]), _report([])):
        whole = {"version": 1, "findings": [json_._finding(f) for f in report.findings],
                 "verified": [json_._finding(f) for f in report.verified],
                 "suppressed": [json_._finding(f) for f in report.suppressed],
                 "summary": report.summary.model_dump(mode="json")}
        assert json_.render_report(report) == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


def test_findings_share_their_field_names_and_copies_leave_them(data):
    """Findings and locations share one set of given field names (memory); a copy that sets
    a field (a suppression) must get its own set, not change the shared one."""
    f, g = data["seeds"].findings[:2]
    assert f.__pydantic_fields_set__ is g.__pydantic_fields_set__
    assert f.locations[0].__pydantic_fields_set__ is g.locations[0].__pydantic_fields_set__
    before = set(f.model_fields_set)
    copy = f.model_copy(update={"suppression": "accepted"})
    assert "suppression" in copy.model_fields_set and "suppression" not in before
    assert f.model_fields_set == before == g.model_fields_set
