"""Parallel runs, the cache, JSON Lines archives and the claim budget, end to end."""
from __future__ import annotations

import json
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.api import check_jsonl, check_paths, load_rules
from claimcheck.cache import FILE_NAME, Cache
from claimcheck.cli import main
from conftest import CORPUS

FINDINGS = CORPUS / "findings"


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def report_json(*args, env=None) -> dict:
    r = run("check", *args, "--format", "json", "--fail-on", "never", env=env)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_jobs_2_gives_the_same_report_as_jobs_1():
    one = report_json(str(CORPUS), "--jobs", "1", "--no-cache")
    two = report_json(str(CORPUS), "--jobs", "2", "--no-cache")
    assert one == two
    assert one["summary"]["documents"] > 50 and one["findings"]


def test_worker_processes_are_used_for_a_large_run(monkeypatch):
    """The corpus is more than one batch, so a pool starts; its outcomes equal in-process ones."""
    import claimcheck.parallel as parallel

    started = []
    real_start = parallel._Pool._start
    monkeypatch.setattr(parallel._Pool, "_start", lambda self: started.append(1) or real_start(self))
    rules = load_rules()
    pooled = check_paths([str(CORPUS)], rules=rules, jobs=2)
    assert started == [1]
    assert pooled == check_paths([str(CORPUS)], rules=rules, jobs=1)


def test_the_collector_is_tuned_for_a_run_and_then_left_as_it_was():
    """The command line tunes the garbage collector while it checks (parallel.batch_gc), and
    leaves it as it found it: it may run inside another program (here, pytest)."""
    import gc
    import claimcheck.parallel as parallel

    before = gc.get_threshold(), gc.get_freeze_count()
    seen = []
    real = parallel._tune_gc
    parallel._tune_gc = lambda: (real(), seen.append(gc.get_threshold()))
    try:
        report_json(str(FINDINGS), "--jobs", "1", "--no-cache")
    finally:
        parallel._tune_gc = real
    assert seen == [(20_000, 20, 20)]
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    check_paths([str(FINDINGS)], jobs=1)                 # the library leaves it alone
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_a_ruleset_survives_pickling_with_its_compiled_formulas():
    rules = load_rules()
    again = pickle.loads(pickle.dumps(rules))
    assert again.digest == rules.digest
    bound = [lr for lr in again.rules if lr.rule.kind == "bound"]
    assert bound and all(lr.compiled is not None for lr in bound)


def test_the_digest_changes_with_overrides_and_facts(tmp_path):
    from claimcheck.config import load_config

    cfg = tmp_path / ".claimcheck.yaml"
    cfg.write_text("severity:\n  core.share: info\n")
    assert load_rules(config=load_config(str(cfg))).digest != load_rules().digest
    facts = tmp_path / "facts.csv"
    facts.write_text("entity,metric,period,value,unit\nAcme,revenue,2014,5e9,USD\n")
    assert load_rules(facts=[str(facts)]).digest != load_rules().digest


# ---------------------------------------------------------------------------------------- cache

def _copy_findings(tmp_path: Path) -> Path:
    dest = tmp_path / "docs"
    shutil.copytree(FINDINGS, dest, ignore=shutil.ignore_patterns("*.yaml"))
    return dest


