"""Fuzzing the rule and configuration loaders (hypothesis): random YAML-ish text and
plausible-but-wrong documents built from the shipped rules are written as a rule pack, a
vocabulary, a rates table, facts files (YAML and CSV), a ``.claimcheck.yaml`` and a
``pyproject.toml``, and handed to the real loaders.

Each must either load or raise a :class:`~claimcheck.errors.ClaimcheckError` whose one-line
message starts with the file (and its line, when the YAML parsed far enough to have one).
Anything else (KeyError, TypeError, RecursionError, a yaml or pydantic error leaking, a load
taking seconds) is a bug.

The examples are derandomized so CI is deterministic. For a longer, random run:
``CLAIMCHECK_FUZZ_EXAMPLES=2000 pytest tests/robustness/test_yaml_fuzz.py``.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import math
import os
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.cli import main
from claimcheck.config import Config, load_config
from claimcheck.errors import ClaimcheckError, one_line
from claimcheck.loader import MAX_RULE_FILE_BYTES
from claimcheck.rulesets import load_facts, load_rules

ROOT = Path(__file__).resolve().parents[2]
_LONG = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "0"))
SLOW = 20                    # seconds: no file here should take more than a fraction of one to load


def fuzz_settings(n: int):
    return settings(max_examples=_LONG or n, deadline=None, derandomize=not _LONG, database=None,
                    suppress_health_check=list(HealthCheck))


NO_PACKS = Config(packs=[])          # only the fuzzed files: the shipped packs are not reparsed

# ---------------------------------------------------------------------------- seeds

RULE_SEEDS = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rules").glob("*/*.yml"))]
VOCAB_SEED = {
    "metrics": {"widgets": {"kinds": ["count"], "nouns": ["widget"], "triggers": ["widgets", "widget sales"],
                            "per": None, "cumulative": False},
                "revenue": {"kinds": ["money"], "triggers": ["revenue", "takings"]}},
    "noun_classes": {"unit": ["widget", "gizmo"]},
    "descriptors": ["workshop", "guild"],
}
RATES_SEED = yaml.safe_load((ROOT / "rules" / "rates.yaml").read_text(encoding="utf-8"))
FACT_SEED = {"entity": "Acme", "metric": "revenue", "period": "2014", "value": 4.2e9, "unit": "USD",
             "source": "annual report", "tolerance": 0.01}
CONFIG_SEED = {
    "packs": ["core", "finance"], "rules": ["pack"], "disable": ["core.comparison"],
    "severity": {"core.growth": "warning"},
    "set": {"finance.margin-range": {"between": ["-50 percent", "60 percent"]}},
    "vocabulary": ["vocabulary.yaml"], "facts": ["facts.yaml"], "include": ["*.md"], "exclude": ["drafts/*"],
    "fail_on": "warning",
}
GOOD_RULE = {"kind": "bound", "severity": "warning", "description": "d", "message": "{arithmetic}",
             "formula": "revenue / units_sold", "between": ["30 USD/unit", "2500 USD/unit"],
             "examples": {"fail": "x", "pass": "y"}}

KEYS = sorted({k for seed in RULE_SEEDS for k in seed} | set(CONFIG_SEED) | set(FACT_SEED) | set(VOCAB_SEED)
              | {"id", "kind", "relation", "scope", "metrics", "tolerance", "close_ratio", "at_least", "at_most",
                 "equals", "variables", "where", "segments", "enabled", "fail", "pass", "date", "facts",
                 "kinds", "triggers", "nouns", "per", "cumulative", "rates", "USD", "CNY"})

BAD_FORMULAS = ["__import__('os').system('id')", "a.b", "revenue.real", "x[0]", "revenue[0]", "f(x)",
                "open('/etc/passwd')", "bananas", "revenue / bananas", "10**10**10", "revenue ** 2",
                "9" * 300, "1e999", "(" * 150 + "revenue" + ")" * 150, "-" * 199 + "revenue", "revenue if x else 1",
                "lambda: 1", "[revenue]", "revenue < 1", "(x := 1)", "revenue\x00", "revenue /", "", " ",
                "revenue\n/ units_sold", "ｒevenue / units_sold", "revenue @ units_sold", "'text'", "True",
                "None", "...", "revenue; import os", "`x`", "\ufeffrevenue"]
BAD_QUANTITIES = ["30 USD/unit", "30 florps/unit/", "10**10**10 USD", "9**9**9", "((((9**99)**99)**99)**99)**99",
                  "2^2^2^2^2 USD", "1e999 USD", "-inf", "nan USD", "nan", "inf", "", " ", "USD", "30 USD/",
                  "30 USD/unit^99", "30 percent", "70 %", "(1", "1)", "9" * 5000, "1 USD + 1 EUR",
                  "30 USD/unit\x00", "3 m²⁹⁹⁹⁹⁹⁹", "30 usd", "__import__('os')", "30 USD/unit/unit/unit"]
WORDS = ["error", "warning", "info", "fatal", "ERROR", "bound", "relation", "consistency", "compare",
         "reference", "magic", "growth", "share", "run", "document", "core", "finance", "devices",
         "core.growth", "finance.margin-range", "no.such-rule", "{arithmetic}", "{arithmetic.__class__}",
         "{0}", "{", "}", "{entity!r}", "{expected:>10}", "pack", "vocabulary.yaml", "facts.yaml", "facts.csv",
         "USD", "CNY", "percent", "unit", "revenue", "units_sold", "yes", "no", "~", "2014", "2014-12-29"]

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from([10 ** 400, -(10 ** 400), 2 ** 64, 0]),
    st.floats(), st.text(max_size=12), st.sampled_from(BAD_FORMULAS + BAD_QUANTITIES + WORDS),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6), st.integers()),
                                               children, max_size=4)),
    max_leaves=12)


QUANTITY = st.sampled_from(BAD_QUANTITIES)
NUMBER = st.one_of(st.floats(), st.integers(), st.sampled_from([0, 1, -1, 1.0001, 10 ** 400, "1.5", "x"]))
NAMES = st.sampled_from(["revenue", "units_sold", "profit_margin", "margin", "bananas", "", "x.y", "__import__",
                         "net_profit", "valuation"])
NAME_LISTS = st.dictionaries(NAMES, st.lists(NAMES, max_size=3), max_size=3) | st.dictionaries(NAMES, NAMES, max_size=1)
RULE_IDS = st.sampled_from(["core.growth", "core.comparison", "finance.margin-range", "devices.revenue-per-unit",
                            "house.rule", "no.such-rule", "", "core", "CORE.GROWTH"])
# Values drawn for a field of that name, wherever it is: mostly near-misses of the real thing.
FIELD_VALUES = {
    "kind": st.sampled_from(["bound", "relation", "consistency", "compare", "reference", "magic", "Bound"]),
    "relation": st.sampled_from(["growth", "share", "sum", "per_unit", "time_span", "ratio", ""]),
    "scope": st.sampled_from(["document", "run", "world"]),
    "severity": st.one_of(st.sampled_from(["error", "warning", "info", "fatal", "ERROR", ""]),
                          st.dictionaries(RULE_IDS, st.sampled_from(["error", "info", "fatal", ""]), max_size=3)),
    "id": st.sampled_from(["house.mine", "core.growth", "Bad Id", "x", "a.b.c", "", ".x"]),
    "message": st.sampled_from(["{arithmetic}", "{entity} {expected}", "{arithmetic.__class__}", "{0}", "{",
                                "}", "{entity!r}", "{expected:>10}", "{nope}", "", "{{literal}}"]),
    "formula": st.one_of(st.sampled_from(["revenue / units_sold", "net_profit / revenue", "margin",
                                          "-(revenue + 1) * 2 / units_sold"]), st.sampled_from(BAD_FORMULAS)),
    "between": st.one_of(st.lists(QUANTITY, max_size=3), st.tuples(QUANTITY, QUANTITY).map(list), QUANTITY),
    "at_least": QUANTITY, "at_most": QUANTITY, "equals": NAMES,
    "variables": NAME_LISTS, "where": NAME_LISTS, "metrics": st.one_of(st.lists(NAMES, max_size=3), NAME_LISTS),
    "warn_within": NUMBER, "tolerance": NUMBER, "close_ratio": NUMBER, "value": NUMBER,
    "segments": st.sampled_from([True, "yes", 2, None]), "enabled": st.sampled_from([False, "no", 0, None]),
    "examples": st.fixed_dictionaries({}, optional={"fail": st.one_of(st.text(max_size=10), st.lists(st.text(max_size=5))),
                                                    "pass": st.one_of(st.text(max_size=10), st.lists(st.text(max_size=5))),
                                                    "date": st.sampled_from(["2014-12-29", "yesterday", 2014]),
                                                    "facts": st.lists(VALUES, max_size=2)}),
    "packs": st.one_of(st.none(), st.lists(st.sampled_from(["core", "finance", "devices", "nope", ""]), max_size=3)),
    "disable": st.lists(RULE_IDS, max_size=3),
    "set": st.dictionaries(RULE_IDS, st.dictionaries(st.sampled_from(KEYS), st.deferred(lambda: VALUES), max_size=2),
                           max_size=2),
    "rules": st.lists(st.sampled_from(["pack", "nowhere", ".", "..", "pack/rule.yml", ""]), max_size=2),
    "vocabulary": st.lists(st.sampled_from(["vocabulary.yaml", "nowhere.yaml", "pack", "facts.yaml"]), max_size=2),
    "facts": st.lists(st.sampled_from(["facts.yaml", "facts.csv", "nowhere.csv", "pack", ".claimcheck.yaml"]),
                      max_size=2),
    "fail_on": st.sampled_from(["error", "never", "fatal", None, 1]),
    "kinds": st.lists(st.sampled_from(["money", "count", "percent", "number", "date", "magic"]), max_size=3),
    "triggers": st.lists(st.text(max_size=8), max_size=3), "nouns": st.lists(st.text(max_size=8), max_size=3),
    "per": st.sampled_from(["share", "", None, 5]), "cumulative": st.sampled_from([True, "maybe"]),
    "rates": st.dictionaries(st.sampled_from(["CNY", "USD", "XXX", ""]),
                             st.one_of(st.dictionaries(st.sampled_from(["USD", "EUR"]),
                                                       st.lists(NUMBER, max_size=3), max_size=2), NUMBER), max_size=3),
    "period": st.one_of(st.sampled_from(["2014", 2014, "2014-Q4", None]), NUMBER),
    "unit": st.sampled_from(["USD", "unit", "", None, 1]),
}


@st.composite
def mutated(draw, seeds):
    """A seed document with a few edits: a field (at any depth) replaced by a near-miss or by
    anything, a key removed, an unknown key added."""
    doc = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 3))):
        containers = []                          # every mapping and list of the document, with its depth

        def walk(node):
            if isinstance(node, (dict, list)):
                containers.append(node)
                for child in (node.values() if isinstance(node, dict) else node):
                    walk(child)
        walk(doc)
        if not containers:
            break
        node = doc if draw(st.integers(0, 3)) else draw(st.sampled_from(containers))   # mostly top-level fields
        action = draw(st.sampled_from(["set", "set", "set", "drop", "add"]))
        if isinstance(node, dict):
            keys = list(node) + ([k for k in FIELD_VALUES if k not in node] if action == "add" else [])
            if action == "drop" and node:
                del node[draw(st.permutations(list(node)))[0]]
            elif action == "add" and draw(st.booleans()):
                node[draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=8), st.integers()))] = draw(VALUES)
            elif keys:
                key = draw(st.permutations(keys))[0]
                pool = FIELD_VALUES.get(key)
                node[key] = draw(st.one_of(pool, pool, VALUES) if pool is not None else VALUES)
        elif isinstance(node, list):
            if action == "drop" and node:
                node.pop(draw(st.integers(0, len(node) - 1)))
            elif action == "add" or not node:
                node.append(draw(VALUES))
            else:
                node[draw(st.integers(0, len(node) - 1))] = draw(VALUES)
    return doc


def dump(doc) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


YAML_FRAGMENTS = [
    "!!python/object/apply:os.system ['id']\n", "!!python/name:os.system ", "!!python/object:__main__.X {}",
    "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp x", "!!int abc", "!!float x", "!x ",
    "&a ", "*a", "*undefined", "<<: *a\n", "<<: 5\n", "? ", ": ", "- ", "---\n", "...\n", "%YAML 1.1\n",
    "%YAML 9.9\n", "%TAG ! tag:x,2000:\n", "\t", "\ufeff", "{", "}", "[", "]", "'", '"', "|\n", ">-\n", "#",
    "\n", "  ", "    ", ", ", "1e999", "9" * 400, "-.inf", ".nan", "0x1F", "0o17", "0b101", "1_000",
    "2001-12-14t21:59:43.10-05:00", "2014-13-45", "~", "null", "yes", "=", "\\", "\x00", "\x85", "\u2028",
    "\x1b[31m", "\ud7ff", "\U0001F4A9", "kind: bound\n", "kind: relation\n", "kind: [a]\n", "kind: {a: 1}\n",
    "formula: ", "between: ", "severity: ", "examples:\n  fail: x\n  pass: y\n", "metrics:\n", "facts:\n",
    "rates:\n", "disable:\n", "set:\n", "entity,metric,period,value,unit\n", "Acme,revenue,2014,4.2e9,USD\n",
]
TEXT_FRAGMENTS = st.one_of(st.sampled_from(YAML_FRAGMENTS), st.sampled_from(KEYS).map(lambda k: k + ": "),
                           st.text(max_size=6))
YAMLISH = st.one_of(
    st.text(max_size=200),
    st.lists(TEXT_FRAGMENTS, max_size=40).map("".join),
    st.builds(lambda doc, extra: dump(doc) + extra, VALUES, st.lists(TEXT_FRAGMENTS, max_size=6).map("".join)),
)


def nasty_documents(key: str) -> list[str]:
    """Hand-made worst cases: nesting, alias bombs, duplicate keys, several documents, tags."""
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))
    wide = "b: &b [" + ", ".join(["x"] * 1000) + "]\n" + f"{key}: {{" + ", ".join(
        f"k{i}: *b" for i in range(1100)) + "}\n"          # a million values from 2,100 written
    return [
        wide, "[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000, "- " * 3000 + "x",
        "".join("  " * i + "a:\n" for i in range(200)) + "  " * 200 + "b",
        "a: &a [*a]\n", "&a {x: *a}\n", "&a [*a]",
        bomb + f"{key}: *a8\n", bomb + "kind: *a8\n", bomb + "metrics: {m: {kinds: *a8}}\n",
        "kind: bound\nkind: relation\n", "kind: bound\n---\nkind: bound\n", "--- !!python/object/apply:os.system ['id']",
        "\ufeffkind: bound\n", "kind:\tbound\n", "kind: bound\n\x00", "kind: \x85bound\n", f"{key}: {'9' * 5000}\n",
        f"{key}: 1e999\n", "? [a, b]\n: c\n", "? {a: 1}\n: c\n", "[a, b]: c\n", "1: 2\n", "null: 1\n", "2014-01-01: x\n",
        "<<: [1, 2]\n", "a: &x {b: 1}\nc:\n  <<: *x\n  <<: *x\n", "!!binary x", "!!set {a}", "'" + "x" * 100,
    ]


# ---------------------------------------------------------------------------- the property

class Workspace:
    """A fresh directory, nested a few levels so '..' in a fuzzed path finds nothing else."""

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="claimcheck-fuzz-")
        self.top = Path(self._tmp.name)
        self.ws = self.top / "a" / "b" / "c" / "ws"
        (self.ws / "pack").mkdir(parents=True)
        return self

    def __exit__(self, *exc):
        self._tmp.cleanup()

    def write(self, name: str, text: str | bytes) -> Path:
        p = self.ws / name
        if isinstance(text, str):
            text = text.encode("utf-8", "surrogatepass")
        p.write_bytes(text)
        return p


def _parses_to_data(text: str) -> bool:
    try:
        return yaml.safe_load(text) is not None
    except Exception:        # noqa: BLE001 - RecursionError included: no line to expect then
        return False


def assert_loads_or_clean_error(fn, path: Path, top: Path, text: str | None, exact_path: bool = True):
    """``fn()`` loads, or raises a ClaimcheckError naming the file (and line) on one line."""
    started = time.monotonic()
    try:
        fn()
    except ClaimcheckError as exc:
        message = str(exc)
        assert exc.path is not None, message
        assert message.startswith(one_line(str(exc.path))), message      # control characters shown escaped
        assert len(message.splitlines()) == 1 and "\n" not in message, repr(message)
        assert message.strip() != one_line(str(exc.path)), message
        if exact_path:
            assert exc.path == str(path), (message, str(path))
        else:
            assert str(exc.path).startswith(str(top)) or exc.path == str(path), (message, str(path))
        if exc.path == str(path) and "over the limit" not in message and "nested too deeply" not in message:
            if "invalid YAML" in message or (text is not None and _parses_to_data(text)):
                assert exc.line is not None, message
                assert message.startswith(f"{path}:{exc.line}:"), message
    finally:
        assert time.monotonic() - started < SLOW, f"loading took over {SLOW} s"


def check_rule(text: str) -> None:
    with Workspace() as w:
        p = w.write("pack/rule.yml", text)
        assert_loads_or_clean_error(lambda: load_rules([str(w.ws)], NO_PACKS), p, w.top, text)


def check_vocabulary(text: str) -> None:
    with Workspace() as w:
        w.write("pack/rule.yml", dump(GOOD_RULE))
        p = w.write("vocabulary.yaml", text)
        assert_loads_or_clean_error(lambda: load_rules([str(w.ws)], NO_PACKS), p, w.top, text)


def check_rates(text: str) -> None:
    with Workspace() as w:
        p = w.write("rates.yaml", text)
        assert_loads_or_clean_error(lambda: load_rules([str(w.ws)], NO_PACKS), p, w.top, text)


def check_facts(text: str, name: str = "facts.yaml") -> None:
    with Workspace() as w:
        p = w.write(name, text)
        assert_loads_or_clean_error(lambda: load_facts(str(p)), p, w.top, text if name.endswith(".yaml") else None)
        if name.endswith(".csv"):
            try:
                load_facts(str(p))
            except ClaimcheckError as exc:
                assert exc.line is not None or "over the limit" in str(exc), str(exc)


def _relative(doc):
    """Configuration paths stay inside the workspace: no absolute paths (rules: ['/'])."""
    if isinstance(doc, str):
        return doc.lstrip("/\\~") if os.path.isabs(doc) or doc.startswith(("~", "\\")) else doc
    if isinstance(doc, list):
        return [_relative(x) for x in doc]
    if isinstance(doc, dict):
        return {k: _relative(v) for k, v in doc.items()}
    return doc


def _load_with_config(path: Path):
    cfg = load_config(path)
    load_rules(config=cfg if cfg.packs is not None else cfg.model_copy(update={"packs": ["core"]}))


def _loader(w: Workspace, name: str, p: Path, config):
    """What reads the workspace file ``name``: the facts loader, ``config`` for configuration
    files, else the rule loader over the workspace."""
    if name.startswith("facts"):
        return lambda: load_facts(str(p))
    if name in (".claimcheck.yaml", "pyproject.toml"):
        return lambda: config(p)
    return lambda: load_rules([str(w.ws)], NO_PACKS)


def _workspace_for_config(w: Workspace) -> None:
    w.write("pack/rule.yml", dump(GOOD_RULE))
    w.write("vocabulary.yaml", dump(VOCAB_SEED))
    w.write("facts.yaml", dump([FACT_SEED]))


def check_config(text: str) -> None:
    with Workspace() as w:
        _workspace_for_config(w)
        p = w.write(".claimcheck.yaml", text)
        assert_loads_or_clean_error(lambda: _load_with_config(p), p, w.top, text, exact_path=False)


def check_pyproject(text: str) -> None:
    with Workspace() as w:
        _workspace_for_config(w)
        p = w.write("pyproject.toml", text)
        assert_loads_or_clean_error(lambda: _load_with_config(p), p, w.top, None, exact_path=False)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) or v is None:
        return json.dumps(v or "", ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(x)}" for k, x in v.items()) + "}"


def toml_table(doc) -> str:
    if not isinstance(doc, dict):
        return f"[tool]\nclaimcheck = {toml_value(doc)}\n"
    body = "".join(f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(v)}\n" for k, v in doc.items())
    return "[project]\nname = 'x'\n\n[tool.claimcheck]\n" + body


def csv_text(rows, header_extra: list[str]) -> str:
    out = io.StringIO()
    header = list(dict.fromkeys([*FACT_SEED, *header_extra]))
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else
                        row if isinstance(row, list) else [row])
    return out.getvalue()


BOUND_DOCS = st.builds(
    lambda formula, bounds, variables, where: {**GOOD_RULE, "formula": formula, "between": None, **bounds,
                                               "variables": variables, "where": where},
    st.one_of(st.just("revenue / units_sold"), FIELD_VALUES["formula"]),
    st.one_of(st.fixed_dictionaries({"between": st.tuples(QUANTITY, QUANTITY).map(list)}),
              st.fixed_dictionaries({"at_least": QUANTITY}), st.fixed_dictionaries({"at_most": QUANTITY}),
              st.fixed_dictionaries({"at_least": QUANTITY, "at_most": QUANTITY}),
              st.fixed_dictionaries({"equals": NAMES}),
              st.fixed_dictionaries({}, optional={"between": FIELD_VALUES["between"], "at_least": QUANTITY,
                                                  "at_most": QUANTITY, "equals": NAMES})),
    st.one_of(st.just({}), NAME_LISTS), st.one_of(st.just({}), NAME_LISTS),
).map(lambda d: {k: v for k, v in d.items() if v is not None})
RULE_DOCS = st.one_of(mutated([*RULE_SEEDS, GOOD_RULE]), BOUND_DOCS).map(dump)
CONFIG_DOCS = mutated([CONFIG_SEED]).map(_relative)
FACT_DOCS = mutated([[FACT_SEED, dict(FACT_SEED, metric="units_sold", unit="unit")], {"facts": [FACT_SEED]}])

# ---------------------------------------------------------------------------- tests


@fuzz_settings(250)
@given(st.one_of(YAMLISH, RULE_DOCS))
def test_rule_files(text):
    check_rule(text)


@fuzz_settings(100)
@given(st.one_of(YAMLISH, mutated([VOCAB_SEED]).map(dump)))
def test_vocabulary_files(text):
    check_vocabulary(text)


@fuzz_settings(60)
@given(st.one_of(YAMLISH, mutated([RATES_SEED]).map(dump)))
def test_rates_files(text):
    check_rates(text)


@fuzz_settings(100)
@given(st.one_of(YAMLISH, FACT_DOCS.map(dump)))
def test_facts_yaml(text):
    check_facts(text, "facts.yaml")


@fuzz_settings(100)
@given(st.one_of(st.text(max_size=200), st.lists(TEXT_FRAGMENTS, max_size=30).map("".join),
                 st.builds(csv_text, FACT_DOCS.map(lambda d: d if isinstance(d, list) else [d]),
                           st.lists(st.one_of(st.sampled_from(KEYS), st.text(max_size=5)), max_size=3))))
def test_facts_csv(text):
    check_facts(text, "facts.csv")


@fuzz_settings(150)
@given(st.one_of(YAMLISH, CONFIG_DOCS.map(dump)))
def test_config_files(text):
    check_config(text)


@fuzz_settings(80)
@given(st.one_of(st.text(max_size=200).map(lambda t: "[tool.claimcheck]\n" + t),
                 st.lists(st.one_of(TEXT_FRAGMENTS, st.sampled_from(["[tool]\n", "[tool.claimcheck]\n", " = ",
                                                                     "[[tool.claimcheck]]\n", "tool = 1\n"])),
                          max_size=30).map(lambda parts: "[tool.claimcheck]\n" + "".join(parts)),
                 CONFIG_DOCS.map(toml_table)))
def test_pyproject_tables(text):
    check_pyproject(text)


@pytest.mark.parametrize("target", ["rule", "vocabulary", "rates", "facts", "config"])
def test_nasty_documents(target):
    key = {"rule": "formula", "vocabulary": "descriptors", "rates": "rates", "facts": "facts",
           "config": "disable"}[target]
    check = {"rule": check_rule, "vocabulary": check_vocabulary, "rates": check_rates, "facts": check_facts,
             "config": check_config}[target]
    for text in nasty_documents(key):
        check(text)


@pytest.mark.parametrize("text", [
    "[tool.claimcheck]\n" + "a = " + "[" * 5000 + "]" * 5000 + "\n", "tool = 1\n", "[tool]\nclaimcheck = 1\n",
    "[tool.claimcheck]\nset = {a = {b = 1}}\n", "[[tool.claimcheck]]\npacks = []\n", "[tool.claimcheck]\n\x00",
    "[tool.claimcheck]\npacks = 'core'\n", "\ufeff[tool.claimcheck]\n",
])
def test_nasty_pyproject(text):
    check_pyproject(text)


def test_a_device_or_fifo_is_refused_not_read():
    with Workspace() as w:
        os.mkfifo(w.ws / "facts.csv")              # reading a FIFO would block forever
        for path in ("/dev/zero", str(w.ws / "facts.csv")):
            cfg = w.write(".claimcheck.yaml", f"facts: ['{path}']\n")
            with pytest.raises(ClaimcheckError) as err:
                _load_with_config(cfg)
            assert str(err.value) == f"{path}: cannot read facts file: not a regular file"


def test_bytes_that_are_not_utf8_or_not_files():
    for name in ("pack/rule.yml", "vocabulary.yaml", "rates.yaml"):
        with Workspace() as w:
            p = w.write(name, b"kind: bound\n\xff\xfe\n")
            assert_loads_or_clean_error(lambda: load_rules([str(w.ws)], NO_PACKS), p, w.top, None)
    for name in ("facts.yaml", "facts.csv", ".claimcheck.yaml", "pyproject.toml"):
        with Workspace() as w:
            p = w.write(name, b"[tool.claimcheck]\n\xff\xfe\n")
            load = (lambda: load_facts(str(p))) if name.startswith("facts") else (lambda: load_config(p))
            assert_loads_or_clean_error(load, p, w.top, None)
    with Workspace() as w:
        (w.ws / "facts.csv").mkdir()
        cfg = w.write(".claimcheck.yaml", 'facts: [facts.csv, "\\0"]\nvocabulary: [nowhere.yaml]\n')
        assert_loads_or_clean_error(lambda: load_facts(str(w.ws / "facts.csv")), w.ws / "facts.csv", w.top, None)
        assert_loads_or_clean_error(lambda: _load_with_config(cfg), cfg, w.top, None, exact_path=False)
        for key in ("rules", "vocabulary", "facts"):            # a name the system refuses: too long
            cfg = w.write(".claimcheck.yaml", f"{key}: ['{'9' * 300}']\n")
            with pytest.raises(ClaimcheckError, match="not found|File name too long"):
                _load_with_config(cfg)


# ---------------------------------------------------------------------------- what the fuzzing found

BAD_BOUND = dump(dict(GOOD_RULE, between=["30 USD/unit", "10**10**10 USD/unit"]))


@pytest.mark.parametrize("name, text, line, words", [
    ("pack/rule.yml", "kind: bound\nseverity: \x1f\n", 2, "unacceptable character #x001f"),
    ("pack/rule.yml", "kind: [bound]\n", 1, "unknown rule kind (a list)"),
    ("pack/rule.yml", dump(dict(GOOD_RULE, **{"\x1e\n": 1})), 12, "\\x1e\\n: Extra inputs"),
    ("pack/rule.yml", "kind: bound\nseverity: !!int 08\n", 2, "cannot read '08' as !!int"),
    ("pack/rule.yml", "kind: bound\nwarn_within: " + "9" * 5000 + "\n", 2, "as !!int"),
    ("pack/rule.yml", "kind: bound\nexamples:\n  fail: " + "[" * 100 + "\n", 3, "nested more than 64 deep"),
    ("pack/rule.yml", BAD_BOUND, 6, "cannot read quantity '10**10**10 USD/unit': a power may only be"),
    ("pack/rule.yml", dump(dict(GOOD_RULE, formula="revenue\x00")), 5, "formula 'revenue\\x00' is not valid"),
    ("rates.yaml", "# rates\nb: &b [" + ", ".join(["1"] * 1000) + "]\nrates: [" + ", ".join(["*b"] * 1001) + "]\n",
     3, "aliases expand to more than 1000000 values"),
    ("vocabulary.yaml", "\n0\n", 2, "(top level): Input should be a valid dictionary"),
    ("facts.yaml", "- 5\n", 1, "0: Input should be a valid dictionary"),
    ("facts.csv", "entity,metric,period,value,unit\nA,r,2014,1,USD\n\"" + "x" * 140_000 + "\",r,2014,1,USD\n", 3,
     "invalid CSV: field larger than field limit"),
    ("facts.csv", "entity,metric,period,value,unit\n\nA,r,2014,x,USD\n", 3, "value: Input should be a valid number"),
    ("pack/rule.yml", b"kind: bound\n\xff\n", 2, "not UTF-8 text (byte 12)"),
    (".claimcheck.yaml", "packs: [core]\ndisable:\n- core.growth\n- no.such-rule\n", 4, "disable: no rule with id"),
    (".claimcheck.yaml", "packs: [finance]\nset:\n  finance.margin-range:\n    between: ['1 %', '2 florps/']\n", 4,
     "set.finance.margin-range: cannot read quantity '2 florps/'"),
    (".claimcheck.yaml", "packs: [core]\nset:\n  core.growth:\n    tolerance: x\n", 4, "set.core.growth.tolerance"),
    ("pyproject.toml", "[tool.claimcheck]\npacks = [\n", 3, "invalid TOML"),
    ("pyproject.toml", "tool = 1\n", None, "'tool' must be a table"),
    ("pyproject.toml", "[tool.claimcheck]\na = " + "[" * 5000 + "]" * 5000 + "\n", None, "nested too deeply"),
])
def test_found_by_fuzzing(name, text, line, words):
    with Workspace() as w:
        p = w.write(name, text)
        load = _loader(w, name, p, _load_with_config)
        with pytest.raises(ClaimcheckError) as err:
            load()
        message = str(err.value)
        assert err.value.path == str(p) and err.value.line == line, message
        assert message.startswith(f"{p}:{line}:" if line else f"{p}: ") and words in message, message
        assert len(message.splitlines()) == 1


# ---------------------------------------------------------------------------- size limits

@pytest.mark.parametrize("name", ["pack/rule.yml", "vocabulary.yaml", "rates.yaml", "facts.yaml", "facts.csv",
                                  ".claimcheck.yaml", "pyproject.toml"])
def test_files_over_the_size_limit_are_refused(name):
    with Workspace() as w:
        head = "[tool.claimcheck]\n" if name == "pyproject.toml" else ""
        p = w.write(name, head + "#" + "é" * (MAX_RULE_FILE_BYTES // 2) + "\n")     # under the limit in characters
        load = _loader(w, name, p, load_config)
        with pytest.raises(ClaimcheckError) as err:
            load()
        assert err.value.path == str(p) and "over the limit" in str(err.value)
        assert str(err.value).startswith(str(p))


# ---------------------------------------------------------------------------- the command

NASTY_FOR_THE_COMMAND = [
    b"!!python/object/apply:os.system ['echo pwned']\n",
    dump(dict(GOOD_RULE, formula="__import__('os').system('id')")).encode(),
    dump(dict(GOOD_RULE, formula="revenue.real")).encode(),
    dump(dict(GOOD_RULE, between=["10**10**10 USD/unit", "1 USD/unit"])).encode(),
    b"kind: [bound]\n",
    b"[" * 5000 + b"]" * 5000,
    nasty_documents("formula")[9].encode(),
    b"kind: bound\n\xff\n",
    b"kind: bound\n\x00\n",
    b"description: 'a\nb'\nkind: bound\nmessage: x\n\x1b[2J: 1\n",
    b"#" * (MAX_RULE_FILE_BYTES + 1),
]


@pytest.mark.parametrize("data", NASTY_FOR_THE_COMMAND, ids=range(len(NASTY_FOR_THE_COMMAND)))
@pytest.mark.parametrize("as_file", [False, True], ids=["dir", "file"])
def test_rules_validate_exits_2_with_one_line(tmp_path, data, as_file):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "bad.yml").write_bytes(data)
    target = pack / "bad.yml" if as_file else tmp_path
    result = CliRunner().invoke(main, ["rules", "validate", str(target)])
    assert result.exit_code == 2, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"claimcheck: error: {pack / 'bad.yml'}"), result.stderr
    assert "Traceback" not in result.output
