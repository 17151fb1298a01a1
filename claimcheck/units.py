"""The unit registry used throughout claimcheck, and the only module that imports pint.

One registry per process, built lazily from ``units.txt`` (not pint's full default set, so it
starts in milliseconds). Currencies are separate dimensions; a counted noun becomes its own
dimension when first used, so "5 million smartphones" and "85 million users" never mix, but
the nouns that name the same thing (phone, handset, unit) share one, by the vocabulary's
``nouns`` table.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .errors import RuleError

CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CNY", "HKD", "INR", "CAD", "AUD", "SGD", "TWD",
              "BRL", "CHF", "KRW", "NZD", "TRY", "RUB", "ZAR", "SEK", "NOK", "DKK", "CZK", "PLN",
              "MXN", "CLP", "COP", "ARS", "PHP", "PEN")
_NOUN_OK = re.compile(r"[a-z][a-z_]{0,40}\Z")
MAX_QUANTITY_LENGTH = 100
# pint evaluates exact integer powers: "10**10**10" would never finish. An exponent must be a
# literal of at most two digits ("USD/m^2", "10**9 USD"), not raised again, and its base must
# not be a parenthesised expression.
_EXPONENT = re.compile(r"\s*(?:[-+]?\s*\d{1,2}|\(\s*[-+]?\s*\d{1,2}\s*\))(?![\w.(])(?!\s*\*\*)")


@lru_cache(maxsize=1)
def registry():
    """THE pint registry of claimcheck (built on first use)."""
    import pint

    ureg = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=True, cache_folder=None)
    with resources.files("claimcheck").joinpath("units.txt").open("r", encoding="utf-8") as f:
        ureg.load_definitions(f.read().splitlines())
    return ureg


def ensure_noun(noun: str) -> str:
    """Define a counted noun as a unit of its own dimension; returns the unit name."""
    ureg = registry()
    name = noun.strip().lower().replace(" ", "_").replace("-", "_")
    if not _NOUN_OK.match(name):
        raise ValueError(f"not a counted noun: {noun!r}")
    if name not in ureg:
        ureg.define(f"{name} = [count_{name}]")
    return name


def unit_of(kind: str, unit: str | None) -> str:
    """The pint unit expression of a mention's unit ("USD", "percent", a noun, or "")."""
    if unit is None or kind in ("number", "multiplier"):
        return "dimensionless"
    if kind in ("money", "percent", "percentage_points"):
        return unit
    return ensure_noun(unit)


def quantity(value: float, unit_expr: str):
    return registry().Quantity(value, unit_expr)


def parse_quantity(text: str, where: str = "", line: int | None = None):
    """Parse a bound written with units ("30 USD/unit", "70 percent", "0.5").

    Unknown words that look like counted nouns are defined on the fly, so a rule may bound
    "USD/smartphone". Errors name the file and line given in ``where``/``line``.
    """
    from pint.util import string_preprocessor

    ureg = registry()
    if len(text) > MAX_QUANTITY_LENGTH:
        raise RuleError(f"quantity is longer than {MAX_QUANTITY_LENGTH} characters", path=where or None, line=line)
    expr = text.strip().replace("%", " percent")
    try:
        pre = string_preprocessor(expr)
        for power in re.finditer(r"\*\*", pre):
            if pre[:power.start()].rstrip().endswith(")") or not _EXPONENT.match(pre, power.end()):
                raise ValueError("a power may only be a number of one or two digits, not another power (m^2, 10**9)")
        for word in re.findall(r"[A-Za-z_]+", expr):
            if word not in ureg and word.islower() and _NOUN_OK.match(word):
                ensure_noun(word)
        q = ureg.Quantity(expr)
    except Exception as exc:            # pint's parser raises anything, AssertionError included
        reason = str(exc) or type(exc).__name__
        raise RuleError(f"cannot read quantity {text!r}: {reason}", path=where or None, line=line) from None
    if not hasattr(q, "units"):
        q = ureg.Quantity(float(q), "dimensionless")
    return q
