"""A Markdown discrepancy report, fit for a pull-request comment or an editor's email.

A title, a summary line, then one section per document with each finding: severity, rule,
message, the quoted sentence with the figures involved in bold, the arithmetic (the
finding's explanation) and the suggestion. Everything that comes from a document (quoted
sentences, figures, messages, paths) is escaped, so prose containing ``*``, ``_``, ``<``,
``|``, ``$`` or backticks shows as written. ``verbose=True`` also lists the verified
relations and suppressed findings. Deterministic output.
"""
from __future__ import annotations

import re
from typing import Optional

from ..models import Finding, Location, Report

ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def _plain(text: str) -> str:
    """One line of text: newlines and tabs become spaces, control characters U+FFFD."""
    text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("\ufffd", text)


def escape(text: str, line_start: bool = False) -> str:
    """Inline Markdown (GitHub-flavoured) that renders as ``text``, on one line."""
    out = _SPECIAL.sub(r"\\\1", _plain(text))
    if line_start:            # "# x", "- x", "1. x" would start a heading or a list
        out = _LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]
                                                       if m.group(2)[0].isdigit() else "\\" + m.group(2)), out)
    return out


def code(text: str) -> str:
    """An inline code span that holds ``text`` whatever backticks it contains."""
    text = _plain(text)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def summary_line(report: Report) -> str:
    s = report.summary
    counts = f"{_plural(s.errors, 'error')}, {_plural(s.warnings, 'warning')}, {s.infos} info"
    rest = f"{_plural(s.documents, 'document')} · {_plural(s.claims, 'claim')} · {_plural(s.checked, 'check')} · " \
        f"{len(report.verified)} verified"
    extra = []
    if s.skipped:
        extra.append(f"{s.skipped} skipped")
    if s.suppressed:
        extra.append(f"{s.suppressed} suppressed")
    if s.baselined:
        extra.append(f"{s.baselined} in the baseline")
    tail = f" ({', '.join(extra)})" if extra else ""
    if not report.findings:
        return f"No discrepancies found: {rest}{tail}."
    return f"**{counts}** in {rest}{tail}."


def _spans_in_sentence(sentence: str, locs: list[Location]) -> Optional[list[tuple[int, int]]]:
    """Where each location's text sits in its sentence: the sentence start ``s`` must put every
    location at ``loc.start - s``; try each occurrence of the first span's text."""
    first = locs[0]
    pos = sentence.find(first.text)
    while pos >= 0 and first.text:
        base = first.start - pos
        spans = [(loc.start - base, loc.end - base) for loc in locs]
        if all(0 <= a <= b <= len(sentence) and sentence[a:b] == loc.text for (a, b), loc in zip(spans, locs)):
            return spans
        pos = sentence.find(first.text, pos + 1)
    return None


def quote_sentence(sentence: str, locs: list[Location]) -> str:
    """The sentence with the spans of ``locs`` in bold, escaped (one line, no ``>`` prefix)."""
    spans = _spans_in_sentence(sentence, locs)
    if spans is None:                 # fall back to the first occurrence of each figure
        spans = []
        for loc in locs:
            i = sentence.find(loc.text) if loc.text else -1
            if i >= 0:
                spans.append((i, i + len(loc.text)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if a == b:
            continue
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    out, pos = [], 0
    for a, b in merged:
        out.append(escape(sentence[pos:a], line_start=pos == 0))
        out.append(f"**{escape(sentence[a:b])}**")
        pos = b
    out.append(escape(sentence[pos:], line_start=pos == 0))
    return "".join(out).strip()


def _where(loc: Location, with_path: bool) -> str:
    return (f"{code(loc.path)}, " if with_path else "") + f"line {loc.line}, col {loc.col}"


def _finding(n: int, f: Finding, doc_path: str) -> list[str]:
    sev = f.severity.value
    loc0 = f.locations[0] if f.locations else None
    head = f"**{n}. {ICONS[sev]} {sev}** · {code(f.rule)}"
    if loc0 is not None:
        head += f" · {_where(loc0, loc0.path != doc_path)}"
    lines = [head, "", escape(f.message, line_start=True), ""]
    groups: dict[tuple[str, str], list[Location]] = {}
    for loc in f.locations:
        if loc.sentence:
            groups.setdefault((loc.path, loc.sentence), []).append(loc)
    for (path, sentence), locs in groups.items():
        where = f" — {code(path)}, line {locs[0].line}" if path != doc_path else ""
        lines.append(f"> {quote_sentence(sentence, locs)}{where}")
        lines.append(">")
    if groups:
        lines[-1] = ""
    figures = ", ".join(f"'{escape(loc.text)}'" + (f" ({code(loc.path)})" if loc.path != doc_path else "")
                        for loc in f.locations if not loc.sentence)
    if figures:
        lines += [f"Figures: {figures}", ""]
    lines += [f"**Arithmetic:** {escape(f.explanation)}", ""]
    if f.suggestion:
        lines += [f"**Suggestion:** {escape(f.suggestion)}", ""]
    return lines


def _by_document(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.locations[0].path if f.locations else "", []).append(f)
    return out


def _brief(f: Finding, extra: str) -> str:
    loc = f.locations[0] if f.locations else None
    where = f"{code(f'{loc.path}:{loc.line}:{loc.col}')} " if loc else ""
    return f"- {where}{code(f.rule)}: {escape(extra)}"


def render_report(report: Report, verbose: bool = False, title: str = "claimcheck report", **options) -> str:
    """The report as Markdown (ending in a newline)."""
    out = [f"# {escape(title, line_start=True)}", "", summary_line(report), ""]
    n = 0
    for path, findings in _by_document(report.findings).items():
        label = f"{_plural(sum(f.severity.value == 'error' for f in findings), 'error')}, " \
                f"{_plural(sum(f.severity.value == 'warning' for f in findings), 'warning')}"
        if any(f.severity.value == "info" for f in findings):
            label += f", {sum(f.severity.value == 'info' for f in findings)} info"
        out += [f"## {code(path)}", "", f"_{label}_", ""]
        for f in findings:
            n += 1
            out += _finding(n, f, path)
    if verbose and report.verified:
        out += ["## Verified", ""]
        out += [_brief(f, f.explanation) for f in report.verified]
        out.append("")
    if verbose and report.suppressed:
        out += ["## Suppressed", ""]
        out += [_brief(f, f"{f.message} (reason: {f.suppression or 'none given'})") for f in report.suppressed]
        out.append("")
    if verbose and report.unused_suppressions:
        out += ["## Unused suppressions", ""]
        out += [f"- {escape(u)}" for u in report.unused_suppressions]
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
