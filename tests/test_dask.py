"""``--engine dask``: the same findings, in the same order, as the local engine.

A LocalCluster with two worker processes stands in for a real cluster: the run connects to
it by address (as ``--scheduler tcp://HOST:PORT`` does), and a second run starts its own."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimcheck.api import check_paths, check_sources, load_rules
from claimcheck.cli import main
from claimcheck.sources import source_from_text
from conftest import CORPUS

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c:
        yield c


def test_the_corpus_on_a_cluster_equals_the_local_engine(cluster):
    rules = load_rules()
    local = check_paths([str(CORPUS)], rules=rules, jobs=1)
    remote = check_sources(_raws(), rules=rules, engine="dask", scheduler=cluster.scheduler_address)
    assert remote == local
    assert any(f.rule == "core.cross-document" for f in remote.findings)   # the shuffle found it


def _raws():
    from claimcheck.api import iter_raw
    return iter_raw([str(CORPUS)])


def test_the_command_line_starts_a_local_cluster_or_uses_a_scheduler(cluster):
    args = ["check", str(CORPUS / "findings"), "--format", "json", "--fail-on", "never", "--no-cache"]
    local = CliRunner().invoke(main, args)
    on_cluster = CliRunner().invoke(main, args + ["--engine", "dask", "--scheduler", cluster.scheduler_address])
    own_cluster = CliRunner().invoke(main, args + ["--engine", "dask", "--jobs", "2"])
    assert local.exit_code == on_cluster.exit_code == own_cluster.exit_code == 0
    assert json.loads(local.stdout) == json.loads(on_cluster.stdout) == json.loads(own_cluster.stdout)


def test_the_claim_budget_and_suppressions_hold_on_a_cluster(cluster):
    texts = {"a.md": "Acme's revenue was $5 billion in 2014.\n",
             "b.md": "<!-- claimcheck-disable core.cross-document -->\nAcme's revenue was $9 billion in 2014.\n",
             "c.md": "Acme's revenue was $7 billion in 2014 and $8 billion in 2015.\n"}
    sources = [source_from_text(t, path=p, format="markdown") for p, t in texts.items()]
    skipped = []
    for engine in ("local", "dask"):
        report = check_sources(sources, engine=engine, scheduler=cluster.scheduler_address,
                               max_claims=2, on_skip=lambda p, m: skipped.append((engine, p)))
        assert report.summary.documents == 2 and report.summary.skipped == 1
        assert report.findings == [] and len(report.suppressed) == 1
    assert skipped == [("local", "c.md"), ("dask", "c.md")]


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch):
    import claimcheck.dask_engine as dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 1)
    r = CliRunner().invoke(main, ["check", str(CORPUS / "findings"), "--engine", "dask",
                                  "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in r.stderr and "Traceback" not in r.output


def test_scheduler_without_the_dask_engine_is_a_usage_error():
    r = CliRunner().invoke(main, ["check", str(CORPUS), "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2 and "--scheduler needs --engine dask" in r.output
