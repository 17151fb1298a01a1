"""Adversarial inputs for catastrophic-backtracking checks (used by the tests and the benchmark)."""
from __future__ import annotations

MB = 1_000_000


def cases() -> dict[str, tuple[str, str]]:
    """name -> (text, format), each about 1 MB."""
    return {
        "digits": ("7" * MB, "text"),
        "dollars": ("$" * MB, "text"),
        "commas_and_dots": (",." * (MB // 2), "text"),
        "digit_groups": ("1,234," * (MB // 6), "text"),
        "million_million": ("$1 million " * (MB // 11), "text"),
        "hedges": ("more than about nearly " * (MB // 23), "text"),
        "one_long_line": (("Xiaomi raised $1.1 billion at a valuation of more than $46 billion, " * 15000)[:MB], "text"),
        "sentences": ("Revenue rose 6%. " * (MB // 17), "text"),
        "nested_markup": ("<div>" * (MB // 11) + "$5 million" + "</div>" * (MB // 11), "html"),
        "markdown_emphasis": ("*_" * (MB // 2), "markdown"),
        "capitalised_words": ("Acme Big Corp " * (MB // 14), "text"),
        "open_brackets": ("(" * MB, "text"),
        "dashes": ("--" * (MB // 2), "text"),
    }
