"""Review workflow: inline suppressions, baselines and changed lines.

* **Suppressions**, in Markdown and HTML comments:
  ``<!-- claimcheck-disable RULE[, RULE] [-- reason] -->`` ... ``<!-- claimcheck-enable RULE -->``
  and ``<!-- claimcheck-disable-next-line RULE [-- reason] -->``; without a rule id they
  apply to every rule. A finding is suppressed when one of its locations falls in a disabled
  region of its rule. Suppressions that suppress nothing are reported (``--verbose``).
* **Baselines**: a JSON file of accepted findings, keyed by fingerprint (rule id plus
  normalised claim texts and entity, metric, segment and period, never offsets), so an
  accepted finding stays accepted when the document is edited elsewhere.
* **Changed lines**: ``--diff-base REV`` (``git diff``) or a unified diff keeps only findings
  with a location on a changed line; whole documents are still read and checked.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .errors import ConfigError, InputError
from .models import Finding

_DIRECTIVE = re.compile(r"\s*claimcheck-(disable-next-line|disable|enable)(?![\w-])(.*)", re.S)
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")       # "RULE -- reason": rule ids may hold hyphens


@dataclass
class Suppression:
    path: str
    line: int
    kind: str                    # disable, enable, disable-next-line
    rules: frozenset             # empty: every rule
    reason: str
    start: int                   # raw offset where it applies from
    end: Optional[int] = None    # raw offset where it stops (None: end of document)
    used: int = 0

    def covers(self, rule: str, offset: int) -> bool:
        return (not self.rules or rule in self.rules) and self.start <= offset and \
            (self.end is None or offset < self.end)


def parse_suppressions(source) -> list[Suppression]:
    """The disable regions of one document, from its comments (meta["comments"])."""
    comments = source.meta.get("comments") or []
    out: list[Suppression] = []
    open_: list[Suppression] = []
    raw = source.raw
    for start, end, text in comments:
        m = _DIRECTIVE.match(text)
        if not m:
            continue
        kind, rules_text, reason = m.group(1), m.group(2), ""
        sep = _REASON.search(rules_text)
        if sep:
            rules_text, reason = rules_text[:sep.start()], rules_text[sep.end():].strip()
        rules = frozenset(r for r in re.split(r"[\s,]+", rules_text.strip()) if r)
        line, _ = source.line_col(start)
        if kind == "disable-next-line":
            nl = raw.find("\n", end)
            if nl < 0:
                continue
            nxt = raw.find("\n", nl + 1)
            out.append(Suppression(source.path, line, kind, rules, reason, nl + 1, len(raw) if nxt < 0 else nxt))
        elif kind == "disable":
            s = Suppression(source.path, line, kind, rules, reason, end)
            out.append(s)
            open_.append(s)
        else:
            for s in open_:
                if s.end is None and (not rules or s.rules == rules or (s.rules & rules)):
                    s.end = start
            open_ = [s for s in open_ if s.end is None]
    return out


def apply_suppressions(findings: list[Finding], regions: dict[str, list[Suppression]]
                       ) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (kept, suppressed); a suppressed finding carries its reason."""
    kept, suppressed = [], []
    for f in findings:
        hit = None
        for loc in f.locations:
            for s in regions.get(loc.path, ()):
                if s.covers(f.rule, loc.start):
                    hit = s
                    break
            if hit:
                break
        if hit is None:
            kept.append(f)
        else:
            hit.used += 1
            suppressed.append(f.model_copy(update={"suppression": hit.reason or "suppressed"}))
    return kept, suppressed


def unused_suppressions(regions: dict[str, list[Suppression]]) -> list[Suppression]:
    return [s for ss in regions.values() for s in ss if s.kind != "enable" and not s.used]


# ------------------------------------------------------------------------ baselines

BASELINE_VERSION = 1


def write_baseline(findings: Iterable[Finding]) -> str:
    entries = {f.fingerprint: {"rule": f.rule, "texts": [l.text for l in f.locations],
                               "path": f.locations[0].path if f.locations else ""}
               for f in findings}
    return json.dumps({"version": BASELINE_VERSION, "findings": dict(sorted(entries.items()))},
                      indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: str) -> set[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror or exc}", path=path) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"baseline is not valid JSON: {exc}", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), dict):
        raise ConfigError("baseline must be a JSON object with a 'findings' mapping "
                          "(create one with 'claimcheck baseline create')", path=path)
    return set(data["findings"])


# ------------------------------------------------------------------------ changed lines

@dataclass
class ChangedLines:
    lines: dict[str, set[int]] = field(default_factory=dict)   # absolute path -> changed line numbers

    def touches(self, f: Finding) -> bool:
        for loc in f.locations:
            changed = self.lines.get(os.path.abspath(loc.path))
            if changed and any(line in changed for line in range(loc.line, loc.end_line + 1)):
                return True
        return False


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def parse_unified_diff(text: str, root: str = ".") -> ChangedLines:
    """Changed (added or modified) lines of the new side of a unified diff."""
    out = ChangedLines()
    current: Optional[str] = None
    new_line = 0
    for raw_line in text.splitlines():
        if raw_line.startswith("+++ "):
            name = raw_line[4:].split("\t")[0].strip()
            if name == "/dev/null":
                current = None
                continue
            if name.startswith("b/"):
                name = name[2:]
            current = os.path.abspath(os.path.join(root, name))
            out.lines.setdefault(current, set())
        elif current and (m := _HUNK.match(raw_line)):
            new_line = int(m.group(1))
        elif current and raw_line.startswith("+"):
            out.lines[current].add(new_line)           # an added or modified line
            new_line += 1
        elif current and raw_line.startswith(" "):
            new_line += 1                               # context: unchanged
    return out


def git_changed_lines(rev: str, paths: list[str]) -> ChangedLines:
    """Lines changed since ``rev`` in the git repository of the checked paths."""
    where = next((p for p in paths if p != "-"), ".")
    cwd = where if os.path.isdir(where) else os.path.dirname(os.path.abspath(where))
    try:
        root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True,
                              text=True, check=True).stdout.strip()
        diff = subprocess.run(["git", "diff", "--unified=0", "--no-color", "--no-ext-diff", rev, "--"],
                              cwd=root, capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        raise InputError("--diff-base needs git, which is not installed") from None
    except subprocess.CalledProcessError as exc:
        msg = (exc.stderr or "").strip().splitlines()
        raise InputError(f"git diff {rev} failed: {msg[-1] if msg else exc}") from None
    return parse_unified_diff(diff, root)
