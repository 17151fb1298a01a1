"""Normalisation: turn a figure as written into an interval of the values it can mean.

Two things widen or narrow a stated figure:

* its implied precision: the last stated digit is rounded, so "$15.7 billion" is
  [15.65e9, 15.75e9] and "$4 billion" is [3.5e9, 4.5e9];
* its hedge: "about" widens to at least +/-5%, "nearly" means at most the figure and not
  far below it, "more than" opens the top, "less than" and "up to" open the bottom.

``None`` for ``high`` means no upper bound ("more than $46 billion").
"""
from __future__ import annotations

APPROX = 0.05      # "about $16 billion" is at least 15.2..16.8
NEARLY = 0.15      # "nearly $1 billion" is 0.85..1.0 (or its precision, if wider)


def interval(value: float, step: float, qualifier: str,
             low: float | None = None, high: float | None = None) -> tuple[float | None, float | None]:
    """The interval [low, high] a stated figure stands for."""
    half = step / 2
    if qualifier == "range" and low is not None and high is not None:
        return min(low, high), max(low, high)
    lo, hi = value - half, value + half
    mag = abs(value)
    if qualifier == "approximately":
        return min(lo, value - APPROX * mag), max(hi, value + APPROX * mag)
    if qualifier == "nearly":
        return min(max(lo, value - NEARLY * mag), value), value
    if qualifier in ("more_than", "at_least"):
        return value, None
    if qualifier in ("less_than", "at_most"):
        return (0.0 if value >= 0 else None), value
    return lo, hi
