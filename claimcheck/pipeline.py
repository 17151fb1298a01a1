"""The extraction pipeline: source -> sentences -> figures -> mentions -> claims.

``build_document(source, vocab, date=None)`` runs the stages in order and returns a frozen
:class:`~claimcheck.models.Document`:

1. :mod:`claimcheck.sources` has already decoded the file and removed markup (``prose``),
   keeping a map back to offsets in the original file;
2. :mod:`claimcheck.segment` splits sentences;
3. :mod:`claimcheck.extract` finds figures; :mod:`claimcheck.normalise` gives each an
   interval;
4. :mod:`claimcheck.attribute` attaches claims and relations.

Pure: no I/O, no printing. The document date comes from ``date`` (``--date``), front matter,
or the latest full date in the text (``date_source`` says which).
"""
from __future__ import annotations

import datetime as _dt
from bisect import bisect_right

from pydantic import BaseModel

from . import periods
from .attribute import Attributor
from .extract import find_figures, find_figures_and_date
from .models import Claim, Document, Kind, Mention, Qualifier, Sentence, Unparsed
from .normalise import interval
from .segment import split_sentences
from .vocab import Vocabulary


_KINDS = {k.value: k for k in Kind}              # Kind(value), without the enum call
_QUALIFIERS = {q.value: q for q in Qualifier}


def _round(x: float | None) -> float | None:
    """``x`` to 12 significant digits. A whole number below 10^12 already has at most 12: it
    is returned as it is (the same float), without formatting and parsing it."""
    if x is None:
        return None
    if type(x) is float and x.is_integer() and -1e12 < x < 1e12:
        return x
    return float(f"{x:.12g}")


# The setters of BaseModel's four slots, called directly: object.__setattr__ goes through
# the attribute lookup each time.
_SLOTS = vars(BaseModel)
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__
_new = object.__new__


def _construct(cls, values: dict):
    """``cls.model_construct(**values)`` for a model given every field, in field order, with
    no aliases, private attributes or post-init (Mention, Sentence, Claim, Unparsed, Document).
    Pydantic's own version looks up aliases and defaults field by field, which costs more than
    the rest of building a mention; this sets the same four attributes directly
    (tests/test_extract.py compares). The values come as a dict (it becomes the model's
    ``__dict__``): a dict display is built faster than keyword arguments are collected."""
    m = _new(cls)
    _set_dict(m, values)
    _set_fields_set(m, set(values))
    _set_extra(m, None)
    _set_private(m, None)
    return m


def given_date(source, date: _dt.date | None):
    """The document date from ``--date`` or front matter, and where it came from."""
    if date is not None:
        return date, "option"
    meta_date = periods.parse_iso_date(source.meta.get("date")) if source.meta.get("date") else None
    if meta_date is not None:
        return meta_date, "front_matter"
    return None, "none"


def inferred_date(figures) -> _dt.date | None:
    """The latest full date among figures read without a document date."""
    latest = None
    for f in figures:
        if f.kind == "date" and f.period and len(f.period) >= 7 and "Q" not in f.period and "H" not in f.period:
            d = periods.span(f.period)
            if d and (latest is None or d[1] > latest):
                latest = d[1] if len(f.period) == 10 else d[0]
    return latest


