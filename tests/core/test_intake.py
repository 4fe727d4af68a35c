from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from hearing import intake
from hearing.models import Case, Role
from tests.factories import make_user

HEADER = ",".join(intake.COLUMNS)
NO9 = ",".join(["no"] * 7)


def _row(v: str, nat: str = "SYR", born: str = "1990-04-12", lawyer: str = "lawyer1",
         literate: str = "yes", grounds: str = "") -> str:
    return f"{v},Al-Hassan,Omar,{born},{nat},ar,{lawyer},{NO9},{literate},no,{grounds}"


def test_import_creates_all_rows_and_is_idempotent(session) -> None:
    make_user(session, "lawyer1", Role.LAWYER)
    data = "\n".join([HEADER, _row("V100000001"), _row("V100000002", grounds="lgbti;conversion")])
    first = intake.import_csv(session, data.encode())
    assert first.ok and first.created == ["V100000001", "V100000002"]
    session.commit()
    again = intake.import_csv(session, data.encode())
    assert again.ok and again.created == [] and again.unchanged == ["V100000001", "V100000002"]
    assert session.scalar(select(func.count()).select_from(Case)) == 2
    case = session.scalar(select(Case).where(Case.v_number == "V100000002"))
    assert case.complex_grounds_set == {"lgbti", "conversion"}


def test_one_bad_row_means_nothing_lands_and_every_error_is_reported(session) -> None:
    make_user(session, "lawyer1", Role.LAWYER)
    data = "\n".join([
        HEADER,
        _row("V100000001"),
        _row("X1", nat="ZZZ", born="1990-02-30", lawyer="nobody", literate="maybe",
             grounds="magic"),
        _row("V100000001"),
    ])
    result = intake.import_csv(session, data, today=dt.date(2026, 1, 1))
    assert not result.ok and result.created == []
    found = {(e.row, e.column) for e in result.errors}
    assert {(2, "v_number"), (2, "nationality"), (2, "date_of_birth"), (2, "lawyer"),
            (2, "literate_in_supported_language"), (2, "complex_grounds"),
            (3, "v_number")} <= found
    assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_stateless_and_header_errors(session) -> None:
    make_user(session, "lawyer1", Role.LAWYER)
    assert intake.import_csv(session, HEADER + "\n" + _row("V100000009", nat="XXA")).ok
    bad = intake.import_csv(session, "v_number,family_name\nV1,x\n")
    assert not bad.ok and bad.errors[0].column == "header"
    assert "date_of_birth" in bad.errors[0].message
    assert intake.import_csv(session, b"\xff\xfe").errors[0].message == "is not UTF-8 text"


def test_changed_data_for_an_existing_case_is_an_error_not_an_overwrite(session) -> None:
    make_user(session, "lawyer1", Role.LAWYER)
    assert intake.import_csv(session, HEADER + "\n" + _row("V100000003")).ok
    session.commit()
    result = intake.import_csv(session, HEADER + "\n" + _row("V100000003", nat="YEM"))
    assert not result.ok and "different data" in result.errors[0].message
    assert session.scalar(select(Case.nationality)) == "SYR"
