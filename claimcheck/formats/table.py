"""Human-readable tables (tabulate): findings for ``check``, mentions for ``extract``."""
from __future__ import annotations

from typing import Iterable

from tabulate import tabulate

from ..models import Document, Report


def _where(loc) -> str:
    return f"{loc.path}:{loc.line}:{loc.col}"


_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}


def render_report(report: Report, verbose: bool = False, colour: bool = False) -> str:
    out = []
    if report.findings:
        def sev(name: str) -> str:
            return f"{_COLOURS[name]}{name}\x1b[0m" if colour else name
        rows = [[_where(f.locations[0]), sev(f.severity.value), f.rule,
                 f.message + (f"\n→ {f.suggestion}" if f.suggestion else "")]
                for f in report.findings]
        out.append(tabulate(rows, headers=["location", "severity", "rule", "message"], tablefmt="simple",
                            maxcolwidths=[None, None, None, 80]))
    if verbose and report.verified:
        rows = [[_where(f.locations[0]), f.rule, f.explanation] for f in report.verified]
        out.append("Verified:\n" + tabulate(rows, headers=["location", "rule", "checked"], tablefmt="simple",
                                            maxcolwidths=[None, None, 90]))
    if verbose and report.suppressed:
        rows = [[_where(f.locations[0]), f.rule, f.suppression] for f in report.suppressed]
        out.append("Suppressed:\n" + tabulate(rows, headers=["location", "rule", "reason"], tablefmt="simple"))
    if verbose and report.unused_suppressions:
        out.append("Unused suppressions:\n" + "\n".join(report.unused_suppressions))
    s = report.summary
    out.append(f"{s.documents} document{'s' * (s.documents != 1)}, {s.claims} claims, {s.checked} checks: "
               f"{s.errors} error{'s' * (s.errors != 1)}, {s.warnings} warning{'s' * (s.warnings != 1)}, "
               f"{s.infos} info, {len(report.verified)} verified" + (f", {s.skipped} skipped" if s.skipped else "")
               + (f", {s.suppressed} suppressed" if s.suppressed else "")
               + (f", {s.baselined} in the baseline" if s.baselined else ""))
    return "\n\n".join(out) + "\n"


def render_documents(docs: Iterable[Document]) -> str:
    out = []
    total = attached = 0
    for doc in docs:
        claims = {c.mention: c for c in doc.claims}
        rows = []
        for m in doc.mentions:
            c = claims.get(m.id)
            value = m.period if m.kind.value == "date" else m.value
            rng = "" if m.low is None and m.high is None else f"{_g(m.low)}..{_g(m.high)}"
            rows.append([f"{m.line}:{m.col}", m.text, m.kind.value, value, m.unit or "", rng,
                         (c.entity or "") if c else "", (c.metric or "") if c else "", (c.period or "") if c else ""])
        total += len(doc.claims)
        attached += sum(1 for c in doc.claims if c.entity and c.metric)
        dated = f"date {doc.date} ({doc.date_source.replace('_', ' ')})" if doc.date else "no date"
        out.append(f"{doc.path}: {len(doc.mentions)} mentions, {dated}")
        if rows:
            out.append(tabulate(rows, headers=["at", "text", "kind", "value", "unit", "interval", "entity", "metric",
                                               "period"], tablefmt="simple", maxcolwidths=[None, 30]))
        if doc.unparsed:
            out.append("not attributed: " + "; ".join(f"{u.line}:{u.col} '{u.text}' ({u.reason})" for u in doc.unparsed))
        out.append("")
    if total:
        out.append(f"coverage: {attached} of {total} figures attributed to an entity and a metric "
                   f"({100 * attached / total:.0f}%)")
    return "\n".join(out) + "\n"


def _g(x) -> str:
    return "" if x is None else f"{x:.6g}"
