"""Bad rule, vocabulary, facts and configuration files: one clear error with file and line."""
from __future__ import annotations

import pytest

from claimcheck.config import load_config
from claimcheck.errors import ConfigError, RuleError
from claimcheck.rulesets import load_facts, load_rules

GOOD = """\
kind: bound
severity: warning
description: test
message: "{arithmetic}"
formula: revenue / units_sold
between: ["30 USD/unit", "2500 USD/unit"]
examples:
  fail: "x"
  pass: "y"
"""


def write_rule(tmp_path, text, name="mine.yml"):
    d = tmp_path / "rules" / "house"
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return tmp_path / "rules", d / name


def test_a_user_rule_loads_with_its_pack_id(tmp_path):
    root, _ = write_rule(tmp_path, GOOD)
    ids = [r.rule.id for r in load_rules([str(root)]).rules]
    assert "house.mine" in ids


@pytest.mark.parametrize("edit, line, words", [
    (lambda t: t.replace("kind: bound", "kind: magic"), 1, "unknown rule kind"),
    (lambda t: t.replace("severity: warning\n", ""), None, "severity"),
    (lambda t: t.replace("severity: warning", "severity: fatal"), 2, "severity"),
    (lambda t: t.replace("30 USD/unit", "30 florps/unit/"), 6, "cannot read quantity"),
    (lambda t: t.replace("revenue / units_sold", "__import__('os').system('x')"), 5, "found call"),
    (lambda t: t.replace("revenue / units_sold", "revenue.real"), 5, "found attribute"),
    (lambda t: t.replace("revenue / units_sold", "revenue[0]"), 5, "found subscript"),
    (lambda t: t.replace("revenue / units_sold", "revenue / bananas"), 5, "'bananas' is not a metric"),
    (lambda t: t + "colour: red\n", 10, "colour"),
    (lambda t: t.replace('message: "{arithmetic}"', 'message: "{arithmetic.__class__}"'), 4, "template"),
    (lambda t: "kind: [unclosed\n", None, "invalid YAML"),
    (lambda t: "!!python/object/apply:os.system ['echo hi']\n", 1, "invalid YAML"),
])
def test_bad_rule_files_name_file_line_and_field(tmp_path, edit, line, words):
    root, path = write_rule(tmp_path, edit(GOOD))
    with pytest.raises(RuleError) as err:
        load_rules([str(root)])
    text = str(err.value)
    assert str(path) in text and words in text
    if line is not None:
        assert err.value.line == line, text


def test_missing_rules_directory(tmp_path):
    with pytest.raises(RuleError, match="rules directory not found"):
        load_rules([str(tmp_path / "nope")])


def test_facts_files(tmp_path):
    csv = tmp_path / "facts.csv"
    csv.write_text("entity,metric,period,value,unit,source\nAcme,revenue,2014,4.2e9,USD,annual report\n")
    assert load_facts(str(csv))[0].value == 4.2e9
    excel = tmp_path / "excel.csv"              # Excel's "CSV UTF-8" starts with a byte-order mark
    excel.write_bytes(b"\xef\xbb\xbf" + csv.read_bytes())
    assert load_facts(str(excel))[0].entity == "Acme"
    bad = tmp_path / "bad.csv"
    bad.write_text("entity,metric,period,value,unit\nAcme,revenue,2014,lots,USD\n")
    with pytest.raises(RuleError) as err:
        load_facts(str(bad))
    assert err.value.line == 2 and "value" in str(err.value)


def test_config_overrides_and_errors(tmp_path):
    cfg = tmp_path / ".claimcheck.yaml"
    cfg.write_text("disable: [finance.margin-range]\nseverity: {core.comparison: error}\n"
                   "set: {devices.revenue-per-unit: {between: ['30 USD/unit', '4000 USD/unit']}}\n")
    rs = load_rules(config=load_config(cfg))
    ids = {r.rule.id for r in rs.rules}
    assert "finance.margin-range" not in ids
    assert rs.get("core.comparison").rule.severity.value == "error"
    assert rs.get("devices.revenue-per-unit").rule.between == ("30 USD/unit", "4000 USD/unit")
    cfg.write_text("packs: [core]\ncolour: red\n")
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    assert err.value.line == 2 and "colour" in str(err.value)
    cfg.write_text("disable: [no.such-rule]\n")
    with pytest.raises(RuleError, match="no rule with id 'no.such-rule'"):
        load_rules(config=load_config(cfg))
