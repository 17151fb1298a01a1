"""Adversarial inputs for catastrophic-backtracking checks (used by the tests and the benchmark)."""
from __future__ import annotations

MB = 1_000_000


def cases(MB: int = MB) -> dict[str, tuple[str, str]]:
    """name -> (text, format), each about ``MB`` characters."""
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
        "open_tags_and_quotes": ('<a "' * (MB // 4), "html"),
        "paragraph_tags": ("<p>4" * (MB // 4), "html"),
        "character_references": ("&#1" * (MB // 3), "html"),
        "markdown_emphasis": ("*_" * (MB // 2), "markdown"),
        "capitalised_words": ("Acme Big Corp " * (MB // 14), "text"),
        "open_brackets": ("(" * MB, "text"),
        "dashes": ("--" * (MB // 2), "text"),
    }


if __name__ == "__main__":
    # `python tests/robustness/adversarial.py [SIZE]`: wall time of checking each case.
    import sys
    import time

    from claimcheck import api
    from claimcheck.rulesets import load_rules

    rules = load_rules()
    size = int(sys.argv[1]) if len(sys.argv) > 1 else MB
    for name, (text, fmt) in cases(size).items():
        t = time.perf_counter()
        report = api.check_text(text, date="2014-12-29", rules=rules, format=fmt)
        print(f"{name:20} {len(text) / 1e6:5.2f} MB  {time.perf_counter() - t:7.2f} s  "
              f"{report.summary.claims} claims", flush=True)
