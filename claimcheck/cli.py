"""The ``claimcheck`` command: a thin click layer over :mod:`claimcheck.api`.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it; 2 a usage,
input, rule or configuration error (one line on stderr naming the file and line); 130
interrupted. Heavy modules (pydantic models, pint, renderers) are imported inside commands so
``claimcheck --version`` starts fast.
"""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .limits import MAX_BYTES, MAX_CLAIMS, MAX_NUMBERS

EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 1, 2, 130
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: str) -> None:
    click.echo(f"claimcheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _run(fn, patterns: bool = True):
    """Run a command body: our errors become one line and exit 2; Ctrl-C exits 130.
    ``patterns``: start with the compiled patterns of earlier runs and save the new ones
    (:mod:`claimcheck.regexcache`)."""
    from .errors import ClaimcheckError

    if patterns:
        from . import regexcache
        regexcache.load()
    try:
        return fn()
    except ClaimcheckError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo("claimcheck: interrupted", err=True)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        # not sys.exit: the interpreter's exit would join the process pool's threads, which
        # may be blocked on pipes to the workers just killed
        os._exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    finally:                    # (not after Ctrl-C: os._exit)
        if patterns:
            regexcache.save()


def write_output(text: str, output: str | None, inputs: list[str]) -> None:
    """Print, or write ``output`` atomically (a temporary file, then a rename); never an input."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    import tempfile

    from .errors import ClaimcheckError

    target = os.path.realpath(output)
    for p in inputs:
        if p != "-" and os.path.exists(p) and os.path.realpath(p) == target:
            raise ClaimcheckError("refusing to overwrite an input file", path=output)
    directory = os.path.dirname(target) or "."
    if not os.path.isdir(directory):
        raise ClaimcheckError("output directory does not exist", path=output)
    fd, tmp = tempfile.mkstemp(prefix=".claimcheck-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _date_option(f):
    return click.option("--date", metavar="YYYY-MM-DD",
                        help="Document date for 'this year', 'last month' (default: front matter, else inferred).")(f)


def _input_options(f):
    f = click.option("--include", multiple=True, metavar="GLOB", help="Only files matching this glob.")(f)
    f = click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching this glob.")(f)
    f = click.option("--encoding", metavar="NAME", help="Read files in this encoding instead of UTF-8.")(f)
    f = click.option("--max-bytes", type=int, default=MAX_BYTES, show_default=True,
                     help="Skip (and report) documents larger than this.")(f)
    return f


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="claimcheck")
def main() -> None:
    """Find numbers in prose that cannot all be true.

    \b
    Examples:
      claimcheck check story.md
      claimcheck check drafts/ --format json --output report.json
      claimcheck extract story.md --format json
      claimcheck rules list
    """


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "sarif", "junit", "markdown", "html", "github"]),
              default="table", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the report here (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1.  [default: error]")
@click.option("--rules", "rules_dirs", multiple=True, metavar="DIR", help="Extra rule directory (repeatable).")
@click.option("--config", "config_path", metavar="FILE", help="Configuration file (default: nearest .claimcheck.yaml).")
@click.option("--facts", multiple=True, metavar="FILE", help="Facts file (CSV or YAML) for the reference rule.")
@click.option("--baseline", "baseline_path", metavar="FILE",
              help="Accepted findings (from 'claimcheck baseline create'): only new findings count.")
@click.option("--diff-base", metavar="REV", help="Only findings on lines changed since this git revision.")
@click.option("--diff", "diff_file", metavar="FILE", help="Only findings on lines changed by this unified diff.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing; only set the exit code.")
@click.option("--verbose", "-v", is_flag=True, help="Also list verified relations and suppressions.")
@click.option("--jsonl", "jsonl_paths", multiple=True, metavar="FILE",
              help="A JSON Lines archive: one document per line with id, text and optional date, title, url.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes for the per-document work.  [default: the number of cores]")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of per-document results.")
@click.option("--max-claims", type=click.IntRange(min=0), default=MAX_CLAIMS, show_default=True, metavar="N",
              help="The run's claim budget: documents past it are reported and skipped.")
@click.option("--max-numbers", type=click.IntRange(min=0), default=MAX_NUMBERS, show_default=True, metavar="N",
              help="Skip (and report) documents with more numbers than this.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run here (a process pool of --jobs), or on a Dask cluster (pip install 'claimcheck[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the cluster's scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster).")
@_date_option
@_input_options
def check(paths, fmt, output, fail_on, rules_dirs, config_path, facts, baseline_path, diff_base, diff_file,
          quiet, verbose, jsonl_paths, jobs, no_cache, max_claims, max_numbers, engine, scheduler, date, include,
          exclude, encoding, max_bytes):
    """Check documents for numbers that cannot all be true.

    PATHS are files or directories (.txt, .md, .markdown, .html, .htm), or - for stdin.

    \b
    Examples:
      claimcheck check corpus/
      claimcheck check story.md --date 2014-12-29 --verbose
      cat draft.md | claimcheck check - --format json
      claimcheck check docs/ --baseline .claimcheck-baseline.json --diff-base origin/main
      claimcheck check --jsonl archive.jsonl --format json -o report.json
    """
    if not paths and not jsonl_paths:
        raise click.UsageError("give PATHS to check, or --jsonl FILE")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")

    def body():
        import itertools

        from . import api, review
        from .archives import iter_jsonl
        from .config import find_config, load_config
        from .formats import get
        from .parallel import batch_gc, default_jobs

        inputs = list(paths) + list(jsonl_paths)
        cfg_file = config_path or find_config(inputs)
        config = load_config(cfg_file) if cfg_file else None
        ruleset = api.load_rules(rules_dirs, config, facts)
        errors: list = []          # documents that could not be read
        skips: list = []           # documents left out by a limit (counted by the run)
        on_error = _skip_error(errors)

        def on_skip(path: str, reason: str) -> None:
            skips.append(path)
            click.echo(f"claimcheck: error: {path}: {reason}", err=True)
        sources = api.iter_raw(list(paths), include=tuple(include) + tuple(config.include if config else ()),
                               exclude=tuple(exclude) + tuple(config.exclude if config else ()),
                               encoding=encoding, max_bytes=max_bytes,
                               on_warning=lambda p, m: click.echo(f"claimcheck: warning: {p}: {m}", err=True),
                               on_error=on_error) if paths else iter(())
        sources = _with_progress(sources, list(paths), quiet)
        archives = (iter_jsonl(p, max_bytes, on_error) for p in jsonl_paths)
        sources = itertools.chain(sources, itertools.chain.from_iterable(archives))
        cache = None
        if not no_cache and engine == "local":
            from .cache import Cache
            cache = Cache(on_warning=lambda m: click.echo(f"claimcheck: warning: {m}", err=True))
        baseline = review.read_baseline(baseline_path) if baseline_path else None
        changed = None
        if diff_base:
            changed = review.git_changed_lines(diff_base, list(paths))
        elif diff_file:
            changed = review.parse_unified_diff(_read_text_arg(diff_file))
        keep = [] if fmt in ("html", "junit") else None
        try:
            with batch_gc():
                report = api.check_sources(sources, date, ruleset, baseline=baseline, changed=changed, keep=keep,
                                           jobs=jobs or default_jobs(), cache=cache, max_claims=max_claims,
                                           max_numbers=max_numbers, on_skip=on_skip, engine=engine,
                                           scheduler=scheduler)
        finally:
            if cache is not None:
                cache.close()
        if verbose:
            for note in report.unused_suppressions:
                click.echo(f"claimcheck: note: {note}", err=True)
        if errors:      # unreadable documents were never checked: the summary counts them too
            skipped = report.summary.skipped + len(errors)
            report = report.model_copy(update={"summary": report.summary.model_copy(update={"skipped": skipped})})
        if not quiet:
            module = get(fmt)
            fail_level = fail_on or (config.fail_on if config and config.fail_on else "error")
            if fmt == "table":
                text = module.render_report(report, verbose=verbose,
                                            colour=output in (None, "-") and _colour(sys.stdout))
            else:
                text = module.render_report(report, verbose=verbose, rules=[lr.rule for lr in ruleset.rules],
                                            documents=(keep if fmt == "html" else [d.path for d, _ in keep])
                                            if keep is not None else None, fail_on=fail_level)
            write_output(text, output, inputs)
        if errors or skips:         # every readable document was checked; the input error still counts
            sys.exit(EXIT_ERROR)
        threshold = SEVERITY_RANK[fail_on or (config.fail_on if config and config.fail_on else "error")]
        failing = any(f.severity.rank >= threshold for f in report.findings)
        sys.exit(EXIT_FINDINGS if failing else 0)
    _run(body, patterns=not no_cache)


PROGRESS_MIN_FILES = 20


def _colour(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _with_progress(sources, paths: list[str], quiet: bool):
    """A progress bar on stderr for runs of many files on a terminal; stdout stays clean."""
    if quiet or not sys.stderr.isatty() or "-" in paths:
        return sources
    from .sources import iter_paths

    try:
        total = sum(1 for _ in iter_paths(paths))
    except Exception:
        return sources
    if total < PROGRESS_MIN_FILES:
        return sources

    def gen():
        with click.progressbar(length=total, label="checking", file=sys.stderr,
                               color=_colour(sys.stderr)) as bar:
            for source in sources:
                yield source
                bar.update(1)
    return gen()


def _read_text_arg(path: str) -> str:
    from .errors import InputError

    if path == "-":
        return sys.stdin.read()
    try:
        return open(path, encoding="utf-8").read()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None


@main.group(context_settings=CONTEXT)
def baseline() -> None:
    """Accept today's findings so that only new ones fail a run."""


@baseline.command("create", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", required=True, metavar="FILE", help="Baseline file to write.")
@click.option("--rules", "rules_dirs", multiple=True, metavar="DIR", help="Extra rule directory.")
@click.option("--config", "config_path", metavar="FILE", help="Configuration file.")
@_date_option
def baseline_create(paths, output, rules_dirs, config_path, date):
    """Write the current findings of PATHS to a baseline file.

    \b
    Example:
      claimcheck baseline create stories/ -o .claimcheck-baseline.json
      claimcheck check stories/ --baseline .claimcheck-baseline.json
    """
    def body():
        from . import api, review
        from .config import find_config, load_config

        cfg_file = config_path or find_config(list(paths))
        config = load_config(cfg_file) if cfg_file else None
        report = api.check_paths(list(paths), date=date, rules=api.load_rules(rules_dirs, config))
        write_output(review.write_baseline(report.findings), output, list(paths))
        click.echo(f"claimcheck: {len(report.findings)} finding(s) written to {output}", err=True)
    _run(body)


def _skip_error(errors: list):
    """A document that cannot be read is reported and skipped; the run goes on and exits 2."""
    def on_error(exc):
        errors.append(exc)
        click.echo(f"claimcheck: error: {exc} (skipped)", err=True)
    return on_error


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout.")
@_date_option
@_input_options
def extract(paths, fmt, output, date, include, exclude, encoding, max_bytes):
    """List every numeric mention and the claim it is attached to.

    \b
    Examples:
      claimcheck extract story.md
      claimcheck extract corpus/news --format json
    """
    def body():
        from . import api
        from .formats import get

        docs = list(api.extract_paths(list(paths), date=date, include=include, exclude=exclude,
                                      encoding=encoding, max_bytes=max_bytes))
        write_output(get(fmt).render_documents(docs), output, list(paths))
    _run(body)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "csv"]), default="markdown", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout.")
