"""GitHub Actions workflow commands: one annotation line per finding.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE``; warnings are
``::warning`` and info findings ``::notice``. Data is escaped as the Actions runner expects
(``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``; in properties also ``:`` -> ``%3A`` and
``,`` -> ``%2C``), so a message can never end the command early or inject another one.
Columns follow claimcheck (1-based, ``endColumn`` exclusive); ``col``/``endColumn`` are only
given when the span is on one line, as GitHub requires. The suggestion, when there is one,
is a second line of the annotation.
"""
from __future__ import annotations

from ..models import Finding, Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _line(f: Finding) -> str:
    props: list[tuple[str, str]] = []
    if f.locations:
        loc = f.locations[0]
        props.append(("file", loc.path.replace("\\", "/")))
        props.append(("line", str(loc.line)))
        if loc.end_line == loc.line:
            props.append(("col", str(loc.col)))
            props += [("endLine", str(loc.end_line)), ("endColumn", str(max(loc.end_col, loc.col)))]
        else:
            props.append(("endLine", str(loc.end_line)))
    props.append(("title", f.rule))
    message = f.message + (f"\n→ {f.suggestion}" if f.suggestion else "")
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[f.severity.value]} {head}::{escape_data(message)}"


def render_report(report: Report, **options) -> str:
    """One workflow command per finding (suppressed findings are left out)."""
    return "".join(_line(f) + "\n" for f in report.findings)
