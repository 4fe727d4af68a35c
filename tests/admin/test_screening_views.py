"""The rules page, the planner's selection run, the screener's hand-off and the decision
officer's outcome, through the back office (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from hearing.db import Database
from hearing.eligibility import shipped
from hearing.models import (
    AuditEvent,
    Case,
    CaseState,
    Deadline,
    Decision,
    Handoff,
    LawyerReview,
    Organisation,
    OrganisationKind,
    Role,
    Screening,
    Submission,
    Translation,
    WorkStatus,
)
from tests.admin.conftest import Clock, add_staff, quick_client, text_of
from tests.factories import make_case


def _case(database: Database, **kw: object) -> int:
    with database.session() as s:
        return make_case(s, **kw).id


def _ready(database: Database, *, route: str = "replace", due_days: int = 3) -> int:
    with database.session() as s:
        case = make_case(s, state=CaseState.READY_FOR_SCREENING, route=route)
        sub = Submission(case_id=case.id, questionnaire_version="2026.1", locale="ar",
                         envelope=b"x", key_id="k", fingerprint="0" * 64)
        agency = Organisation(name=f"Agency {case.id}", kind=OrganisationKind.TRANSLATION_AGENCY)
        s.add_all([sub, agency])
        s.flush()
        s.add_all([
            Translation(case_id=case.id, submission_id=sub.id, agency_id=agency.id,
                        status=WorkStatus.SUBMITTED.value),
            LawyerReview(case_id=case.id, status=WorkStatus.SUBMITTED.value),
            Deadline(case_id=case.id, stage="procedure",
                     due_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=due_days)),
        ])
        return case.id


def test_rules_page_shows_every_rule_set_and_rule_in_both_languages(
    app: Flask, database: Database, clock: Clock
) -> None:
    lawyer = add_staff(database, Role.LAWYER)
    page = quick_client(app, database, lawyer.id).get("/rules")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("selection", "handoff"):
        rules = shipped(name)
        assert rules.sha256 in html and rules.version in html
        for rule in rules.rules:
            assert rule.id in html
            for lang in ("nl", "en"):
                statement = rule.statement[lang].replace("'", "&#39;").replace('"', "&#34;")
                assert statement in html, (rule.id, lang)
    assert "nationality is in replace_nationalities [SYR, YEM, TUR, XXA]" in html


def test_what_if_shows_the_verdict_and_every_rule(
    app: Flask, database: Database, clock: Clock
) -> None:
    client = quick_client(app, database, add_staff(database, Role.SCREENER).id)
    assert client.get("/rules/selection/what-if").status_code == 200
    assert client.get("/rules/nothing/what-if").status_code == 404
    facts = {"nationality": "syr", "date_of_birth": "2010-06-15", "unaccompanied_minor": "no",
             "nv_signal": "no", "f1_signal": "no", "dublin_claim": "no",
             "safe_country_or_eu_protection": "no", "subsequent_application": "no",
             "further_hearing_held": "no", "lawyer_consent": "pending",
             "literate_in_supported_language": "yes", "medical_unfit": "no",
             "complex_grounds": ["lgbti"], "on": "2026-06-15"}
    page = client.post("/rules/selection/what-if", data=facts)
    assert page.status_code == 200
    text = text_of(page.get_data(as_text=True))
    assert "eligible" in text and "minor-15-17" in text and "complex-grounds" in text
    assert "age on 2026-06-15 (date of birth 2010-06-15) is 16" in text
    bad = client.post("/rules/selection/what-if", data={**facts, "nationality": "ZZZ"})
    assert bad.status_code == 422 and "is not an ISO 3166-1 alpha-3 code" in bad.text


def test_planner_applies_selection(app: Flask, database: Database, clock: Clock) -> None:
    planner = add_staff(database, Role.PLANNER)
    client = quick_client(app, database, planner.id)
    eligible = _case(database, nationality="IRN")
    excluded = _case(database, nationality="SYR", dublin_claim=True)
    page = client.get(f"/selection/cases/{eligible}")
    assert page.status_code == 200 and "prepare-nationality" in page.text
    assert client.post(f"/selection/cases/{eligible}").status_code == 302
    assert client.post(f"/selection/cases/{excluded}").status_code == 302
    with database.session() as s:
        case = s.get(Case, eligible)
        assert case is not None and case.route == "prepare"
        gone = s.get(Case, excluded)
        assert gone is not None and gone.state == CaseState.EXCLUDED
        stored = s.scalars(select(Screening).order_by(Screening.id)).all()
        assert [(x.case_id, x.verdict) for x in stored] == [(eligible, "eligible"),
                                                            (excluded, "excluded")]
        assert stored[0].ruleset_hash == shipped("selection").sha256
    page = client.get(f"/selection/cases/{excluded}")
    assert "dublin" in page.text and "can no longer be applied" in page.text
    # A screener may not use the planner's page.
    screener = quick_client(app, database, add_staff(database, Role.SCREENER).id)
    assert screener.get(f"/selection/cases/{eligible}").status_code == 403


def test_screener_runs_the_rules_and_hands_off(
    app: Flask, database: Database, clock: Clock
) -> None:
    screener = add_staff(database, Role.SCREENER)
    officer = add_staff(database, Role.DECISION_OFFICER, full_name="Olga Officer")
    client = quick_client(app, database, screener.id)
    later = _ready(database, due_days=9)
    sooner = _ready(database, due_days=2)
    queue = client.get("/screening").get_data(as_text=True)
    assert queue.index(f"/screening/cases/{sooner}") < queue.index(f"/screening/cases/{later}")

    # No screening yet: hand-off refused.
    refused = client.post(f"/screening/cases/{sooner}/hand-off", data={"officer_id": officer.id})
    assert refused.status_code == 422 and "Run the hand-off rules first" in refused.text
    # Screener confirms the content facts; a torture disclosure turns replace into prepare.
    ran = client.post(f"/screening/cases/{sooner}/run",
                      data={"required_answered": "y", "disclosures": ["torture_disclosure"]})
    assert ran.status_code == 302
    page = client.get(f"/screening/cases/{sooner}").get_data(as_text=True)
    assert "torture-disclosed" in page and "ready" in page
    done = client.post(f"/screening/cases/{sooner}/hand-off", data={"officer_id": officer.id})
    assert done.status_code == 302
    with database.session() as s:
        handoff = s.scalar(select(Handoff).where(Handoff.case_id == sooner))
        assert handoff is not None and handoff.route == "prepare"
        assert handoff.decision_officer_id == officer.id and handoff.screener_id == screener.id
        case = s.get(Case, sooner)
        assert case is not None and case.state == CaseState.HANDED_TO_DECISION_OFFICER


def test_not_ready_needs_a_reason_to_override_and_exclusion_a_reason(
    app: Flask, database: Database, clock: Clock
) -> None:
    screener = add_staff(database, Role.SCREENER)
    officer = add_staff(database, Role.DECISION_OFFICER)
    client = quick_client(app, database, screener.id)
    case_id = _ready(database)
    client.post(f"/screening/cases/{case_id}/run", data={})  # required_answered unchecked
    page = client.get(f"/screening/cases/{case_id}")
    assert "not_ready" in page.text and "unanswered" in page.text
    refused = client.post(f"/screening/cases/{case_id}/hand-off",
                          data={"officer_id": officer.id})
    assert refused.status_code == 422 and "give the route and a reason" in refused.text
    ok = client.post(f"/screening/cases/{case_id}/hand-off",
                     data={"officer_id": officer.id, "override_route": "prepare",
                           "override_reason": "answers checked by hand"})
    assert ok.status_code == 302
    with database.session() as s:
        screening = s.scalar(select(Screening).where(Screening.case_id == case_id))
        assert screening is not None and screening.override_verdict == "ready"
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "screening.override",
                                                 AuditEvent.case_id == case_id)) is not None
    other = _ready(database)
    assert client.post(f"/screening/cases/{other}/exclude", data={"reason": " "}).status_code \
        == 422
    assert client.post(f"/screening/cases/{other}/exclude",
                       data={"reason": "new 1F signal"}).status_code == 302
    with database.session() as s:
        case = s.get(Case, other)
        assert case is not None and case.state == CaseState.EXCLUDED
        assert case.exit_reason == "new 1F signal"


def _handed(app: Flask, database: Database, route: str) -> tuple[int, int, int]:
    screener = add_staff(database, Role.SCREENER)
    officer = add_staff(database, Role.DECISION_OFFICER)
    case_id = _ready(database, route=route)
    client = quick_client(app, database, screener.id)
    client.post(f"/screening/cases/{case_id}/run", data={"required_answered": "y"})
    assert client.post(f"/screening/cases/{case_id}/hand-off",
                       data={"officer_id": officer.id}).status_code == 302
    return case_id, officer.id, screener.id


def test_decision_officer_grants_on_the_form_on_replace(
    app: Flask, database: Database, clock: Clock
) -> None:
    case_id, officer_id, _ = _handed(app, database, "replace")
    client = quick_client(app, database, officer_id)
    queue = client.get("/decisions")
    assert f"/decisions/cases/{case_id}" in queue.text
    page = client.get(f"/decisions/cases/{case_id}")
    assert page.status_code == 200 and "Granted on the form" in page.text
    assert "route-replace" in page.text
    assert client.post(f"/decisions/cases/{case_id}",
                       data={"outcome": "granted_on_form"}).status_code == 302
    with database.session() as s:
        decision = s.scalar(select(Decision).where(Decision.case_id == case_id))
        assert decision is not None and decision.outcome == "granted_on_form"
        case = s.get(Case, case_id)
        assert case is not None and case.state == CaseState.DECIDED_ON_FORM
    # Another officer cannot see it at all.
    other = add_staff(database, Role.DECISION_OFFICER)
    assert quick_client(app, database, other.id).get(
        f"/decisions/cases/{case_id}").status_code == 404


def test_on_prepare_only_a_hearing_with_a_reason_is_possible(
    app: Flask, database: Database, clock: Clock
) -> None:
    case_id, officer_id, _ = _handed(app, database, "prepare")
    client = quick_client(app, database, officer_id)
    page = client.get(f"/decisions/cases/{case_id}")
    assert "Granted on the form" not in page.text
    grant = client.post(f"/decisions/cases/{case_id}", data={"outcome": "granted_on_form"})
    assert grant.status_code == 422
    refuse = client.post(f"/decisions/cases/{case_id}", data={"outcome": "refused_on_form"})
    assert refuse.status_code == 422
    no_reason = client.post(f"/decisions/cases/{case_id}", data={"outcome": "hearing_in_person"})
    assert no_reason.status_code == 422
    done = client.post(f"/decisions/cases/{case_id}",
                       data={"outcome": "hearing_in_person", "reason": "family account"})
    assert done.status_code == 302
    with database.session() as s:
        decision = s.scalar(select(Decision).where(Decision.case_id == case_id))
        assert decision is not None and decision.reason == "family account"
        assert decision.route == "prepare"


def test_a_case_with_facts_the_rules_cannot_use_is_named_not_guessed(
    app: Flask, database: Database, clock: Clock
) -> None:
    client = quick_client(app, database, add_staff(database, Role.PLANNER).id)
    case_id = _case(database, nationality="QQQ")
    page = client.get(f"/selection/cases/{case_id}")
    assert page.status_code == 200
    assert "correct these facts" in page.text and "nationality" in page.text
    assert client.post(f"/selection/cases/{case_id}").status_code == 302
    with database.session() as s:
        assert s.scalar(select(Screening).where(Screening.case_id == case_id)) is None
