"""Kind ``consistency``: one entity, metric and period stated with values that cannot all be true.

What it checks
    Claims are grouped by (entity, metric, segment, period, modality, unit): a linear pass
    with a dictionary, never pairwise over documents. Within a group, a claim whose interval
    shares no value with an earlier one is a conflict. ``scope: document`` compares claims
    of one document; ``scope: run`` compares claims of different documents in the run.

Why
    "Revenue was $4.2 billion in 2014" and, three paragraphs later, "$2.4 billion in 2014
    revenue" cannot both be right; neither can two stories of one desk.

Period-aware
    A $4 billion valuation in 2012 and a $46 billion valuation in 2014 are different keys.
    Forecasts are compared with forecasts and results with results; hypotheticals ("if it
    reached $1 billion") never. Claims without entity, metric or period are not compared, nor
    claims whose period is only the document's year (no date in or near their sentence): a
    results brief dated February is mostly about the year before.

Options
    ``scope`` (document or run), ``metrics`` (only these; default all).

Example
    FAIL ``Revenue was $4.2 billion in 2014. ... its 2014 revenue of $2.4 billion ...``
    PASS ``Revenue was $4.2 billion in 2014. ... 2014 revenue of about $4.2 billion ...``
"""
from __future__ import annotations

from typing import Iterator, Literal, Optional

from .base import ClaimRec, DocContext, Result, RuleBase, fmt_interval, suggest_repair

KIND = "consistency"


class Rule(RuleBase):
    kind: Literal["consistency"]
    scope: Literal["document", "run"] = "document"
    metrics: Optional[list[str]] = None


def group_key(rec: ClaimRec) -> tuple | None:
    c = rec.claim
    if not c.entity or not c.metric or not c.period or c.modality == "hypothetical" \
            or rec.mention.kind in ("multiplier", "date") or c.metric == "age" \
            or c.period_source == "document":
        return None
    return (c.entity, c.metric, c.segment, c.period, c.modality, rec.unit_key, rec.mention.per)


def _conflicts(rule: Rule, recs: list[ClaimRec]) -> Iterator[Result]:
    """Each claim against the earlier claims of its group: report its first conflict.

    A claim whose interval reaches every earlier one (its low is at most the smallest earlier
    high, its high at least the largest earlier low) conflicts with none, and is passed over
    without a scan: groups that agree cost linear time, not quadratic."""
    min_hi, max_lo = float("inf"), float("-inf")
    for i, rec in enumerate(recs):
        iv = rec.interval
        skip = iv.lo <= min_hi and iv.hi >= max_lo
        min_hi, max_lo = min(min_hi, iv.hi), max(max_lo, iv.lo)
        if skip:
            continue
        for earlier in recs[:i]:
            if rule.scope == "run" and earlier.doc == rec.doc:
                continue
            if rule.scope == "document" and (earlier.doc != rec.doc or earlier.claim.sentence == rec.claim.sentence):
                continue                # two values in one sentence are two different things
            if earlier.interval.intersects(rec.interval):
                continue
            pair = [earlier, rec]
            unit = rec.unit_key
            calc = f"{fmt_interval(earlier.interval, unit)} against {fmt_interval(rec.interval, unit)}"
            c = rec.claim
            what = f"{c.entity}'s {c.metric.replace('_', ' ')}{' (' + c.segment + ')' if c.segment else ''} for {c.period}"
            explanation = f"{what} is stated as '{earlier.mention.text}' and as '{rec.mention.text}': {calc}"

            def holds(over, a=earlier, b=rec):
                return over.get(a.claim.id, a.interval).intersects(over.get(b.claim.id, b.interval))
            yield Result(False, pair, {"arithmetic": calc, "expected": f"'{earlier.mention.text}'",
                                       "actual": f"'{rec.mention.text}'"}, explanation,
                         suggest_repair([rec, earlier], holds), distance=earlier.interval.gap_ratio(rec.interval))
            break


def _selected(rule: Rule, rec: ClaimRec) -> bool:
    return rule.metrics is None or rec.claim.metric in rule.metrics


def check(rule: Rule, ctx: DocContext) -> Iterator[Result]:
    if rule.scope != "document":
        return
    groups: dict[tuple, list[ClaimRec]] = {}
    for rec in ctx.recs.values():
        key = group_key(rec)
        if key is not None and _selected(rule, rec):
            groups.setdefault(key, []).append(rec)
    for recs in groups.values():
        if len(recs) > 1:
            yield from _conflicts(rule, recs)


def check_run(rule: Rule, groups: dict[tuple, list[ClaimRec]]) -> Iterator[Result]:
    """Across documents: ``groups`` was built as documents streamed by (key -> records)."""
    if rule.scope != "run":
        return
    for key in sorted(groups, key=lambda k: tuple(str(p) for p in k)):
        recs = [r for r in groups[key] if _selected(rule, r)]
        if len({r.doc for r in recs}) > 1:
            yield from _conflicts(rule, recs)
