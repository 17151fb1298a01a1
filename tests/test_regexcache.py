"""The cache of compiled patterns (claimcheck.regexcache): patterns come back identical, a file
that does not fit is ignored, and patterns that differ from run to run are not saved."""
import marshal
import re
import subprocess
import sys
from re import _compiler

import pytest

from claimcheck import regexcache

PATTERNS = [
    (r"(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>million|billion)\b", re.IGNORECASE),
    (r"(?<![\w-])(?:net\s+profit|revenue)(?![\w-])", 0),
    (r"[^\x00-\x7f]+|(?=\d)\d{1,3}(?:,\d{3})*", 0),
]
TEXT = "Revenue rose to 15.7 BILLION, net profit 1,234 million; 12 Mio. €4 Ünïcode"


@pytest.fixture
def fresh(monkeypatch):
    """A process state as at start-up: nothing loaded, and none of PATTERNS in re._cache."""
    monkeypatch.setattr(regexcache, "_saved", {})
    monkeypatch.setattr(regexcache, "_seen_once", frozenset())
    monkeypatch.setattr(regexcache, "_written", frozenset())
    monkeypatch.setattr(regexcache, "_loaded", False)

    def forget():
        for p, f in PATTERNS:
            re._cache.pop((str, p, f), None)
    forget()
    yield forget
    forget()


def _restart(monkeypatch):
    monkeypatch.setattr(regexcache, "_saved", {})
    monkeypatch.setattr(regexcache, "_seen_once", frozenset())
    monkeypatch.setattr(regexcache, "_written", frozenset())
    monkeypatch.setattr(regexcache, "_loaded", False)


def test_saved_patterns_come_back_the_same(tmp_path, fresh, monkeypatch):
    for p, f in PATTERNS:
        re.compile(p, f)
    assert regexcache.save(tmp_path) >= len(PATTERNS)         # no file yet: everything is saved
    fresh()
    _restart(monkeypatch)
    assert regexcache.load(tmp_path) >= len(PATTERNS)
    for p, f in PATTERNS:
        cached = re._cache[(str, p, f)]
        assert re.compile(p, f) is cached                     # found there, not compiled again
        built = _compiler.compile(p, f)
        assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == \
               (built.pattern, built.flags, built.groups, built.groupindex)
        assert [m.span() for m in cached.finditer(TEXT)] == [m.span() for m in built.finditer(TEXT)]
        assert [m.groupdict() for m in cached.finditer(TEXT)] == [m.groupdict() for m in built.finditer(TEXT)]


def test_load_happens_once_per_process(tmp_path, fresh, monkeypatch):
    re.compile(*PATTERNS[0])
    regexcache.save(tmp_path)
    _restart(monkeypatch)
    assert regexcache.load(tmp_path) > 0
    assert regexcache.load(tmp_path) == 0


@pytest.mark.parametrize("damage", ["truncated", "flipped", "other interpreter", "not marshal"])
def test_a_file_that_does_not_fit_is_ignored(tmp_path, fresh, monkeypatch, damage):
    re.compile(*PATTERNS[0])
    regexcache.save(tmp_path)
    path = tmp_path / regexcache.FILE_NAME
    blob = path.read_bytes()
    if damage == "truncated":
        blob = blob[: len(blob) // 2]
    elif damage == "flipped":
        header, digest, payload = marshal.loads(blob)
        payload = payload[:-40] + bytes([payload[-40] ^ 1]) + payload[-39:]
        blob = marshal.dumps((header, digest, payload))
    elif damage == "other interpreter":
        header, digest, payload = marshal.loads(blob)
        blob = marshal.dumps((("2.7.18",) + header[1:], digest, payload))
    else:
        blob = b"\x00garbage" * 10
    path.write_bytes(blob)
    fresh()
    _restart(monkeypatch)
    assert regexcache.load(tmp_path) == 0
    assert (str, *PATTERNS[0]) not in re._cache
    assert re.compile(*PATTERNS[0]).findall(TEXT)           # compiled as usual


def test_a_pattern_is_saved_once_a_second_run_compiles_it(tmp_path, fresh, monkeypatch):
    re.compile(*PATTERNS[0])
    regexcache.save(tmp_path)                                 # the first file: all of them
    fresh()
    _restart(monkeypatch)
    regexcache.load(tmp_path)
    varying = r"(?:%s)+" % "|".join(["zq", "zr", "zs"])       # as if built from a set
    re.compile(varying)
    re.compile(*PATTERNS[1])
    assert regexcache.save(tmp_path) == 0                     # seen once: remembered, not saved
    assert regexcache.save(tmp_path) == 0                     # nothing changed: not written again
    fresh()
    re._cache.pop((str, varying, 0), None)
    _restart(monkeypatch)
    regexcache.load(tmp_path)
    re.compile(r"(?:%s)+" % "|".join(["zs", "zq", "zr"]))     # the next run builds it otherwise
    re.compile(*PATTERNS[1])
    assert regexcache.save(tmp_path) == 1                     # PATTERNS[1] only
    fresh()
    _restart(monkeypatch)
    regexcache.load(tmp_path)
    assert (str, *PATTERNS[1]) in re._cache


def test_an_unwritable_folder_costs_nothing_but_time(tmp_path, fresh):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    re.compile(*PATTERNS[0])
    assert regexcache.save(blocker / "cache") == 0
    assert regexcache.load(blocker / "cache") == 0


def test_the_command_line_saves_and_reuses_its_patterns(tmp_path, corpus_doc):
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path), "PATH": "", "PYTHONHASHSEED": "random"}
    cmd = [sys.executable, "-m", "claimcheck", "extract", "--format", "json", corpus_doc]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    path = tmp_path / regexcache.FILE_NAME
    assert path.exists()
    stamp = path.stat().st_mtime_ns
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    assert second.stdout == first.stdout
    assert path.stat().st_mtime_ns == stamp       # the same patterns in every process: no rewrite
    no_cache = tmp_path / "other"
    subprocess.run([sys.executable, "-m", "claimcheck", "check", "--no-cache", "--format", "json", corpus_doc],
                   capture_output=True, env={**env, "CLAIMCHECK_CACHE_DIR": str(no_cache)})
    assert not (no_cache / regexcache.FILE_NAME).exists()


@pytest.fixture
def corpus_doc():
    from pathlib import Path
    return str(Path(__file__).parent.parent / "corpus" / "news" / "a01-apple-holiday-quarter.md")
