"""Hostile inputs: runs of digits, "$", separators, hedges, markup, one long line, many
sentences. Each must be checked without an exception and with spans that agree with the
source. Sizes here are 100 KB to keep the suite fast; `python tests/robustness/adversarial.py`
prints the times at 1 MB (see the README)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adversarial import cases  # noqa: E402
from claimcheck import api
from claimcheck.rulesets import load_rules

RULES = load_rules()
CASES = cases(100_000)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_checked(name):
    text, fmt = CASES[name]
    report = api.check_text(text, date="2014-12-29", rules=RULES, format=fmt)
    for f in report.findings + report.verified:
        for loc in f.locations:
            assert text[loc.start:loc.end] == loc.text
    doc = api.extract_text(text, date="2014-12-29", format=fmt)
    for m in doc.mentions[:2000]:
        assert text[m.start:m.end] == m.text
