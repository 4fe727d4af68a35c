"""Case intake: one case from a form, or many from a CSV file, all or nothing.

The CSV header (documented in the README and on the import page)::

    v_number,family_name,given_names,date_of_birth,nationality,preferred_locale,lawyer,
    unaccompanied_minor,nv_signal,f1_signal,dublin_claim,safe_country_or_eu_protection,
    subsequent_application,further_hearing_held,literate_in_supported_language,medical_unfit,
    complex_grounds

``date_of_birth`` is YYYY-MM-DD; ``lawyer`` is the lawyer's username; yes/no columns take
``yes`` or ``no``; ``complex_grounds`` is empty or a ``;``-separated list. Every row is checked
before anything is written; one bad row means no row lands, and every error is reported with
its row number and column. A row whose V-number already exists with the same data is skipped,
so importing the same file twice creates no duplicates; one that exists with different data is
an error (an import never silently overwrites a case).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing.countries import is_nationality
from hearing.locales import locale_codes
from hearing.models import COMPLEX_GROUNDS, Case, Role, User

BOOL_COLUMNS = (
    "unaccompanied_minor", "nv_signal", "f1_signal", "dublin_claim",
    "safe_country_or_eu_protection", "subsequent_application", "further_hearing_held",
    "literate_in_supported_language", "medical_unfit",
)
COLUMNS = (
    "v_number", "family_name", "given_names", "date_of_birth", "nationality",
    "preferred_locale", "lawyer", *BOOL_COLUMNS, "complex_grounds",
)
V_NUMBER = re.compile(r"^V\d{8,10}$")
MAX_ROWS = 20000


@dataclass
class RowError:
    row: int  # 1-based data row number (the header is row 0)
    column: str
    message: str


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _lawyers(session: Session) -> dict[str, User]:
    users = session.scalars(select(User).where(User.active.is_(True))).all()
    return {u.username: u for u in users if u.has_role(Role.LAWYER)}


def validate_row(
    raw: dict[str, str], row: int, lawyers: dict[str, User], today: dt.date
) -> tuple[dict[str, Any], list[RowError]]:
    """Check one row; return the case values and every error found."""
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def err(column: str, message: str) -> None:
        errors.append(RowError(row, column, message))

    def cell(column: str) -> str:
        return (raw.get(column) or "").strip()

    v_number = cell("v_number").upper()
    if not V_NUMBER.match(v_number):
        err("v_number", "must be V followed by 8 to 10 digits")
    values["v_number"] = v_number
    for column in ("family_name", "given_names"):
        text = cell(column)
        if not text:
            err(column, "is empty")
        elif len(text) > 200:
            err(column, "is longer than 200 characters")
        values[column] = text
    try:
        born = dt.date.fromisoformat(cell("date_of_birth"))
        if born > today:
            err("date_of_birth", "is in the future")
        values["date_of_birth"] = born
    except ValueError:
        err("date_of_birth", "is not a date in the form YYYY-MM-DD")
    nationality = cell("nationality").upper()
    if not is_nationality(nationality):
        err("nationality", "is not an ISO 3166 alpha-3 code (XXA for stateless)")
    values["nationality"] = nationality
    locale = cell("preferred_locale")
    if locale not in locale_codes():
        err("preferred_locale", f"must be one of {', '.join(locale_codes())}")
    values["preferred_locale"] = locale
    lawyer = cell("lawyer")
    if lawyer and lawyer not in lawyers:
        err("lawyer", f"no active lawyer with username {lawyer!r}")
    values["lawyer_id"] = lawyers[lawyer].id if lawyer in lawyers else None
    for column in BOOL_COLUMNS:
        text = cell(column).lower()
        if text not in ("yes", "no"):
            err(column, "must be yes or no")
        values[column] = text == "yes"
    grounds = [g.strip() for g in cell("complex_grounds").split(";") if g.strip()]
    unknown = [g for g in grounds if g not in COMPLEX_GROUNDS]
    if unknown:
        err("complex_grounds", f"unknown ground(s) {', '.join(unknown)}; "
                               f"allowed: {', '.join(COMPLEX_GROUNDS)}")
    values["complex_grounds"] = ";".join(sorted(set(grounds)))
    return values, errors


def _same(case: Case, values: dict[str, Any]) -> bool:
    return all(getattr(case, key) == value for key, value in values.items())


def import_csv(
    session: Session, data: bytes | str, *, today: dt.date | None = None
) -> ImportResult:
    """Validate every row, then create all new cases in the caller's transaction, or none."""
    today = today or dt.date.today()
    result = ImportResult()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            result.errors.append(RowError(0, "file", "is not UTF-8 text"))
            return result
    reader = csv.DictReader(io.StringIO(data))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        result.errors.append(RowError(0, "header", f"missing column(s): {', '.join(missing)}"))
        return result
    lawyers = _lawyers(session)
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=1):
        if number > MAX_ROWS:
            result.errors.append(RowError(number, "file", f"more than {MAX_ROWS} rows"))
            break
        raw = {(k or "").strip(): v for k, v in raw.items()}
        values, errors = validate_row(raw, number, lawyers, today)
        result.errors.extend(errors)
        if values["v_number"] in seen:
            result.errors.append(RowError(
                number, "v_number", f"also on row {seen[values['v_number']]} of this file"))
        seen[values["v_number"]] = number
        rows.append(values)
    if result.errors:
        return result
    existing = {
        c.v_number: c
        for c in session.scalars(select(Case).where(Case.v_number.in_(list(seen))))
    }
    for number, values in enumerate(rows, start=1):
        case = existing.get(values["v_number"])
        if case is None:
            continue
        if _same(case, values):
            result.unchanged.append(case.v_number)
        else:
            result.errors.append(RowError(
                number, "v_number", "a case with this V-number exists with different data"))
    if result.errors:
        result.unchanged.clear()
        return result
    for values in rows:
        if values["v_number"] not in existing:
            session.add(Case(**values))
            result.created.append(values["v_number"])
    session.flush()
    return result


def create_case(session: Session, values: dict[str, Any]) -> Case:
    """Create one case from already validated form values."""
    case = Case(**values)
    session.add(case)
    session.flush()
    return case
