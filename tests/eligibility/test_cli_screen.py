"""`hearing screen`: the CSV contract of issue 6, end to end through the command line."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from hearing.cli import main
from hearing.eligibility import HERE

HEADER = ("case_id,nationality,date_of_birth,unaccompanied_minor,nv_signal,f1_signal,"
          "dublin_claim,safe_country_or_eu_protection,subsequent_application,"
          "further_hearing_held,lawyer_consent,literate_in_supported_language,medical_unfit,"
          "complex_grounds")
ADULT = "no,no,no,no,no,no,no"  # unaccompanied_minor .. further_hearing_held


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text("\n".join((header, *rows)) + "\n", "utf-8")
    return path


def screen(tmp_path: Path, source: Path, *extra: str, rules: str = "selection"):  # type: ignore[no-untyped-def]
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(main, ["screen", "--rules", rules, "--input", str(source),
                                       "--output", str(out), *extra])
    rows = list(csv.reader(out.open(encoding="utf-8"))) if out.exists() else None
    return result, rows


def test_a_good_file_is_screened_in_input_order(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        f"c1,SYR,1990-01-01,{ADULT},yes,yes,no,",
        f"c2,IRN,1990-01-01,{ADULT},pending,yes,no,",
        "c3,SYR,1990-01-01,no,yes,no,yes,no,no,no,no,yes,no,lgbti",
        f"c4,TUR,1990-01-01,{ADULT},yes,yes,no,lgbti;trafficking",
        f"c5,NLD,1990-01-01,{ADULT},yes,yes,no,",
        f"c6,XXA,2010-01-01,{ADULT},yes,yes,no,",
    )
    result, rows = screen(tmp_path, source, "--on", "2026-06-15")
    assert result.exit_code == 0, result.output
    assert rows == [
        ["case_id", "verdict", "route", "reasons"],
        ["c1", "eligible", "replace", "replace-nationality"],
        ["c2", "eligible", "prepare", "prepare-nationality"],
        ["c3", "excluded", "", "nv-signal;dublin;no-consent"],
        ["c4", "eligible", "prepare", "replace-nationality;complex-grounds"],
        ["c5", "not_selected", "", "nationality-not-listed"],
        ["c6", "eligible", "prepare", "replace-nationality;minor-15-17"],
    ]
    assert "6 cases screened" in result.output and "selection 2026.1" in result.output


def test_bad_rows_are_marked_and_the_others_screened(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        f"ok1,SYR,1990-01-01,{ADULT},yes,yes,no,",
        f"bad1,ZZZ,1990-02-30,{ADULT},maybe,yes,no,lgbti;hobbies",
        f"bad2,SYR,,{ADULT},yes,yes,,",  # empty date, empty medical_unfit
        "bad3,SYR,1990-01-01,no,no",  # a short row: the missing columns are named
        f",SYR,1990-01-01,{ADULT},yes,yes,no,",
        f"bad5,SYR,1990-01-01,{ADULT},yes,yes,no,,surplus",
        f"bad6,SYR,2027-01-01,{ADULT},yes,yes,no,",  # born after the reference date
        f"ok2,YEM,1990-01-01,{ADULT},no,yes,no,",
    )
    result, rows = screen(tmp_path, source, "--on", "2026-06-15")
    assert result.exit_code == 1, result.output
    assert rows is not None
    assert rows[1] == ["ok1", "eligible", "replace", "replace-nationality"]
    assert rows[2] == ["bad1", "invalid", "",
                       "invalid:nationality;invalid:date_of_birth;invalid:lawyer_consent;"
                       "invalid:complex_grounds"]
    assert rows[3] == ["bad2", "invalid", "", "invalid:date_of_birth;invalid:medical_unfit"]
    assert rows[4][:3] == ["bad3", "invalid", ""]
    assert rows[4][3].split(";") == [f"invalid:{c}" for c in HEADER.split(",")[5:]]
    assert rows[5] == ["", "invalid", "", "invalid:case_id"]
    assert rows[6] == ["bad5", "invalid", "", "invalid:extra_cells"]
    assert rows[7] == ["bad6", "invalid", "", "invalid:date_of_birth"]
    assert rows[8] == ["ok2", "excluded", "", "no-consent"]
    assert "6 invalid row(s)" in result.output


def test_on_defaults_to_today(tmp_path: Path) -> None:
    today = dt.date.today()
    fifteen_today = today.replace(year=today.year - 15) if not (
        today.month == 2 and today.day == 29) else dt.date(today.year - 15, 3, 1)
    source = write(tmp_path, f"c1,SYR,{fifteen_today.isoformat()},{ADULT},yes,yes,no,")
    result, rows = screen(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert rows is not None and rows[1] == ["c1", "eligible", "prepare",
                                            "replace-nationality;minor-15-17"]
    # The day before, the same applicant was 14.
    day_before = (today - dt.timedelta(days=1)).isoformat()
    result, rows = screen(tmp_path, source, "--on", day_before)
    assert rows is not None and rows[1] == ["c1", "excluded", "", "child-under-15"]


def test_a_wrong_header_exits_2_naming_what_is_missing(tmp_path: Path) -> None:
    header = HEADER.replace(",dublin_claim", "").replace("nv_signal", "nv")
    source = write(tmp_path, "c1,SYR", header=header)
    result, rows = screen(tmp_path, source)
    assert result.exit_code == 2
    assert "missing column(s): nv_signal, dublin_claim" in result.output
    assert "unknown column(s): nv" in result.output
    assert rows is None  # nothing written that could pass for a result


def test_unreadable_input_bad_date_and_bad_rules_exit_2(tmp_path: Path) -> None:
    result, rows = screen(tmp_path, tmp_path / "nope.csv")
    assert result.exit_code == 2 and "cannot be read" in result.output and rows is None
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    result, _ = screen(tmp_path, empty)
    assert result.exit_code == 2 and "the file is empty" in result.output
    source = write(tmp_path, f"c1,SYR,1990-01-01,{ADULT},yes,yes,no,")
    result, _ = screen(tmp_path, source, "--on", "15-06-2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    bad_rules = tmp_path / "bad.yaml"
    bad_rules.write_text((HERE / "selection.yaml").read_text("utf-8").replace(
        "op: eq, value: true}", "op: is, value: true}", 1), "utf-8")
    result, _ = screen(tmp_path, source, rules=str(bad_rules))
    assert result.exit_code == 2 and "rule nv-signal" in result.output


def test_a_copied_rule_file_can_be_given_by_path(tmp_path: Path) -> None:
    rules = tmp_path / "sdn.yaml"
    rules.write_text((HERE / "selection.yaml").read_text("utf-8").replace(
        "[SYR, YEM, TUR, XXA]", "[SYR, YEM, TUR, XXA, SDN]"), "utf-8")
    source = write(tmp_path, f"c1,SDN,1990-01-01,{ADULT},yes,yes,no,")
    result, rows = screen(tmp_path, source, "--on", "2026-06-15")
    assert rows is not None and rows[1] == ["c1", "not_selected", "", "nationality-not-listed"]
    result, rows = screen(tmp_path, source, "--on", "2026-06-15", rules=str(rules))
    assert result.exit_code == 0
    assert rows is not None and rows[1] == ["c1", "eligible", "replace", "replace-nationality"]
