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


import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """The command line caches per-document results in the user's cache folder: tests use
    their own folder, so they neither read a developer's cache nor leave entries in it."""
    import os
    old = os.environ.get("CLAIMCHECK_CACHE_DIR")
    os.environ["CLAIMCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("CLAIMCHECK_CACHE_DIR", None)
    else:
        os.environ["CLAIMCHECK_CACHE_DIR"] = old
