"""Screening a case from the database: stored with the rule set's identity, applied through
the workflow; hand-off and decision, where refusing on the form is impossible."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hearing import decisions
from hearing.eligibility import screening as screens
from hearing.eligibility import shipped
from hearing.models import (
    AuditEvent,
    CaseEvent,
    CaseState,
    Decision,
    LawyerReview,
    Organisation,
    OrganisationKind,
    Role,
    Screening,
    Submission,
    Translation,
    User,
    WorkStatus,
)
from hearing.workflow import Actor
from tests.factories import make_case, make_user

ON = dt.date(2026, 6, 15)


def _user(session: Session, role: Role) -> User:
    # A placeholder hash: these users never sign in, and argon2 per user is slow.
    return make_user(session, None, role, password_hash="not-a-real-hash")


def test_selection_is_stored_with_the_rule_set_and_records_the_route(session: Session) -> None:
    planner = _user(session, Role.PLANNER)
    case = make_case(session, nationality="YEM", complex_grounds="lgbti")
    screening, evaluation = screens.screen_selection(session, case, Actor.of(planner), on=ON)
    session.flush()
    stored = session.get(Screening, screening.id)
    assert stored is not None
    rules = shipped("selection")
    assert (stored.ruleset_id, stored.ruleset_version, stored.ruleset_hash) == (
        "selection", rules.version, rules.sha256)
    assert (stored.verdict, stored.route, stored.reference_date) == ("eligible", "prepare", ON)
    assert [r["rule"] for r in stored.results] == [r.id for r in rules.rules]
    assert {r["rule"] for r in stored.results if r["fired"]} == {
        "replace-nationality", "complex-grounds"}
    assert stored.screened_by_id == planner.id
    assert case.route == "prepare" and case.state == CaseState.SELECTED


def test_an_excluded_selection_takes_the_exclude_step_with_its_reasons(
    session: Session,
) -> None:
    planner = _user(session, Role.PLANNER)
    case = make_case(session, nv_signal=True, lawyer_consent="no")
    _, evaluation = screens.screen_selection(session, case, Actor.of(planner), on=ON)
    assert evaluation.verdict == "excluded"
    assert case.state == CaseState.EXCLUDED and case.route is None
    event = session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event is not None and event.step == "exclude"
    assert "nv-signal; no-consent" in (event.reason or "")
    # Once the applicant is on the form, selection is no longer applied.
    started = make_case(session, state=CaseState.IN_PROGRESS)
    with pytest.raises(screens.ScreeningError):
        screens.screen_selection(session, started, Actor.of(planner), on=ON)


def test_not_selected_clears_the_route_and_leaves_the_state(session: Session) -> None:
    planner = _user(session, Role.PLANNER)
    case = make_case(session, nationality="NLD", route="replace")
    _, evaluation = screens.screen_selection(session, case, Actor.of(planner), on=ON)
    assert evaluation.reasons == ("nationality-not-listed",)
    assert case.route is None and case.state == CaseState.SELECTED


def test_marked_in_person_finds_the_special_answer_at_any_depth() -> None:
    assert not screens.marked_in_person({"a": "text", "b": {"special": "dont_know"}})
    assert screens.marked_in_person({"a": "x", "b": {"special": "in_person"}})
    assert screens.marked_in_person({"family": [{"name": "A"}, {"age": {"special": "in_person"}}]})
    assert not screens.marked_in_person({"note": "special in_person"})


def _ready_case(session: Session, *, route: str = "replace", complete: bool = True):  # type: ignore[no-untyped-def]
    case = make_case(session, state=CaseState.READY_FOR_SCREENING, route=route)
    if complete:
        session.add(Submission(case_id=case.id, questionnaire_version="2026.1", locale="ar",
                               envelope=b"x", key_id="k", fingerprint="0" * 64))
        session.flush()
        sub = session.scalar(select(Submission).where(Submission.case_id == case.id))
        assert sub is not None
        agency = Organisation(name=f"Agency {case.id}", kind=OrganisationKind.TRANSLATION_AGENCY)
        session.add(agency)
        session.flush()
        session.add(Translation(case_id=case.id, submission_id=sub.id, agency_id=agency.id,
                                status=WorkStatus.SUBMITTED.value))
        session.add(LawyerReview(case_id=case.id, status=WorkStatus.SUBMITTED.value))
        session.flush()
    return case


ALL_GOOD = screens.ContentFacts(required_answered=True, in_person_marked=False)


def test_handoff_facts_come_from_the_file(session: Session) -> None:
    screener = _user(session, Role.SCREENER)
    incomplete = _ready_case(session, complete=False)
    _, evaluation = screens.screen_handoff(session, incomplete, ALL_GOOD, Actor.of(screener))
    assert evaluation.verdict == "not_ready"
    assert evaluation.reasons == ("not-sealed", "untranslated", "lawyer-review-open")
    case = _ready_case(session)
    _, evaluation = screens.screen_handoff(session, case, ALL_GOOD, Actor.of(screener))
    assert (evaluation.verdict, evaluation.route) == ("ready", "replace")


@pytest.mark.parametrize(("content", "reasons"), [
    (screens.ContentFacts(True, True), ("route-replace", "in-person-requested")),
    (screens.ContentFacts(True, False, frozenset({"torture_disclosure"})),
     ("route-replace", "torture-disclosed")),
    (screens.ContentFacts(True, False, frozenset({"trafficking_disclosure"})),
     ("route-replace", "trafficking-disclosed")),
])
def test_in_person_marks_and_disclosures_turn_replace_into_prepare(
    session: Session, content: screens.ContentFacts, reasons: tuple[str, ...]
) -> None:
    screener = _user(session, Role.SCREENER)
    _, evaluation = screens.screen_handoff(session, _ready_case(session), content,
                                           Actor.of(screener))
    assert (evaluation.verdict, evaluation.route, evaluation.reasons) == (
        "ready", "prepare", reasons)
    # On the prepare route they change nothing.
    _, evaluation = screens.screen_handoff(session, _ready_case(session, route="prepare"),
                                           content, Actor.of(screener))
    assert evaluation.reasons == ("route-prepare",)


def test_a_new_signal_or_an_unanswered_question_stops_the_hand_off(session: Session) -> None:
    screener = _user(session, Role.SCREENER)
    case = _ready_case(session)
    case.f1_signal = True
    _, evaluation = screens.screen_handoff(
        session, case, screens.ContentFacts(False, False), Actor.of(screener))
    assert evaluation.verdict == "not_ready"
    assert evaluation.reasons == ("unanswered", "security-signal")


def test_hand_off_then_decide_on_the_form(session: Session) -> None:
    screener = _user(session, Role.SCREENER)
    officer = _user(session, Role.DECISION_OFFICER)
    case = _ready_case(session)
    screening, _ = screens.screen_handoff(session, case, ALL_GOOD, Actor.of(screener))
    handoff = decisions.hand_off(session, case, screening, officer, Actor.of(screener))
    assert case.state == CaseState.HANDED_TO_DECISION_OFFICER and handoff.route == "replace"
    with pytest.raises(decisions.DecisionError):
        decisions.decide(session, case, handoff, "granted_on_form", Actor.of(screener))
    decision = decisions.decide(session, case, handoff, "granted_on_form", Actor.of(officer))
    assert case.state == CaseState.DECIDED_ON_FORM and decision.route == "replace"


def test_not_ready_needs_an_audited_override_to_hand_off(session: Session) -> None:
    screener = _user(session, Role.SCREENER)
    officer = _user(session, Role.DECISION_OFFICER)
    case = _ready_case(session, complete=False)
    screening, _ = screens.screen_handoff(session, case, ALL_GOOD, Actor.of(screener))
    with pytest.raises(decisions.DecisionError, match="not_ready"):
        decisions.hand_off(session, case, screening, officer, Actor.of(screener))
    with pytest.raises(screens.ScreeningError):
        screens.override(session, screening, verdict="ready", route="prepare", reason=" ",
                         actor=Actor.of(screener))
    screens.override(session, screening, verdict="ready", route="prepare",
                     reason="translation received on paper", actor=Actor.of(screener))
    handoff = decisions.hand_off(session, case, screening, officer, Actor.of(screener))
    assert handoff.route == "prepare" and case.route == "prepare"
    entry = session.scalar(select(AuditEvent).where(AuditEvent.action == "screening.override"))
    assert entry is not None and entry.reason == "translation received on paper"
    assert entry.case_id == case.id
    # Prepare route: no grant on the form, and a hearing needs a reason.
    with pytest.raises(decisions.DecisionError, match="replace route"):
        decisions.decide(session, case, handoff, "granted_on_form", Actor.of(officer))
    with pytest.raises(decisions.DecisionError, match="reason"):
        decisions.decide(session, case, handoff, "hearing_in_person", Actor.of(officer))
    with pytest.raises(decisions.DecisionError, match="unknown outcome"):
        decisions.decide(session, case, handoff, "refused_on_form", Actor.of(officer))
    decisions.decide(session, case, handoff, "hearing_in_person", Actor.of(officer),
                     reason="credibility needs questions in person")
    assert case.state == CaseState.HEARING_IN_PERSON_NEEDED


@pytest.mark.parametrize(("route", "outcome", "reason"), [
    ("replace", "refused_on_form", "no"),
    ("prepare", "granted_on_form", None),
    ("replace", "hearing_in_person", None),
])
def test_the_model_refuses_decisions_the_law_does_not_allow(
    session: Session, route: str, outcome: str, reason: str | None
) -> None:
    officer = make_user(session, None, Role.DECISION_OFFICER,
                        password_hash="not-a-real-hash")
    case = make_case(session, state=CaseState.DECIDED_ON_FORM)
    session.commit()
    session.add(Decision(case_id=case.id, officer_id=officer.id, route=route, outcome=outcome,
                         reason=reason))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
