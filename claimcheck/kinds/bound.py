"""Kind ``bound``: a formula over one entity's claims for one period must fall within bounds.

What it checks
    ``formula`` (metric names, numbers, ``+ - * /``) is evaluated over every combination of
    claims of one entity and one period (reported results and forecasts alike; never
    hypotheticals; never segment figures unless ``segments: true``) and compared with
    ``between: [low, high]``, ``at_least`` / ``at_most``, or ``equals: <metric>`` (a stated
    claim of that metric, as for margin = profit / revenue). Bounds carry units, read by
    pint ("30 USD/unit"); a claim in another currency or counting another noun does not fit
    the formula's units and is skipped (no silent exchange).

Why
    Some numbers cannot be true together: $15.7 billion of revenue from 5 million phones is
    $3,140 a phone for a budget phone maker; a valuation far below a year's revenue.

Options
    ``formula``; one of ``between``, ``at_least``, ``at_most``, ``equals``; ``variables``
    (a formula name standing for any of several metrics); ``where`` (per variable, the
    counted nouns allowed: ``{units_sold: [smartphone, phone, unit]}``); ``segments``.

Example
    FAIL ``The company sold 5 million phones in 2012 and booked $15.7 billion in revenue.``
    PASS ``The company sold 5 million phones in 2012 and booked $1.57 billion in revenue.``
"""
from __future__ import annotations

import itertools
from typing import Iterator, Literal, Optional

from pydantic import Field, model_validator

from ..formula import Formula
from ..intervals import INF, Interval
from .base import ClaimRec, DocContext, Result, RuleBase, fmt_interval, fmt_value, suggest_repair

KIND = "bound"
MAX_COMBINATIONS = 64


class Rule(RuleBase):
    kind: Literal["bound"]
    formula: str
    between: Optional[tuple[str, str]] = None
    at_least: Optional[str] = None
    at_most: Optional[str] = None
    equals: Optional[str] = None
    variables: dict[str, list[str]] = Field(default_factory=dict)
    where: dict[str, list[str]] = Field(default_factory=dict)
    segments: bool = False

    @model_validator(mode="after")
    def _one_bound(self):
        given = [x for x in (self.between, self.at_least, self.at_most, self.equals) if x is not None]
        if len(given) != 1 and not (self.at_least is not None and self.at_most is not None and len(given) == 2):
            raise ValueError("give one of between, at_least, at_most (or both), equals")
        return self

    def compile(self, metrics: set[str], where: str = "", lines: dict | None = None) -> "Compiled":
        """Parse the formula and the bounds; errors name the file and the field's line."""
        from ..errors import RuleError
        from ..units import parse_quantity

        lines = lines or {}
        names = metrics | set(self.variables)
        formula = Formula(self.formula, names, where, lines.get("formula"))
        lo = hi = None
        if self.between:
            lo, hi = (parse_quantity(x, where, lines.get("between")) for x in self.between)
        if self.at_least is not None:
            lo = parse_quantity(self.at_least, where, lines.get("at_least"))
        if self.at_most is not None:
            hi = parse_quantity(self.at_most, where, lines.get("at_most"))
        if lo is not None and hi is not None and lo.dimensionality != hi.dimensionality:
            raise RuleError("bounds have different units", path=where or None,
                            line=lines.get("between") or lines.get("at_most"))
        return Compiled(formula, lo, hi)


class Compiled:
    def __init__(self, formula: Formula, lo, hi):
        self.formula, self.lo, self.hi = formula, lo, hi


def _candidates(rule: Rule, ctx: DocContext, name: str) -> list[str]:
    return rule.variables.get(name, [name])


def check(rule: Rule, ctx: DocContext, compiled: Compiled | None = None, unit_of=None) -> Iterator[Result]:
    if compiled is None:
        return
    formula = compiled.formula
    groups: dict[tuple, dict[str, list[ClaimRec]]] = {}
    needed = {m: n for n in formula.names for m in _candidates(rule, ctx, n)}
    if rule.equals:
        needed[rule.equals] = "__target__"
    for rec in ctx.recs.values():
        c = rec.claim
        name = needed.get(c.metric or "")
        if name is None or not c.entity or not c.period or c.modality == "hypothetical":
            continue
        if c.segment and not rule.segments:
            continue
        if rec.mention.kind in ("multiplier", "date") or rec.interval.lo == -INF:
            continue
        allowed = rule.where.get(name) or rule.where.get(c.metric)
        if allowed and (rec.mention.unit or "") not in allowed:
            continue
        groups.setdefault((c.entity, c.period), {}).setdefault(name, []).append(rec)
    for (entity, period), by_name in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        if any(n not in by_name for n in formula.names) or (rule.equals and "__target__" not in by_name):
            continue
        names = list(formula.names) + (["__target__"] if rule.equals else [])
        # When a variable has several candidate claims (two revenue figures for one year), the
        # rule fails only if every reading fails: report the closest failure, or one that holds.
        combos = itertools.islice(itertools.product(*(by_name[n] for n in names)), MAX_COMBINATIONS)
        results = [r for r in (_evaluate(rule, compiled, dict(zip(names, combo)), unit_of, ctx) for combo in combos)
                   if r is not None]
        if not results:
            continue
        held = [r for r in results if r.ok]
        if held:
            yield held[0]
        else:
            yield min(results, key=lambda r: r.distance if r.distance is not None else float("inf"))


