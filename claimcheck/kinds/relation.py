"""Kind ``relation``: arithmetic the text itself states must hold.

What it checks
    The relations that attribution records between claims, one ``relation`` per rule:

    * ``growth``: "rose 25% to $5.0 billion from $4.0 billion" (percent, percentage points,
      multiplier, or only a direction: "60 million, up from 18.7 million");
    * ``share``: "6% of its roughly $16 billion in revenue, or nearly $1 billion" (the part
      may be a claim of the same segment elsewhere in the document);
      A ``ratio`` ("debt of 3.1 trillion euros, or 110.6% of GDP") is checked the same way;
    * ``share_bound``: a share of a whole is at most 100% (a ratio to a base may pass it);
    * ``multiple``: "10 billion, double the 5 billion in July"; when one side is not stated,
      the implied value is compared with any stated figure for that entity, metric and
      period, and implied values of a running total must not fall over time;
    * ``sum``: parts of one total add up to it ("of which", "comprised", "including" means
      the parts may not exceed it);
    * ``per_unit``: earnings per share against net profit and the share count;
    * ``time_span``: "founded in April 2010 ... in just four years", against the document
      date (a span of N years is read as N-0.5 to N+1).

Why
    A reporter's own arithmetic is the cheapest thing to get wrong and the easiest to check.

How it decides
    Each figure is an interval (its precision and hedge). The rule fails only when no choice
    of values inside every interval satisfies the relation.

Options
    ``relation`` (required); ``tolerance`` (extra relative slack, default 0).

Example
    FAIL ``Revenue rose 25% to $5.0 billion from $2.0 billion.``
    PASS ``Revenue rose 25% to $5.0 billion from $4.0 billion.``
"""
from __future__ import annotations

import datetime as _dt
from typing import Iterator, Literal

from .. import periods
from ..models import Claim
from ..intervals import INF, Interval
from .base import ClaimRec, DocContext, Result, RuleBase, fmt_interval, fmt_value, suggest_repair

KIND = "relation"


class Rule(RuleBase):
    kind: Literal["relation"]
    relation: Literal["growth", "share", "share_bound", "multiple", "sum", "per_unit", "time_span"]
    tolerance: float = 0.0


def check(rule: Rule, ctx: DocContext) -> Iterator[Result]:
    fn = _CHECKS[rule.relation]
    for rec in ctx.recs.values():
        for rel in rec.claim.relations:
            if rel.type == rule.relation or (rule.relation == "share_bound" and rel.type == "share") \
                    or (rule.relation == "share" and rel.type == "ratio"):
                res = fn(rule, ctx, rel)
                if res is not None:
                    yield res


def _widen(iv: Interval, tol: float) -> Interval:
    if not tol:
        return iv
    return Interval(iv.lo - abs(iv.lo) * tol, iv.hi + abs(iv.hi) * tol)


def _vals(over: dict, *recs: ClaimRec) -> list[Interval]:
    return [over.get(r.claim.id, r.interval) for r in recs]


# ------------------------------------------------------------------ growth

def _growth(rule: Rule, ctx: DocContext, rel) -> Result | None:
    to, frm = ctx.recs.get(rel.roles.get("to", "")), ctx.recs.get(rel.roles.get("from", ""))
    factor = ctx.recs.get(rel.roles.get("factor", ""))
    if to is None or frm is None or to.unit_key != frm.unit_key:
        return None
    direction = rel.direction or "up"
    recs = [r for r in (factor, to, frm) if r is not None]
    fkind = factor.mention.kind if factor else None

    def implied(over):
        t, f = _vals(over, to, frm)
        if fkind == "percentage_points":
            return t - f if direction == "up" else f - t
        ratio = t / f
        if fkind == "multiplier":
            return ratio
        if fkind == "percent":
            change = (ratio - Interval.point(1)).scale(100)
            return change if direction == "up" else -change
        return t - f                                   # direction only

    def holds(over):
        got = implied(over)
        if factor is None:
            return got.hi > 0 if direction == "up" else got.lo < 0
        want = _widen(over.get(factor.claim.id, factor.interval), rule.tolerance)
        return got.intersects(want)

    got = implied({})
    unit = to.unit_key
    if factor is None:
        ok = holds({})
        word = "up" if direction == "up" else "down"
        arithmetic = (f"{fmt_interval(to.interval, unit)} against {fmt_interval(frm.interval, unit)}: "
                      f"the change cannot be {word}")
        explanation = (f"'{to.mention.text}' is said to be {word} from '{frm.mention.text}'" +
                       ("" if ok else f", but {arithmetic}"))
        return _result(ok, [to, frm], explanation, arithmetic, fmt_value(0), holds, ctx,
                       gap=(to.interval, frm.interval), repair=False)
    want = factor.interval
    ok = holds({})
    if fkind == "percent":
        calc = f"{fmt_interval(to.interval, unit)} / {fmt_interval(frm.interval, unit)} - 1 = {fmt_interval(got if direction == 'up' else -got, 'percent')}"
    elif fkind == "percentage_points":
        calc = f"{fmt_interval(to.interval, unit)} - {fmt_interval(frm.interval, unit)} = {fmt_interval(got, 'percentage_point')}"
    else:
        calc = f"{fmt_interval(to.interval, unit)} / {fmt_interval(frm.interval, unit)} = {fmt_interval(got)}x"
    expected = f"'{factor.mention.text}' ({fmt_interval(want, factor.unit_key)})"
    explanation = (f"{'rise' if direction == 'up' else 'fall'} from '{frm.mention.text}' to '{to.mention.text}': "
                   f"{calc}; stated {expected}")
    return _result(ok, recs, explanation, calc, expected, holds, ctx,
                   suggestion=None if ok else _points_slip(factor, to, frm, direction),
                   distance=None if ok else got.gap_ratio(want) if fkind != "percent" else
                   (got + Interval.point(100)).gap_ratio(want + Interval.point(100)))