def build_document(source, vocab: Vocabulary, date: _dt.date | None = None) -> Document:
    prose = source.prose
    sentences = split_sentences(prose)
    doc_date, date_source = given_date(source, date)
    if doc_date is None:        # one scan gives both the figures and the date they imply
        figures, unread, doc_date = find_figures_and_date(prose, sentences, inferred_date)
        date_source = "inferred" if doc_date is not None else "none"
    else:
        figures, unread = find_figures(prose, sentences, doc_date)

    to_raw = source.to_raw
    raw = source.raw
    # to_raw and line_col inlined: figure offsets are prose offsets by construction
    offsets = source.offsets
    line_starts = source.line_starts()
    mentions: list[Mention] = []
    ids: list[str] = []
    for i, f in enumerate(figures, 1):
        start, end = (f.start, f.end) if offsets is None else (offsets[f.start], offsets[f.end])
        line = bisect_right(line_starts, start)
        mid = f"m{i}"
        ids.append(mid)
        if f.kind == "date":
            low = high = value = None
        else:
            value = _round(f.value)
            low, high = interval(f.value, f.step, f.qualifier, f.low, f.high)
            low, high = _round(low), _round(high)
        mentions.append(_construct(Mention, {
            "id": mid, "text": raw[start:end], "start": start, "end": end, "line": line,
            "col": start - line_starts[line - 1] + 1, "kind": _KINDS[f.kind], "value": value, "low": low,
            "high": high, "unit": f.unit, "qualifier": _QUALIFIERS[f.qualifier], "per": f.per,
            "period": f.period, "negative": f.negative}))

    attributor = Attributor(prose, sentences, figures, ids, vocab, doc_date, source.meta.get("entity"))
    raw_claims = attributor.run()
    _unanchor_from_values(raw_claims)
    # Attribution gives valid values (and Relation models): constructed, not validated;
    # validation would copy the list of relations, so the claim gets a copy too.
    claims = [_construct(Claim, {"id": c.id, "mention": c.mention_id, "entity": c.entity, "metric": c.metric,
                                 "segment": c.segment, "period": c.period, "period_source": c.period_source,
                                 "modality": c.modality, "sentence": c.fig.sentence,
                                 "relations": list(c.relations)})
              for c in raw_claims]

    unparsed = []
    for s, e, reason in unread:
        rs, re_ = to_raw(s), to_raw(e)
        line, col = source.line_col(rs)
        unparsed.append(_construct(Unparsed, {"text": raw[rs:re_], "start": rs, "end": re_, "line": line,
                                              "col": col, "reason": reason}))
    for c in raw_claims:
        if c.entity is None and c.metric is None and not c.relations and c.fig.kind != "multiplier":
            m = mentions[int(c.mention_id[1:]) - 1]
            unparsed.append(_construct(Unparsed, {"text": m.text, "start": m.start, "end": m.end, "line": m.line,
                                                  "col": m.col, "reason": "no entity or metric"}))
    unparsed.sort(key=lambda u: u.start)

    return _construct(Document, {
        "path": source.path, "date": doc_date.isoformat() if doc_date else None, "date_source": date_source,
        "title": source.meta.get("title"),
        "sentences": [_construct(Sentence, {"start": s, "end": e}) for s, e in sentences] if offsets is None
        else [_construct(Sentence, {"start": offsets[s], "end": offsets[e]}) for s, e in sentences],
        "mentions": mentions, "claims": claims, "unparsed": unparsed})


def _unanchor_from_values(claims) -> None:
    """Roles that change what a claim says about its own key.

    * The 'from' value of a stated change belongs to an earlier period: it must not take the
      document year or the 'to' value's period ("fell to $1.3 billion from $1.6 billion").
    * A change factor ("rose 11%") is a change, not a level of any metric.
    * Parts of a sum or a share are not the whole: without a segment of their own they are
      marked as a part, so they are never compared with the total.
    """
    by_id = {c.id: c for c in claims}
    for c in claims:
        for rel in c.relations:
            roles = rel.roles
            if rel.type == "growth":
                frm, to = by_id.get(roles.get("from", "")), by_id.get(roles.get("to", ""))
                if frm is not None and (frm.period_source == "document" or (to is not None and frm.period == to.period)):
                    frm.period, frm.period_source = None, "none"
                factor = by_id.get(roles.get("factor", ""))
                if factor is not None:
                    factor.metric = factor.segment = None
            elif rel.type == "sum":
                total = by_id.get(roles.get("total", ""))
                for pid in roles.get("parts", "").split(","):
                    part = by_id.get(pid)
                    if part is not None and not part.segment:
                        part.segment = f"part of {total.fig.value:g}" if total else "part"
            elif rel.type in ("share", "ratio"):
                part = by_id.get(roles.get("part", ""))
                if part is not None and not part.segment:
                    part.segment = "share"
