"""Interval arithmetic: the fast product must be the enclosure of the four end products."""
from __future__ import annotations

import itertools
import math

from claimcheck.intervals import Interval, _mul


def test_product_is_the_enclosure_of_end_products_with_zero_times_infinity_zero():
    ends = [0.0, -0.0, 1.5, -2.0, 3.0, math.inf, -math.inf, 1e308, -1e-308]
    for a, b, c, d in itertools.product(ends, repeat=4):
        got = Interval(a, b) * Interval(c, d)
        ps = [_mul(x, y) for x in (a, b) for y in (c, d)]
        assert (repr(got.lo), repr(got.hi)) == (repr(min(ps)), repr(max(ps))), (a, b, c, d)
    assert Interval(0.0, 2.0) * Interval(1.0, math.inf) == Interval(0.0, math.inf)