@_date_option
@_input_options
def report(paths, fmt, output, date, include, exclude, encoding, max_bytes):
    """The desk's discrepancy matrix: every entity, metric and period stated by more than one
    document, which document says what, conflicts marked.

    \b
    Examples:
      claimcheck report archive/ --format html -o discrepancies.html
      claimcheck report archive/ --format csv > discrepancies.csv
    """
    def body():
        from . import api
        from .formats import matrix

        docs = list(api.extract_paths(list(paths), date=date, include=include, exclude=exclude,
                                      encoding=encoding, max_bytes=max_bytes))
        write_output(matrix.render_matrix(docs, fmt), output, list(paths))
    _run(body)


@main.group(context_settings=CONTEXT)
def rules() -> None:
    """List, show and validate rules."""


@rules.command("list", context_settings=CONTEXT)
@click.option("--rules", "rules_dirs", multiple=True, metavar="DIR", help="Extra rule directory.")
def rules_list(rules_dirs):
    """List every rule with its kind, severity and description."""
    def body():
        from tabulate import tabulate

        from .rulesets import load_rules
        rs = load_rules(rules_dirs)
        rows = [[r.rule.id, r.rule.kind, r.rule.severity.value, r.rule.description] for r in rs.rules]
        click.echo(tabulate(rows, headers=["id", "kind", "severity", "description"], maxcolwidths=[None, None, None, 70]))
    _run(body)


