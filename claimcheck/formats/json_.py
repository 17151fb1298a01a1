"""JSON output: the stable contract other tools read (documented in the README).

``check``: ``{"version": 1, "findings": [...], "verified": [...], "summary": {...}}``.
``extract``: ``{"version": 1, "documents": [{"path", "date", "mentions", "claims", "unparsed"}]}``.
Keys are sorted and output is byte-identical for the same input.
"""
from __future__ import annotations

import json
from typing import Iterable

from ..models import SCHEMA_VERSION, Document, Report

_FINDING_KEYS = ("rule", "severity", "message", "explanation", "suggestion", "locations", "distance", "fingerprint",
                 "suppression")
_LOCATION_KEYS = ("path", "start", "end", "line", "col", "end_line", "end_col", "text", "sentence")


def _finding(f) -> dict:
    d = f.model_dump(mode="json")
    d["locations"] = [{k: loc[k] for k in _LOCATION_KEYS} for loc in d["locations"]]
    return {k: d[k] for k in _FINDING_KEYS}


def render_report(report: Report, **options) -> str:
    data = {"version": SCHEMA_VERSION,
            "findings": [_finding(f) for f in report.findings],
            "verified": [_finding(f) for f in report.verified],
            "suppressed": [_finding(f) for f in report.suppressed],
            "summary": report.summary.model_dump(mode="json")}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def document_dict(doc: Document) -> dict:
    d = doc.model_dump(mode="json", exclude={"sentences"})
    for m in d["mentions"]:
        if m["per"] is None:
            del m["per"]
    return {"path": d["path"], "date": d["date"], "date_source": d["date_source"], "title": d["title"],
            "mentions": d["mentions"], "claims": d["claims"], "unparsed": d["unparsed"]}


def render_documents(docs: Iterable[Document]) -> str:
    data = {"version": SCHEMA_VERSION, "documents": [document_dict(d) for d in docs]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
