"""Kind ``compare``: a comparison the text states must hold where both sides are stated.

What it checks
    "Its $30 billion valuation puts it above Rival Corp at $41 billion", "higher than",
    "below", "less than", and "close to" (within ``close_ratio``). The left side may be a
    figure named earlier ("Xiaomi's current valuation puts it above ... Uber at $41
    billion"): attribution finds the latest claim of that entity and metric.

Why
    A comparison that is the wrong way round is a plain error an editor wants caught.

Options
    ``close_ratio``: how far apart two figures may be and still be "close to" (default 1.5).

Example
    FAIL ``Its $30 billion valuation puts it above Rival Corp, valued at $41 billion.``
    PASS ``Its $46 billion valuation puts it above Rival Corp, valued at $41 billion.``
"""
from __future__ import annotations

from typing import Iterator, Literal

from ..intervals import Interval
from .base import DocContext, Result, RuleBase, fmt_interval, suggest_repair

KIND = "compare"


class Rule(RuleBase):
    kind: Literal["compare"]
    close_ratio: float = 1.5


def check(rule: Rule, ctx: DocContext) -> Iterator[Result]:
    for rec in ctx.recs.values():
        for rel in rec.claim.relations:
            if rel.type != "comparison":
                continue
            left, right = ctx.recs.get(rel.roles.get("left", "")), ctx.recs.get(rel.roles.get("right", ""))
            if left is None or right is None or left.unit_key != right.unit_key:
                continue
            op = rel.op or ">"

            def holds(over, left=left, right=right, op=op):
                a = over.get(left.claim.id, left.interval)
                b = over.get(right.claim.id, right.interval)
                if op == ">":
                    return a.hi > b.lo
                if op == "<":
                    return a.lo < b.hi
                return (a.scale(rule.close_ratio)).intersects(b) or a.intersects(b.scale(rule.close_ratio)) \
                    or Interval(a.lo / rule.close_ratio, a.hi * rule.close_ratio).intersects(b)

            ok = holds({})
            unit = left.unit_key
            word = {">": "above", "<": "below", "~": "close to"}[op]
            calc = f"{fmt_interval(left.interval, unit)} against {fmt_interval(right.interval, unit)}"
            explanation = f"'{left.mention.text}' is said to be {rel.cue or word} '{right.mention.text}': {calc}"
            yield Result(ok, [left, right], {"arithmetic": calc, "expected": f"{word} '{right.mention.text}'",
                                             "verified": explanation}, explanation,
                         None if ok else suggest_repair([left, right], holds, ctx.rates),
                         distance=None if ok else left.interval.gap_ratio(right.interval))
