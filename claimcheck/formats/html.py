"""One self-contained HTML page: each document's text with every figure highlighted.

``render_report(report, documents=[(Document, raw_text), ...], title=..., verified=True)``

* A summary at the top (counts, the documents, a legend of the figure kinds).
* Per document: its raw text with every extracted figure highlighted by kind
  (``<span class="mention kind-money" data-mention="m3" data-span="d0-m3" id="d0-m3">``),
  figures that a finding involves marked by severity (``flag flag-error`` and the numbers
  of the findings, which also show when printed), and beside the text the findings
  (``<li class="finding" data-spans="d0-m3 d0-m5">``) and the verified relations.
  Clicking a finding (or pressing Enter on it) scrolls to its figures and gives them the
  class ``active``; clicking a flagged figure selects its finding; ``j``/``k`` step through
  the findings.
* Spans are ``raw[start:end]`` (``Mention.start/end``, ``Location.start/end``); spans that
  cross are split so the markup stays well nested (every piece carries ``data-span``).

The page needs nothing from the network (inline CSS and JS, system fonts, a CSP that forbids
any fetch). All document text and messages are HTML-escaped, control characters shown as
visible symbols; the JSON embedded for the script escapes ``<``, ``>`` and ``&``. The output
is byte-identical for the same input.
"""
from __future__ import annotations

import heapq
import html as _html
import json
import re
from typing import Iterable, Optional, Sequence

from .. import __version__
from ..models import Document, Finding, Kind, Location, Mention, Report

KIND_LABELS = {"money": "money", "percent": "percent", "percentage_points": "percentage points",
               "count": "count", "multiplier": "multiplier", "date": "date", "number": "number"}
SEVERITIES = ("error", "warning", "info")

_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff\ufffe\uffff]")
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[!?/]?[A-Za-z][^>]*>", re.S | re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


# --------------------------------------------------------------------------- escaping

def _visible(text: str) -> str:
    """Control characters as visible symbols (U+2400...), others that HTML cannot carry as U+FFFD;
    newlines and tabs stay."""
    out = []
    for ch in text:
        o = ord(ch)
        if o < 0x20 and ch not in "\n\t":
            out.append(chr(0x2400 + o))
        elif o == 0x7F:
            out.append("\u2421")
        else:
            out.append(ch)
    return _C1_OR_SURROGATE.sub("\ufffd", "".join(out))


def esc(text) -> str:
    """Text (or an attribute value) as HTML: ``& < > " '`` escaped, control characters visible."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _html.escape(_visible(s), quote=True)


def _raw_piece(raw: str, a: int, b: int) -> str:
    """``raw[a:b]`` escaped for a ``pre-wrap`` block; CR LF and lone CR become LF."""
    if a >= b:
        return ""
    s = raw[a:b]
    if s.endswith("\r") and b < len(raw) and raw[b] == "\n":
        s = s[:-1]                 # the LF that follows ends the line
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _html.escape(_visible(s), quote=True)


def json_for_script(data) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and U+2028/U+2029 as ``\\u`` escapes."""
    s = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        s = s.replace(ch, rep)
    return s


# --------------------------------------------------------------------------- figures

def _num(x: Optional[float]) -> str:
    if x is None:
        return "unbounded"
    a = abs(x)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if a >= scale:
            return f"{x / scale:.4g} {word}"
    return f"{x:,.0f}" if a >= 1000 else f"{x:.4g}"


def _mention_title(m: Mention, claim) -> str:
    parts = [KIND_LABELS.get(m.kind.value, m.kind.value)]
    if m.kind == Kind.date:
        parts.append(m.period or m.text)
    else:
        value = _num(-m.value if m.negative and m.value is not None else m.value) if m.value is not None else "?"
        unit = (" " + m.unit) if m.unit else ""
        per = f" per {m.per}" if m.per else ""
        parts.append(f"{value}{unit}{per}")
        if m.low is not None or m.high is not None:
            if m.low != m.high:
                parts.append(f"{_num(m.low)} to {_num(m.high)}")
    if m.qualifier.value != "exact":
        parts.append(m.qualifier.value.replace("_", " "))
    if claim is not None:
        who = " · ".join(p for p in (claim.entity, (claim.metric or "").replace("_", " "),
                                     claim.segment, claim.period) if p)
        if who:
            parts.append(who)
        if claim.modality != "actual":
            parts.append(claim.modality)
    return "; ".join(parts)


