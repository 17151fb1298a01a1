"""Loading rules: the shipped packs in ``rules/``, users' rule directories, and overrides.

A rule directory holds packs (sub-directories) of rule files, one rule per ``.yml`` file, its
id ``<pack>.<file stem>`` unless the file says otherwise; ``vocabulary.yaml`` and
``rates.yaml`` beside the packs extend the vocabulary and the exchange-rate table. Every
file is validated by the pydantic model of its ``kind``; an invalid file raises
:class:`~claimcheck.errors.RuleError` naming the file, the line and the field.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, ValidationError

from . import kinds
from .config import Config
from .errors import RuleError
from .kinds.reference import Fact
from .loader import line_of, load_yaml_model, parse_yaml, read_limited, validation_error
from .models import Severity
from .vocab import Vocabulary, default_vocabulary

SPECIAL_FILES = {"vocabulary.yaml", "vocabulary.yml", "rates.yaml", "rates.yml"}


@dataclass
class LoadedRule:
    rule: Any                      # a kind's Rule model
    path: str
    line: Optional[int] = None
    compiled: Any = None           # bound rules: the parsed formula and bounds
    key_lines: dict = field(default_factory=dict)   # top-level field -> line in the file
    overridden: tuple = ()         # fields the configuration's ``set`` gave

    @property
    def module(self):
        return kinds.get(self.rule.kind)


@dataclass
class RuleSet:
    rules: list[LoadedRule]
    vocab: Vocabulary
    rates: dict = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    digest: str = ""

    def get(self, rule_id: str) -> LoadedRule:
        for r in self.rules:
            if r.rule.id == rule_id:
                return r
        raise KeyError(rule_id)

    # Pickled (for worker processes) without the compiled bound formulas, which hold pint
    # quantities of this process's registry; they are compiled again on arrival.
    def __getstate__(self):
        state = dict(self.__dict__)
        state["rules"] = [replace(r, compiled=None) for r in self.rules]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        metrics = set(self.vocab.metrics)
        for lr in self.rules:
            if lr.rule.kind == "bound":
                lr.compiled = lr.rule.compile(metrics, lr.path, lr.key_lines)

    def only(self, rule_ids: set[str]) -> "RuleSet":
        return RuleSet([r for r in self.rules if r.rule.id in rule_ids], self.vocab, self.rates, self.facts,
                       self.digest)


class _Rates(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rates: dict[str, dict[str, tuple[float, float]]]


def _shipped_root():
    return resources.files("claimcheck.rules")


def _iter_rule_files(root) -> list[tuple[str, Any]]:
    """(pack, file) for every rule file under a root (a Path or a resources Traversable)."""
    out = []
    entries = sorted(root.iterdir(), key=lambda p: p.name)
    for entry in entries:
        if entry.is_dir() and not entry.name.startswith((".", "_")):
            for f in sorted(entry.iterdir(), key=lambda p: p.name):
                if f.is_file() and f.name.endswith((".yml", ".yaml")) and f.name not in SPECIAL_FILES:
                    out.append((entry.name, f))
        elif entry.is_file() and entry.name.endswith((".yml", ".yaml")) and entry.name not in SPECIAL_FILES \
                and not entry.name.startswith("."):
            out.append((getattr(root, "name", "user") or "user", entry))
    return out


def parse_rule(text: str, path: str, default_id: str, shipped: bool = False) -> LoadedRule:
    data, lines = parse_yaml(text, path, shipped=shipped)
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping of fields", path=path, line=1)
    fields = dict(data, id=data.get("id", default_id))
    kind = fields.get("kind")
    if not isinstance(kind, str) or kind not in kinds.KINDS:
        shown = repr(kind) if isinstance(kind, str) or kind is None else f"(a {type(kind).__name__})"
        raise RuleError(f"kind: unknown rule kind {shown}; use one of {', '.join(sorted(kinds.KINDS))}",
                        path=path, line=line_of(data, lines, ("kind",)))
    try:
        rule = kinds.RULE_ADAPTER.validate_python(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        if loc and loc[0] in kinds.KINDS:       # the union's tag, not a field of the file
            loc = loc[1:]
        name = ".".join(str(p) for p in loc) or "(top level)"
        raise RuleError(f"{name}: {first['msg']}", path=path, line=line_of(data, lines, loc)) from None
    top = lines.get(id(data), (1, {}))[1]
    return LoadedRule(rule, path, line_of(data, lines, ("kind",)), key_lines=dict(top))


def load_rule_file(path: str) -> LoadedRule:
    """One rule file, checked as :func:`load_rules` checks it: a bound rule's formula and bounds
    are compiled, with the shipped vocabulary and a ``vocabulary.yaml`` beside the file or its pack."""
    p = Path(path)
    lr = parse_rule(read_limited(p, what="rule file"), str(p), f"user.{_stem(p.name)}")
    if lr.rule.kind == "bound":
        vocab = default_vocabulary()
        for d in (p.parent.parent, p.parent):
            for name in ("vocabulary.yaml", "vocabulary.yml"):
                if _is(d / name, "file"):
                    vocab = vocab.merged(load_yaml_model(read_limited(d / name), Vocabulary, str(d / name)))
        lr.compiled = lr.rule.compile(set(vocab.metrics), lr.path, lr.key_lines)
    return lr


def load_rules(dirs: list[str] | tuple = (), config: Optional[Config] = None,
               facts: list[str] | tuple = ()) -> RuleSet:
    """The shipped packs plus users' rule directories, with the configuration's overrides."""
    config = config or Config()
    digest = hashlib.sha256()
    loaded: list[LoadedRule] = []
    vocab = default_vocabulary()
    rates = _load_rates(_shipped_root().joinpath("rates.yaml").read_text(encoding="utf-8"), "rules/rates.yaml",
                        shipped=True)
    for pack, f in _iter_rule_files(_shipped_root()):
        if config.packs is not None and pack not in config.packs:
            continue
        text = f.read_text(encoding="utf-8")
        digest.update(text.encode())
        loaded.append(parse_rule(text, f"rules/{pack}/{f.name}", f"{pack}.{_stem(f.name)}", shipped=True))
    user_dirs = [config.resolve(d) for d in config.rules] + list(dirs)
    for d in user_dirs:
        root = Path(d)
        if not _is(root, "dir"):
            raise RuleError("rules directory not found", path=str(d))
        try:
            files = _iter_rule_files(root)
        except OSError as exc:
            raise RuleError(f"cannot read rules directory: {exc.strerror or exc}", path=str(exc.filename or d)) from None
        for pack, f in files:
            text = read_limited(f)
            digest.update(text.encode())
            pack_name = pack if f.parent != root else root.name
            rule = parse_rule(text, str(f), f"{_slug(pack_name)}.{_stem(f.name)}")
            loaded = [r for r in loaded if r.rule.id != rule.rule.id] + [rule]
        for name in ("vocabulary.yaml", "vocabulary.yml"):
            if (root / name).is_file():
                vocab = vocab.merged(load_yaml_model(read_limited(root / name), Vocabulary, str(root / name)))
        for name in ("rates.yaml", "rates.yml"):
            if (root / name).is_file():
                rates.update(_load_rates(read_limited(root / name), str(root / name)))
    for v in config.vocabulary:
        p = Path(config.resolve(v))
        if not _is(p, "file"):
            raise RuleError("vocabulary file not found", path=str(p))
        vocab = vocab.merged(load_yaml_model(read_limited(p), Vocabulary, str(p)))
    loaded = _apply_overrides(loaded, config)
    metrics = set(vocab.metrics)
    for lr in loaded:
        if lr.rule.kind == "bound":
            lr.compiled = _compile(lr, metrics, config)
    fact_rows: list[Fact] = []
    for fp in [config.resolve(f) for f in config.facts] + list(facts):
        fact_rows.extend(load_facts(fp))
    loaded.sort(key=lambda r: r.rule.id)
    # The digest covers everything that changes what a check finds (the cache relies on it):
    # the rule files as written, the rules after overrides, the vocabulary, rates and facts.
    for lr in loaded:
        digest.update(lr.rule.model_dump_json().encode())
    digest.update(vocab.model_dump_json().encode())
    digest.update(json.dumps(rates, sort_keys=True).encode())
    for row in fact_rows:
        digest.update(row.model_dump_json().encode())
    return RuleSet(loaded, vocab, rates, fact_rows, digest.hexdigest()[:16])


def _apply_overrides(loaded: list[LoadedRule], config: Config) -> list[LoadedRule]:
    ids = {r.rule.id for r in loaded}
    where = config.path or ".claimcheck.yaml"
    for key, table in (("disable", config.disable), ("severity", config.severity), ("set", config.set)):
        for n, rule_id in enumerate(table):
            if rule_id not in ids:
                raise RuleError(f"{key}: no rule with id {rule_id!r}", path=where,
                                line=config.line_of(key, n if key == "disable" else rule_id))
    out = []
    for lr in loaded:
        rid = lr.rule.id
        if rid in config.disable:
            continue
        update: dict = {}
        if rid in config.severity:
            update["severity"] = config.severity[rid]
        if rid in config.set:
            update.update(config.set[rid])
        if update:
            data = lr.rule.model_dump(by_alias=True) | update
            try:
                rule = kinds.RULE_ADAPTER.validate_python(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = "".join(f".{p}" for p in first["loc"][1:])
                raise RuleError(f"set.{rid}{loc}: {first['msg']}", path=where,
                                line=config.line_of("set", rid, *first["loc"][1:])) from None
            lr = LoadedRule(rule, lr.path, lr.line, key_lines=lr.key_lines, overridden=tuple(config.set.get(rid, ())))
        out.append(lr)
    return out


_BOUND_FIELDS = ("formula", "between", "at_least", "at_most", "equals", "variables")


def _compile(lr: LoadedRule, metrics: set[str], config: Config):
    """A bound rule's formula and bounds; an error in a value the configuration set names the
    configuration's line, not the rule file's."""
    if not set(_BOUND_FIELDS) & set(lr.overridden):
        return lr.rule.compile(metrics, lr.path, lr.key_lines)
    rid = lr.rule.id
    try:
        return lr.rule.compile(metrics, config.path or ".claimcheck.yaml",
                               {k: config.line_of("set", rid, k) for k in _BOUND_FIELDS})
    except RuleError as exc:
        raise RuleError(f"set.{rid}: {exc.message}", path=exc.path, line=exc.line) from None


def _load_rates(text: str, path: str, shipped: bool = False) -> dict:
    return dict(load_yaml_model(text, _Rates, path, shipped=shipped).rates)


def load_facts(path: str) -> list[Fact]:
    p = Path(path)
    text = read_limited(path, what="facts file")
    rows: list[Fact] = []
    if p.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))    # Excel writes a BOM
        try:
            for row in reader:
                row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
                if row.get("tolerance") in ("", None):
                    row.pop("tolerance", None)
                try:
                    rows.append(Fact.model_validate(row))
                except ValidationError as exc:
                    first = exc.errors()[0]
                    raise RuleError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}", path=str(path),
                                    line=reader.line_num) from None
        except csv.Error as exc:            # a field over the csv module's limit of 131,072 characters
            raise RuleError(f"invalid CSV: {exc}", path=str(path), line=reader.reader.line_num or 1) from None
        return rows
    data, lines = parse_yaml(text, str(path))
    items = data.get("facts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise RuleError("a facts file must be a list of rows (or a mapping with `facts:`)", path=str(path), line=1)
    for i, row in enumerate(items):
        try:
            rows.append(Fact.model_validate(row))
        except ValidationError as exc:
            raise validation_error(exc, items, lines, str(path), RuleError, prefix=(i,)) from None
    return rows


def _is(p: Path, kind: str) -> bool:
    """``p.is_dir()`` / ``p.is_file()``, False for a path the system refuses (too long, a NUL)."""
    try:
        return p.is_dir() if kind == "dir" else p.is_file()
    except (OSError, ValueError):
        return False


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0].lower()


def _slug(name: str) -> str:
    import re
    s = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")
    return s or "user"


def severity_of(name: str) -> Severity:
    return Severity(name)
