"""Suppressions, baselines and changed lines, through the real command."""
from __future__ import annotations

import json
import subprocess

from click.testing import CliRunner

from claimcheck.cli import main

STORY = """---
date: 2024-06-01
entity: Acme
---
# Acme results

Acme said revenue rose 13 percent to $512.4 million in 2023 from $389.9 million in 2022.

Acme's net income rose to $1.3 billion in 2023, on revenue of $512 million.
"""


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def check(*args, input=None):
    return CliRunner().invoke(main, ["check", *args], input=input)


def findings(result):
    return [(f["rule"], f["locations"][0]["line"]) for f in json.loads(result.output)["findings"]]


def test_suppression_regions_next_line_and_reasons(tmp_path):
    doc = tmp_path / "story.md"
    doc.write_text(STORY)
    assert sorted(r for r, _ in findings(check(str(doc), "--format", "json"))) == \
        ["core.growth", "finance.profit-vs-revenue"]
    doc.write_text(STORY.replace("Acme said revenue", "<!-- claimcheck-disable-next-line core.growth -- restated later -->\n"
                                                      "Acme said revenue"))
    r = check(str(doc), "--format", "json")
    data = json.loads(r.output)
    assert [f["rule"] for f in data["findings"]] == ["finance.profit-vs-revenue"]
    assert data["suppressed"][0]["suppression"] == "restated later" and data["summary"]["suppressed"] == 1
    text = (STORY.replace("# Acme results", "# Acme results\n<!-- claimcheck-disable -- legacy copy -->")
            + "<!-- claimcheck-enable -->\n\nAcme reported an operating margin of 84% in 2023.\n")
    doc.write_text(text)
    assert findings(check(str(doc), "--format", "json", "--fail-on", "never")) == \
        [("finance.margin-range", line_of(text, "84%"))]


def test_rule_ids_with_hyphens_can_be_suppressed(tmp_path):
    doc = tmp_path / "story.md"
    doc.write_text(STORY.replace("Acme's net income", "<!-- claimcheck-disable-next-line finance.profit-vs-revenue, "
                                                      "core.cross-document -- a restatement -->\nAcme's net income"))
    data = json.loads(check(str(doc), "--format", "json", "--fail-on", "never").output)
    assert [f["rule"] for f in data["findings"]] == ["core.growth"]
    assert [(f["rule"], f["suppression"]) for f in data["suppressed"]] == \
        [("finance.profit-vs-revenue", "a restatement")]


def test_unused_suppression_is_reported_with_verbose(tmp_path):
    doc = tmp_path / "story.md"
    doc.write_text(STORY + "\n<!-- claimcheck-disable-next-line core.share -->\nNothing to see.\n")
    r = check(str(doc), "--verbose")
    assert "suppresses nothing" in r.output


def test_baseline_round_trip(tmp_path):
    doc = tmp_path / "story.md"
    doc.write_text(STORY)
    base = tmp_path / "baseline.json"
    r = CliRunner().invoke(main, ["baseline", "create", str(doc), "-o", str(base)])
    assert r.exit_code == 0 and len(json.loads(base.read_text())["findings"]) == 2
    assert check(str(doc), "--baseline", str(base)).exit_code == 0
    # an edit elsewhere keeps the accepted findings accepted; a new error counts
    doc.write_text(STORY.replace("# Acme results", "# Acme results\n\nA new first paragraph moves every offset.\n")
                   + "\nAcme's net income was $2.5 billion in 2025 on revenue of $1.1 billion.\n")
    r = check(str(doc), "--baseline", str(base), "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert [f["rule"] for f in data["findings"]] == ["finance.profit-vs-revenue"]
    assert data["findings"][0]["locations"][0]["text"] == "$2.5 billion"
    assert data["summary"]["baselined"] == 2


def test_bad_baseline_is_a_clean_error(tmp_path):
    doc = tmp_path / "story.md"
    doc.write_text(STORY)
    bad = tmp_path / "b.json"
    bad.write_text("{not json")
    r = check(str(doc), "--baseline", str(bad))
    assert r.exit_code == 2 and "b.json" in r.output and "not valid JSON" in r.output
    r = check(str(doc), "--baseline", str(tmp_path / "missing.json"))
    assert r.exit_code == 2 and "cannot read baseline" in r.output


def test_only_changed_lines_count(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git = lambda *a: subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *a], cwd=repo,
                                    check=True, capture_output=True)
    git("init", "-q")
    doc = repo / "story.md"
    doc.write_text(STORY)
    git("add", ".")
    git("commit", "-qm", "first")
    doc.write_text(STORY + "\nAcme's net income was $2.5 billion in 2025 on revenue of $1.1 billion.\n")
    r = check(str(doc), "--diff-base", "HEAD", "--format", "json")
    assert findings(r) == [("finance.profit-vs-revenue", line_of(doc.read_text(), "$2.5 billion"))]
    diff = tmp_path / "change.diff"
    diff.write_text(subprocess.run(["git", "diff", "HEAD"], cwd=repo, capture_output=True, text=True).stdout
                    .replace("+++ b/story.md", f"+++ b/{doc}"))
    r = CliRunner().invoke(main, ["check", str(doc), "--diff", str(diff), "--format", "json"])
    assert [rule for rule, _ in findings(r)] == ["finance.profit-vs-revenue"]
    r = check(str(doc), "--diff-base", "no-such-rev")
    assert r.exit_code == 2 and "git diff no-such-rev failed" in r.output