class _Span:
    __slots__ = ("id", "start", "end", "order", "classes", "attrs", "title", "findings", "verified", "refs")

    def __init__(self, sid: str, start: int, end: int, order: int, classes: list[str], attrs: dict, title: str):
        self.id, self.start, self.end, self.order = sid, start, end, order
        self.classes, self.attrs, self.title = classes, attrs, title
        self.findings: list[tuple[int, str]] = []     # (rank, finding id)
        self.verified: list[str] = []
        self.refs: list[int] = []

    def open_tag(self, fragment: int) -> str:
        classes = list(self.classes)
        attrs = dict(self.attrs)
        if self.findings:
            top = max(r for r, _ in self.findings)
            classes += ["flag", "flag-" + {3: "error", 2: "warning", 1: "info"}[top]]
            attrs["data-findings"] = " ".join(dict.fromkeys(fid for _, fid in self.findings))
            if fragment == 0:
                attrs["data-refs"] = ",".join(str(n) for n in dict.fromkeys(self.refs))
        elif self.verified:
            classes.append("checked")
        if self.verified:
            attrs["data-verified"] = " ".join(dict.fromkeys(self.verified))
        if fragment:
            classes.append("frag")
        head = f'<span class="{esc(" ".join(classes))}"'
        if fragment == 0 and "data-span" in attrs:
            head += f' id="{esc(attrs["data-span"])}"'
        for k, v in attrs.items():
            head += f' {k}="{esc(v)}"'
        if self.title:
            title = self.title
            if self.refs:
                title += "; finding " + ", ".join(str(n) for n in dict.fromkeys(self.refs))
            head += f' title="{esc(title)}"'
        return head + ">"


def _render_text(raw: str, spans: Sequence[_Span]) -> str:
    """``raw`` with ``spans`` as nested ``<span>`` elements; a span that crosses the end of an
    enclosing one is split into pieces at that end."""
    heap = [(s.start, -s.end, s.order, 0, i, s.end) for i, s in enumerate(spans)
            if 0 <= s.start < s.end <= len(raw)]
    heapq.heapify(heap)
    out: list[str] = []
    pos = 0
    stack: list[int] = []
    while heap:
        start, _, order, frag, i, end = heapq.heappop(heap)
        while stack and stack[-1] <= start:
            e = stack.pop()
            out.append(_raw_piece(raw, pos, e))
            out.append("</span>")
            pos = e
        out.append(_raw_piece(raw, pos, start))
        pos = start
        if stack and end > stack[-1]:
            heapq.heappush(heap, (stack[-1], -end, order, frag + 1, i, end))
            end = stack[-1]
        out.append(spans[i].open_tag(frag))
        stack.append(end)
    while stack:
        e = stack.pop()
        out.append(_raw_piece(raw, pos, e))
        out.append("</span>")
        pos = e
    out.append(_raw_piece(raw, pos, len(raw)))
    return "".join(out)


# --------------------------------------------------------------------------- page parts

def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _where(loc: Location) -> str:
    return f"{loc.line}:{loc.col}"


