"""Closed intervals with open ends, and the arithmetic rules need.

``Interval(lo, hi)``: ``None`` at an end means unbounded. Arithmetic gives an enclosure of
every value the expression can take when each operand ranges over its interval, so "no value
satisfies the rule" is decided soundly: if the enclosure misses the bound, nothing inside
the claims' intervals can meet it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float

    @classmethod
    def of(cls, lo: float | None, hi: float | None) -> "Interval":
        return cls(-INF if lo is None else lo, INF if hi is None else hi)

    @classmethod
    def point(cls, x: float) -> "Interval":
        return cls(x, x)

    def __add__(self, o: "Interval") -> "Interval":
        return Interval(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o: "Interval") -> "Interval":
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo)

    def __mul__(self, o: "Interval") -> "Interval":
        a, b, c, d = self.lo, self.hi, o.lo, o.hi
        ps = (a * c, a * d, b * c, b * d)
        if ps[0] != ps[0] or ps[1] != ps[1] or ps[2] != ps[2] or ps[3] != ps[3]:
            # 0 times an infinite end is NaN in floats: it counts as 0 here (rare)
            ps = (_mul(a, c), _mul(a, d), _mul(b, c), _mul(b, d))
        return Interval(min(ps), max(ps))

    def __truediv__(self, o: "Interval") -> "Interval":
        if o.lo <= 0 <= o.hi:
            return Interval(-INF, INF)
        return self * Interval(1 / o.hi if o.hi != INF else 0.0, 1 / o.lo if o.lo != -INF else 0.0)

    def scale(self, k: float) -> "Interval":
        return self * Interval(k, k)

    def intersects(self, o: "Interval") -> bool:
        return self.lo <= o.hi and o.lo <= self.hi

    def gap_ratio(self, o: "Interval") -> float:
        """How far apart two disjoint intervals are, as a ratio (>= 1; 1 when touching)."""
        if self.intersects(o):
            return 1.0
        a, b = (self, o) if self.hi < o.lo else (o, self)
        if a.hi > 0 and b.lo > 0:
            return b.lo / a.hi
        if a.hi < 0 and b.lo < 0:
            return a.hi / b.lo if b.lo else INF
        return INF

    @property
    def mid(self) -> float:
        if math.isinf(self.lo) or math.isinf(self.hi):
            return self.lo if not math.isinf(self.lo) else self.hi
        return (self.lo + self.hi) / 2


def _mul(a: float, b: float) -> float:
    if (a == 0 and math.isinf(b)) or (b == 0 and math.isinf(a)):
        return 0.0
    return a * b
