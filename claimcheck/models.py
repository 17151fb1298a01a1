"""The data model of claimcheck, in one place.

Everything the pipeline produces is a frozen pydantic model, so the JSON contract is the
models' own serialisation (``model_dump(mode="json")``):

* :class:`Mention`: one numeric figure found in a document, with its exact span and its
  value as an interval (``low <= value <= high``).
* :class:`Claim`: a mention attributed to an entity, a metric and a period, with the
  relations the text states between it and other claims.
* :class:`Document`: the mentions and claims of one document, plus what could not be read.
* :class:`Finding`: a rule that fails (or, in ``verified``, a relation that holds), with
  every location involved.
* :class:`Report`: the result of checking a set of documents.

Offsets are character offsets into the decoded source (end exclusive); ``line`` and
``col`` are 1-based.
"""
from __future__ import annotations

from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


def new_list() -> list:
    """A new empty list: the default factory of list fields. (pydantic inspects a factory's
    signature; ``list`` has only a text one, whose parsing costs milliseconds at start-up.)"""
    return []


class Kind(str, Enum):
    money = "money"
    percent = "percent"
    percentage_points = "percentage_points"
    count = "count"
    multiplier = "multiplier"
    date = "date"
    number = "number"


class Qualifier(str, Enum):
    exact = "exact"
    approximately = "approximately"
    nearly = "nearly"
    more_than = "more_than"
    at_least = "at_least"
    less_than = "less_than"
    at_most = "at_most"
    range = "range"


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class _Frozen(BaseModel):
    # defer_build: a model's validator and serialiser are built when first used, not at
    # import. ``claimcheck extract`` constructs its models without validating them and never
    # touches the report's, so it skips most of that work.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Mention(_Frozen):
    """A numeric figure as written, with its exact span and its value interval."""

    id: str
    text: str
    start: int
    end: int
    line: int
    col: int
    kind: Kind
    value: Optional[float] = None
    low: Optional[float] = None     # None: unbounded below (never for magnitudes) or a date
    high: Optional[float] = None    # None: unbounded above ("more than $46 billion")
    unit: Optional[str] = None      # ISO currency, "percent", "percentage_point", counted noun
    qualifier: Qualifier = Qualifier.exact
    per: Optional[str] = None       # denominator of per-unit money: "share" in "$1.28 per share"
    period: Optional[str] = None    # dates: "2014", "2014-Q4", "2011-09", "2014-11-25"
    negative: bool = False          # stated as a loss / decline sign ("a loss of $61 million")


class Relation(_Frozen):
    """An arithmetic relation that the text states between claims.

    ``type`` is one of growth, share (a part of a whole: at most 100%), ratio (a percentage
    of a base, which may pass 100%: "110.6% of GDP"), multiple, comparison, sum, per_unit,
    time_span.
    ``roles`` maps role names (``to``, ``from``, ``factor``, ``percent``, ``whole``, ``part``,
    ``left``, ``right``, ``total``, ``parts``...) to claim ids (comma-joined for lists).
    """

    type: str
    roles: dict[str, str]
    direction: Optional[Literal["up", "down"]] = None
    op: Optional[str] = None        # comparisons: ">", "<", "~"
    cue: str = ""                   # the words that state the relation


class Claim(_Frozen):
    """A mention attributed to who, what and when."""

    id: str
    mention: str                    # mention id
    entity: Optional[str] = None
    metric: Optional[str] = None
    segment: Optional[str] = None   # "mobile services" in "revenue from mobile services"
    period: Optional[str] = None
    period_source: Literal["text", "document", "none"] = "none"
    modality: Literal["actual", "forecast", "hypothetical"] = "actual"
    sentence: int                   # index into Document.sentences
    relations: list[Relation] = Field(default_factory=new_list)


class Sentence(_Frozen):
    start: int
    end: int


class Unparsed(_Frozen):
    text: str
    start: int
    end: int
    line: int
    col: int
    reason: str


class Document(_Frozen):
    path: str
    date: Optional[str] = None
    date_source: Literal["front_matter", "option", "inferred", "none"] = "none"
    title: Optional[str] = None
    sentences: list[Sentence] = Field(default_factory=new_list)
    mentions: list[Mention] = Field(default_factory=new_list)
    claims: list[Claim] = Field(default_factory=new_list)
    unparsed: list[Unparsed] = Field(default_factory=new_list)

    def mention(self, mention_id: str) -> Mention:
        return self._mentions_by_id()[mention_id]

    def _mentions_by_id(self) -> dict[str, Mention]:
        cache = self.__dict__.get("_by_id")
        if cache is None:
            cache = {m.id: m for m in self.mentions}
            self.__dict__["_by_id"] = cache   # frozen model: cache outside the fields
        return cache


class Location(_Frozen):
    path: str
    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int
    text: str
    sentence: Optional[str] = None


class Finding(_Frozen):
    rule: str
    severity: Severity
    message: str
    explanation: str
    suggestion: Optional[str] = None
    locations: list[Location]
    distance: Optional[float] = None   # how far off, as a ratio (1.0 would be exactly on the bound)
    fingerprint: str = ""
    suppression: Optional[str] = None  # the reason, when an inline comment suppresses it


class Summary(_Frozen):
    documents: int
    claims: int
    checked: int
    errors: int
    warnings: int
    infos: int
    skipped: int = 0
    suppressed: int = 0
    baselined: int = 0


class Report(_Frozen):
    version: int = SCHEMA_VERSION
    findings: list[Finding]
    verified: list[Finding]
    summary: Summary
    suppressed: list[Finding] = Field(default_factory=new_list)
    unused_suppressions: list[str] = Field(default_factory=new_list)