def _finding_item(f: Finding, fid: str, number: int, span_ids: list[str], doc_path: Optional[str],
                  cls: str = "finding") -> str:
    sev = f.severity.value
    loc0 = f.locations[0] if f.locations else None
    where = ""
    if loc0 is not None:
        where = _where(loc0) if loc0.path == doc_path else f"{loc0.path}:{_where(loc0)}"
    figures = []
    for loc in f.locations:
        other = f' <span class="f-path">{esc(loc.path)}</span>' if loc.path != doc_path else ""
        figures.append(f'<span class="fig">{esc(loc.text)}</span>{other}')
    parts = [f'<li class="{cls} sev-{sev}" id="{fid}" data-finding="{fid}" data-severity="{sev}" '
             f'data-rule="{esc(f.rule)}" data-spans="{esc(" ".join(span_ids))}" tabindex="0">',
             '<div class="f-head">'
             + (f'<span class="num">{number}</span>' if cls == "finding" else "")
             + f'<span class="badge badge-{sev}">{sev if cls != "check" else "verified"}</span>'
             f'<code class="rule">{esc(f.rule)}</code><span class="f-loc">{esc(where)}</span></div>']
    if cls == "suppressed":
        parts.append(f'<p class="f-msg">{esc(f.message)}</p>')
        parts.append(f'<p class="f-supp">suppressed: {esc(f.suppression or "by an inline comment")}</p>')
    elif cls == "finding":
        parts.append(f'<p class="f-msg">{esc(f.message)}</p>')
        parts.append(f'<p class="f-calc">{esc(f.explanation)}</p>')
        if f.suggestion:
            parts.append(f'<p class="f-fix"><span aria-hidden="true">→ </span>{esc(f.suggestion)}</p>')
        if f.suppression:
            parts.append(f'<p class="f-supp">suppressed: {esc(f.suppression)}</p>')
    else:
        parts.append(f'<p class="f-calc">{esc(f.explanation)}</p>')
    parts.append(f'<p class="f-figs">{" · ".join(figures)}</p>')
    parts.append("</li>")
    return "".join(parts)


