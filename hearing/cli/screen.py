"""``hearing screen``: apply a rule set to a CSV file of cases, without a database.

Exit status: 0 every row screened; 1 some rows were invalid (marked ``invalid`` in the output,
the others screened); 2 the rule set, the input file or its header cannot be used.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import time
from pathlib import Path

import click

from hearing.eligibility import RuleFileError, resolve
from hearing.eligibility.batch import HeaderError, screen_csv


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> dt.date:
    raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.command()
@click.option("--rules", "rules_name", required=True, metavar="NAME|FILE",
              help="A shipped rule set (selection, handoff) or a rule set file.")
@click.option("--input", "input_path", required=True, type=click.Path(path_type=Path),
              help="CSV: case_id and every input of the rule set.")
@click.option("--output", "output_path", required=True, type=click.Path(path_type=Path),
              help="CSV written: case_id,verdict,route,reasons.")
@click.option("--on", "on", callback=_date, metavar="YYYY-MM-DD",
              help="Reference date for ages and dates (default: today).")
def screen(rules_name: str, input_path: Path, output_path: Path, on: dt.date) -> None:
    """Screen every case in a CSV file against a rule set."""
    try:
        ruleset = resolve(rules_name)
    except RuleFileError as exc:
        _fail(str(exc))
    # Written to a temporary file first: a refused header must not leave a half-written
    # output that looks like a result.
    partial = output_path.with_name(output_path.name + ".partial")
    started = time.perf_counter()
    try:
        with input_path.open(encoding="utf-8-sig", newline="") as source, \
                partial.open("w", encoding="utf-8", newline="") as target:
            summary = screen_csv(ruleset, source, target, on)
    except HeaderError as exc:
        partial.unlink(missing_ok=True)
        _fail(f"{input_path}: {exc}")
    except UnicodeDecodeError:
        partial.unlink(missing_ok=True)
        _fail(f"{input_path}: not a UTF-8 text file")
    except csv.Error as exc:
        partial.unlink(missing_ok=True)
        _fail(f"{input_path}: not a readable CSV file ({exc})")
    except OSError as exc:
        partial.unlink(missing_ok=True)
        _fail(f"{exc.filename or input_path}: cannot be read or written ({exc.strerror})")
    partial.replace(output_path)
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{verdict} {n}" for verdict, n in sorted(summary.verdicts.items()))
    click.echo(f"{summary.rows} cases screened in {elapsed:.2f} s with {ruleset.id} "
               f"{ruleset.version} (sha256 {ruleset.sha256[:12]}), reference date "
               f"{on.isoformat()}: {counts or 'no rows'}", err=True)
    if summary.invalid:
        click.echo(f"{summary.invalid} invalid row(s): see the reasons column", err=True)
        sys.exit(1)
