"""Rules: every shipped rule's own examples, and data-driven cases (tests/fixtures/rules/*.yml)."""
from __future__ import annotations

import pytest

from claimcheck.examples import failing_examples
from claimcheck.rulesets import load_rules
from conftest import yaml_cases

RULESET = load_rules()


@pytest.mark.parametrize("rule_id", [r.rule.id for r in RULESET.rules])
def test_rule_examples(rule_id):
    assert failing_examples(RULESET, RULESET.get(rule_id)) == []


CASES = yaml_cases("rules")


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_rule_case(case):
    """`text` in (documents split on a '---' line), `findings` out: rule, severity and the
    quoted spans of each; `verified` (optional) must be present."""
    from claimcheck.api import check_sources
    from claimcheck.sources import source_from_text

    sources = [source_from_text(t.strip(), path=f"doc{i + 1}.txt") for i, t in enumerate(case["text"].split("\n---\n"))]
    report = check_sources(sources, case.get("date"), RULESET)
    got = sorted((f.rule, f.severity.value, tuple(sorted(l.text for l in f.locations))) for f in report.findings)
    want = sorted((f["rule"], f["severity"], tuple(sorted(f["spans"]))) for f in case.get("findings", []))
    assert got == want
    verified = {(v.rule, tuple(sorted(l.text for l in v.locations))) for v in report.verified}
    for v in case.get("verified", []):
        assert any(rule == v["rule"] and set(v["spans"]) <= set(spans) for rule, spans in verified), v
    for text in case.get("suggestion_contains", []):
        assert any(f.suggestion and text in f.suggestion for f in report.findings), text
    for text in case.get("message_contains", []):
        assert any(text in f.message for f in report.findings), text