def _units(compiled: Compiled, binding: dict[str, ClaimRec], unit_of):
    """The formula's unit (a pint quantity), the factor that converts the target into it (with
    ``equals``) or the bounds in it, and its label; None if the claims' units do not fit the
    formula. Pint arithmetic is slow and depends only on the units of the claims bound, so a
    run's ``unit_of`` (see :func:`~claimcheck.engine.unit_of_factory`) keeps each answer in
    its ``memo``."""
    target = binding.get("__target__")
    memo = getattr(unit_of, "memo", None)
    key = (compiled, tuple(binding[n].unit_key for n in compiled.formula.names),
           target.unit_key if target is not None else None)
    if memo is not None and key in memo:
        return memo[key]
    try:
        unit = compiled.formula.evaluate(lambda n: unit_of(binding[n]), lambda x: unit_of(None) * x)
    except Exception:                       # incompatible units (+ of USD and CNY): not applicable
        unit = None
    facts = None
    if unit is not None:
        u = unit.units
        try:
            if target is not None:
                facts = unit, (1 * unit_of(target)).to(u).magnitude, None
            else:
                lo = compiled.lo.to(u).magnitude if compiled.lo is not None else None
                hi = compiled.hi.to(u).magnitude if compiled.hi is not None else None
                facts = unit, None, Interval.of(lo, hi)
        except Exception:
            facts = None
        if facts is not None:
            facts += (_unit_label(u),)
    if memo is not None:
        memo[key] = facts
    return facts


def _evaluate(rule: Rule, compiled: Compiled, binding: dict[str, ClaimRec], unit_of, ctx) -> Result | None:
    formula = compiled.formula
    facts = _units(compiled, binding, unit_of)
    if facts is None:
        return None
    unit, target_factor, allowed, ukey = facts
    target = binding.get("__target__")
    recs = [binding[n] for n in formula.names] + ([target] if target else [])
    if target is not None:
        allowed = target.interval.scale(target_factor)
    factor = unit.magnitude                      # scale of the formula's own unit

    def value(over):
        return formula.evaluate(lambda n: over.get(binding[n].claim.id, binding[n].interval),
                                Interval.point).scale(factor)

    def holds(over):
        if target is not None:
            allowed_now = over.get(target.claim.id, target.interval).scale(target_factor)
        else:
            allowed_now = allowed
        return value(over).intersects(allowed_now)

    got = value({})
    ok = got.intersects(allowed)
    point = formula.evaluate(lambda n: Interval.point(binding[n].point), Interval.point).scale(factor).lo
    calc = (" ".join(_term(tok, binding) for tok in _tokens(formula.text)) +
            f" = {fmt_value(point, ukey[0])}{ukey[1]} ({fmt_interval(got, ukey[0])} within rounding)")
    expected = (f"'{target.mention.text}'" if target is not None else
                f"{fmt_interval(allowed, ukey[0])}{ukey[1]}".replace("at least", "at least").strip())
    explanation = f"{calc}; expected {expected}"
    return Result(ok, recs, {"arithmetic": calc, "expected": expected, "verified": explanation}, explanation,
                  None if ok else suggest_repair(recs, holds, ctx.rates),
                  distance=None if ok else got.gap_ratio(allowed))


def _unit_label(units) -> tuple[str, str]:
    text = f"{units:~}" if str(units) != "dimensionless" else ""
    parts = text.replace(" ", "").split("/")
    if parts and parts[0] in ("USD", "EUR", "GBP", "JPY"):
        return parts[0], (f" per {parts[1]}" if len(parts) > 1 else "")
    if text in ("%", "percent"):
        return "percent", ""
    return "", (f" {text}" if text else "")


def _tokens(text: str) -> list[str]:
    import re
    return re.findall(r"[A-Za-z_]\w*|\d+(?:\.\d+)?|[-+*/()]", text)


def _term(tok: str, binding: dict[str, ClaimRec]) -> str:
    rec = binding.get(tok)
    return f"'{rec.mention.text}'" if rec is not None else tok