CSS = """
:root{--bg:#f3f4f6;--paper:#fff;--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--err:#dc2626;--warn:#d97706;
--info:#2563eb;--ok:#059669;--ui:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","DejaVu Sans",sans-serif;
--serif:Charter,"Bitstream Charter","Iowan Old Style","Sitka Text",Cambria,Georgia,"Noto Serif","DejaVu Serif",serif;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
html{scroll-padding-top:24px}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 var(--ui)}
header.top{background:linear-gradient(135deg,#111827,#1e293b);color:#f9fafb;padding:22px 32px 18px}
header.top h1{margin:0 0 2px;font-size:22px;font-weight:650;letter-spacing:-.01em}
header.top .sub{margin:0 0 14px;color:#cbd5e1}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 14px;padding:0;list-style:none}
.card{background:rgba(255,255,255,.07);border:1px solid rgba(255,255,255,.12);border-radius:10px;padding:8px 14px;min-width:96px}
.card b{display:block;font-size:22px;line-height:1.2;font-weight:650}
.card span{font-size:12px;color:#cbd5e1;text-transform:uppercase;letter-spacing:.05em}
.card.error b{color:#fca5a5}.card.warning b{color:#fcd34d}.card.info b{color:#93c5fd}.card.ok b{color:#6ee7b7}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;font-size:13px;color:#e5e7eb}
.chip{color:var(--ink);border-radius:3px;padding:1px 4px;border-bottom:2px solid transparent}
.legend .sep{width:1px;height:16px;background:rgba(255,255,255,.25)}
nav.toc{max-width:1320px;margin:18px auto 0;padding:0 24px}
nav.toc table{width:100%;border-collapse:collapse;background:var(--paper);border:1px solid var(--line);border-radius:10px;overflow:hidden}
nav.toc th,nav.toc td{text-align:left;padding:6px 12px;border-bottom:1px solid var(--line)}
nav.toc th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);background:#f9fafb}
nav.toc td.n{text-align:right;font-variant-numeric:tabular-nums;width:90px}
nav.toc tr:last-child td{border-bottom:0}
nav.toc a{color:inherit;text-decoration:none}nav.toc a:hover{text-decoration:underline}
.n-error{color:var(--err);font-weight:600}.n-warning{color:var(--warn);font-weight:600}.zero{color:#cbd5e1}
main{max-width:1320px;margin:0 auto;padding:18px 24px 40px}
section.doc{background:var(--paper);border:1px solid var(--line);border-radius:12px;margin:0 0 24px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.doc-head{padding:16px 28px 12px;border-bottom:1px solid var(--line)}
.doc-head h2{margin:0;font:600 19px/1.3 var(--serif)}
.doc-head .meta{margin-top:4px;color:var(--muted);font-size:12.5px}
.doc-head code{font-family:var(--mono);font-size:12px;background:#f3f4f6;padding:1px 5px;border-radius:4px}
.doc-body{display:grid;grid-template-columns:minmax(0,1fr) 390px}
.text{margin:0;padding:22px 32px 28px;white-space:pre-wrap;overflow-wrap:anywhere;font:17px/1.75 var(--serif);color:#111827;tab-size:4}
.frontmatter{display:inline-block;width:100%;color:var(--muted);font:12.5px/1.6 var(--mono);background:#f9fafb;border-left:3px solid var(--line);padding:2px 10px;margin-bottom:2px}
.markup{color:#9ca3af;font:12.5px/1.6 var(--mono)}
.mention{border-radius:3px;padding:1px 2px;border-bottom:2px solid transparent;cursor:help;transition:background-color .2s,box-shadow .2s}
.kind-money{background:#dcfce7;border-bottom-color:#4ade80}
.kind-percent{background:#dbeafe;border-bottom-color:#60a5fa}
.kind-percentage_points{background:#e0e7ff;border-bottom-color:#818cf8}
.kind-count{background:#fef3c7;border-bottom-color:#fbbf24}
.kind-multiplier{background:#f3e8ff;border-bottom-color:#c084fc}
.kind-date{background:#ccfbf1;border-bottom-color:#2dd4bf}
.kind-number{background:#f1f5f9;border-bottom-color:#94a3b8}
.flag{cursor:pointer}
.flag,.chip.lg-error,.chip.lg-warning,.chip.lg-info{text-decoration-line:underline;text-decoration-style:wavy;text-decoration-thickness:1.5px;text-underline-offset:5px;text-decoration-skip-ink:none}
.flag-error,.lg-error{text-decoration-color:var(--err);box-shadow:inset 0 0 0 1.5px rgba(220,38,38,.55)}
.flag-warning,.lg-warning{text-decoration-color:var(--warn);box-shadow:inset 0 0 0 1.5px rgba(217,119,6,.5)}
.flag-info,.lg-info{text-decoration-color:var(--info);box-shadow:inset 0 0 0 1.5px rgba(37,99,235,.4)}
.flag[data-refs]::after{content:attr(data-refs);font:700 10px/1 var(--ui);vertical-align:super;margin-left:2px;padding:1px 3px;border-radius:6px;color:#fff;background:var(--err)}
.flag-warning[data-refs]::after{background:var(--warn)}.flag-info[data-refs]::after{background:var(--info)}
.checked,.lg-checked{text-decoration:underline dotted var(--ok);text-decoration-thickness:1.5px;text-underline-offset:5px}
.span{border-radius:3px}
.active,.mention.active{background:#fde047!important;box-shadow:0 0 0 3px rgba(234,179,8,.55)!important;animation:pulse 1.2s ease-out 1}
@keyframes pulse{0%{box-shadow:0 0 0 0 rgba(234,179,8,.9)}100%{box-shadow:0 0 0 3px rgba(234,179,8,.55)}}
aside.side{border-left:1px solid var(--line);background:#fcfcfd;border-radius:0 0 12px 0;padding:14px 16px 18px;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
aside.side h3{margin:6px 0 8px;font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
aside.side .none{color:var(--ok);font-weight:600;margin:4px 0 12px}
ol.findings,ul.checks{list-style:none;margin:0 0 14px;padding:0}
li.finding,li.check,li.suppressed{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:8px;background:var(--paper);padding:9px 11px;margin:0 0 9px;cursor:pointer;outline:none}
li.finding:hover,li.check:hover,li.suppressed:hover{border-color:#cbd5e1}
li.finding:focus-visible,li.check:focus-visible{box-shadow:0 0 0 3px rgba(37,99,235,.35)}
li.sev-error{border-left-color:var(--err)}li.sev-warning{border-left-color:var(--warn)}li.sev-info{border-left-color:var(--info)}
li.check{border-left-color:var(--ok);padding:6px 10px;font-size:12.5px}
li.suppressed{opacity:.7}
li.finding.active,li.check.active,li.suppressed.active{background:#fefce8!important;border-color:#eab308;box-shadow:0 0 0 2px rgba(234,179,8,.35)!important;animation:none}
.f-head{display:flex;align-items:center;gap:6px;flex-wrap:wrap;margin-bottom:3px}
.num{display:inline-flex;align-items:center;justify-content:center;min-width:20px;height:20px;border-radius:10px;background:#111827;color:#fff;font-size:11px;font-weight:700;padding:0 5px}
.badge{font-size:10.5px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;border-radius:4px;padding:1px 6px;color:#fff}
.badge-error{background:var(--err)}.badge-warning{background:var(--warn)}.badge-info{background:var(--info)}
li.check .badge{background:var(--ok)}
code.rule{font:12px var(--mono);color:#374151;background:#f3f4f6;border-radius:4px;padding:1px 5px}
.f-loc{margin-left:auto;font:11.5px var(--mono);color:var(--muted)}
li p{margin:4px 0}
.f-msg{font-weight:500;color:#111827}
.f-calc{font:12px/1.5 var(--mono);color:#374151;background:#f9fafb;border-radius:6px;padding:5px 7px;overflow-wrap:anywhere}
li.check .f-calc{background:none;padding:0}
.f-fix{color:#065f46;background:#ecfdf5;border-radius:6px;padding:5px 7px}
.f-supp{color:var(--muted);font-style:italic}
.f-figs{font-size:12px;color:var(--muted)}
.fig{font-family:var(--serif);color:#111827;background:#f3f4f6;border-radius:3px;padding:0 3px}
.f-path{font:11px var(--mono)}
.empty{padding:22px 32px;color:var(--muted);font-style:italic}
section.orphans{padding:16px 28px}
footer{max-width:1320px;margin:0 auto;padding:0 24px 32px;color:var(--muted);font-size:12px}
kbd{font:11px var(--mono);border:1px solid #94a3b8;border-bottom-width:2px;border-radius:4px;padding:0 4px}
@media (max-width:980px){.doc-body{grid-template-columns:1fr}aside.side{position:static;max-height:none;border-left:0;border-top:1px solid var(--line);border-radius:0 0 12px 12px}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:11pt}
header.top{background:none;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
header.top .sub,.card span,.legend{color:#000}
.card{border-color:#999;background:none}.card b{color:#000!important}
nav.toc,main,footer{max-width:none;padding-left:0;padding-right:0}
section.doc{border:0;box-shadow:none;border-radius:0;break-before:page}
.doc-head{padding:0 0 8px}
section.doc:first-of-type{break-before:auto}
.doc-body{display:block}
aside.side{position:static;max-height:none;overflow:visible;border:0;border-top:1px solid #999;background:none}
.text{padding:12px 0;font-size:11.5pt}
li.finding,li.check{break-inside:avoid;cursor:auto}
.hint{display:none}
}
"""

