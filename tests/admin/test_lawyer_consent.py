"""The lawyer portal: own clients with status, stage dates and deadline; consent or decline
(with a reason) before the deadline."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from hearing import consent
from hearing.config import Settings
from hearing.db import Database
from hearing.models import Case, CaseState, Deadline, Role, User, utcnow
from hearing.workflow import SYSTEM
from tests.admin import helpers as h
from tests.admin.conftest import Clock, quick_client, text_of


def _invited(database: Database, settings: Settings, lawyer_id: int,
             now: dt.datetime | None = None) -> int:
    with database.session() as s:
        case = h.make_case(s, lawyer_id=lawyer_id, route="replace")
        consent.invite(s, case, SYSTEM, settings, now=now)
        return case.id


def test_my_clients_shows_own_cases_with_stages_and_deadline(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    mine = h.person(database, Role.LAWYER)
    other = h.person(database, Role.LAWYER)
    own = _invited(database, settings, mine)
    foreign = _invited(database, settings, other)
    page = quick_client(app, database, mine).get("/lawyer/")
    assert page.status_code == 200
    v_own, v_foreign = (h.get_case(database, c).v_number for c in (own, foreign))
    assert v_own in page.text and v_foreign not in page.text
    text = text_of(page.text)
    assert "1 invitations wait for your answer." in text
    assert "Lawyer invited:" in text  # the stage and its date
    assert f"/lawyer/cases/{own}/answer" in page.text
    with database.session() as s:
        due = s.scalar(select(Deadline.due_at).where(Deadline.case_id == own))
    assert due.isoformat() in page.text


def test_consent_moves_the_case_on(app: Flask, database: Database, settings: Settings,
                                   clock: Clock) -> None:
    lawyer = h.person(database, Role.LAWYER)
    case_id = _invited(database, settings, lawyer)
    client = quick_client(app, database, lawyer)
    form = client.get(f"/lawyer/cases/{case_id}/answer")
    assert form.status_code == 200 and "<legend" in form.text
    empty = client.post(f"/lawyer/cases/{case_id}/answer", data={})
    assert empty.status_code == 422
    assert "Choose whether your client takes part." in empty.text
    done = client.post(f"/lawyer/cases/{case_id}/answer", data={"answer": "consent"},
                       follow_redirects=True)
    assert "will be scheduled" in done.text
    case = h.get_case(database, case_id)
    assert case.state == CaseState.CONSENTED and case.lawyer_consent == "yes"
    again = client.get(f"/lawyer/cases/{case_id}/answer", follow_redirects=True)
    assert "already been answered" in again.text


def test_decline_needs_a_reason_and_leaves_the_procedure(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    lawyer = h.person(database, Role.LAWYER)
    case_id = _invited(database, settings, lawyer)
    client = quick_client(app, database, lawyer)
    no_reason = client.post(f"/lawyer/cases/{case_id}/answer", data={"answer": "decline"})
    assert no_reason.status_code == 422
    assert "Give the reason for declining." in no_reason.text
    assert h.get_case(database, case_id).state == CaseState.INVITED
    client.post(f"/lawyer/cases/{case_id}/answer",
                data={"answer": "decline", "reason": "Client wants to be heard in person"})
    case = h.get_case(database, case_id)
    assert case.state == CaseState.DECLINED and case.lawyer_consent == "no"
    assert case.exit_reason == "Client wants to be heard in person"
    listing = client.get("/lawyer/").text
    assert "Client wants to be heard in person" in listing


def test_after_the_deadline_the_lawyer_cannot_answer(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    lawyer = h.person(database, Role.LAWYER)
    case_id = _invited(database, settings, lawyer, now=utcnow() - dt.timedelta(days=30))
    client = quick_client(app, database, lawyer)
    page = client.get(f"/lawyer/cases/{case_id}/answer")
    assert page.status_code == 409 and "deadline for your answer has passed" in page.text
    late = client.post(f"/lawyer/cases/{case_id}/answer", data={"answer": "consent"})
    assert late.status_code == 409
    assert h.get_case(database, case_id).state == CaseState.INVITED
    assert "overdue" in client.get("/lawyer/").text


def test_another_lawyers_client_is_404_even_with_another_role(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    lawyer = h.person(database, Role.LAWYER)
    # A planner sees every case; as a lawyer this user still may not answer for others.
    planner_lawyer = h.person(database, Role.LAWYER, Role.PLANNER)
    case_id = _invited(database, settings, lawyer)
    client = quick_client(app, database, planner_lawyer)
    assert client.get(f"/lawyer/cases/{case_id}/answer").status_code == 404
    assert client.post(f"/lawyer/cases/{case_id}/answer",
                       data={"answer": "consent"}).status_code == 404
    assert h.get_case(database, case_id).state == CaseState.INVITED
    with database.session() as s:
        assert s.get(User, planner_lawyer) is not None
        assert s.get(Case, case_id).lawyer_id == lawyer
