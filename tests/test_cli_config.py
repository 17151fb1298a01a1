"""Configuration discovery and errors, and every output format, through the command."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from claimcheck.cli import main
from conftest import CORPUS

SEED_2012 = str(CORPUS / "findings" / "seed-xiaomi-2012-valuation.md")
STORY = "Acme's net income rose to $1.3 billion in 2023, on revenue of $512 million.\n"


def run(*args):
    return CliRunner().invoke(main, list(args))


def project(tmp_path, config_name=None, config_text=""):
    docs = tmp_path / "project" / "stories" / "2023"
    docs.mkdir(parents=True)
    (docs / "acme.md").write_text(STORY)
    if config_name:
        (tmp_path / "project" / config_name).write_text(config_text)
    return docs / "acme.md"


def test_config_found_upward_disables_a_rule(tmp_path):
    doc = project(tmp_path, ".claimcheck.yaml", "disable: [finance.profit-vs-revenue]\n")
    assert run("check", str(doc)).exit_code == 0
    assert run("check", str(doc), "--config", str(tmp_path / "none.yaml")).exit_code == 2


def test_pyproject_tool_section(tmp_path):
    doc = project(tmp_path, "pyproject.toml", "[tool.claimcheck]\nseverity = {'finance.profit-vs-revenue' = 'warning'}\n")
    assert run("check", str(doc)).exit_code == 0
    assert run("check", str(doc), "--fail-on", "warning").exit_code == 1


@pytest.mark.parametrize("text, words", [
    ("colour: red\n", "colour"),
    ("disable: finance.margin-range\n", "disable"),
    ("rules: [no-such-dir]\n", "rules directory not found"),
    ("severity: {core.growth: fatal}\n", "severity"),
])
def test_bad_configuration_one_line_exit_2(tmp_path, text, words):
    doc = project(tmp_path, ".claimcheck.yaml", text)
    r = run("check", str(doc))
    assert r.exit_code == 2 and words in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_every_format_through_the_command(tmp_path):
    outputs = {}
    for fmt in ("table", "json", "sarif", "junit", "markdown", "html", "github"):
        out = tmp_path / f"report.{fmt}"
        r = run("check", SEED_2012, "--format", fmt, "--output", str(out))
        assert r.exit_code == 1, (fmt, r.output)
        outputs[fmt] = out.read_text(encoding="utf-8")
    assert "devices.revenue-per-unit" in outputs["table"]
    assert json.loads(outputs["sarif"])["version"] == "2.1.0"
    assert ET.fromstring(outputs["junit"]).find(".//failure") is not None
    assert outputs["github"].startswith("::warning") or outputs["github"].startswith("::error")
    assert "$3,140" in outputs["markdown"] and "<html" in outputs["html"].lower()


def test_discrepancy_matrix_command(tmp_path):
    r = run("report", str(CORPUS / "findings"), "--format", "csv")
    assert r.exit_code == 0 and "Cavendale" in r.output