def _points_slip(factor: ClaimRec, to: ClaimRec, frm: ClaimRec, direction: str) -> str | None:
    """'rose 2% from 5% to 7%': the change of two percentages is 2 percentage points."""
    if factor.mention.kind != "percent" or to.unit_key != "percent":
        return None
    diff = (to.interval - frm.interval) if direction == "up" else (frm.interval - to.interval)
    if diff.intersects(factor.interval):
        return (f"'{factor.mention.text}' fits as percentage points: {fmt_interval(to.interval, 'percent')} - "
                f"{fmt_interval(frm.interval, 'percent')} is {fmt_interval(diff, 'percentage_point')}, "
                f"a relative change of {fmt_interval((to.interval / frm.interval - Interval.point(1)).scale(100), 'percent')}")
    return None


# ------------------------------------------------------------------ share

def _share_parts(ctx: DocContext, rel):
    pct = ctx.recs.get(rel.roles.get("percent", ""))
    whole = ctx.recs.get(rel.roles.get("whole", ""))
    part = ctx.recs.get(rel.roles.get("part", ""))
    if pct is None:
        return None, None, None
    c = pct.claim
    if whole is None and rel.op:               # "6% of Xiaomi's total revenue": look it up
        found = ctx.find(c.entity, rel.op, c.period)
        whole = found[0] if len(found) == 1 else None
    if part is None and c.segment and (whole is not None or rel.op):
        metric = whole.claim.metric if whole else rel.op
        found = [r for r in ctx.find(c.entity, metric, c.period, c.segment) if r.mention.kind != "percent"]
        if not found and c.period_source == "document":
            # the share states no period: the segment's figure stated elsewhere, if it is the only one
            found = [r for r in ctx.recs.values() if r.claim.entity == c.entity and r.claim.metric == metric
                     and r.claim.segment == c.segment and r.mention.kind != "percent"
                     and r.claim.modality != "hypothetical"]
        part = found[0] if len(found) == 1 else None
    return pct, whole, part


def _share(rule: Rule, ctx: DocContext, rel) -> Result | None:
    pct, whole, part = _share_parts(ctx, rel)
    if pct is None or whole is None or part is None or whole.unit_key != part.unit_key:
        return None
    recs = [pct, whole, part]

    def holds(over):
        p, w, q = _vals(over, pct, whole, part)
        return _widen((p * w).scale(0.01), rule.tolerance).intersects(q)

    got = (pct.interval * whole.interval).scale(0.01)
    ok = holds({})
    unit = whole.unit_key
    calc = f"{fmt_interval(pct.interval, 'percent')} of {fmt_interval(whole.interval, unit)} = {fmt_interval(got, unit)}"
    expected = f"'{part.mention.text}' ({fmt_interval(part.interval, unit)})"
    explanation = f"'{pct.mention.text}' of '{whole.mention.text}': {calc}; stated {expected}"
    return _result(ok, recs, explanation, calc, expected, holds, ctx,
                   gap=(got, part.interval))


def _share_bound(rule: Rule, ctx: DocContext, rel) -> Result | None:
    pct = ctx.recs.get(rel.roles.get("percent", ""))
    if pct is None or pct.mention.kind != "percent" or pct.interval.lo <= 100:
        return None
    calc = f"{fmt_interval(pct.interval, 'percent')} of a whole"
    explanation = f"'{pct.mention.text}' is stated as a share of a whole, which cannot be more than 100%"
    return Result(False, [pct], {"arithmetic": calc, "expected": "at most 100%", "actual": pct.mention.text},
                  explanation, suggest_repair([pct], lambda o: o.get(pct.claim.id, pct.interval).lo <= 100),
                  distance=pct.interval.lo / 100)


