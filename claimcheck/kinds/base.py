"""What every rule kind shares: the rule model's common fields, the claim records a check
reads, and how a failed or verified check becomes a :class:`~claimcheck.models.Finding`.

A kind module (``relation``, ``consistency``, ``bound``, ``compare``, ``reference``) defines
``KIND``, a ``Rule`` model (``RuleBase`` plus its parameters) and
``check(rule, ctx) -> Iterator[Result]`` for one document; ``consistency`` also has
``check_run`` for a whole run. Checks are pure: they read records and return results.
"""
from __future__ import annotations

import hashlib
import string
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..intervals import Interval
from ..models import Claim, Finding, Location, Mention, Severity, new_list

TEMPLATE_FIELDS = frozenset({"entity", "metric", "period", "arithmetic", "expected", "quotes",
                             "actual", "values", "segment"})


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    fail: list[str] = Field(min_length=1, description="texts that must trigger the rule")
    pass_: list[str] = Field(alias="pass", min_length=1, description="texts that must not")
    date: Optional[str] = None
    facts: list[dict] = Field(default_factory=new_list, description="facts rows the examples are checked against")

    @field_validator("fail", "pass_", mode="before")
    @classmethod
    def _listify(cls, v):
        return [v] if isinstance(v, str) else v


class RuleBase(BaseModel):
    """Fields every rule file has, whatever its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*\.[a-z0-9][a-z0-9._-]*$")
    kind: str
    severity: Severity
    description: str = Field(min_length=1)
    message: str = Field(min_length=1)
    help: str = ""
    examples: Examples
    enabled: bool = True
    warn_within: Optional[float] = Field(
        default=None, gt=1, description="downgrade an error to a warning when it is off by less than this ratio")

    @field_validator("message")
    @classmethod
    def _template(cls, v: str) -> str:
        for _, name, spec, conv in string.Formatter().parse(v):
            if name is None:
                continue
            if name not in TEMPLATE_FIELDS or spec or conv:
                raise ValueError(f"unknown template field {{{name}}}; use {', '.join(sorted(TEMPLATE_FIELDS))}")
        return v


@dataclass(slots=True, frozen=True)
class ClaimLite:
    """What checks read of a :class:`~claimcheck.models.Claim`: kept for the whole run by
    cross-document rules, so a slotted record, not a model (a tenth of the memory)."""

    id: str
    mention: str
    entity: Optional[str]
    metric: Optional[str]
    segment: Optional[str]
    period: Optional[str]
    period_source: str
    modality: str
    sentence: int
    relations: tuple = ()


@dataclass(slots=True, frozen=True)
class MentionLite:
    """What checks read of a :class:`~claimcheck.models.Mention` (see :class:`ClaimLite`)."""

    id: str
    text: str
    start: int
    end: int
    line: int
    col: int
    kind: str
    value: Optional[float]
    unit: Optional[str]
    qualifier: str
    per: Optional[str]
    negative: bool


def _claim_lite(c) -> ClaimLite:
    return ClaimLite(c.id, c.mention, c.entity, c.metric, c.segment, c.period, c.period_source, c.modality,
                     c.sentence)


def _mention_lite(m) -> MentionLite:
    return MentionLite(m.id, m.text, m.start, m.end, m.line, m.col, m.kind, m.value, m.unit, m.qualifier, m.per,
                       m.negative)


@dataclass(slots=True)
class ClaimRec:
    """A claim with what checks need: its interval, unit key and location."""

    claim: Claim
    mention: Mention
    path: str
    doc: int
    interval: Interval
    unit_key: str             # "USD", "percent", noun class, "" for pure numbers
    sentence: str = ""

    @property
    def point(self) -> float:
        """The figure as stated (signed)."""
        v = self.mention.value or 0.0
        return -v if self.mention.negative else v

    def compact(self) -> "ClaimRec":
        """The same record with slotted copies of its claim and mention, to keep for the run."""
        return ClaimRec(_claim_lite(self.claim), _mention_lite(self.mention), self.path, self.doc,
                        self.interval, self.unit_key, self.sentence)

    @property
    def key(self) -> tuple:
        c = self.claim
        return (c.entity, c.metric, c.segment, c.period)

    def location(self) -> Location:
        m = self.mention
        nl = m.text.count("\n")
        end_col = (len(m.text) - m.text.rfind("\n")) if nl else m.col + len(m.text)
        return lighter(Location(path=self.path, start=m.start, end=m.end, line=m.line, col=m.col,
                                end_line=m.line + nl, end_col=end_col, text=m.text, sentence=self.sentence or None))


@dataclass
class DocContext:
    """Everything one document's checks may read."""

    index: int
    path: str
    date: Optional[str]
    recs: dict[str, ClaimRec]                 # by claim id
    by_mention: dict[str, ClaimRec]
    rates: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    facts: list = field(default_factory=list)
    dates: dict[str, Mention] = field(default_factory=dict)   # date mentions by id
    cumulative: frozenset = frozenset()                        # metrics that are running totals

    def find(self, entity, metric, period, segment=None, exclude=()) -> list[ClaimRec]:
        return [r for r in self.recs.values()
                if r.claim.entity == entity and r.claim.metric == metric and r.claim.period == period
                and r.claim.segment == segment and r.claim.modality != "hypothetical"
                and r.claim.id not in exclude]


