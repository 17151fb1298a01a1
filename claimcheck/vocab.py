"""The metric vocabulary: which words say what a figure measures.

Loaded from ``rules/vocabulary.yaml`` (shipped) and merged with users' vocabularies
(``vocabulary:`` in ``.claimcheck.yaml`` or ``vocabulary.yaml`` in a ``--rules`` directory).
Validated by pydantic; compiled once into one trigger pattern.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from importlib import resources
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .loader import load_yaml_model
from .models import new_list


class Metric(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[str] = Field(min_length=1)
    triggers: list[str] = Field(default_factory=new_list)
    nouns: list[str] = Field(default_factory=new_list)
    per: Optional[str] = None
    cumulative: bool = False


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    metrics: dict[str, Metric]
    noun_classes: dict[str, list[str]] = Field(default_factory=dict)
    descriptors: list[str] = Field(default_factory=new_list)

    def merged(self, other: "Vocabulary") -> "Vocabulary":
        return Vocabulary(
            metrics={**self.metrics, **other.metrics},
            noun_classes={**self.noun_classes, **other.noun_classes},
            descriptors=sorted(set(self.descriptors) | set(other.descriptors)),
        )

    @cached_property
    def trigger_pattern(self) -> re.Pattern:
        # longest first; ties by text, so that the pattern is the same in every process (a
        # set's order is not), as claimcheck.regexcache needs
        words = sorted({t.lower() for m in self.metrics.values() for t in m.triggers},
                       key=lambda w: (-len(w), w))
        body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    @cached_property
    def trigger_first_words(self) -> frozenset:
        return frozenset(re.split(r"[\s-]", t.lower())[0] for m in self.metrics.values() for t in m.triggers)

    @cached_property
    def trigger_first_word_pattern(self) -> Optional[re.Pattern]:
        """Finds, in lower-cased text, whole words (a letter, then word characters) that are
        some trigger's first word; None when a first word is not ASCII."""
        if not all(w.isascii() for w in self.trigger_first_words):
            return None
        words = [w for w in self.trigger_first_words if re.fullmatch(r"[a-z]\w*", w)]
        if not words:
            return None
        return re.compile(rf"(?<![\w-]){alternation(words)}(?!\w)")

    @cached_property
    def metrics_by_trigger(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for name, metric in self.metrics.items():
            for t in metric.triggers:
                table.setdefault(t.lower(), []).append(name)
        return table

    @cached_property
    def metrics_by_noun(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for name, metric in self.metrics.items():
            for noun in metric.nouns:
                table.setdefault(noun, []).append(name)
        return table

    @cached_property
    def plain_metrics_by_kind(self) -> dict[str, frozenset]:
        """For each figure kind, the metrics of that kind that are not per-unit rates."""
        table: dict[str, set[str]] = {}
        for name, metric in self.metrics.items():
            if not metric.per:
                for kind in metric.kinds:
                    table.setdefault(kind, set()).add(name)
        return {kind: frozenset(names) for kind, names in table.items()}

    @cached_property
    def noun_class(self) -> dict[str, str]:
        return {noun: cls for cls, nouns in self.noun_classes.items() for noun in nouns}


def alternation(words, any_case: bool = False) -> str:
    """A regex matching any of the words, factored by common prefixes ("a(?:nnual|sp)"):
    the regex engine tries each alternative in turn, so a flat list of 100 words is slow.
    With ``any_case`` (lower-case ASCII words), each letter is a ``[xX]`` class, so the
    engine rejects most words on one character test without re.IGNORECASE."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}                       # a word ends here

    def walk(node: dict) -> str:
        alts = [(f"[{ch}{ch.upper()}]" if any_case else re.escape(ch)) + walk(sub)
                for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{walk(trie)})"


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary (parsed once per process; the model is frozen)."""
    ref = resources.files("claimcheck.rules").joinpath("vocabulary.yaml")
    return load_yaml_model(ref.read_text(encoding="utf-8"), Vocabulary, "rules/vocabulary.yaml", shipped=True)
