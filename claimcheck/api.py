"""The public Python API. The command line is a thin layer over these functions.

* ``extract_text(text, date=None)`` -> :class:`~claimcheck.models.Document`
* ``extract_paths(paths, ...)`` -> iterator of Documents
* ``check_text(text, date=None, rules=None)`` -> :class:`~claimcheck.models.Report`
* ``check_paths(paths, ..., jobs=1, cache=None)`` -> Report
* ``check_jsonl(path, ...)`` -> Report (a JSON Lines archive)
* ``load_rules(dirs=(), config=None)`` -> :class:`~claimcheck.rulesets.RuleSet`

Dates may be ``datetime.date`` or ``"YYYY-MM-DD"``. Nothing here prints or exits; bad input
raises :class:`~claimcheck.errors.ClaimcheckError` subclasses with the file and line.
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from typing import TYPE_CHECKING

from .errors import InputError
from .limits import MAX_NUMBERS
from .models import Document, Report
from .sources import Raw, Source, iter_paths, read_raw, source_from_text
from .vocab import Vocabulary, default_vocabulary

if TYPE_CHECKING:                      # the rule machinery is imported only when checking
    from .cache import Cache
    from .config import Config
    from .review import ChangedLines
    from .rulesets import RuleSet


def load_rules(dirs=(), config: Optional["Config"] = None, facts=()) -> "RuleSet":
    """The shipped rule packs, users' rule directories and the configuration's overrides."""
    from .rulesets import load_rules as _load
    return _load(dirs, config, facts)

__all__ = ["extract_text", "extract_paths", "check_text", "check_paths", "check_jsonl", "check_sources",
           "load_rules"]


def _date(date) -> Optional[_dt.date]:
    if date is None or isinstance(date, _dt.date):
        return date
    try:
        return _dt.date.fromisoformat(str(date))
    except ValueError:
        raise InputError(f"invalid date {date!r}: use YYYY-MM-DD") from None


def extract_text(text: str, date=None, path: str = "<text>", format: str = "text",
                 vocabulary: Optional[Vocabulary] = None) -> Document:
    """Mentions and claims of one text."""
    return _build(source_from_text(text, path=path, format=format), vocabulary or default_vocabulary(), _date(date))


def iter_raw(paths: Sequence[str], include=(), exclude=(), encoding=None, max_bytes=None,
             on_warning: Optional[Callable[[str, str], None]] = None,
             on_error: Optional[Callable[[InputError], None]] = None) -> Iterator[Raw]:
    """Every document under ``paths``, decoded but not yet read for prose (see
    :class:`~claimcheck.sources.Raw`), streamed. An unreadable document raises unless
    ``on_error`` is given, in which case it is reported there and skipped."""
    for p in iter_paths(paths, include, exclude, on_warning=on_warning):
        try:
            yield read_raw(p, encoding=encoding, max_bytes=max_bytes)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)


def iter_sources(paths: Sequence[str], **options) -> Iterator[Source]:
    """Sources of every document under ``paths``, streamed (options as :func:`iter_raw`)."""
    for raw in iter_raw(paths, **options):
        yield raw.source()


def _build(source, vocab, date):
    from .pipeline import build_document     # imported when used: a cached run never needs it
    return build_document(source, vocab, date)


def extract_paths(paths: Sequence[str], date=None, vocabulary: Optional[Vocabulary] = None,
                  **source_options) -> Iterator[Document]:
    vocab = vocabulary or default_vocabulary()
    d = _date(date)
    for source in iter_sources(paths, **source_options):
        yield _build(source, vocab, d)


def check_text(text: str, date=None, rules: Optional["RuleSet"] = None, path: str = "<text>",
               format: str = "text") -> Report:
    """Check one text with the shipped rules (or ``rules``)."""
    return check_sources([source_from_text(text, path=path, format=format)], date, rules)


def check_sources(sources: Iterable[Union[Source, Raw]], date=None, rules: Optional["RuleSet"] = None,
                  skipped: int = 0, baseline: Optional[set[str]] = None,
                  changed: Optional["ChangedLines"] = None, keep: Optional[list] = None,
                  jobs: int = 1, cache: Optional["Cache"] = None, max_claims: Optional[int] = None,
                  on_skip: Optional[Callable[[str, str], None]] = None, engine: str = "local",
                  scheduler: Optional[str] = None, max_numbers: Optional[int] = MAX_NUMBERS) -> Report:
    """Check documents together. Inline suppressions in their comments apply; findings whose
    fingerprint is in ``baseline``, or (with ``changed``) that touch no changed line, do not
    count. With ``keep`` (a list), each (Document, source text) is appended to it, for reports
    that show the documents themselves.

    ``jobs`` > 1 runs the per-document work in that many processes (same findings, same
    order); ``cache`` (a :class:`~claimcheck.cache.Cache`) reuses outcomes of unchanged
    documents; a document with more than ``max_numbers`` numbers (default
    :data:`~claimcheck.limits.MAX_NUMBERS`; None: no limit), or that would take the run past
    ``max_claims`` claims, is left out, counted as skipped and reported to
    ``on_skip(path, reason)``.

    ``engine="dask"`` runs the documents on a Dask cluster instead (the one at ``scheduler``,
    or a local one of ``jobs`` worker processes); the cache is not used there."""
    from .engine import DocOptions

    ruleset = rules or load_rules()
    options = DocOptions(_date(date), keep is not None, max_numbers)
    if engine == "dask":
        from . import dask_engine
        report, regions = dask_engine.check(sources, ruleset, options, keep, scheduler, jobs, max_claims, on_skip)
    elif engine == "local":
        report, regions = _check_local(sources, ruleset, options, keep, jobs, cache, max_claims, on_skip)
    else:
        raise ValueError(f"unknown engine {engine!r}; expected 'local' or 'dask'")
    if skipped:
        report = report.model_copy(update={"summary": report.summary.model_copy(
            update={"skipped": report.summary.skipped + skipped})})
    return review(report, regions, baseline, changed)


def _check_local(sources, ruleset, options, keep, jobs, cache, max_claims, on_skip) -> tuple[Report, dict]:
    from .engine import Run
    from .parallel import outcomes

    run = Run(ruleset, max_claims, on_skip)
    regions = run.add_all(outcomes(sources, ruleset, options, jobs, cache), keep)
    return run.report(), regions


def review(report: Report, regions: dict, baseline: Optional[set[str]] = None,
           changed: Optional["ChangedLines"] = None) -> Report:
    from .review import apply_suppressions, unused_suppressions

    findings, suppressed = apply_suppressions(report.findings, regions)
    baselined = 0
    if baseline:
        baselined = sum(1 for f in findings if f.fingerprint in baseline)
        findings = [f for f in findings if f.fingerprint not in baseline]
    if changed is not None:
        findings = [f for f in findings if changed.touches(f)]
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    summary = report.summary.model_copy(update={"errors": counts["error"], "warnings": counts["warning"],
                                                "infos": counts["info"], "suppressed": len(suppressed),
                                                "baselined": baselined})
    unused = [f"{s.path}:{s.line}: 'claimcheck-{s.kind} {' '.join(sorted(s.rules)) or '(all rules)'}' suppresses nothing"
              for s in unused_suppressions(regions)]
    return report.model_copy(update={"findings": findings, "summary": summary, "suppressed": suppressed,
                                     "unused_suppressions": unused})


def check_paths(paths: Sequence[str], date=None, rules: Optional["RuleSet"] = None,
                config: Optional["Config"] = None, baseline: Optional[set[str]] = None,
                changed: Optional["ChangedLines"] = None, jobs: int = 1, cache: Optional["Cache"] = None,
                **source_options) -> Report:
    """Check every document under ``paths`` together (cross-document rules included)."""
    ruleset = rules or load_rules(config=config)
    return check_sources(iter_raw(paths, **source_options), date, ruleset, baseline=baseline, changed=changed,
                         jobs=jobs, cache=cache)


def check_jsonl(path: str, date=None, rules: Optional["RuleSet"] = None, jobs: int = 1,
                cache: Optional["Cache"] = None, max_bytes: Optional[int] = None,
                on_error: Optional[Callable[[InputError], None]] = None) -> Report:
    """Check every document of a JSON Lines archive together (see :mod:`claimcheck.archives`).
    A line that cannot be read raises, or with ``on_error`` is reported there and skipped."""
    from .archives import iter_jsonl

    return check_sources(iter_jsonl(path, max_bytes, on_error), date, rules, jobs=jobs, cache=cache)