# ------------------------------------------------------------------ multiple

def _multiple(rule: Rule, ctx: DocContext, rel) -> Result | None:
    left, factor = ctx.recs.get(rel.roles.get("left", "")), ctx.recs.get(rel.roles.get("factor", ""))
    right = ctx.recs.get(rel.roles.get("right", ""))
    if left is None or factor is None:
        return None
    if right is None:
        return _implied_multiple(rule, ctx, rel, left, factor)
    if right.unit_key != left.unit_key:
        return None
    recs = [left, factor, right]

    def holds(over):
        a, k, b = _vals(over, left, factor, right)
        return _widen(a / b, rule.tolerance).intersects(k)

    got = left.interval / right.interval
    ok = holds({})
    calc = f"{fmt_interval(left.interval, left.unit_key)} / {fmt_interval(right.interval, right.unit_key)} = {fmt_interval(got)}x"
    expected = f"'{factor.mention.text}' ({fmt_interval(factor.interval)}x)"
    explanation = f"'{left.mention.text}' is said to be {factor.mention.text} '{right.mention.text}': {calc}"
    return _result(ok, recs, explanation, calc, expected, holds, ctx,
                   gap=(got, factor.interval))


def _implied_multiple(rule: Rule, ctx: DocContext, rel, left: ClaimRec, factor: ClaimRec) -> Result | None:
    entity = rel.roles.get("target_entity") or left.claim.entity
    metric = rel.roles.get("target_metric") or left.claim.metric
    period = rel.roles.get("target_period") or None
    implied = left.interval / factor.interval
    unit = left.unit_key
    stated = [r for r in ctx.find(entity, metric, period, exclude={left.claim.id}) if r.unit_key == unit] if period else []
    if stated:
        other = stated[0]
        recs = [left, factor, other]

        def holds(over):
            a, k, b = _vals(over, left, factor, other)
            return _widen(a / k, rule.tolerance).intersects(b)
        ok = holds({})
        calc = f"{fmt_interval(left.interval, unit)} / {fmt_interval(factor.interval)} = {fmt_interval(implied, unit)}"
        expected = f"'{other.mention.text}' ({fmt_interval(other.interval, unit)})"
        explanation = f"'{factor.mention.text}' implies {fmt_interval(implied, unit)} for {period}; stated {expected}"
        return _result(ok, recs, explanation, calc, expected, holds, ctx,
                       gap=(implied, other.interval))
    # a running total (downloads to date) cannot have been larger earlier
    if not period or not _is_cumulative(ctx, metric):
        return None
    siblings = []
    for rec in ctx.recs.values():
        for r2 in rec.claim.relations:
            if r2.type == "multiple" and r2.roles.get("left") == left.claim.id and r2.roles.get("target_period") \
                    and not r2.roles.get("right") and r2.roles.get("factor") != factor.claim.id:
                siblings.append((r2.roles["target_period"], ctx.recs.get(r2.roles["factor"])))
    mine = periods.midpoint(period.removeprefix("since ")) if period else None
    if mine is None:
        return None
    for other_period, other_factor in siblings:
        theirs = periods.midpoint(other_period.removeprefix("since "))
        if other_factor is None or theirs is None or theirs == mine:
            continue
        other_implied = left.interval / other_factor.interval
        earlier, later = (implied, other_implied) if mine < theirs else (other_implied, implied)
        ok = earlier.lo <= later.hi
        calc = (f"{period}: {fmt_interval(implied, unit)}; {other_period}: {fmt_interval(other_implied, unit)}")
        explanation = (f"'{left.mention.text}', {factor.mention.text} the figure for {period}, implies about "
                       f"{fmt_interval(implied, unit)} then ({calc}); a running total cannot fall over time")
        recs = [left, factor]
        return Result(ok, recs, {"arithmetic": calc, "expected": "a total that never falls",
                                 "verified": explanation}, explanation,
                      distance=None if ok else earlier.gap_ratio(later))
    return None


def _is_cumulative(ctx: DocContext, metric: str | None) -> bool:
    return bool(metric) and metric in ctx.cumulative


# ------------------------------------------------------------------ sum

