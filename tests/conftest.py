"""Shared helpers: YAML fixture loading (one parametrized case per entry)."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT / "corpus"


def yaml_cases(subdir: str):
    """(id, case) for every case of every YAML file under tests/fixtures/<subdir>."""
    out = []
    for path in sorted((FIXTURES / subdir).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, case in data.items():
            out.append((f"{path.stem}_{name}", case))
    return out
