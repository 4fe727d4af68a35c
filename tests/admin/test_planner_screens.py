"""Planner screens: case list and filters, intake by form and CSV, route, invitation (with the
email), who has not answered, withdrawal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from flask import Flask
from sqlalchemy import func, select

import admin
from hearing.audit import verify
from hearing.config import Settings
from hearing.db import Database
from hearing.intake import COLUMNS
from hearing.models import (
    AuditEvent,
    Booking,
    BookingStatus,
    Case,
    CaseState,
    Deadline,
    DeadlineStage,
    Role,
    TimeSlot,
    utcnow,
)
from tests.admin import helpers as h
from tests.admin.conftest import Clock, quick_client, text_of

NEW_CASE = {
    "v_number": "v123456789", "family_name": "Haddad", "given_names": "Lina",
    "date_of_birth": "1995-09-03", "nationality": "syr", "preferred_locale": "ar",
    "lawyer_id": "0", "facts": ["literate_in_supported_language"],
}


def _planner(app: Flask, database: Database):  # type: ignore[no-untyped-def]
    return quick_client(app, database, h.person(database, Role.PLANNER))


def _csv(rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(row.get(c, "") for c in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def _row(v: str, **kw: str) -> dict[str, str]:
    row = {"v_number": v, "family_name": "Saleh", "given_names": "Ahmed",
           "date_of_birth": "1988-01-20", "nationality": "YEM", "preferred_locale": "ar",
           "lawyer": "", "complex_grounds": ""}
    row.update({c: "no" for c in COLUMNS if c not in row})
    row["literate_in_supported_language"] = "yes"
    row.update(kw)
    return row


def test_only_planners_use_the_planner_screens(app: Flask, database: Database,
                                               clock: Clock) -> None:
    lawyer = quick_client(app, database, h.person(database, Role.LAWYER))
    for path in ("/planner/cases", "/planner/cases/new", "/planner/import", "/planner/consent",
                 "/scheduling/slots", "/scheduling/locations", "/metrics"):
        assert lawyer.get(path).status_code == 403, path
    assert app.test_client().get("/planner/cases").status_code == 302


def test_create_a_case_by_form_with_messages_for_each_mistake(
    app: Flask, database: Database, clock: Clock
) -> None:
    planner = _planner(app, database)
    page = planner.get("/planner/cases/new")
    assert page.status_code == 200
    assert '<label class="field-label" for="v_number">' in page.text
    bad = planner.post("/planner/cases/new", data={
        **NEW_CASE, "v_number": "123", "date_of_birth": "03-09-1995", "nationality": "QQQ",
        "family_name": ""})
    assert bad.status_code == 422
    text = text_of(bad.text)
    assert "There is a problem" in text
    assert "A V-number is V followed by 8 to 10 digits" in text
    assert "Enter the date of birth as YYYY-MM-DD." in text
    assert "Use the three-letter ISO code" in text
    assert "Enter the family name." in text
    assert 'href="#v_number"' in bad.text  # the summary links to the field
    assert 'aria-invalid="true"' in bad.text
    done = planner.post("/planner/cases/new", data=NEW_CASE)
    assert done.status_code == 302
    with database.session() as s:
        case = s.scalar(select(Case).where(Case.v_number == "V123456789"))
        assert case is not None and case.nationality == "SYR" and case.state == "selected"
        assert case.literate_in_supported_language and not case.nv_signal
    again = planner.post("/planner/cases/new", data=NEW_CASE)
    assert "A case with this V-number already exists." in text_of(again.text)


def test_case_list_filters_by_state_and_overdue(app: Flask, database: Database,
                                                clock: Clock) -> None:
    late = h.case(database, state=CaseState.INVITED)
    on_time = h.case(database, state=CaseState.INVITED)
    selected = h.case(database, state=CaseState.SELECTED)
    now = utcnow()
    with database.session() as s:
        s.add(Deadline(case_id=late, stage="consent", set_at=now - dt.timedelta(days=9),
                       due_at=now - dt.timedelta(days=1)))
        s.add(Deadline(case_id=on_time, stage="consent", set_at=now,
                       due_at=now + dt.timedelta(days=5)))
        v = {cid: s.get(Case, cid).v_number for cid in (late, on_time, selected)}
    planner = _planner(app, database)
    everything = planner.get("/planner/cases").text
    assert all(number in everything for number in v.values())
    invited = planner.get("/planner/cases?state=invited").text
    assert v[late] in invited and v[on_time] in invited and v[selected] not in invited
    overdue = planner.get("/planner/cases?overdue=y").text
    assert v[late] in overdue and v[on_time] not in overdue and v[selected] not in overdue
    assert "overdue" in overdue


def test_csv_import_reports_every_error_and_imports_nothing(
    app: Flask, database: Database, clock: Clock
) -> None:
    planner = _planner(app, database)
    page = planner.get("/planner/import")
    assert ",".join(COLUMNS) in page.text  # the page documents the header
    bad = _csv([_row("V100000001"), _row("X1", nationality="ZZZ"),
                _row("V100000003", date_of_birth="yesterday")])
    response = planner.post("/planner/import", data={"file": (io.BytesIO(bad), "cases.csv")},
                            content_type="multipart/form-data")
    assert response.status_code == 422
    text = text_of(response.text)
    assert "Nothing was imported: the file has 3 errors." in text
    assert "must be V followed by 8 to 10 digits" in text
    assert "is not an ISO 3166 alpha-3 code" in text
    assert "is not a date in the form YYYY-MM-DD" in text
    errors = response.text[response.text.index('id="import-errors"'):]
    assert "<td>2</td><td><code>v_number</code>" in errors
    assert "<td>3</td><td><code>date_of_birth</code>" in errors
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
    missing = planner.post("/planner/import", data={
        "file": (io.BytesIO(b"v_number,family_name\nV100000001,X\n"), "c.csv")},
        content_type="multipart/form-data")
    assert "missing column(s)" in missing.text
    no_file = planner.post("/planner/import", data={}, content_type="multipart/form-data")
    assert no_file.status_code == 422 and "Choose a CSV file." in no_file.text


def test_csv_import_twice_creates_no_duplicates(app: Flask, database: Database,
                                                clock: Clock) -> None:
    h.person(database, Role.LAWYER, username="adv")
    planner = _planner(app, database)
    good = _csv([_row("V100000001", lawyer="adv"), _row("V100000002", complex_grounds="lgbti")])
    first = planner.post("/planner/import", data={"file": (io.BytesIO(good), "c.csv")},
                         content_type="multipart/form-data")
    assert first.status_code == 200
    assert "2 new cases, 0 already present" in text_of(first.text)
    second = planner.post("/planner/import", data={"file": (io.BytesIO(good), "c.csv")},
                          content_type="multipart/form-data")
    assert "0 new cases, 2 already present and unchanged" in text_of(second.text)
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 2
    changed = _csv([_row("V100000001", family_name="Other")])
    refused = planner.post("/planner/import", data={"file": (io.BytesIO(changed), "c.csv")},
                           content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "exists with different data" in refused.text


def test_record_the_route_by_hand_is_audited(app: Flask, database: Database,
                                             clock: Clock) -> None:
    case_id = h.case(database)
    planner = _planner(app, database)
    assert planner.get(f"/planner/cases/{case_id}/route").status_code == 200
    missing = planner.post(f"/planner/cases/{case_id}/route", data={"route": "replace"})
    assert missing.status_code == 422
    assert "Say on what basis the route was chosen." in missing.text
    done = planner.post(f"/planner/cases/{case_id}/route",
                        data={"route": "prepare", "basis": "Conversion given at registration"})
    assert done.status_code == 302
    assert h.get_case(database, case_id).route == "prepare"
    with database.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "case.route_recorded"))
        assert event is not None and event.case_id == case_id
        assert event.reason == "Conversion given at registration"
        assert verify(s).ok


def test_invite_the_lawyer_sends_the_email(
    settings: Settings, database: Database, clock: Clock, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    host, port, received = smtp_server
    app = admin.create_app(dataclasses.replace(settings, smtp_host=host, smtp_port=port),
                           database=database)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    lawyer = h.person(database, Role.LAWYER, email="adv@firm.example")
    case_id = h.case(database, lawyer_id=lawyer)
    no_route = h.case(database, lawyer_id=lawyer)
    planner = _planner(app, database)
    refused = planner.post(f"/planner/cases/{no_route}/invite", follow_redirects=True)
    assert "Record the route before inviting the lawyer." in refused.text
    assert h.get_case(database, no_route).state == "selected"
    with database.session() as s:
        s.get(Case, case_id).route = "replace"
    page = planner.post(f"/planner/cases/{case_id}/invite", follow_redirects=True)
    assert "The lawyer is invited and has been sent an email." in page.text
    found = h.get_case(database, case_id)
    assert found.state == "invited"
    assert len(received) == 1 and received[0]["To"] == "adv@firm.example"
    assert found.v_number in received[0]["Subject"]
    again = planner.post(f"/planner/cases/{case_id}/invite", follow_redirects=True)
    assert "only be invited for a selected case" in again.text
    assert len(received) == 1


def test_invitation_survives_a_mail_server_that_is_down(
    app: Flask, database: Database, clock: Clock
) -> None:
    # The default settings point at localhost:25, where nothing listens in the tests.
    lawyer = h.person(database, Role.LAWYER, email="adv@firm.example")
    case_id = h.case(database, lawyer_id=lawyer, route="replace")
    page = _planner(app, database).post(f"/planner/cases/{case_id}/invite",
                                        follow_redirects=True)
    assert "the email could not be sent" in page.text
    assert h.get_case(database, case_id).state == "invited"


def test_who_has_not_answered_lists_invited_cases_with_overdue_marked(
    app: Flask, database: Database, clock: Clock
) -> None:
    lawyer = h.person(database, Role.LAWYER, full_name="Laura Advocaat")
    late = h.case(database, state=CaseState.INVITED, lawyer_id=lawyer)
    waiting = h.case(database, state=CaseState.INVITED, lawyer_id=lawyer)
    answered = h.case(database, state=CaseState.CONSENTED, lawyer_id=lawyer)
    now = utcnow()
    with database.session() as s:
        s.add(Deadline(case_id=late, stage="consent", set_at=now - dt.timedelta(days=8),
                       due_at=now - dt.timedelta(hours=1)))
        s.add(Deadline(case_id=waiting, stage="consent", set_at=now,
                       due_at=now + dt.timedelta(days=4)))
        v = {cid: s.get(Case, cid).v_number for cid in (late, waiting, answered)}
    page = _planner(app, database).get("/planner/consent").text
    assert v[late] in page and v[waiting] in page and v[answered] not in page
    assert page.index(v[late]) < page.index(v[waiting])  # nearest deadline first
    assert "1 past the deadline." in text_of(page)
    assert "Laura Advocaat" in page
    assert page.count('class="is-overdue"') == 1


def test_withdraw_needs_a_reason_and_frees_the_booked_place(
    app: Flask, database: Database, clock: Clock
) -> None:
    loc = h.location(database)
    slot_id = h.slot(database, loc)
    case_id = h.case(database, state=CaseState.SCHEDULED)
    with database.session() as s:
        slot = s.get(TimeSlot, slot_id)
        s.add(Booking(case_id=case_id, slot_id=slot_id, location_id=loc,
                      starts_at=slot.starts_at, ends_at=slot.ends_at, status="booked"))
        s.add(Deadline(case_id=case_id, stage=DeadlineStage.PROCEDURE.value,
                       due_at=utcnow() + dt.timedelta(weeks=6)))
    planner = _planner(app, database)
    empty = planner.post(f"/planner/cases/{case_id}/withdraw", data={"reason": " "})
    assert empty.status_code == 422 and "Give the reason." in empty.text
    done = planner.post(f"/planner/cases/{case_id}/withdraw",
                        data={"reason": "Applicant moved abroad"}, follow_redirects=True)
    assert "withdrawn from the written procedure" in done.text
    found = h.get_case(database, case_id)
    assert found.state == "withdrawn" and found.exit_reason == "Applicant moved abroad"
    with database.session() as s:
        booking = s.scalar(select(Booking).where(Booking.case_id == case_id))
        assert booking.status == BookingStatus.CANCELLED
        assert s.get(TimeSlot, slot_id).booked == 0
        assert s.scalar(select(func.count()).select_from(Deadline)
                        .where(Deadline.closed_at.is_(None))) == 0
    page = planner.get(f"/planner/cases/{case_id}").text
    assert "Applicant moved abroad" in page and "Cancelled" in page
    again = planner.get(f"/planner/cases/{case_id}/withdraw", follow_redirects=True)
    assert "already left the written procedure" in again.text
