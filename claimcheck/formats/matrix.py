"""The desk's discrepancy matrix: what each document says about the same figure.

``render_matrix(documents, fmt, claims_of=None)`` (``fmt``: ``markdown``, ``html`` or ``csv``)
for ``claimcheck report PATHS``. Claims are keyed by (entity, metric, segment, period);
every key that more than one document states is a row listing each document's value (the
figure as written, with ``path:line:col``), the conflicting values marked, and the spread
(largest over smallest value).

* Skipped: hypothetical claims, claims without an entity, a metric or a period, and
  multipliers and dates (they are not values of the metric).
* Two values conflict when their intervals ``[low, high]`` (``None``: unbounded) share no
  value, they are in the same unit (and per-unit denominator) and modality (a forecast is
  not contradicted by a result), and they are not two figures of one sentence.
* The spread is computed over the values of the row's most common unit (``None`` when
  those values do not all have one sign).
* ``claims_of(document)`` returns the claims to use (default: ``document.claims``).

Rows are sorted by key, values by document order then position: the output is
deterministic. CSV has one line per value (the key columns repeated).
"""
from __future__ import annotations

import csv
import html as _html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .. import __version__
from ..models import Claim, Document, Mention

FORMATS = ("markdown", "html", "csv")
SKIPPED_KINDS = ("multiplier", "date")


@dataclass
class Cell:
    doc: int                      # index of the document
    path: str
    claim: Claim
    mention: Mention
    conflicts: list[int] = field(default_factory=list)   # indexes of the cells it conflicts with

    @property
    def where(self) -> str:
        return f"{self.path}:{self.mention.line}:{self.mention.col}"

    @property
    def unit(self) -> tuple:
        return (self.mention.unit or "", self.mention.per or "")

    @property
    def interval(self) -> tuple[Optional[float], Optional[float]]:
        m = self.mention
        lo, hi = m.low, m.high
        if lo is None and hi is None and m.value is not None and m.qualifier.value == "exact":
            lo = hi = m.value
        if m.negative:
            lo, hi = (None if hi is None else -hi), (None if lo is None else -lo)
        return lo, hi

    @property
    def point(self) -> Optional[float]:
        v = self.mention.value
        if v is None:
            return None
        return -v if self.mention.negative else v


@dataclass
class Row:
    entity: str
    metric: str
    segment: Optional[str]
    period: str
    cells: list[Cell]
    spread: Optional[float] = None

    @property
    def conflicting(self) -> bool:
        return any(c.conflicts for c in self.cells)


def _disjoint(a: tuple, b: tuple) -> bool:
    (alo, ahi), (blo, bhi) = a, b
    if ahi is not None and blo is not None and ahi < blo:
        return True
    if bhi is not None and alo is not None and bhi < alo:
        return True
    return False


def build_rows(documents: Iterable[Document], claims_of: Optional[Callable[[Document], Iterable[Claim]]] = None
               ) -> list[Row]:
    """The rows of the matrix: keys stated by more than one document."""
    claims_of = claims_of or (lambda d: d.claims)
    groups: dict[tuple, list[Cell]] = {}
    for i, doc in enumerate(documents):
        mentions = {m.id: m for m in doc.mentions}
        for c in claims_of(doc):
            if not c.entity or not c.metric or not c.period or c.modality == "hypothetical":
                continue
            m = mentions.get(c.mention)
            if m is None or m.kind.value in SKIPPED_KINDS:
                continue
            groups.setdefault((c.entity, c.metric, c.segment or "", c.period), []).append(Cell(i, doc.path, c, m))
    rows = []
    for key in sorted(groups):
        cells = sorted(groups[key], key=lambda c: (c.doc, c.mention.start, c.mention.end, c.claim.id))
        if len({c.doc for c in cells}) < 2:
            continue
        for a in range(len(cells)):
            for b in range(a + 1, len(cells)):
                x, y = cells[a], cells[b]
                if x.unit != y.unit or x.claim.modality != y.claim.modality:
                    continue
                if x.doc == y.doc and x.claim.sentence == y.claim.sentence:
                    continue
                if _disjoint(x.interval, y.interval):
                    x.conflicts.append(b)
                    y.conflicts.append(a)
        entity, metric, segment, period = key
        rows.append(Row(entity, metric, segment or None, period, cells, _spread(cells)))
    return rows


def _spread(cells: list[Cell]) -> Optional[float]:
    units = Counter(c.unit for c in cells)
    unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    points = [c.point for c in cells if c.unit == unit and c.point is not None]
    if len(points) < 2:
        return None
    if all(p > 0 for p in points):
        return max(points) / min(points)
    if all(p < 0 for p in points):
        return min(points) / max(points)
    return None


def _spread_text(x: Optional[float]) -> str:
    return "" if x is None else f"{x:.3g}x"


def _label(metric: str) -> str:
    return metric.replace("_", " ")


def _modality(c: Cell) -> str:
    return "" if c.claim.modality == "actual" else c.claim.modality


# --------------------------------------------------------------------------- Markdown

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&#])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", text or ""))


