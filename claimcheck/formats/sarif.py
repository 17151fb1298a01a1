"""SARIF 2.1.0 output, for GitHub code scanning and other static-analysis viewers.

``render_report(report, rules=None)`` returns one run whose ``tool.driver.rules`` describe the
rules (pass the rule models: objects with ``id``, ``description``, ``help``, ``severity`` and
``message``; without them the list is derived from the findings). Every finding becomes a
result with its first location as the primary location, every location as a related location
(message: the quoted span), and ``partialFingerprints["claimcheck/v1"]`` so that viewers track
a finding across runs. Findings suppressed by an inline comment are included with a SARIF
``suppressions`` entry (viewers hide them). Columns are counted in Unicode code points, as
claimcheck counts them. Output is byte-identical for the same input.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable, Optional
from urllib.parse import quote

from .. import __version__
from ..models import Finding, Location, Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/claimcheck/claimcheck"
FINGERPRINT_KEY = "claimcheck/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _sev(value: Any) -> str:
    """A severity (enum or string) as its name."""
    return str(getattr(value, "value", value) or "warning")


def _level(severity: Any) -> str:
    return LEVELS.get(_sev(severity), "warning")


_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_uri(path: str) -> str:
    """A path as a SARIF URI reference: forward slashes, percent-encoded, relative paths kept
    relative (``corpus/a.md``), absolute ones as ``file://`` URIs."""
    p = path.replace("\\", "/")
    if _WINDOWS_DRIVE.match(p):
        return "file:///" + quote(p, safe="/:-._~")
    if p.startswith("/"):
        return "file://" + quote(p, safe="/-._~")
    if p.startswith("./"):
        p = p[2:]
    return quote(p, safe="/-._~")


def _rule_entry(rule: Any) -> dict:
    rule = getattr(rule, "rule", rule)          # a LoadedRule is accepted too
    rid = str(rule.id)
    description = (getattr(rule, "description", None) or rid).strip()
    help_text = (getattr(rule, "help", None) or "").strip() or description
    short = description.split("\n", 1)[0]
    entry = {"id": rid, "name": rid,
             "shortDescription": {"text": short},
             "fullDescription": {"text": description},
             "help": {"text": help_text},
             "defaultConfiguration": {"level": _level(getattr(rule, "severity", "warning"))}}
    message = getattr(rule, "message", None)
    if message:
        entry["properties"] = {"messageTemplate": str(message)}
    return entry


def _derived_rule(rule_id: str, findings: list[Finding]) -> dict:
    severities = [f.severity for f in findings if f.rule == rule_id]
    top = max(severities, key=lambda s: s.rank) if severities else "warning"
    return {"id": rule_id, "name": rule_id,
            "shortDescription": {"text": rule_id},
            "fullDescription": {"text": f"claimcheck rule {rule_id}"},
            "help": {"text": f"See 'claimcheck explain {rule_id}'."},
            "defaultConfiguration": {"level": _level(top)}}


def _region(loc: Location) -> dict:
    return {"startLine": loc.line, "startColumn": loc.col,
            "endLine": loc.end_line, "endColumn": max(loc.end_col, loc.col),
            "charOffset": loc.start, "charLength": max(loc.end - loc.start, 0),
            "snippet": {"text": loc.text}}


def _physical(loc: Location) -> dict:
    return {"artifactLocation": {"uri": artifact_uri(loc.path)}, "region": _region(loc)}


def _message(f: Finding) -> str:
    text = f.message.strip()
    if f.suggestion:
        text += ("" if text.endswith((".", "!", "?")) else ".") + " Suggestion: " + f.suggestion.strip()
    return text


def _result(f: Finding, rule_index: dict[str, int], suppressed: bool = False) -> dict:
    result: dict = {"ruleId": f.rule, "ruleIndex": rule_index[f.rule], "level": _level(f.severity),
                    "message": {"text": _message(f)}}
    if f.locations:
        result["locations"] = [{"physicalLocation": _physical(f.locations[0])}]
        result["relatedLocations"] = [{"id": i, "physicalLocation": _physical(loc),
                                       "message": {"text": f"'{loc.text}'"}}
                                      for i, loc in enumerate(f.locations)]
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    props: dict = {"severity": f.severity.value, "explanation": f.explanation}
    if f.suggestion:
        props["suggestion"] = f.suggestion
    if f.distance is not None:
        props["distance"] = f.distance
    result["properties"] = props
    if suppressed:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                   "justification": f.suppression or "suppressed by an inline comment"}]
    return result


def rule_list(report: Report, rules: Optional[Iterable[Any]] = None) -> list[dict]:
    """``tool.driver.rules``: the given rules (sorted by id), plus any rule a finding names
    that they do not describe."""
    findings = [*report.findings, *report.suppressed]
    entries: dict[str, dict] = {}
    for r in rules or ():
        e = _rule_entry(r)
        entries.setdefault(e["id"], e)
    for f in findings:
        if f.rule not in entries:
            entries[f.rule] = _derived_rule(f.rule, findings)
    return [entries[k] for k in sorted(entries)]


def render_report(report: Report, rules: Optional[Iterable[Any]] = None, **options) -> str:
    """The report as a SARIF 2.1.0 log (a JSON string ending in a newline)."""
    rule_entries = rule_list(report, rules)
    index = {e["id"]: i for i, e in enumerate(rule_entries)}
    results = [_result(f, index) for f in report.findings]
    results += [_result(f, index, suppressed=True) for f in report.suppressed]
    run = {"tool": {"driver": {"name": "claimcheck", "version": __version__, "semanticVersion": __version__,
                               "informationUri": INFORMATION_URI, "rules": rule_entries}},
           "columnKind": "unicodeCodePoints",
           "results": results}
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
