"""Running a rule's own examples (``rules show``, the test suite, ``rules validate``).

An example text may hold several documents separated by a line ``---`` (for rules that
compare documents). Each rule is run alone, with the example's facts if it has any.
"""
from __future__ import annotations

from .kinds.reference import Fact
from .rulesets import LoadedRule, RuleSet
from .sources import source_from_text


def run_example(ruleset: RuleSet, lr: LoadedRule, text: str):
    """The findings of one rule on one example text."""
    from .api import check_sources

    rule = lr.rule
    only = RuleSet([lr], ruleset.vocab, ruleset.rates,
                   [Fact.model_validate(f) for f in rule.examples.facts] or ruleset.facts, ruleset.digest)
    sources = [source_from_text(t.strip(), path=f"<example {i + 1}>") for i, t in enumerate(text.split("\n---\n"))]
    report = check_sources(sources, rule.examples.date, only)
    return [f for f in report.findings if f.rule == rule.id]


def failing_examples(ruleset: RuleSet, lr: LoadedRule) -> list[str]:
    """Examples that do not behave as declared (empty when the rule is right)."""
    problems = []
    for text in lr.rule.examples.fail:
        if not run_example(ruleset, lr, text):
            problems.append(f"fail example raised nothing: {text!r}")
    for text in lr.rule.examples.pass_:
        found = run_example(ruleset, lr, text)
        if found:
            problems.append(f"pass example raised {found[0].message!r}: {text!r}")
    return problems