def _md_code(text: str) -> str:
    text = _CONTROL.sub(" ", text).replace("|", "\\|")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _render_markdown(rows: list[Row], n_docs: int) -> str:
    n_conf = sum(r.conflicting for r in rows)
    out = ["# Discrepancy matrix", "",
           f"{len(rows)} figure{'s' * (len(rows) != 1)} stated by more than one of {n_docs} documents; "
           f"**{n_conf} with conflicting values** (marked ✗).", ""]
    if not rows:
        out[-2] = f"No figure is stated by more than one of {n_docs} documents."
        return "\n".join(out[:-1]) + "\n"
    out += ["| entity | metric | segment | period | values | spread |",
            "| --- | --- | --- | --- | --- | ---: |"]
    for r in rows:
        values = []
        for c in r.cells:
            mark = "**✗** " if c.conflicts else ""
            tag = f" _({_modality(c)})_" if _modality(c) else ""
            values.append(f"{mark}'{_md(c.mention.text)}'{tag} {_md_code(c.where)}")
        spread = _spread_text(r.spread)
        if r.conflicting and spread:
            spread = f"**{spread}**"
        out.append(f"| {_md(r.entity)} | {_md(_label(r.metric))} | {_md(r.segment or '')} | {_md(r.period)} | "
                   f"{'<br>'.join(values)} | {spread} |")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML

def _h(text) -> str:
    s = "" if text is None else str(text)
    return _html.escape(_CONTROL.sub("\ufffd", s), quote=True)


MATRIX_CSS = """
body{margin:0;padding:24px 32px;background:#f3f4f6;color:#1f2937;
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif}
h1{font-size:22px;margin:0 0 4px}p.sub{margin:0 0 16px;color:#4b5563}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e5e7eb}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid #e5e7eb}
th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#6b7280;background:#f9fafb}
tr.conflict td:first-child{box-shadow:inset 4px 0 0 #dc2626}
ul{list-style:none;margin:0;padding:0}li{margin:0 0 3px}
.v{font-family:Georgia,"DejaVu Serif",serif;background:#f3f4f6;border-radius:3px;padding:0 4px}
li.conflict .v{background:#fee2e2;color:#991b1b;font-weight:600}
.mark{color:#dc2626;font-weight:700}
.where{font:12px ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;color:#6b7280}
.mod{font-style:italic;color:#6b7280}
td.spread{text-align:right;font-variant-numeric:tabular-nums}
tr.conflict td.spread{color:#dc2626;font-weight:700}
@media print{body{background:#fff;padding:0}tr{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _render_html(rows: list[Row], n_docs: int) -> str:
    n_conf = sum(r.conflicting for r in rows)
    sub = (f"{len(rows)} figure{'s' * (len(rows) != 1)} stated by more than one of {n_docs} documents; "
           f"{n_conf} with conflicting values." if rows
           else f"No figure is stated by more than one of {n_docs} documents.")
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">\n'
           f'<meta name="generator" content="claimcheck {_h(__version__)}">\n'
           f"<title>Discrepancy matrix</title>\n<style>{MATRIX_CSS}</style>\n</head>\n<body>\n"
           f'<h1>Discrepancy matrix</h1>\n<p class="sub">{_h(sub)}</p>\n']
    if rows:
        out.append('<table class="matrix">\n<thead><tr><th>entity</th><th>metric</th><th>segment</th><th>period</th>'
                   '<th>values</th><th>spread</th></tr></thead>\n<tbody>\n')
        for r in rows:
            cls = ' class="conflict"' if r.conflicting else ""
            items = []
            for c in r.cells:
                mod = f' <span class="mod">({_h(_modality(c))})</span>' if _modality(c) else ""
                mark = '<span class="mark" title="conflicts with another value">✗</span> ' if c.conflicts else ""
                li = '<li class="conflict">' if c.conflicts else "<li>"
                items.append(f'{li}'
                             f'{mark}<span class="v">{_h(c.mention.text)}</span>{mod} '
                             f'<span class="where">{_h(c.where)}</span></li>')
            out.append(f"<tr{cls}><td>{_h(r.entity)}</td><td>{_h(_label(r.metric))}</td><td>{_h(r.segment or '')}</td>"
                       f"<td>{_h(r.period)}</td><td><ul>{''.join(items)}</ul></td>"
                       f'<td class="spread">{_h(_spread_text(r.spread))}</td></tr>\n')
        out.append("</tbody>\n</table>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = ("entity", "metric", "segment", "period", "path", "line", "col", "text", "value", "low", "high",
               "unit", "per", "modality", "conflict", "conflicts_with", "spread")


def _num(x: Optional[float]) -> str:
    return "" if x is None else repr(float(x))


def _render_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        for c in r.cells:
            lo, hi = c.interval
            w.writerow([r.entity, r.metric, r.segment or "", r.period, c.path, c.mention.line, c.mention.col,
                        c.mention.text, _num(c.point), _num(lo), _num(hi), c.mention.unit or "", c.mention.per or "",
                        c.claim.modality, "yes" if c.conflicts else "no",
                        "; ".join(r.cells[k].where for k in c.conflicts),
                        "" if r.spread is None else f"{r.spread:.6g}"])
    return buf.getvalue()


def render_matrix(documents: list[Document], fmt: str, claims_of: Optional[Callable[[Document], Iterable[Claim]]] = None
                  ) -> str:
    """The discrepancy matrix of ``documents`` as ``markdown``, ``html`` or ``csv``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown matrix format {fmt!r}: use one of {', '.join(FORMATS)}")
    docs = list(documents)
    rows = build_rows(docs, claims_of)
    if fmt == "markdown":
        return _render_markdown(rows, len(docs))
    if fmt == "html":
        return _render_html(rows, len(docs))
    return _render_csv(rows)