@dataclass(slots=True)
class Result:
    """The outcome of one check: a finding (``ok`` False) or a verified relation."""

    ok: bool
    recs: list[ClaimRec]
    fields: dict
    explanation: str
    suggestion: Optional[str] = None
    distance: Optional[float] = None


@lru_cache(maxsize=8192)
def fmt_value(x: float, unit_key: str = "") -> str:
    """A number as an editor would write it: 3140, 15.7 billion, 0.96 billion, 6.5%."""
    if x != x or x in (float("inf"), float("-inf")):
        return "unbounded"
    sign = "-" if x < 0 else ""
    a = abs(x)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if a >= scale * 0.95 and unit_key != "percent":
            s = f"{a / scale:.4g}" if a / scale < 1000 else f"{a / scale:,.0f}"
            num = f"{s} {word}"
            break
    else:
        num = f"{a:,.0f}" if a >= 100 else f"{a:.4g}"
    cur = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(unit_key)
    if unit_key == "percent":
        return f"{sign}{num}%"
    if unit_key == "percentage_point":
        return f"{sign}{num} percentage points"
    if cur:
        return f"{sign}{cur}{num}"
    if unit_key and unit_key.isupper() and len(unit_key) == 3:
        return f"{sign}{unit_key} {num}"
    return f"{sign}{num}"


def fmt_interval(iv: Interval, unit_key: str = "") -> str:
    if iv.lo == iv.hi or fmt_value(iv.lo, unit_key) == fmt_value(iv.hi, unit_key):
        return fmt_value(iv.lo, unit_key)
    if iv.hi == float("inf"):
        return f"at least {fmt_value(iv.lo, unit_key)}"
    if iv.lo in (float("-inf"), 0.0) and iv.hi != float("inf"):
        return f"at most {fmt_value(iv.hi, unit_key)}"
    return f"{fmt_value(iv.lo, unit_key)} to {fmt_value(iv.hi, unit_key)}"


def quotes(recs: Iterable[ClaimRec]) -> str:
    return ", ".join(f"'{r.mention.text}'" for r in recs)


def to_finding(rule: RuleBase, res: Result) -> Finding:
    severity = rule.severity
    if (not res.ok and rule.warn_within and res.distance is not None and res.distance < rule.warn_within
            and severity == Severity.error):
        severity = Severity.warning
    fields = {k: "" for k in TEMPLATE_FIELDS}
    first = res.recs[0].claim if res.recs else None
    if first is not None:
        fields.update(entity=first.entity or "the subject", metric=(first.metric or "figure").replace("_", " "),
                      period=first.period or "", segment=first.segment or "")
    fields["quotes"] = quotes(res.recs)
    fields.update({k: v for k, v in res.fields.items() if v is not None})
    message = rule.message.format_map(fields) if not res.ok else res.fields.get("verified", res.explanation)
    locations = [r.location() for r in res.recs]
    return lighter(Finding(rule=rule.id, severity=severity if not res.ok else Severity.info, message=message,
                           explanation=res.explanation, suggestion=res.suggestion, locations=locations,
                           distance=None if res.distance is None or res.distance == float("inf")
                           else round(res.distance, 4), fingerprint=fingerprint(rule.id, res.recs)))


_FIELDS_SETS: dict[frozenset, set] = {}


def lighter(model: BaseModel) -> BaseModel:
    """``model``, sharing its set of given field names with every model given the same names.

    Pydantic keeps that set in each instance (over 700 bytes for a finding's eight names:
    more than half the memory of a finding and its locations, and a run keeps every finding
    and verified relation). Nothing changes it in place: ``model_copy`` copies it first."""
    names = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(names), names))
    return model