def test_a_warm_run_reads_only_what_changed(tmp_path):
    docs = _copy_findings(tmp_path)
    cache_dir = tmp_path / "cache"
    rules = load_rules()
    with Cache(cache_dir) as cache:
        cold = check_paths([str(docs)], rules=rules, cache=cache)
        assert cache.hits == 0 and cache.misses > 30
    with Cache(cache_dir) as cache:
        warm = check_paths([str(docs)], rules=rules, cache=cache)
        assert cache.misses == 0 and cache.hits == cold.summary.documents
    assert warm == cold
    story = sorted(docs.glob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8").replace("2014", "2013", 1), encoding="utf-8")
    with Cache(cache_dir) as cache:
        check_paths([str(docs)], rules=rules, cache=cache)
        assert cache.misses == 1 and cache.hits == cold.summary.documents - 1


def test_the_cache_is_invalidated_by_the_rules_and_by_the_date(tmp_path):
    docs = _copy_findings(tmp_path)
    cache_dir = tmp_path / "cache"
    with Cache(cache_dir) as cache:
        check_paths([str(docs)], cache=cache)
    rules_dir = tmp_path / "extra" / "house"
    rules_dir.mkdir(parents=True)
    shutil.copy(Path(__file__).parents[1] / "rules" / "core" / "share.yml", rules_dir / "share.yml")
    with Cache(cache_dir) as cache:
        check_paths([str(docs)], rules=load_rules([str(rules_dir.parent)]), cache=cache)
        assert cache.hits == 0
    with Cache(cache_dir) as cache:
        check_paths([str(docs)], date="2015-06-30", cache=cache)
        assert cache.hits == 0


def test_the_cache_is_invalidated_by_changed_code(tmp_path, monkeypatch):
    """An editable install or a local change keeps the version number: the code's own digest
    is in the key, so no outcome of the old code is reused."""
    import claimcheck.cache as cache_module

    package = tmp_path / "pkg"
    shutil.copytree(Path(cache_module.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache_module.code_digest(package)
    assert cache_module.code_digest(package) == before
    (package / "extract.py").write_text((package / "extract.py").read_text() + "\n# changed\n")
    cache_module._code_digest.cache_clear()
    assert cache_module.code_digest(package) != before

    docs = _copy_findings(tmp_path)
    with Cache(tmp_path / "cache") as cache:
        check_paths([str(docs)], cache=cache)
    monkeypatch.setattr(cache_module, "code_digest", lambda: "other code")
    with Cache(tmp_path / "cache") as cache:
        check_paths([str(docs)], cache=cache)
        assert cache.hits == 0


def test_cached_outcomes_take_their_new_place_in_the_run(tmp_path):
    """The cross-document rule compares documents by their position in the run: an outcome
    cached at one position and read at another must not be compared with itself."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Acme's revenue was $5 billion in 2014.\n")
    b.write_text("Acme's revenue was $9 billion in 2014.\n")
    with Cache(tmp_path / "cache") as cache:
        first = check_paths([str(a), str(b)], cache=cache)
    with Cache(tmp_path / "cache") as cache:
        second = check_paths([str(b), str(a)], cache=cache)
        assert cache.hits == 2
    assert [f.rule for f in first.findings] == [f.rule for f in second.findings] == ["core.cross-document"]


def test_the_command_line_caches_unless_told_not_to(tmp_path):
    doc = FINDINGS / "seed-xiaomi-2012-valuation.md"
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "c1")}
    report_json(str(doc), "--no-cache", env=env)
    assert not (tmp_path / "c1").exists()
    first = report_json(str(doc), env=env)
    assert (tmp_path / "c1" / FILE_NAME).is_file()
    assert report_json(str(doc), env=env) == first


def test_an_unusable_cache_is_a_warning_not_a_failure(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    r = CliRunner().invoke(main, ["check", str(FINDINGS / "seed-xiaomi-2012-valuation.md"), "--format", "json"],
                           env={"CLAIMCHECK_CACHE_DIR": str(blocker / "cache")})
    assert r.exit_code == 1, r.output                 # the seed's error finding, checked anyway
    assert "warning: cannot use the cache" in r.output
    assert "Traceback" not in r.output


def test_a_damaged_cache_file_is_a_warning_not_a_failure(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database" * 100)
    messages = []
    with Cache(tmp_path, on_warning=messages.append) as cache:
        report = check_paths([str(FINDINGS / "seed-xiaomi-2012-valuation.md")], cache=cache)
    assert report.findings and messages and "cache" in messages[0]


# ---------------------------------------------------------------------------------- JSON Lines

def _archive(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": "a-2014", "text": "Acme's revenue was $5 billion this year.", "date": "2014-12-01"}),
        "{not json",
        json.dumps({"id": 7, "text": "Acme's revenue was $9 billion in 2014.", "title": "Acme", "url": "https://x"}),
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "a-2014", "text": "a duplicate id"}),
        json.dumps({"id": "bad-date", "text": "x", "date": "2014-13-45"}),
        "",
        json.dumps({"id": "html", "format": "html", "text": "<p>Acme's revenue was <b>$5 billion</b> in 2014.</p>"}),
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_jsonl_archive_is_checked_and_bad_lines_are_reported(tmp_path):
    archive = _archive(tmp_path)
    r = run("check", "--jsonl", str(archive), "--format", "json")
    assert r.exit_code == 2                         # some lines could not be read
    out, err = r.stdout, r.stderr
    data = json.loads(out)
    assert data["summary"]["documents"] == 3 and data["summary"]["skipped"] == 4
    assert f"{archive}:2: not JSON" in err
    assert f"{archive}:4: document 'no-text': 'text' must be a string" in err
    assert f"{archive}:5: duplicate id 'a-2014'" in err
    assert f"{archive}:6: document 'bad-date': 'date' must be YYYY-MM-DD" in err
    finding = next(f for f in data["findings"] if f["rule"] == "core.cross-document")
    paths = {loc["path"] for loc in finding["locations"]}
    assert paths <= {"a-2014", "7", "html"} and "7" in paths     # "this year" read as 2014
    loc = next(l for l in finding["locations"] if l["path"] == "7")
    assert (loc["line"], loc["col"], loc["text"]) == (1, 20, "$9 billion")


def test_the_jsonl_api_raises_or_reports(tmp_path):
    from claimcheck.errors import InputError

    archive = _archive(tmp_path)
    with pytest.raises(InputError, match=r"archive.jsonl:2"):
        check_jsonl(str(archive))
    seen = []
    report = check_jsonl(str(archive), on_error=seen.append)
    assert len(seen) == 4 and report.summary.documents == 3
    with pytest.raises(InputError, match="no such file"):
        check_jsonl(str(tmp_path / "missing.jsonl"))


def test_jsonl_from_stdin_and_beside_files():
    line = json.dumps({"id": "wire-1", "text": "Acme's revenue was $9 billion in 2014."})
    r = CliRunner().invoke(main, ["check", "--jsonl", "-", str(FINDINGS / "seed-xiaomi-2012-valuation.md"),
                                  "--format", "json", "--fail-on", "never"], input=line + "\n")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["summary"]["documents"] == 2


def test_check_needs_paths_or_an_archive():
    r = run("check")
    assert r.exit_code == 2 and "give PATHS to check, or --jsonl FILE" in r.output


# --------------------------------------------------------------------------------- claim budget

def test_documents_past_the_claim_budget_are_reported_and_skipped(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Acme's revenue was $5 billion in 2014 and $6 billion in 2015.\n")
    b.write_text("Acme's revenue was $9 billion in 2014.\n")
    r = run("check", str(a), str(b), "--max-claims", "2", "--format", "json")
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    assert data["summary"]["documents"] == 1 and data["summary"]["skipped"] == 1
    assert f"{b}: skipped: its 1 claims would exceed the run's budget of 2 claims (--max-claims)" in r.stderr
    r = run("check", str(a), str(b), "--max-claims", "3", "--format", "json", "--fail-on", "never")
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["skipped"] == 0


# ------------------------------------------------------------------------------------- Ctrl-C

def test_interrupting_a_parallel_run_stops_the_workers(tmp_path):
    for i in range(16):                         # several seconds of work: the signal comes mid-run
        (tmp_path / f"doc{i}.txt").write_text("Acme's revenue was $1 million in 2014. " * 4000)
    out = tmp_path / "report.json"
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", str(tmp_path), "--jobs", "2",
                             "--no-cache", "--format", "json", "--output", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and not out.exists()
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", f"claimcheck check {tmp_path}"], capture_output=True, text=True).stdout
    assert left.strip() == ""                   # no worker is left running


# ------------------------------------------------------------------------- numbers per document

def test_a_document_with_too_many_numbers_is_reported_and_skipped(tmp_path):
    dense, story = tmp_path / "dense.txt", tmp_path / "story.txt"
    dense.write_text("$1 million " * 60)
    story.write_text("Acme's revenue was $5 billion in 2014.\n")
    r = run("check", str(dense), str(story), "--max-numbers", "50", "--format", "json")
    assert r.exit_code == 2
    assert f"{dense}: skipped: it has 60 numbers, over the limit of 50 per document (--max-numbers)" in r.stderr
    summary = json.loads(r.stdout)["summary"]
    assert summary["documents"] == 1 and summary["skipped"] == 1
    r = run("check", str(dense), str(story), "--max-numbers", "60", "--format", "json", "--fail-on", "never")
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["documents"] == 2


def test_an_html_page_is_counted_before_its_prose_is_built(tmp_path, monkeypatch):
    from claimcheck import engine, sources
    from claimcheck.rulesets import load_rules

    built = []
    monkeypatch.setattr(sources.Raw, "source", lambda self: built.append(self.path) or sources._build(
        self.path, self.raw, self.format))
    pages = "<p>4" * 60                         # 60 numbers, one a paragraph
    attrs = '<div class="c12 x34" data-n="567">Acme earned $5m in 2014.</div>' * 10   # 20 numbers
    options = engine.DocOptions(max_numbers=50)
    out = engine.process(sources.Raw("pages.html", pages, "html"), 0, load_rules(), options)
    assert out.skipped.startswith("skipped: it has 60 numbers") and built == []
    out = engine.process(sources.Raw("attrs.html", attrs, "html"), 1, load_rules(), options)
    assert out.skipped is None and built == ["attrs.html"]     # attribute digits are not counted


def test_a_skipped_document_is_not_cached_so_a_higher_limit_reads_it(tmp_path):
    from claimcheck.api import check_sources
    from claimcheck.sources import source_from_text

    doc = [source_from_text("Acme sold 5 million phones for $15.7 billion in 2014.", path="a.txt")]
    with Cache(tmp_path) as cache:
        assert check_sources(doc, cache=cache, max_numbers=1).summary.skipped == 1
    with Cache(tmp_path) as cache:
        report = check_sources(doc, cache=cache, max_numbers=None)
        assert cache.hits == 0 and report.summary.skipped == 0 and report.summary.claims == 2


def test_counting_numbers_is_linear_and_counts_grouped_digits_once():
    from claimcheck.engine import count_numbers

    assert count_numbers("15.7 and 1,234,567 at 9:30, $4bn, Q4 2014") == 6      # "4" of Q4 too
    assert count_numbers("7" * 1_000_000) == 1
