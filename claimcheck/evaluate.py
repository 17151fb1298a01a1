"""Scores against the annotated corpus (``make eval``).

* Extraction: every ``<doc>.gold.yaml`` beside a document lists its mentions in order;
  each gold text is located in the source by a forward search at word boundaries, then a
  predicted mention counts as correct when its span, kind, value (relative 1e-3; signed
  when the span holds the sign, as "minus 70" or "-3%"; the period for dates) and unit all
  match. Precision and recall, overall and by kind.
* Findings: every ``<doc>.expected.yaml`` lists the findings whose first location is in that
  document (rule, severity, quoted spans) and relations that must be verified. The whole
  corpus is checked in one run, as ``claimcheck check corpus/`` does.

``python -m claimcheck.evaluate corpus/ [--show]`` prints both.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .api import check_paths, extract_paths
from .sources import SUPPORTED


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0


HELD_OUT = "heldout"


def _documents_with(root: Path, suffix: str, held_out: bool = False) -> list[tuple[Path, Path]]:
    """Annotated documents under ``root``; the held-out set only when asked for (it is never
    used while developing, so its scores stay honest)."""
    out = []
    for gold in sorted(root.rglob(f"*{suffix}")):
        if (HELD_OUT in gold.relative_to(root).parts) != held_out:
            continue
        stem = gold.name[: -len(suffix)]
        for ext in SUPPORTED:
            doc = gold.with_name(stem + ext)
            if doc.exists():
                out.append((doc, gold))
                break
    return out


def _body_start(raw: str, path: Path) -> int:
    if path.suffix in (".md", ".markdown") and raw.startswith("---"):
        end = raw.find("\n---", 3)
        return raw.find("\n", end + 1) + 1 if end >= 0 else 0
    if path.suffix in (".html", ".htm"):
        m = re.search(r"<body[^>]*>", raw, re.IGNORECASE)
        return m.end() if m else 0
    return 0


def locate_gold(raw: str, path: Path, mentions: list[dict]) -> list[dict]:
    """Give each gold mention its start and end, searching forward at word boundaries."""
    pos = _body_start(raw, path)
    out = []
    for g in mentions:
        text = g["text"]
        while True:
            i = raw.find(text, pos)
            if i < 0:
                raise ValueError(f"{path}: gold mention {text!r} not found after offset {pos}")
            before = raw[i - 1] if i else " "
            after = raw[i + len(text)] if i + len(text) < len(raw) else " "
            if not (before.isalnum() or before in "$.,") and not (after.isalnum() or (after in ".," and
                                                                                      raw[i + len(text) + 1:i + len(text) + 2].isdigit())):
                break
            pos = i + 1
        out.append(dict(g, start=i, end=i + len(text)))
        pos = i + len(text)
    return out


_SIGN_IN_SPAN = re.compile(r"(?:^|\s)(?:[-−]|minus\s)", re.I)


def _same(pred, gold: dict) -> bool:
    if pred.kind.value != gold["kind"]:
        return False
    if gold["kind"] == "date":
        return pred.period == str(gold.get("period"))
    gv = float(gold["value"])
    value = pred.value
    if value is not None and pred.negative and _SIGN_IN_SPAN.search(pred.text):
        value = -value                  # "minus 70": the sign is in the span, so in the value
    if value is None or abs(value - gv) > 1e-3 * max(abs(gv), 1e-9):
        return False
    return (pred.unit or None) == (gold.get("unit") or None)


def score_extraction(root: str | Path, show: bool = False, held_out: bool = False) -> tuple[Score, dict[str, Score]]:
    total = Score()
    by_kind: dict[str, Score] = {}
    for doc_path, gold_path in _documents_with(Path(root), ".gold.yaml", held_out):
        raw_text = doc_path.read_text(encoding="utf-8-sig")
        gold = locate_gold(raw_text, doc_path, yaml.safe_load(gold_path.read_text(encoding="utf-8"))["mentions"])
        doc = next(extract_paths([str(doc_path)]))
        preds = {(m.start, m.end): m for m in doc.mentions}
        golds = {(g["start"], g["end"]): g for g in gold}
        for span, g in golds.items():
            k = by_kind.setdefault(g["kind"], Score())
            k.gold += 1
            total.gold += 1
            p = preds.get(span)
            if p is not None and _same(p, g):
                k.tp += 1
                total.tp += 1
            else:
                total.misses.append((doc_path.name, g, p))
        for span, p in preds.items():
            k = by_kind.setdefault(p.kind.value, Score())
            k.predicted += 1
            total.predicted += 1
            g = golds.get(span)
            if g is None or not _same(p, g):
                total.extras.append((doc_path.name, p, g))
    return total, by_kind


def _finding_key(f) -> tuple:
    return (f.rule, f.severity.value, tuple(sorted(loc.text for loc in f.locations)))


def expected_findings(root: str | Path) -> tuple[Counter, Counter, Counter]:
    """Expected findings, required verified entries, and the documents they belong to."""
    findings: Counter = Counter()
    verified: Counter = Counter()
    docs: Counter = Counter()
    for doc_path, exp_path in _documents_with(Path(root), ".expected.yaml"):
        data = yaml.safe_load(exp_path.read_text(encoding="utf-8")) or {}
        docs[doc_path.name] += 1
        for f in data.get("findings") or []:
            findings[(doc_path.name, f["rule"], f["severity"], tuple(sorted(f["spans"])))] += 1
        for v in data.get("verified") or []:
            verified[(doc_path.name, v["rule"], tuple(sorted(v["spans"])))] += 1
    return findings, verified, docs


def actual_findings(report) -> tuple[Counter, Counter]:
    findings: Counter = Counter()
    verified: Counter = Counter()
    for f in report.findings:
        findings[(Path(f.locations[0].path).name,) + _finding_key(f)] += 1
    for v in report.verified:
        verified[(Path(v.locations[0].path).name, v.rule, tuple(sorted(loc.text for loc in v.locations)))] += 1
    return findings, verified


def _verified_present(want: tuple, got: Counter) -> bool:
    """A required verified entry is present when a verified relation of that rule in that
    document covers all its spans (it may quote more: the implied side, the factor)."""
    doc, rule, spans = want
    need = Counter(spans)
    return any(d == doc and r == rule and not (need - Counter(s)) for (d, r, s) in got)


def score_findings(root: str | Path):
    exp, exp_verified, docs = expected_findings(root)
    report = check_paths([str(root)], exclude=(f"{HELD_OUT}/*", HELD_OUT))
    got, got_verified = actual_findings(report)
    got = Counter({k: v for k, v in got.items() if k[0] in docs})
    tp = sum((exp & got).values())
    findings = Score(tp=tp, predicted=sum(got.values()), gold=sum(exp.values()),
                     misses=sorted((exp - got).elements()), extras=sorted((got - exp).elements()))
    present = [w for w in exp_verified.elements() if _verified_present(w, got_verified)]
    verified = Score(tp=len(present), predicted=len(present), gold=sum(exp_verified.values()),
                     misses=sorted(w for w in exp_verified.elements() if w not in present))
    return findings, verified, report


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    show = "--show" in argv
    roots = [a for a in argv if not a.startswith("--")] or ["corpus"]
    root = Path(roots[0])
    total, by_kind = score_extraction(root, show)
    print(f"Extraction ({total.gold} gold mentions, {total.predicted} extracted)")
    print(f"  precision {total.precision:.3f}   recall {total.recall:.3f}   (targets: 0.95, 0.93)")
    for kind in sorted(by_kind):
        s = by_kind[kind]
        print(f"  {kind:18} gold {s.gold:4}  extracted {s.predicted:4}  correct {s.tp:4}  "
              f"P {s.precision:.3f}  R {s.recall:.3f}")
    if show:
        for name, g, p in total.misses:
            print(f"  MISS  {name}: {g['text']!r} {g['kind']} {g.get('value', g.get('period'))} {g.get('unit')}"
                  + (f"  <- got {p.text!r} {p.kind.value} {p.value if p.kind.value != 'date' else p.period} {p.unit}" if p else ""))
        for name, p, g in total.extras:
            if g is None:
                print(f"  EXTRA {name}: {p.text!r} {p.kind.value} {p.value if p.kind.value != 'date' else p.period} {p.unit}")
    held, _ = score_extraction(root, held_out=True)
    if held.gold:
        print(f"Held-out extraction ({held.gold} gold mentions in {HELD_OUT}/, never tuned against)")
        print(f"  precision {held.precision:.3f}   recall {held.recall:.3f}")
    findings, verified, _ = score_findings(root)
    print(f"\nFindings ({findings.gold} expected, {findings.predicted} raised)")
    print(f"  precision {findings.precision:.3f}   recall {findings.recall:.3f}")
    print(f"  verified relations present: {verified.tp} of {verified.gold}")
    if show:
        for m in findings.misses:
            print(f"  MISSED   {m}")
        for e in findings.extras:
            print(f"  UNWANTED {e}")
        for m in verified.misses:
            print(f"  NOT VERIFIED {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