JS = """
(function(){
  "use strict";
  var data = JSON.parse(document.getElementById("claimcheck-data").textContent);
  var current = -1;
  function clear(){
    var act = document.querySelectorAll(".active");
    for (var i = 0; i < act.length; i++) act[i].classList.remove("active");
  }
  function piecesOf(item){
    var ids = (item.getAttribute("data-spans") || "").split(" "), out = [];
    for (var i = 0; i < ids.length; i++) {
      if (!ids[i]) continue;
      var els = document.querySelectorAll('[data-span="' + ids[i] + '"]');
      for (var j = 0; j < els.length; j++) out.push(els[j]);
    }
    return out;
  }
  function activate(item, revealItem){
    clear();
    item.classList.add("active");
    var els = piecesOf(item);
    for (var i = 0; i < els.length; i++) els[i].classList.add("active");
    if (els.length) els[0].scrollIntoView({block: "center", inline: "nearest"});
    if (revealItem !== false) item.scrollIntoView({block: "nearest", inline: "nearest"});
    var k = data.order.indexOf(item.id);
    if (k >= 0) current = k;
  }
  var items = document.querySelectorAll("[data-spans]");
  for (var i = 0; i < items.length; i++) {
    (function(item){
      item.addEventListener("click", function(){ activate(item); });
      item.addEventListener("keydown", function(ev){
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); activate(item); }
      });
    })(items[i]);
  }
  var flagged = document.querySelectorAll("[data-findings]");
  for (var i = 0; i < flagged.length; i++) {
    (function(el){
      el.addEventListener("click", function(){
        var f = document.getElementById(el.getAttribute("data-findings").split(" ")[0]);
        if (f) activate(f);
      });
    })(flagged[i]);
  }
  document.addEventListener("keydown", function(ev){
    if (ev.ctrlKey || ev.metaKey || ev.altKey || !data.order.length) return;
    var step = ev.key === "j" ? 1 : ev.key === "k" ? -1 : 0;
    if (!step) return;
    current = (current + step + data.order.length) % data.order.length;
    var f = document.getElementById(data.order[current]);
    if (f) { activate(f); f.focus({preventScroll: true}); }
  });
})();
"""


