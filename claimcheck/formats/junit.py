"""JUnit XML output, for CI systems that show test results (GitLab, Jenkins, Azure...).

One ``<testsuite name="claimcheck">`` holds one ``<testcase classname="claimcheck" name=PATH>``
per document. Each finding at or above ``fail_on`` (default ``"error"``; ``error > warning >
info``; ``"never"`` fails nothing) is a ``<failure>`` of the document of its first location;
the suite's ``failures`` counts the documents that failed (JUnit semantics). Findings below
the threshold are listed in the testcase's ``<system-out>``. Pass ``documents=`` (the paths
checked) so that clean documents appear as passing testcases; otherwise the documents are
those the findings name. Characters XML 1.0 cannot carry (control characters, lone
surrogates) are replaced by U+FFFD. Deterministic output.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterable, Optional

from ..models import Finding, Report

RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    """Text XML 1.0 can carry (ElementTree escapes ``<``, ``&``, quotes, but not these)."""
    return _NOT_XML.sub("\ufffd", text)


def _threshold(fail_on) -> int:
    name = str(getattr(fail_on, "value", fail_on) or "error").lower()
    if name not in RANK:
        raise ValueError(f"fail_on must be one of {', '.join(RANK)}, not {fail_on!r}")
    return RANK[name]


def _where(loc) -> str:
    return f"{loc.path}:{loc.line}:{loc.col}"


def _details(f: Finding) -> str:
    lines = [f"{f.severity.value} {f.rule}: {f.message}", "", f.explanation]
    if f.suggestion:
        lines += ["", f"Suggestion: {f.suggestion}"]
    lines += ["", "Locations:"]
    lines += [f"  {_where(loc)} '{loc.text}'" for loc in f.locations]
    return "\n".join(lines)


def _document_of(f: Finding) -> str:
    return f.locations[0].path if f.locations else ""


def render_report(report: Report, documents: Optional[Iterable[str]] = None, fail_on="error", **options) -> str:
    """The report as JUnit XML (a string ending in a newline)."""
    threshold = _threshold(fail_on)
    paths: list[str] = []
    seen: set[str] = set()
    for p in [*(str(getattr(d, "path", d)) for d in (documents or ())), *(_document_of(f) for f in report.findings)]:
        if p not in seen:
            seen.add(p)
            paths.append(p)
    by_doc: dict[str, list[Finding]] = {p: [] for p in paths}
    for f in report.findings:
        by_doc[_document_of(f)].append(f)

    suite = ET.Element("testsuite", {"name": "claimcheck"})
    n_failed_cases = 0
    for path in paths:
        case = ET.SubElement(suite, "testcase", {"classname": "claimcheck", "name": _clean(path), "time": "0"})
        notes = []
        for f in by_doc[path]:
            if f.severity.rank >= threshold:
                failure = ET.SubElement(case, "failure", {"message": _clean(f.message), "type": _clean(f.rule)})
                failure.text = _clean(_details(f))
            else:
                notes.append(_clean(_details(f)))
        if case.find("failure") is not None:
            n_failed_cases += 1
        if notes:
            ET.SubElement(case, "system-out").text = "\n\n".join(notes)
    suite.set("tests", str(len(paths)))
    suite.set("failures", str(n_failed_cases))   # testcases that failed (JUnit semantics)
    suite.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("time", "0")
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
