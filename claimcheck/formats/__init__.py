"""Output formats: each module turns a Report (or extracted Documents) into text.

Formatters are pure functions returning ``str``; only :mod:`claimcheck.cli` writes them.
``FORMATS`` maps a ``--format`` name to the module that renders a check report.
"""
from __future__ import annotations

import importlib

CHECK_FORMATS = ("table", "json", "sarif", "junit", "markdown", "html", "github")
REPORT_FORMATS = ("markdown", "html", "csv")


def get(name: str):
    """The formatter module for ``name`` (imported on demand: renderers stay off start-up)."""
    module = {"json": "json_"}.get(name, name)
    return importlib.import_module(f"{__name__}.{module}")
