"""The command line, end to end: contracts, exit codes, errors (click's CliRunner and real processes)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main
from conftest import CORPUS

SEED_2012 = str(CORPUS / "findings" / "seed-xiaomi-2012-valuation.md")
SEED_2015 = str(CORPUS / "findings" / "seed-xiaomi-2015-services.md")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_check_json_contract_and_exit_code():
    r = run("check", SEED_2012, SEED_2015, "--format", "json")
    assert r.exit_code == 1                     # an error-level finding
    data = json.loads(r.output)
    assert data["version"] == 1 and set(data) == {"version", "findings", "verified", "suppressed", "summary"}
    assert set(data["summary"]) >= {"documents", "claims", "checked", "errors", "warnings", "infos"}
    f = next(f for f in data["findings"] if f["rule"] == "devices.revenue-per-unit")
    assert {"rule", "severity", "message", "explanation", "suggestion", "locations"} <= set(f)
    loc = f["locations"][0]
    assert {"path", "start", "end", "line", "col", "text"} <= set(loc)
    raw = Path(SEED_2012).read_text(encoding="utf-8")
    for loc in f["locations"]:
        assert raw[loc["start"]:loc["end"]] == loc["text"]
    assert any(v["rule"] == "core.share" for v in data["verified"])


def test_fail_on_threshold():
    assert run("check", SEED_2015).exit_code == 0
    assert run("check", SEED_2012, "--fail-on", "never").exit_code == 0
    assert run("check", SEED_2012, "--fail-on", "warning").exit_code == 1


def test_verbose_table_lists_verified_relations():
    r = run("check", SEED_2015, "--verbose")
    assert r.exit_code == 0 and "Verified:" in r.output and "core.share" in r.output


def test_extract_json_contract():
    r = run("extract", SEED_2015, "--format", "json")
    assert r.exit_code == 0
    doc = json.loads(r.output)["documents"][0]
    assert {"path", "date", "mentions", "claims", "unparsed"} <= set(doc)
    m = next(m for m in doc["mentions"] if m["text"] == "nearly $1 billion")
    assert m["kind"] == "money" and m["value"] == 1e9 and m["high"] == 1e9 and m["qualifier"] == "nearly"
    c = next(c for c in doc["claims"] if c["mention"] == m["id"])
    assert c["entity"] == "Xiaomi" and c["metric"] == "revenue" and c["period"] == "2015"


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "report.json"
    r = run("check", "-", "--format", "json", "--output", str(out),
            input="Acme's revenue rose 13 percent to $512.4 million in 2015 from $389.9 million in 2014.\n")
    assert r.exit_code == 1 and r.output == ""
    assert json.loads(out.read_text())["findings"][0]["rule"] == "core.growth"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]     # no temporary left behind


def test_refuses_to_overwrite_an_input(tmp_path):
    doc = tmp_path / "story.md"
    doc.write_text("Acme's revenue was $4 billion in 2014.\n")
    before = doc.read_bytes()
    r = run("check", str(doc), "--output", str(doc))
    assert r.exit_code == 2 and "refusing to overwrite an input file" in r.output
    assert doc.read_bytes() == before


@pytest.mark.parametrize("setup, words", [
    (lambda d: str(d / "missing.md"), "no such file or directory"),
    (lambda d: (d / "empty").mkdir() or str(d / "empty"), "no supported documents"),
    (lambda d: (d / "bin.txt").write_bytes(b"\x00\x01\x02binary") and str(d / "bin.txt"), "binary"),
    (lambda d: (d / "latin.txt").write_bytes("caf\xe9 $4 billion".encode("latin-1")) and str(d / "latin.txt"),
     "invalid UTF-8 at byte 3"),
])
def test_bad_input_one_line_exit_2(tmp_path, setup, words):
    r = run("check", setup(tmp_path))
    assert r.exit_code == 2
    assert words in r.output and "Traceback" not in r.output


def test_encoding_override_and_empty_file(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café revenue was $4 billion in 2014.".encode("latin-1"))
    r = run("extract", str(latin), "--encoding", "latin-1", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["documents"][0]["mentions"][0]["text"] == "$4 billion"
    empty = tmp_path / "empty.md"
    empty.write_text("")
    r = run("check", str(empty))
    assert r.exit_code == 0


def test_invalid_rule_directory_exit_2(tmp_path):
    d = tmp_path / "house"
    d.mkdir()
    (d / "bad.yml").write_text("kind: magic\n")
    r = run("check", SEED_2015, "--rules", str(tmp_path))
    assert r.exit_code == 2 and "bad.yml:1" in r.output and "unknown rule kind" in r.output


def test_rules_commands():
    r = run("rules", "list")
    assert r.exit_code == 0 and "devices.revenue-per-unit" in r.output
    r = run("rules", "show", "core.share")
    assert r.exit_code == 0 and "Fails:" in r.output
    assert run("explain", "no.such").exit_code == 2


def test_real_process_version_and_check():
    exe = [sys.executable, "-m", "claimcheck"]
    v = subprocess.run(exe + ["--version"], capture_output=True, text=True, timeout=30)
    assert v.returncode == 0 and "claimcheck" in v.stdout
    c = subprocess.run(exe + ["check", SEED_2012, "--format", "json"], capture_output=True, text=True, timeout=60)
    assert c.returncode == 1 and json.loads(c.stdout)["summary"]["errors"] >= 1
    again = subprocess.run(exe + ["check", SEED_2012, "--format", "json"], capture_output=True, text=True, timeout=60)
    assert again.stdout == c.stdout                      # byte-identical runs


def test_package_level_api():
    import claimcheck
    doc = claimcheck.extract_text("Xiaomi raised $1.1 billion in 2014.", date="2014-12-29")
    assert isinstance(doc, claimcheck.Document) and doc.mentions[0].value == 1.1e9
    assert isinstance(claimcheck.check_text("No figures here."), claimcheck.Report)


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from claimcheck import cli

    class Tty:
        def isatty(self):
            return True
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._colour(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._colour(Tty())
    r = run("check", SEED_2012)                 # CliRunner's stdout is not a terminal
    assert "\x1b[" not in r.output


def test_interrupt_exits_130_and_leaves_no_report(tmp_path):
    import signal
    import time

    doc = tmp_path / "long.txt"
    doc.write_text("Acme's revenue was $1 million in 2014. " * 40000)      # a few seconds of work
    out = tmp_path / "report.json"
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", str(doc), "--format", "json",
                             "--max-numbers", "100000", "--no-cache", "--output", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == [doc]            # no report, no temporary file
