"""Running the per-document work: in this process or in a pool of worker processes, with the
cache in front of both.

:func:`outcomes` turns a stream of documents into a stream of :class:`~claimcheck.engine.DocOutcome`
in the order of the input, whatever the number of processes: findings are identical to
``--jobs 1``. Documents are read lazily and sent to the workers in small batches, with a
bounded number of batches in flight, so memory does not grow with the size of the input.
Only the main process reads and writes the cache.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional, Union

from .engine import DocOptions, DocOutcome, process, unit_of_factory
from .rulesets import RuleSet
from .sources import Raw, Source

BATCH_BYTES = 64_000          # documents per task: up to this much text ...
BATCH_DOCS = 16               # ... or this many documents
IN_FLIGHT = 3                 # batches in flight per worker

_STATE: dict = {}             # a worker's ruleset, options and unit cache


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                      # not on Linux
        return os.cpu_count() or 1


def outcomes(items: Iterable[Union[Source, Raw]], ruleset: RuleSet, options: DocOptions = DocOptions(),
             jobs: int = 1, cache=None) -> Iterator[DocOutcome]:
    """The outcome of every document, in input order (see the module docstring)."""
    if jobs <= 1:
        unit_of = unit_of_factory(ruleset)
        for i, item in enumerate(items):
            key = cache.key(item, ruleset.digest, options) if cache is not None else None
            out = cache.get(key) if key is not None else None
            if out is not None:
                yield out.reindex(i)
                continue
            out = process(item, i, ruleset, options, unit_of)
            if key is not None and out.skipped is None:
                cache.put(key, out)
            yield out
        return
    yield from _Pool(ruleset, options, jobs, cache).run(items)


class _Pool:
    """Batches of cache misses go to worker processes; results come back in input order."""

    def __init__(self, ruleset: RuleSet, options: DocOptions, jobs: int, cache):
        self.ruleset, self.options, self.jobs, self.cache = ruleset, options, jobs, cache
        self.executor: Optional[ProcessPoolExecutor] = None

    def _start(self) -> ProcessPoolExecutor:
        # fork (where there is one) starts workers that already hold the loaded modules
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_init_worker,
                                   initargs=(self.ruleset, self.options))

    def run(self, items: Iterable[Union[Source, Raw]]) -> Iterator[DocOutcome]:
        slots: deque[list] = deque()            # one per document, in input order: [outcome]
        batches: deque[tuple[Future, list]] = deque()
        batch: list = []                        # (slot, index, item, cache key)
        held: Optional[list] = None             # the first full batch, until a second one comes
        size = 0
        try:
            for i, item in enumerate(items):
                slot: list = [None]
                slots.append(slot)
                key = self.cache.key(item, self.ruleset.digest, self.options) if self.cache else None
                hit = self.cache.get(key) if key is not None else None
                if hit is not None:
                    slot[0] = hit.reindex(i)
                else:
                    if held is not None:            # a second batch is coming: worth a pool
                        batches.append(self._submit(held))
                        held = None
                    batch.append((slot, i, item, key))
                    size += len(item.raw)
                    if size >= BATCH_BYTES or len(batch) >= BATCH_DOCS:
                        if self.executor is None:
                            held = batch
                        else:
                            batches.append(self._submit(batch))
                        batch, size = [], 0
                while len(batches) > IN_FLIGHT * self.jobs:
                    self._collect(*batches.popleft())
                while slots and slots[0][0] is not None:
                    yield slots.popleft()[0]
            batch = (held or []) + batch
            if batch:
                if self.executor is None:       # one batch in all: not worth starting processes
                    unit_of = unit_of_factory(self.ruleset)
                    self._fill(batch, [process(it, i, self.ruleset, self.options, unit_of) for _, i, it, _ in batch])
                else:
                    batches.append(self._submit(batch))
            while batches:
                self._collect(*batches.popleft())
            while slots:
                yield slots.popleft()[0]
        except BaseException:                   # Ctrl-C or an error: stop the workers now
            if self.executor is not None:
                _terminate(self.executor)
                # no waiting: a worker killed while it wrote a result leaves the pool's thread
                # reading the rest of it for ever
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = None
            raise
        finally:
            if self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)

    def _submit(self, batch: list) -> tuple[Future, list]:
        if self.executor is None:
            self.executor = self._start()
        return self.executor.submit(_work, [(i, item) for _, i, item, _ in batch]), batch

    def _collect(self, future: Future, batch: list) -> None:
        self._fill(batch, future.result())

    def _fill(self, batch: list, results: list[DocOutcome]) -> None:
        for (slot, _, _, key), out in zip(batch, results):
            slot[0] = out
            if key is not None and out.skipped is None:
                self.cache.put(key, out)


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop the workers without waiting for their tasks (Python 3.14 has a method for it)."""
    if hasattr(executor, "terminate_workers"):
        executor.terminate_workers()
        return
    for proc in list((getattr(executor, "_processes", None) or {}).values()):
        proc.terminate()


def _tune_gc() -> None:
    """Tune this process's garbage collector for a batch of documents. The objects loaded
    so far (modules, rules, the unit registry) are frozen out of its scans, and the youngest
    generation is collected every 20,000 allocations rather than every 700: a document makes
    many short-lived objects and few reference cycles. About 4% of a run's CPU time."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


@contextmanager
def batch_gc() -> Iterator[None]:
    """The collector tuned for a batch (_tune_gc) while the command line checks one, then as
    it was: a library leaves its host's collector alone, so only the command line (and the
    pool's worker processes, which are ours) use it."""
    threshold = gc.get_threshold()
    _tune_gc()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _init_worker(ruleset: RuleSet, options: DocOptions) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the main process's to handle
    _tune_gc()
    _STATE.update(ruleset=ruleset, options=options, unit_of=unit_of_factory(ruleset))


def _work(batch: list[tuple[int, Union[Source, Raw]]]) -> list[DocOutcome]:
    s = _STATE
    return [process(item, i, s["ruleset"], s["options"], s["unit_of"]) for i, item in batch]
