"""Overdue lists per role, and the measurement page."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from hearing.db import Database
from hearing.models import (
    CaseEvent,
    CaseState,
    Deadline,
    Organisation,
    OrganisationKind,
    Role,
    utcnow,
)
from tests.admin import helpers as h
from tests.admin.conftest import Clock, quick_client, text_of


def _deadline(database: Database, case_id: int, stage: str, days: float) -> None:
    now = utcnow()
    with database.session() as s:
        s.add(Deadline(case_id=case_id, stage=stage, set_at=now - dt.timedelta(days=10),
                       due_at=now + dt.timedelta(days=days)))


def test_overdue_lists_each_role_its_own_deadlines(app: Flask, database: Database,
                                                   clock: Clock) -> None:
    lawyer = h.person(database, Role.LAWYER)
    other_lawyer = h.person(database, Role.LAWYER)
    with database.session() as s:
        agency = Organisation(name="Agency", kind=OrganisationKind.TRANSLATION_AGENCY)
        s.add(agency)
        s.flush()
        agency_id = agency.id
    translator = h.person(database, Role.TRANSLATOR, organisation_id=agency_id)
    consent_late = h.case(database, state=CaseState.INVITED, lawyer_id=lawyer)
    consent_other = h.case(database, state=CaseState.INVITED, lawyer_id=other_lawyer)
    consent_on_time = h.case(database, state=CaseState.INVITED, lawyer_id=lawyer)
    translation_late = h.case(database, state=CaseState.IN_TRANSLATION, lawyer_id=lawyer,
                              translation_agency_id=agency_id)
    _deadline(database, consent_late, "consent", -1)
    _deadline(database, consent_other, "consent", -2)
    _deadline(database, consent_on_time, "consent", 3)
    _deadline(database, translation_late, "translation", -1)
    v = {c: h.get_case(database, c).v_number
         for c in (consent_late, consent_other, consent_on_time, translation_late)}

    planner_page = quick_client(app, database, h.person(database, Role.PLANNER)).get("/overdue")
    assert all(v[c] in planner_page.text
               for c in (consent_late, consent_other, translation_late))
    assert v[consent_on_time] not in planner_page.text

    lawyer_page = quick_client(app, database, lawyer).get("/overdue").text
    assert v[consent_late] in lawyer_page
    assert v[consent_other] not in lawyer_page  # not own client
    assert v[translation_late] not in lawyer_page  # not the lawyer's deadline to keep

    translator_page = quick_client(app, database, translator).get("/overdue").text
    assert v[translation_late] in translator_page and v[consent_late] not in translator_page
    assert "Translation" in text_of(translator_page)

    host_page = quick_client(app, database, h.person(database, Role.HOST)).get("/overdue")
    assert host_page.status_code == 200 and "keeps no deadlines" in host_page.text


def test_metrics_page_shows_lead_times_breaches_consent_and_form_share(
    app: Flask, database: Database, clock: Clock
) -> None:
    start = utcnow() - dt.timedelta(days=30)
    with database.session() as s:
        for n, (nat, answer) in enumerate((("SYR", "yes"), ("SYR", "yes"), ("ERI", "no"))):
            case = h.make_case(s, nationality=nat, lawyer_consent=answer, route="replace",
                               state=CaseState.CONSENTED if answer == "yes" else
                               CaseState.DECLINED)
            s.add(CaseEvent(case_id=case.id, step="invite", from_state="selected",
                            to_state="invited", actor_label="t", at=start))
            s.add(CaseEvent(case_id=case.id, step="consent" if answer == "yes" else "decline",
                            from_state="invited", to_state=case.state, actor_label="t",
                            at=start + dt.timedelta(days=2 + n)))
        done = h.make_case(s, state=CaseState.DECIDED_ON_FORM, route="replace")
        s.add(Deadline(case_id=done.id, stage="consent", set_at=start,
                       due_at=start + dt.timedelta(days=1),
                       closed_at=start + dt.timedelta(days=3)))
    page = quick_client(app, database, h.person(database, Role.PLANNER)).get("/metrics")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Waiting for the lawyer's consent 3 3.0" in text  # count, median days
    assert "66.7 % (2 / 3)" in text  # consent rate
    assert "ERI 0.0 % (0 / 1)" in text
    assert "Lawyer's consent 100.0 % (1 / 1)" in text  # one consent deadline, closed late
    assert "Replaces the hearing 100.0 % (1 / 1)" in text
    admin_page = quick_client(app, database, h.person(database, Role.ADMINISTRATOR))
    assert admin_page.get("/metrics").status_code == 200
    assert quick_client(app, database, h.person(database, Role.LAWYER)).get(
        "/metrics").status_code == 403
