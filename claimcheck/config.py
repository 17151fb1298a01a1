"""Configuration: ``.claimcheck.yaml`` (or ``[tool.claimcheck]`` in ``pyproject.toml``).

Found upward from the checked paths (the first directory that has one wins), or given
with ``--config``. Validated by pydantic with unknown keys refused; errors name the file, the
line and the key. Paths inside it are relative to the file.

Keys: ``packs`` (shipped packs to use; default all), ``rules`` (extra rule directories),
``disable`` (rule ids), ``severity`` (id -> error|warning|info), ``set`` (id -> parameters to
override, e.g. bounds), ``vocabulary`` (extra vocabulary files), ``facts`` (facts files for
the reference rule), ``include`` / ``exclude`` (globs), ``fail_on``.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from .errors import ConfigError
from .loader import line_of, parse_yaml, read_limited, validation_error
from .models import Severity, new_list

CONFIG_NAMES = (".claimcheck.yaml", ".claimcheck.yml")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    packs: Optional[list[str]] = None
    rules: list[str] = Field(default_factory=new_list)
    disable: list[str] = Field(default_factory=new_list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    set: dict[str, dict[str, Any]] = Field(default_factory=dict)
    vocabulary: list[str] = Field(default_factory=new_list)
    facts: list[str] = Field(default_factory=new_list)
    include: list[str] = Field(default_factory=new_list)
    exclude: list[str] = Field(default_factory=new_list)
    fail_on: Optional[Literal["error", "warning", "info", "never"]] = None
    base: str = Field(default=".", exclude=True)     # directory the paths are relative to
    path: Optional[str] = Field(default=None, exclude=True)
    _source: tuple = PrivateAttr(default=(None, {}))     # the parsed file and its lines (YAML only)

    def resolve(self, p: str) -> str:
        return p if os.path.isabs(p) else os.path.normpath(os.path.join(self.base, p))

    def line_of(self, *loc) -> Optional[int]:
        """The line of a key of the file (``"set", rule_id``), where known."""
        data, lines = self._source
        return line_of(data, lines, loc) if lines else None


def find_config(paths: list[str]) -> Optional[Path]:
    """The nearest configuration file upward from the first checked path."""
    for p in paths or ["."]:
        if p == "-":
            p = "."
        here = Path(p).resolve()
        if here.is_file() or not here.exists():
            here = here.parent
        for d in (here, *here.parents):
            for name in CONFIG_NAMES:
                if (d / name).is_file():
                    return d / name
            pyproject = d / "pyproject.toml"
            if pyproject.is_file() and _has_tool_section(pyproject):
                return pyproject
        break
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "[tool.claimcheck]" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def load_config(path: str | Path) -> Config:
    path = Path(path)
    text = read_limited(path, ConfigError, "configuration")
    if path.name == "pyproject.toml":
        data = _tool_table(text, str(path))
        lines: dict = {}
        start = next((n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[tool.claimcheck]"), None)
    else:
        data, lines = parse_yaml(text, str(path), ConfigError)
        start = lines.get(None)
        if data is None:
            data = {}
    if not isinstance(data, dict):
        raise ConfigError("configuration must be a mapping of keys", path=str(path), line=start)
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, lines, str(path), ConfigError) from None
    cfg = cfg.model_copy(update={"base": str(path.parent), "path": str(path)})
    cfg._source = (data, lines)
    return cfg


def _tool_table(text: str, path: str) -> Any:
    """``[tool.claimcheck]`` of a pyproject.toml ({} when there is none)."""
    import tomllib

    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r" \(at line (\d+), column (\d+)\)$", str(exc))
        if where:
            raise ConfigError(f"invalid TOML: {str(exc)[:where.start()]}", path=path, line=int(where[1]),
                              col=int(where[2])) from None
        line = text.count("\n") + 1 if str(exc).endswith("(at end of document)") else None
        raise ConfigError(f"invalid TOML: {exc}", path=path, line=line) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", path=path) from None
    if not isinstance(tool, dict):
        raise ConfigError("invalid TOML: 'tool' must be a table", path=path)
    return tool.get("claimcheck", {})
