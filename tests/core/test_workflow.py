from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hearing.demo import PATHS
from hearing.models import CaseEvent, CaseState, Role
from hearing.workflow import (
    OPEN_STATES,
    STEPS,
    SYSTEM,
    TERMINAL_STATES,
    Actor,
    TransitionError,
    allowed_steps,
    transition,
)
from tests.factories import make_case, make_user


def test_the_happy_path_records_every_step_with_actor_and_time(session) -> None:
    planner = make_user(session, "planner", Role.PLANNER)
    case = make_case(session)
    t0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    for n, step in enumerate(PATHS[CaseState.DECIDED_ON_FORM]):
        transition(session, case, step, Actor.of(planner), at=t0 + dt.timedelta(days=n))
    assert case.state == CaseState.DECIDED_ON_FORM
    session.commit()
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                             .order_by(CaseEvent.id)).all()
    assert [e.step for e in events] == list(PATHS[CaseState.DECIDED_ON_FORM])
    assert events[0].from_state == "selected" and events[-1].to_state == "decided_on_form"
    assert all(e.actor_id == planner.id and e.actor_label == "planner" for e in events)
    # Timestamps come back aware, so lead times can be computed directly.
    assert events[-1].at - events[0].at == dt.timedelta(days=len(events) - 1)


@pytest.mark.parametrize("state", list(CaseState))
def test_every_state_is_reachable(session, state: CaseState) -> None:
    case = make_case(session)
    for step in PATHS[state]:
        transition(session, case, step, SYSTEM, reason="because")
    assert case.state == state


def test_a_refused_step_names_state_and_step(session) -> None:
    case = make_case(session)
    with pytest.raises(TransitionError) as info:
        transition(session, case, "seal", SYSTEM)
    message = str(info.value)
    assert "'seal'" in message and "'selected'" in message and "invite" in message
    assert case.state == CaseState.SELECTED
    assert session.scalars(select(CaseEvent)).all() == []


def test_unknown_step_is_refused(session) -> None:
    case = make_case(session)
    with pytest.raises(TransitionError, match="unknown step"):
        transition(session, case, "teleport", SYSTEM)


@pytest.mark.parametrize("state", sorted(OPEN_STATES))
def test_withdraw_and_exclude_from_any_open_state(session, state: CaseState) -> None:
    for step, final in (("withdraw", CaseState.WITHDRAWN), ("exclude", CaseState.EXCLUDED)):
        case = make_case(session)
        for s in PATHS[state]:
            transition(session, case, s, SYSTEM, reason="r")
        transition(session, case, step, SYSTEM, reason="applicant left")
        assert case.state == final
        assert case.exit_reason == "applicant left"


@pytest.mark.parametrize("state", sorted(TERMINAL_STATES))
def test_final_states_allow_nothing(session, state: CaseState) -> None:
    case = make_case(session)
    for s in PATHS[state]:
        transition(session, case, s, SYSTEM, reason="r")
    assert allowed_steps(state) == []
    for step in STEPS:
        with pytest.raises(TransitionError, match="final state"):
            transition(session, case, step, SYSTEM, reason="r")


@pytest.mark.parametrize("step", ["decline", "withdraw", "exclude", "require_hearing"])
def test_leaving_the_procedure_needs_a_reason(session, step: str) -> None:
    case = make_case(session)
    path = {"decline": ["invite"], "withdraw": [], "exclude": [],
            "require_hearing": list(PATHS[CaseState.HANDED_TO_DECISION_OFFICER])}[step]
    for s in path:
        transition(session, case, s, SYSTEM)
    with pytest.raises(TransitionError, match="needs a reason"):
        transition(session, case, step, SYSTEM, reason="  ")


def test_no_step_leads_from_submitted_back_to_drafting(session) -> None:
    assert "check_in" not in allowed_steps(CaseState.SUBMITTED)
    assert "seal" not in allowed_steps(CaseState.SUBMITTED)
