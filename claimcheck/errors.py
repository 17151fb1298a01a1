"""Errors that claimcheck reports to users as one clear line (exit code 2).

Every error names where the problem is (file, and line where known) and what is wrong.
The command line prints ``str(error)`` and exits 2; the library raises these and never
prints or exits.
"""
from __future__ import annotations

import re

# Characters that would break the one line (str.splitlines splits at all of these) or drive
# a terminal: shown escaped, as Python would write them ("\n", "\x1b").
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


class ClaimcheckError(Exception):
    """Base class: a problem with the user's input, rules or configuration."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        return one_line(where + self.message)


class InputError(ClaimcheckError):
    """A document cannot be read: missing, binary, undecodable, malformed front matter."""


class RuleError(ClaimcheckError):
    """A rule, vocabulary or facts file is invalid."""


class ConfigError(ClaimcheckError):
    """A configuration file is invalid."""