def render_report(report: Report, documents: Iterable[tuple[Document, str]] = (), title: str = "claimcheck report",
                  verified: bool = True, **options) -> str:
    """The report as one self-contained HTML page (a string ending in a newline)."""
    docs = list(documents or ())
    doc_index = {doc.path: i for i, (doc, _) in enumerate(docs)}
    findings = list(report.findings)
    suppressed = list(report.suppressed)
    checks = list(report.verified) if verified else []

    # spans: every mention; a location that matches no mention gets a span of its own
    spans: list[list[_Span]] = []
    by_range: list[dict[tuple[int, int], list[_Span]]] = []
    for i, (doc, raw) in enumerate(docs):
        claims = {c.mention: c for c in doc.claims}
        doc_spans: list[_Span] = []
        fm = _FRONT_MATTER.match(raw) if doc.path.lower().endswith((".md", ".markdown")) else None
        if fm:
            doc_spans.append(_Span("", 0, fm.end(), -1, ["frontmatter"], {}, ""))
        if doc.path.lower().endswith((".html", ".htm")):      # the markup of an HTML source, dimmed
            doc_spans += [_Span("", t.start(), t.end(), -1, ["markup"], {}, "") for t in _MARKUP.finditer(raw)]
        for k, m in enumerate(doc.mentions):
            sid = f"d{i}-{m.id}"
            doc_spans.append(_Span(sid, m.start, m.end, k, ["mention", f"kind-{m.kind.value}"],
                                   {"data-span": sid, "data-mention": m.id, "data-kind": m.kind.value},
                                   _mention_title(m, claims.get(m.id))))
        ranges: dict[tuple[int, int], list[_Span]] = {}
        for s in doc_spans:
            if s.id:
                ranges.setdefault((s.start, s.end), []).append(s)
        spans.append(doc_spans)
        by_range.append(ranges)

    def span_ids(f: Finding, fid: str, rank: int, number: int, is_check: bool) -> list[str]:
        out: list[str] = []
        for loc in f.locations:
            i = doc_index.get(loc.path)
            if i is None:
                continue
            ranges = by_range[i]
            targets = ranges.get((loc.start, loc.end))
            if not targets:
                sid = f"d{i}-l{len(spans[i])}"
                s = _Span(sid, loc.start, loc.end, len(spans[i]), ["span"], {"data-span": sid}, loc.text)
                spans[i].append(s)
                targets = ranges[(loc.start, loc.end)] = [s]
            for s in targets:
                if is_check:
                    s.verified.append(fid)
                else:
                    s.findings.append((rank, fid))
                    if number:
                        s.refs.append(number)
                out.append(s.id)
        return list(dict.fromkeys(out))

    f_ids = [f"f{n}" for n in range(1, len(findings) + 1)]
    f_spans = [span_ids(f, fid, f.severity.rank, n, False) for n, (f, fid) in enumerate(zip(findings, f_ids), 1)]
    s_ids = [f"s{n}" for n in range(1, len(suppressed) + 1)]
    s_spans = [span_ids(f, fid, 0, 0, False) for f, fid in zip(suppressed, s_ids)]
    v_ids = [f"v{n}" for n in range(1, len(checks) + 1)]
    v_spans = [span_ids(f, fid, 0, 0, True) for f, fid in zip(checks, v_ids)]
    for doc_spans in spans:        # suppressed findings (rank 0) do not flag a figure
        for s in doc_spans:
            s.findings = [(r, fid) for r, fid in s.findings if r > 0]

    def home(f: Finding) -> Optional[int]:
        return doc_index.get(f.locations[0].path) if f.locations else None

    def by_home(items: list[Finding]) -> dict[Optional[int], list[int]]:
        out: dict[Optional[int], list[int]] = {}
        for k, f in enumerate(items):
            out.setdefault(home(f), []).append(k)
        return out

    f_home, s_home, v_home = by_home(findings), by_home(suppressed), by_home(checks)

    s = report.summary
    out: list[str] = []
    out.append('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
               'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">\n'
               f'<meta name="generator" content="claimcheck {esc(__version__)}">\n'
               f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")

    # summary
    headline = (f"{_plural(s.errors, 'error')}, {_plural(s.warnings, 'warning')} and {s.infos} info "
                f"in {_plural(s.documents, 'document')}" if findings
                else f"No discrepancies found in {_plural(s.documents, 'document')}")
    sub = (f"{headline} · {_plural(s.claims, 'claim')} · {_plural(s.checked, 'check')} · "
           f"{len(report.verified)} relations verified")
    extra = [f"{n} {w}" for n, w in ((s.skipped, "skipped"), (s.suppressed, "suppressed"),
                                      (s.baselined, "in the baseline")) if n]
    if extra:
        sub += " (" + ", ".join(extra) + ")"
    out.append(f'<header class="top" id="summary">\n<h1>{esc(title)}</h1>\n<p class="sub">{esc(sub)}</p>\n'
               '<ul class="cards">')
    for cls, n, label in (("error", s.errors, "errors"), ("warning", s.warnings, "warnings"),
                          ("info", s.infos, "info"), ("ok", len(report.verified), "verified"),
                          ("", s.documents, "documents"), ("", s.claims, "claims")):
        out.append(f'<li class="card {cls}"><b>{n}</b><span>{label}</span></li>')
    out.append("</ul>\n<div class=\"legend\">")
    for kind, label in KIND_LABELS.items():
        out.append(f'<span class="chip kind-{kind}">{esc(label)}</span>')
    out.append('<span class="sep"></span><span class="chip kind-number lg-error">error</span>'
               '<span class="chip kind-number lg-warning">warning</span>'
               '<span class="chip kind-number lg-info">info</span>'
               '<span class="chip kind-number lg-checked">verified</span>'
               '<span class="sep"></span><span class="hint">click a finding to jump to its figures · '
               '<kbd>j</kbd>/<kbd>k</kbd> next/previous</span></div>\n</header>\n')

    # the documents at a glance
    if docs:
        out.append('<nav class="toc" aria-label="documents"><table>\n<thead><tr><th>document</th>'
                   '<th class="n">figures</th><th class="n">errors</th><th class="n">warnings</th>'
                   '<th class="n">verified</th></tr></thead>\n<tbody>')
        for i, (doc, _) in enumerate(docs):
            mine = [findings[k] for k in f_home.get(i, ())]
            ne = sum(f.severity.value == "error" for f in mine)
            nw = sum(f.severity.value == "warning" for f in mine)
            nv = len(v_home.get(i, ()))
            name = doc.title or doc.path
            out.append(f'<tr><td><a href="#doc-{i}">{esc(name)}</a></td><td class="n">{len(doc.mentions)}</td>'
                       f'<td class="n {"n-error" if ne else "zero"}">{ne}</td>'
                       f'<td class="n {"n-warning" if nw else "zero"}">{nw}</td>'
                       f'<td class="n">{nv}</td></tr>')
        out.append("</tbody></table></nav>\n")

    out.append("<main>\n")
    number = {fid: n for n, fid in enumerate(f_ids, 1)}
    for i, (doc, raw) in enumerate(docs):
        meta = [f"<code>{esc(doc.path)}</code>"]
        if doc.date:
            meta.append(f"dated {esc(doc.date)}" + (f" ({esc(doc.date_source.replace('_', ' '))})"
                                                    if doc.date_source not in ("none", "front_matter") else ""))
        meta.append(_plural(len(doc.mentions), "figure"))
        meta.append(_plural(len(doc.claims), "claim"))
        out.append(f'<section class="doc" id="doc-{i}" data-doc="d{i}" data-path="{esc(doc.path)}">\n'
                   f'<div class="doc-head"><h2>{esc(doc.title or doc.path)}</h2>'
                   f'<div class="meta">{" · ".join(meta)}</div></div>\n<div class="doc-body">\n')
        out.append(f'<pre class="text" lang="en">{_render_text(raw, spans[i])}</pre>\n')
        out.append('<aside class="side">')
        mine = f_home.get(i, [])
        if mine:
            out.append(f"<h3>{_plural(len(mine), 'finding')}</h3>\n<ol class=\"findings\">")
            for k in mine:
                out.append(_finding_item(findings[k], f_ids[k], number[f_ids[k]], f_spans[k], doc.path))
            out.append("</ol>")
        else:
            out.append('<h3>findings</h3><p class="none">No discrepancies found.</p>')
        for placed, items, ids, item_spans, title, kind in ((s_home, suppressed, s_ids, s_spans, "suppressed", "suppressed"),
                                                            (v_home, checks, v_ids, v_spans, "verified", "check")):
            ks = placed.get(i, [])
            if ks:
                out.append(f"<h3>{len(ks)} {title}</h3>\n<ul class=\"checks\">")
                out.extend(_finding_item(items[k], ids[k], 0, item_spans[k], doc.path, kind) for k in ks)
                out.append("</ul>")
        out.append("</aside>\n</div>\n</section>\n")

    orphans = f_home.get(None, [])
    if orphans or not docs:
        out.append('<section class="doc orphans" id="other-findings">\n<div class="doc-head"><h2>'
                   + ("Findings" if not docs else "Findings in documents not shown") + "</h2></div>\n")
        if orphans:
            out.append('<ol class="findings">')
            for k in orphans:
                f = findings[k]
                out.append(_finding_item(f, f_ids[k], number[f_ids[k]], f_spans[k], None))
            out.append("</ol>\n")
        else:
            out.append('<p class="empty">No discrepancies found.</p>\n')
        out.append("</section>\n")
    out.append("</main>\n")
    out.append(f'<footer>Generated by claimcheck {esc(__version__)}. Figures are highlighted by kind; '
               "a numbered badge marks a figure involved in a finding.</footer>\n")

    data = {"version": 1, "order": f_ids,
            "findings": {fid: {"rule": f.rule, "severity": f.severity.value, "spans": sp}
                         for f, fid, sp in zip(findings, f_ids, f_spans)}}
    out.append(f'<script type="application/json" id="claimcheck-data">{json_for_script(data)}</script>\n')
    out.append(f"<script>{JS}</script>\n</body>\n</html>\n")
    return "".join(out)