def _sum(rule: Rule, ctx: DocContext, rel) -> Result | None:
    total = ctx.recs.get(rel.roles.get("total", ""))
    parts = [ctx.recs.get(p) for p in rel.roles.get("parts", "").split(",") if p]
    if total is None or not parts or any(p is None or p.unit_key != total.unit_key for p in parts):
        return None
    recs = [total, *parts]
    inclusive = rel.op == "<="

    def holds(over):
        t = over.get(total.claim.id, total.interval)
        s = Interval(0, 0)
        for p in parts:
            s = s + over.get(p.claim.id, p.interval)
        s = _widen(s, rule.tolerance)
        return s.lo <= t.hi if inclusive else s.intersects(t)

    s = Interval(0, 0)
    for p in parts:
        s = s + p.interval
    ok = holds({})
    unit = total.unit_key
    calc = " + ".join(fmt_interval(p.interval, unit) for p in parts) + f" = {fmt_interval(s, unit)}"
    expected = f"{'at most ' if inclusive else ''}'{total.mention.text}' ({fmt_interval(total.interval, unit)})"
    explanation = f"the parts add up to {fmt_interval(s, unit)}; the total is stated as {expected}"
    return _result(ok, recs, explanation, calc, expected, holds, ctx,
                   gap=(s, total.interval))


# ------------------------------------------------------------------ per unit

def _per_unit(rule: Rule, ctx: DocContext, rel) -> Result | None:
    rate, total, count = (ctx.recs.get(rel.roles.get(k, "")) for k in ("rate", "total", "count"))
    if rate is None or total is None or count is None or rate.unit_key != total.unit_key:
        return None
    recs = [rate, total, count]

    def holds(over):
        r, t, c = _vals(over, rate, total, count)
        return _widen(t / c, rule.tolerance).intersects(r)

    got = total.interval / count.interval
    ok = holds({})
    unit = total.unit_key
    calc = f"{fmt_interval(total.interval, unit)} / {fmt_interval(count.interval)} {count.mention.unit or 'units'} = {fmt_interval(got, unit)} per {rate.mention.per}"
    expected = f"'{rate.mention.text}'"
    explanation = f"{calc}; stated {expected}"
    return _result(ok, recs, explanation, calc, expected, holds, ctx,
                   gap=(got, rate.interval))


# ------------------------------------------------------------------ time span

def _time_span(rule: Rule, ctx: DocContext, rel) -> Result | None:
    dur = ctx.recs.get(rel.roles.get("duration", ""))
    since = ctx.dates.get(rel.roles.get("since", ""))
    if dur is None or since is None or not since.period or not ctx.date:
        return None
    span = periods.span(since.period)
    doc = _dt.date.fromisoformat(ctx.date)
    if span is None:
        return None
    elapsed = Interval((doc - span[1]).days / 365.25, (doc - span[0]).days / 365.25)
    q = dur.mention.qualifier
    n = dur.mention.value or 0
    said = {"more_than": Interval(n, INF), "at_least": Interval(n, INF),
            "less_than": Interval(0, n), "at_most": Interval(0, n),
            "nearly": Interval(n - 1, n)}.get(q, Interval(n - 0.5, n + 1))
    ok = elapsed.intersects(said)
    span_text = f"{elapsed.lo:.1f}" if f"{elapsed.lo:.1f}" == f"{elapsed.hi:.1f}" else f"{elapsed.lo:.1f} to {elapsed.hi:.1f}"
    calc = f"{since.period} to {ctx.date} is {span_text} years"
    expected = f"'{dur.mention.text}' years"
    explanation = f"from '{since.text}' to the document date: {calc}; stated {expected}"
    date_rec = ClaimRec(Claim(id=since.id, mention=since.id, sentence=-1), since, dur.path, dur.doc,
                        Interval(0, 0), "date")
    return Result(ok, [date_rec, dur], {"arithmetic": calc, "expected": expected, "verified": explanation},
                  explanation, None, distance=None if ok else elapsed.gap_ratio(said))


def _result(ok, recs, explanation, arithmetic, expected, holds, ctx, gap=None, suggestion=None,
            distance=None, repair=True) -> Result:
    """A check's result. On failure: the likely repair (unless given, or ``repair`` is off) and
    how far off it is (from ``gap``: the computed and the stated interval, unless given)."""
    if ok:
        suggestion = distance = None
    else:
        if suggestion is None and repair:
            suggestion = suggest_repair(recs, holds, ctx.rates)
        if distance is None and gap is not None:
            distance = gap[0].gap_ratio(gap[1])
    return Result(ok, recs, {"arithmetic": arithmetic, "expected": expected, "verified": explanation},
                  explanation, suggestion, distance)


_CHECKS = {"growth": _growth, "share": _share, "share_bound": _share_bound, "multiple": _multiple,
           "sum": _sum, "per_unit": _per_unit, "time_span": _time_span}