def fingerprint(rule_id: str, recs: list[ClaimRec]) -> str:
    """Stable across edits elsewhere in a document: rule, normalised claim texts and keys."""
    parts = [rule_id]
    keyed = sorted(((" ".join(r.mention.text.split()).lower(), str(r.key), r.claim) for r in recs),
                   key=lambda t: (t[0], t[1]))
    for text, _, c in keyed:
        parts.append("|".join([text, c.entity or "", c.metric or "", c.segment or "", c.period or ""]))
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]


# ------------------------------------------------------------------------ repairs

def suggest_repair(recs: list[ClaimRec], holds: Callable[[dict[str, Interval]], bool],
                   rates: dict | None = None, only: Optional[set[str]] = None) -> Optional[str]:
    """The most likely single slips that would make a failed check hold (at most two, of
    different kinds), as a sentence.

    Tries, in this order, for each claim: a million/billion slip (x1000), a decimal shift
    (x10), transposed digits, and a currency mix-up (with the declared rates table).
    """
    found: list[str] = []
    for make in (_scale_slips, _decimal_slips, _transposed, _currency_slips):
        hit = next((text for rec in recs if only is None or rec.claim.id in only
                    for iv, text in make(rec, rates or {}) if holds({rec.claim.id: iv})), None)
        if hit:
            found.append(hit)
        if len(found) == 2:
            break
    return "; or ".join(found) if found else None


def _written_number(rec: ClaimRec) -> Optional[tuple[str, int, int]]:
    import re

    m = re.search(r"\d[\d,]*(?:\.\d+)?", rec.mention.text)
    return (m.group(), m.start(), m.end()) if m else None


def _scale_slips(rec: ClaimRec, rates):
    text = rec.mention.text
    for factor, a, b in ((1e-3, "billion", "million"), (1e3, "million", "billion"),
                         (1e-3, "bn", "m"), (1e3, "m", "bn"), (1e-3, "trillion", "billion"),
                         (1e3, "thousand", "million")):
        if a in text.split() or text.endswith(a):
            yield rec.interval.scale(factor), f"'{text}' fits if it was meant as '{text.replace(a, b)}' (a {a}/{b} slip)"
            return


def _currency_slips(rec: ClaimRec, rates):
    m = rec.mention
    if m.kind != "money" or m.unit not in ("USD",) and m.unit not in rates:
        return
    for other, table in rates.items():
        if other == m.unit or m.unit not in table:
            continue
        lo, hi = table[m.unit]          # value of 1 `other` in m.unit
        if hi > 0.5 and lo < 2:
            continue                    # euros for dollars: too close to tell from rounding
        iv = rec.interval * Interval(lo, hi)
        name = {"CNY": "yuan", "JPY": "yen", "EUR": "euros", "GBP": "pounds", "HKD": "Hong Kong dollars",
                "INR": "rupees", "KRW": "won", "TWD": "Taiwan dollars"}.get(other, other)
        yield iv, (f"'{m.text}' fits if the amount was in {name} ({other}), about "
                   f"{fmt_value(iv.mid, m.unit)}: a currency mix-up")


def _decimal_slips(rec: ClaimRec, rates):
    w = _written_number(rec)
    if w is None:
        return
    num, s, e = w
    text = rec.mention.text
    digits = num.replace(",", "")
    for factor in (0.1, 10.0):
        try:
            shifted = float(digits) * factor
        except ValueError:
            return
        shown = f"{shifted:.6g}"
        yield rec.interval.scale(factor), f"'{text}' fits as '{text[:s]}{shown}{text[e:]}' (a decimal shift)"


def _transposed(rec: ClaimRec, rates):
    w = _written_number(rec)
    if w is None:
        return
    num, s, e = w
    text = rec.mention.text
    chars = list(num)
    idx = [i for i, c in enumerate(chars) if c.isdigit()]
    value = float(num.replace(",", "")) or 1.0
    for a, b in zip(idx, idx[1:]):
        if chars[a] == chars[b]:
            continue
        swapped = chars[:]
        swapped[a], swapped[b] = swapped[b], swapped[a]
        new = "".join(swapped)
        factor = float(new.replace(",", "")) / value
        yield rec.interval.scale(factor), f"'{text}' fits as '{text[:s]}{new}{text[e:]}' (transposed digits)"
