"""Batch screening of a CSV file: one verdict per row, bad rows marked rather than fatal.

Input: a header of ``case_id`` and every input the rule set declares (any order), one case
per row. Output: ``case_id,verdict,route,reasons`` in input order, reasons ``;``-separated.
A row with a bad value gets the verdict ``invalid`` and a reason ``invalid:<column>`` per bad
column, in header order; the other rows are still screened. A header that lacks a column (or
has one the rule set does not know) is refused as a whole: nothing could be screened right.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from hearing.eligibility.ruleset import RuleSet

CASE_ID = "case_id"
OUTPUT_HEADER = ("case_id", "verdict", "route", "reasons")
INVALID = "invalid"
# A row with more cells than the header has: the values cannot be matched to columns.
EXTRA_CELLS = "extra_cells"


class HeaderError(ValueError):
    """The file's header does not fit the rule set; the message names what is wrong."""


@dataclass(frozen=True, slots=True)
class ScreenedRow:
    case_id: str
    verdict: str
    route: str | None
    reasons: tuple[str, ...]

    def as_csv(self) -> tuple[str, str, str, str]:
        return (self.case_id, self.verdict, self.route or "", ";".join(self.reasons))


@dataclass
class BatchSummary:
    rows: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)

    @property
    def invalid(self) -> int:
        return self.verdicts[INVALID]


def expected_columns(ruleset: RuleSet) -> tuple[str, ...]:
    return (CASE_ID, *ruleset.inputs)


def check_header(header: list[str] | None, ruleset: RuleSet) -> None:
    """Raise :class:`HeaderError` naming missing, unknown or repeated columns."""
    if not header:
        raise HeaderError("the file is empty: expected a header with "
                          + ",".join(expected_columns(ruleset)))
    found = [name.strip() for name in header]
    expected = expected_columns(ruleset)
    problems = []
    missing = [name for name in expected if name not in found]
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    unknown = [name for name in found if name not in expected]
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    repeated = sorted({name for name in found if found.count(name) > 1})
    if repeated:
        problems.append(f"repeated column(s): {', '.join(repeated)}")
    if problems:
        raise HeaderError("wrong header: " + "; ".join(problems)
                          + f" (expected {','.join(expected)})")


def screen_rows(
    ruleset: RuleSet, rows: Iterable[Mapping[str | None, object]], on: dt.date
) -> Iterator[ScreenedRow]:
    """Screen parsed CSV rows (``csv.DictReader`` dictionaries) on reference date ``on``."""
    order = tuple(ruleset.inputs)
    for raw in rows:
        case_id = raw.get(CASE_ID)
        case_text = case_id.strip() if isinstance(case_id, str) else ""
        facts, errors = ruleset.parse_facts(raw, on)  # type: ignore[arg-type]
        bad = [name for name in order if name in errors]
        if not case_text:
            bad.insert(0, CASE_ID)
        if raw.get(None):  # DictReader files surplus cells under the key None
            bad.append(EXTRA_CELLS)
        if bad:
            yield ScreenedRow(case_text, INVALID, None,
                              tuple(f"{INVALID}:{name}" for name in bad))
            continue
        result = ruleset.evaluate(facts, on, checked=True)
        yield ScreenedRow(case_text, result.verdict, result.route, result.reasons)


def screen_csv(ruleset: RuleSet, source: TextIO, target: TextIO, on: dt.date) -> BatchSummary:
    """Read cases from ``source``, write verdicts to ``target``; see the module docstring.

    Raises :class:`HeaderError` before writing anything when the header is wrong.
    """
    reader = csv.DictReader(source)
    header = reader.fieldnames
    check_header(list(header) if header else None, ruleset)
    # Forgive blanks around column names, as the values' blanks are forgiven.
    reader.fieldnames = [name.strip() for name in header or ()]
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(OUTPUT_HEADER)
    summary = BatchSummary()
    for screened in screen_rows(ruleset, reader, on):
        writer.writerow(screened.as_csv())
        summary.rows += 1
        summary.verdicts[screened.verdict] += 1
    return summary
