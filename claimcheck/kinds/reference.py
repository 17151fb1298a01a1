"""Kind ``reference``: claims checked against figures a newsroom has pinned in a facts file.

What it checks
    Each row of the facts files (CSV or YAML: ``entity, metric, period, value, unit,
    source``, optional ``tolerance`` as a fraction) is a known figure. A claim with the same
    entity, metric and period (no segment, not hypothetical), in the same unit, must share a
    value with the fact, within the tolerance (default: the fact's own last digit).

Why
    Known figures (last year's audited revenue, a census count) should not drift in copy.

Options
    ``tolerance``: default relative tolerance when a row gives none (default 0.005).
    Facts files are named in ``.claimcheck.yaml`` (``facts:``) or given with ``--facts``.

Example
    FAIL ``Acme's revenue was $5.1 billion in 2014.`` (fact: Acme revenue 2014 = 4.2e9 USD)
    PASS ``Acme's revenue was $4.2 billion in 2014.``
"""
from __future__ import annotations

from typing import Iterator, Literal, Optional

from pydantic import BaseModel, ConfigDict

from ..intervals import Interval
from .base import DocContext, Result, RuleBase, fmt_interval, suggest_repair

KIND = "reference"


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entity: str
    metric: str
    period: str
    value: float
    unit: str
    source: str = ""
    tolerance: Optional[float] = None


class Rule(RuleBase):
    kind: Literal["reference"]
    tolerance: float = 0.005


def check(rule: Rule, ctx: DocContext) -> Iterator[Result]:
    if not ctx.facts:
        return
    index: dict[tuple, list[Fact]] = {}
    for f in ctx.facts:
        index.setdefault((f.entity.lower(), f.metric, str(f.period)), []).append(f)
    for rec in ctx.recs.values():
        c = rec.claim
        if not c.entity or not c.metric or not c.period or c.segment or c.modality == "hypothetical":
            continue
        for fact in index.get((c.entity.lower(), c.metric, c.period), []):
            if fact.unit.lower() not in (rec.unit_key.lower(), (rec.mention.unit or "").lower()):
                continue
            tol = fact.tolerance if fact.tolerance is not None else rule.tolerance
            known = Interval(fact.value * (1 - tol), fact.value * (1 + tol))
            ok = rec.interval.intersects(known)
            unit = rec.unit_key
            calc = f"stated {fmt_interval(rec.interval, unit)}; on file {fmt_interval(known, unit)}"
            src = f" ({fact.source})" if fact.source else ""
            explanation = f"'{rec.mention.text}' against the pinned figure {fact.value:g} {fact.unit}{src}: {calc}"
            yield Result(ok, [rec], {"arithmetic": calc, "expected": f"{fact.value:g} {fact.unit}{src}",
                                     "verified": explanation}, explanation,
                         None if ok else suggest_repair([rec], lambda o, rec=rec, known=known:
                                                        o.get(rec.claim.id, rec.interval).intersects(known)),
                         distance=None if ok else rec.interval.gap_ratio(known))
