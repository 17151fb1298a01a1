"""Rule kinds: one module per kind, registered explicitly here.

``KINDS`` maps a kind name to its module; ``RuleSpec`` is the pydantic discriminated union
of every kind's ``Rule`` model, so a rule file is validated by the model of its ``kind``.
Adding a kind: write ``kinds/<kind>.py`` (``KIND``, ``Rule``, ``check``), add it to
``KINDS``, add a fixture file under ``tests/rules/``.
"""
from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from . import bound, compare, consistency, reference, relation

KINDS = {m.KIND: m for m in (relation, consistency, bound, compare, reference)}

RuleSpec = Annotated[Union[relation.Rule, consistency.Rule, bound.Rule, compare.Rule, reference.Rule],
                     Field(discriminator="kind")]
RULE_ADAPTER = TypeAdapter(RuleSpec)


def get(kind: str):
    return KINDS[kind]
