"""``--engine dask``: the same run on a Dask cluster (the ``claimcheck[dask]`` extra).

The per-document work (read the prose, extract, check: :func:`claimcheck.engine.process`)
runs as tasks of a ``dask.bag``; the claims that cross-document rules compare are then
grouped by their key (entity, metric, segment, period, ...) with Dask's own shuffle, and each
group is checked where it lands. The main process only assembles the report, sorted exactly
as the local engine sorts it, so both engines give the same findings in the same order.

With ``scheduler`` (``tcp://HOST:PORT``) the run uses that cluster; its workers need
claimcheck installed (and any ``--rules`` directories readable, since the rule set travels
as its loaded form, not as paths). Without it a local cluster of ``workers`` processes is
started for the run.
"""
from __future__ import annotations

import dataclasses
import hashlib
from typing import Iterable, Optional, Union

from .engine import DocOptions, DocOutcome, Run, check_group, process, unit_of_factory
from .errors import ClaimcheckError
from .models import Report
from .rulesets import RuleSet
from .sources import Raw, Source

DOCS_PER_PARTITION = 64
CONNECT_TIMEOUT = 10          # seconds to reach a scheduler


def _import_dask():
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ClaimcheckError("--engine dask needs Dask: pip install 'claimcheck[dask]'") from None
    return db, Client, LocalCluster


def _process_partition(items: list, ruleset: RuleSet, options: DocOptions) -> list[DocOutcome]:
    unit_of = unit_of_factory(ruleset)
    return [process(item, i, ruleset, options, unit_of) for i, item in items]


def _without_groups(out: DocOutcome) -> DocOutcome:
    """A copy without the claim groups (they stay on the cluster). Never mutate ``out``: it is
    persisted, and the shuffle reads it too."""
    return dataclasses.replace(out, groups=[])


def _group_entries(out: DocOutcome) -> list:
    """(key, (document, position, record)): the position keeps a group in document order."""
    return [(key, (rec.doc, j, rec)) for j, (key, rec) in enumerate(out.groups)]


def _stable_hash(entry) -> int:
    """The shuffle's key: an integer, since Python's hash of strings differs between worker
    processes (a key of strings would be split across partitions)."""
    return int.from_bytes(hashlib.blake2b(repr(entry[0]).encode(), digest_size=8).digest(), "big")


def _check_group(item, ruleset: RuleSet) -> list:
    """One shuffled group: its keys (hash collisions are possible), each in document order."""
    by_key: dict = {}
    for key, entry in item[1]:
        by_key.setdefault(key, []).append(entry)
    findings = []
    for entries in by_key.values():
        recs = [rec for _, _, rec in sorted(entries, key=lambda e: (e[0], e[1]))]
        if len({r.doc for r in recs}) > 1:
            findings.extend(check_group(ruleset, recs))
    return findings


def outcomes_and_findings(items: Iterable[Union[Source, Raw]], ruleset: RuleSet,
                          options: DocOptions = DocOptions(), scheduler: Optional[str] = None, workers: int = 2
                          ) -> tuple[list[DocOutcome], list]:
    """Every document's outcome (without its claim groups), in input order, and the
    cross-document findings, computed on the cluster."""
    db, Client, LocalCluster = _import_dask()
    indexed = list(enumerate(items))
    if not indexed:
        return [], []
    import dask

    npartitions = max(1, min(len(indexed), (len(indexed) + DOCS_PER_PARTITION - 1) // DOCS_PER_PARTITION))
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
            client = Client(cluster, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClaimcheckError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None
    try:
        rules = dask.delayed(ruleset, pure=True, traverse=False)
        docs = db.from_sequence(indexed, npartitions=npartitions)
        outs = docs.map_partitions(_process_partition, rules, options).persist(scheduler=client)
        groups = outs.map(_group_entries).flatten().groupby(_stable_hash, shuffle="tasks")
        across = groups.map(_check_group, rules).flatten()
        outcomes, findings = dask.compute(outs.map(_without_groups), across, scheduler=client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return list(outcomes), list(findings)


def check(items: Iterable[Union[Source, Raw]], ruleset: RuleSet, options: DocOptions = DocOptions(),
          keep: Optional[list] = None, scheduler: Optional[str] = None, workers: int = 2,
          max_claims: Optional[int] = None, on_skip=None) -> tuple[Report, dict]:
    """The run's report (before suppressions) and the documents' suppression regions."""
    options = dataclasses.replace(options, keep=keep is not None)
    outcomes, across = outcomes_and_findings(items, ruleset, options, scheduler, workers)
    skipped: list[str] = []

    def skip(path: str, reason: str) -> None:
        skipped.append(path)
        if on_skip is not None:
            on_skip(path, reason)
    run = Run(ruleset, max_claims, skip)
    regions = run.add_all(outcomes, keep)
    if run.skipped:             # left out by the claim budget: their claims are not compared either
        kept_paths = {out.path for out in outcomes} - set(skipped)
        across = [f for f in across if all(loc.path in kept_paths for loc in f.locations)]
    return run.report(across), regions
