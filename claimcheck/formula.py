"""A small, safe evaluator for rule formulas such as ``revenue / units_sold``.

Formulas are parsed with :mod:`ast` and checked against a whitelist: numbers, names of
metrics, ``+ - * /``, unary minus and parentheses. Calls, attributes, subscripts, comparisons
and every other node are refused when the rule is loaded, with the file and line. Nothing
is ever passed to ``eval``.
"""
from __future__ import annotations

import ast
from typing import Callable

from .errors import RuleError

_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)
MAX_FORMULA_LENGTH = 200


class Formula:
    def __init__(self, text: str, names: set[str] | None = None, where: str = "", line: int | None = None):
        if len(text) > MAX_FORMULA_LENGTH:
            raise RuleError(f"formula is longer than {MAX_FORMULA_LENGTH} characters", path=where or None, line=line)
        try:
            tree = ast.parse(text, mode="eval")
        except (SyntaxError, ValueError) as exc:     # ValueError: a NUL, before Python 3.11.4
            raise RuleError(f"formula {text!r} is not valid: {getattr(exc, 'msg', exc)}", path=where or None,
                            line=line) from None
        self.text = text
        self.names: list[str] = []
        self._check(tree.body, names, where, line)
        self.tree = tree.body

    def _check(self, node: ast.AST, names: set[str] | None, where: str, line: int | None) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, _BINOPS):
            self._check(node.left, names, where, line)
            self._check(node.right, names, where, line)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            self._check(node.operand, names, where, line)
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            pass
        elif isinstance(node, ast.Name):
            if names is not None and node.id not in names:
                raise RuleError(f"formula {self_text(node)!r}: {node.id!r} is not a metric", path=where or None, line=line)
            if node.id not in self.names:
                self.names.append(node.id)
        else:
            what = type(node).__name__.lower()
            raise RuleError(f"formula may only use metric names, numbers and + - * / (found {what})",
                            path=where or None, line=line)

    def evaluate(self, value_of: Callable[[str], object], number: Callable[[float], object]):
        """Evaluate with any arithmetic type: intervals for values, pint quantities for units."""
        def ev(node):
            if isinstance(node, ast.BinOp):
                a, b = ev(node.left), ev(node.right)
                op = node.op
                return a + b if isinstance(op, ast.Add) else a - b if isinstance(op, ast.Sub) \
                    else a * b if isinstance(op, ast.Mult) else a / b
            if isinstance(node, ast.UnaryOp):
                v = ev(node.operand)
                return -v if isinstance(node.op, ast.USub) else v
            if isinstance(node, ast.Constant):
                return number(float(node.value))
            return value_of(node.id)
        return ev(self.tree)


def self_text(node: ast.AST) -> str:
    return getattr(node, "id", type(node).__name__)
