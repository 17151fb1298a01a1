"""JSON output: the stable contract other tools read (documented in the README).

``check``: ``{"version": 1, "findings": [...], "verified": [...], "summary": {...}}``.
``extract``: ``{"version": 1, "documents": [{"path", "date", "mentions", "claims", "unparsed"}]}``.
Keys are sorted and output is byte-identical for the same input.
"""
from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring
from typing import Iterable

from ..models import SCHEMA_VERSION, Document, Report

_INF = float("inf")
_FINDING_KEYS = ("rule", "severity", "message", "explanation", "suggestion", "locations", "distance", "fingerprint",
                 "suppression")
_LOCATION_KEYS = ("path", "start", "end", "line", "col", "end_line", "end_col", "text", "sentence")


def _finding(f) -> dict:
    d = f.model_dump(mode="json")
    d["locations"] = [{k: loc[k] for k in _LOCATION_KEYS} for loc in d["locations"]]
    return {k: d[k] for k in _FINDING_KEYS}


def render_report(report: Report, **options) -> str:
    # Written a finding at a time: no tree of every finding's dict is built, and each is
    # encoded by dumps() below rather than by the json module's (slower) indenting encoder.
    out = ['{\n  "version": ', dumps(SCHEMA_VERSION)]
    for key, findings in (("findings", report.findings), ("verified", report.verified),
                          ("suppressed", report.suppressed)):
        out.append(f',\n  "{key}": ')
        if not findings:
            out.append("[]")
            continue
        out.append("[")
        sep = "\n    "
        for f in findings:
            out.append(sep)
            out.append(dumps(_finding(f), 2))
            sep = ",\n    "
        out.append("\n  ]")
    out += [',\n  "summary": ', dumps(report.summary.model_dump(mode="json"), 1), "\n}\n"]
    return "".join(out)


def dumps(obj, level: int = 0) -> str:
    """``json.dumps(obj, indent=2, ensure_ascii=False)`` of dicts (with string keys), lists and
    JSON scalars, written as if nested ``level`` deep: the same text, without the generators
    of the json module's pure-Python encoder (it has no C encoder for indented output)."""
    out: list[str] = []
    _encode(obj, level, out)
    return "".join(out)


def _flat(level: int):
    """An encoder of a container of scalars nested ``level`` deep, writing it as the indenting
    encoder would (one item a line): the C encoder's separators can say so, its indent cannot.
    Built once: ``JSONEncoder.encode`` would build a C encoder at every call."""
    sep = ",\n" + "  " * (level + 1)
    if c_make_encoder is None:                  # a Python without the json module's C part
        return json.JSONEncoder(ensure_ascii=False, separators=(sep, ": ")).encode
    encode = c_make_encoder(None, json.JSONEncoder().default, encode_basestring, None, ": ", sep,
                            False, False, True)
    return lambda o: "".join(encode(o, 0))


_FLAT = [_flat(level) for level in range(8)]
_CONTAINERS = (dict, list, tuple)


def _encode(o, level: int, out: list) -> None:
    if isinstance(o, str):
        out.append(encode_basestring(o))
    elif isinstance(o, _CONTAINERS) and o and level < len(_FLAT) and \
            not any(isinstance(v, _CONTAINERS) for v in (o.values() if isinstance(o, dict) else o)):
        text = _FLAT[level](o)
        out.append(f"{text[0]}\n{'  ' * (level + 1)}{text[1:-1]}\n{'  ' * level}{text[-1]}")
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        sep = "{\n" + "  " * (level + 1)
        for k, v in o.items():
            out.append(sep)
            out.append(encode_basestring(k))
            out.append(": ")
            _encode(v, level + 1, out)
            sep = ",\n" + "  " * (level + 1)
        out.append("\n" + "  " * level + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        sep = "[\n" + "  " * (level + 1)
        for v in o:
            out.append(sep)
            _encode(v, level + 1, out)
            sep = ",\n" + "  " * (level + 1)
        out.append("\n" + "  " * level + "]")
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        out.append(float.__repr__(o) if o == o and o not in (_INF, -_INF) else
                   "NaN" if o != o else "Infinity" if o > 0 else "-Infinity")
    else:
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def document_dict(doc: Document) -> dict:
    d = doc.model_dump(mode="json", exclude={"sentences"})
    for m in d["mentions"]:
        if m["per"] is None:
            del m["per"]
    return {"path": d["path"], "date": d["date"], "date_source": d["date_source"], "title": d["title"],
            "mentions": d["mentions"], "claims": d["claims"], "unparsed": d["unparsed"]}


def render_documents(docs: Iterable[Document]) -> str:
    data = {"version": SCHEMA_VERSION, "documents": [document_dict(d) for d in docs]}
    return dumps(data) + "\n"
