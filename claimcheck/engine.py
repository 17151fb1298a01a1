"""The check stage: run every rule over documents and collect findings and verified relations.

Documents stream through :class:`Run`: each is checked on its own as it arrives (relation,
bound, compare, reference and in-document consistency rules), and only a compact record of
each attributable claim is kept, grouped by (entity, metric, segment, period, ...), for the
cross-document consistency rules at the end. Grouping by key keeps that step linear in the
number of claims. Output order is deterministic: by path, offset, then rule.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Union

from . import units
from .intervals import Interval
from .kinds import consistency
from .kinds.base import ClaimRec, DocContext, to_finding
from .limits import MAX_NUMBERS
from .models import Document, Finding, Report, Severity, Summary
from .rulesets import RuleSet
from .sources import Raw, Source, markup_removed


def unit_key(mention, metric, vocab) -> str:
    kind = mention.kind
    if kind == "money":
        return mention.unit or ""
    if kind in ("percent", "percentage_points"):
        return mention.unit or kind
    if kind == "count":
        return vocab.noun_class.get(mention.unit, mention.unit or "")
    if kind == "number" and metric and vocab.metrics.get(metric) and vocab.metrics[metric].nouns:
        noun = vocab.metrics[metric].nouns[0]
        return vocab.noun_class.get(noun, noun)
    return "" if kind == "number" else "x"


def claim_records(doc: Document, index: int, ruleset: RuleSet, raw: Optional[str] = None) -> dict[str, ClaimRec]:
    mentions = {m.id: m for m in doc.mentions}
    recs: dict[str, ClaimRec] = {}
    sentences: dict[int, str] = {}          # one string per sentence, shared by its claims
    for c in doc.claims:
        m = mentions[c.mention]
        iv = Interval.of(m.low, m.high)
        if m.negative:
            iv = -iv
        sentence = sentences.get(c.sentence, "")
        if not sentence and raw is not None and 0 <= c.sentence < len(doc.sentences):
            s = doc.sentences[c.sentence]
            sentence = sentences[c.sentence] = " ".join(raw[s.start:s.end].split())
        recs[c.id] = ClaimRec(c, m, doc.path, index, iv, unit_key(m, c.metric, ruleset.vocab), sentence)
    return recs


def unit_of_factory(ruleset: RuleSet):
    """pint units of a claim record, for bound formulas (built once per run)."""
    cache: dict[str, object] = {}

    def unit_of(rec: Optional[ClaimRec]):
        ureg = units.registry()
        if rec is None:
            return ureg.Quantity(1, "dimensionless")
        key = rec.unit_key
        q = cache.get(key)
        if q is None:
            kind = rec.mention.kind
            if kind in ("money", "percent", "percentage_points"):
                q = ureg.Quantity(1, rec.unit_key)
            elif key and kind in ("count", "number"):
                q = ureg.Quantity(1, units.ensure_noun(key))
            else:
                q = ureg.Quantity(1, "dimensionless")
            cache[key] = q
        return q
    unit_of.memo = {}           # answers of pint arithmetic over these units (see kinds.bound)
    return unit_of


@dataclass
class DocOutcome:
    """What checking one document gives: picklable, so a process pool can return it."""

    path: str
    findings: list[Finding]
    verified: list[Finding]
    claims: int
    checked: int
    groups: list[tuple[tuple, ClaimRec]] = field(default_factory=list)
    suppressions: Optional[list] = None          # inline suppressions in the document's comments
    kept: Optional[tuple[Document, str]] = None  # (document, source text), for reports that show it
    skipped: Optional[str] = None                # why the document was not read (a limit)

    def reindex(self, index: int) -> "DocOutcome":
        """The same outcome as document ``index`` of a run (an outcome read from the cache
        may have been computed at another position)."""
        for _, rec in self.groups:
            rec.doc = index
        return self


_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


@dataclass(frozen=True)
class DocOptions:
    """How every document of a run is read: ``date`` (``--date``), ``keep`` (return the
    document with its outcome, for reports that show it) and ``max_numbers``."""

    date: Optional[_dt.date] = None
    keep: bool = False
    max_numbers: Optional[int] = MAX_NUMBERS


def count_numbers(text: str) -> int:
    """Numbers written with digits ("15.7", "1,234,567", "9:30" count once): a linear scan."""
    return sum(1 for _ in _NUMBER.finditer(text))


def _too_many(path: str, n: int, limit: int) -> DocOutcome:
    return DocOutcome(path, [], [], 0, 0, skipped=f"skipped: it has {n:,} numbers, over the limit "
                                                  f"of {limit:,} per document (--max-numbers)")


def process(item: Union[Source, Raw], index: int, ruleset: RuleSet, options: DocOptions = DocOptions(),
            unit_of=None) -> DocOutcome:
    """Everything one document needs on its own: read its prose, extract, check. Pure, and
    the unit of work of every engine (in process, a process pool, Dask).

    A document with more than ``options.max_numbers`` numbers is not read (``skipped`` says
    why): extraction costs time per figure, and no story has that many."""
    from .pipeline import build_document
    from .review import parse_suppressions

    limit = options.max_numbers
    if limit is not None and isinstance(item, Raw) and item.format == "html" and count_numbers(item.raw) > limit:
        # counted again without the markup (one pass of the tokenizer, in C; never more numbers
        # than the raw page has): a page of 250,000 tiny paragraphs is refused before its prose
        # is built
        n = count_numbers(markup_removed(item.raw))
        if n > limit:
            return _too_many(item.path, n, limit)
    source = item.source() if isinstance(item, Raw) else item
    if limit is not None:
        n = count_numbers(source.prose)
        if n > limit:
            return _too_many(source.path, n, limit)
    doc = build_document(source, ruleset.vocab, options.date)
    outcome = check_document(doc, index, ruleset, source.raw, unit_of)
    if source.meta.get("comments"):
        outcome.suppressions = parse_suppressions(source)
    if options.keep:
        outcome.kept = (doc, source.raw)
    return outcome


def check_document(doc: Document, index: int, ruleset: RuleSet, raw: Optional[str] = None,
                   unit_of=None) -> DocOutcome:
    recs = claim_records(doc, index, ruleset, raw)
    ctx = DocContext(index=index, path=doc.path, date=doc.date, recs=recs,
                     by_mention={r.mention.id: r for r in recs.values()}, rates=ruleset.rates,
                     facts=ruleset.facts, dates={m.id: m for m in doc.mentions if m.kind == "date"},
                     cumulative=frozenset(k for k, v in ruleset.vocab.metrics.items() if v.cumulative))
    unit_of = unit_of or unit_of_factory(ruleset)
    findings: list[Finding] = []
    verified: list[Finding] = []
    checked = 0
    for lr in ruleset.rules:
        rule = lr.rule
        if not rule.enabled:
            continue
        if rule.kind == "bound":
            results = lr.module.check(rule, ctx, lr.compiled, unit_of)
        else:
            results = lr.module.check(rule, ctx)
        for res in results:
            checked += 1
            (verified if res.ok else findings).append(to_finding(rule, res))
    groups = []
    if any(lr.rule.kind == "consistency" and lr.rule.scope == "run" for lr in ruleset.rules):
        for rec in recs.values():
            key = consistency.group_key(rec)
            if key is not None:
                groups.append((key, rec.compact()))
    return DocOutcome(doc.path, findings, verified, len(doc.claims), checked, groups)


class Run:
    """Accumulates document outcomes; ``report()`` adds cross-document checks and sorts."""

    def __init__(self, ruleset: RuleSet, max_claims: Optional[int] = None,
                 on_skip: Optional[Callable[[str, str], None]] = None):
        self.ruleset = ruleset
        self.max_claims = max_claims            # the run's claim budget
        self.on_skip = on_skip                  # (path, reason) of a document left out
        self.findings: list[Finding] = []
        self.verified: list[Finding] = []
        self.groups: dict[tuple, list[ClaimRec]] = {}
        self.documents = 0
        self.claims = 0
        self.checked = 0
        self.skipped = 0

    def add(self, outcome: DocOutcome) -> bool:
        """Add a document's outcome; False (and reported) if the document was left out: over a
        per-document limit, or past the run's claim budget."""
        reason = outcome.skipped
        if reason is None and self.max_claims is not None and self.claims + outcome.claims > self.max_claims:
            reason = (f"skipped: its {outcome.claims} claims would exceed the run's budget of "
                      f"{self.max_claims} claims (--max-claims)")
        if reason is not None:
            self.skipped += 1
            if self.on_skip is not None:
                self.on_skip(outcome.path, reason)
            return False
        self.documents += 1
        self.claims += outcome.claims
        self.checked += outcome.checked
        self.findings.extend(outcome.findings)
        self.verified.extend(outcome.verified)
        for key, rec in outcome.groups:
            self.groups.setdefault(key, []).append(rec)
        return True

    def add_all(self, outcomes: Iterable[DocOutcome], keep: Optional[list] = None) -> dict:
        """Add every outcome; returns the documents' suppression regions by path, and appends
        (document, text) of each added document to ``keep`` when given."""
        regions: dict = {}
        for out in outcomes:
            if not self.add(out):
                continue
            if keep is not None and out.kept is not None:
                keep.append(out.kept)
            if out.suppressions is not None:
                regions[out.path] = out.suppressions
        return regions

    def report(self, across: Optional[list[Finding]] = None) -> Report:
        """The run's report. ``across``: the cross-document findings, when an engine has
        computed them itself (Dask groups claims with its own shuffle); otherwise they are
        computed here from the groups kept by :meth:`add`."""
        findings = list(self.findings)
        verified = list(self.verified)
        if across is None:
            # a group of one claim has nothing to be compared with (most groups: one document's)
            rules = run_rules(self.ruleset)
            across = [f for recs in self.groups.values() if len(recs) > 1 for f in check_group(self.ruleset, recs, rules)]
        self.checked += len(across)
        findings.extend(across)
        findings = _dedupe(sorted(findings, key=_order))
        verified = _dedupe(sorted(verified, key=_order))
        counts = Counter(f.severity for f in findings)
        summary = Summary(documents=self.documents, claims=self.claims, checked=self.checked,
                          errors=counts[Severity.error], warnings=counts[Severity.warning],
                          infos=counts[Severity.info], skipped=self.skipped)
        return Report(findings=findings, verified=verified, summary=summary)


def run_rules(ruleset: RuleSet) -> list:
    return [lr.rule for lr in ruleset.rules
            if lr.rule.kind == "consistency" and lr.rule.scope == "run" and lr.rule.enabled]


def check_group(ruleset: RuleSet, recs: list[ClaimRec], rules: Optional[list] = None) -> list[Finding]:
    """The cross-document findings of one group of claims (one key), in document order.
    ``rules``: :func:`run_rules` of the rule set, when the caller has them already."""
    return [to_finding(rule, res) for rule in (rules if rules is not None else run_rules(ruleset))
            for res in consistency.check_run(rule, {(): recs})]


def _order(f: Finding):
    loc = f.locations[0] if f.locations else None
    return (loc.path if loc else "", loc.start if loc else 0, f.rule,
            tuple((l.path, l.start) for l in f.locations))


def _dedupe(items: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in items:
        key = (f.rule, tuple(sorted((l.path, l.start, l.end) for l in f.locations)))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