@rules.command("show", context_settings=CONTEXT)
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, metavar="DIR", help="Extra rule directory.")
def rules_show(rule_id, rules_dirs):
    """Show one rule: description, parameters and examples."""
    _run(lambda: click.echo(_describe(rule_id, rules_dirs)))


def _describe(rule_id: str, rules_dirs=()) -> str:
    import yaml

    from .errors import ClaimcheckError
    from .rulesets import load_rules

    rs = load_rules(rules_dirs)
    try:
        lr = rs.get(rule_id)
    except KeyError:
        raise ClaimcheckError(f"no rule with id {rule_id!r}; see 'claimcheck rules list'") from None
    rule = lr.rule
    data = rule.model_dump(mode="json", by_alias=True, exclude={"id", "description", "help", "examples", "message"})
    lines = [f"{rule.id}  ({rule.kind}, {rule.severity.value})", "", rule.description]
    if rule.help:
        lines += ["", rule.help]
    lines += ["", "Parameters:", yaml.safe_dump(data, sort_keys=True, allow_unicode=True).rstrip(),
              "", f"Message: {rule.message}", "", "Fails:"]
    lines += [f"  {t}" for t in rule.examples.fail] + ["Passes:"] + [f"  {t}" for t in rule.examples.pass_]
    lines += ["", f"Defined in {lr.path}"]
    return "\n".join(lines)


@rules.command("validate", context_settings=CONTEXT)
@click.argument("path")
def rules_validate(path):
    """Validate a rules directory (or one rule file); exit 2 on the first error."""
    def body():
        from pathlib import Path

        from .rulesets import load_rule_file, load_rules
        p = Path(path)
        if p.is_file():
            load_rule_file(str(p))
            n = 1
        else:
            n = len(load_rules([str(p)]).rules)
        click.echo(f"{path}: ok ({n} rule{'s' * (n != 1)} loaded)")
    _run(body)


@main.command(context_settings=CONTEXT)
@click.argument("rule_id")
def explain(rule_id):
    """Explain a rule: what it checks, why, and examples."""
    _run(lambda: click.echo(_describe(rule_id)))


if __name__ == "__main__":  # pragma: no cover
    main()
