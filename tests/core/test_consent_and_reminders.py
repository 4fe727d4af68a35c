from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from hearing import consent, deadlines
from hearing.cli import main
from hearing.models import CaseState, Deadline, DeadlineStage, LawyerReview, Role
from hearing.reminders import remind
from hearing.workflow import SYSTEM, TransitionError, transition
from tests.factories import make_case, make_user

MONDAY = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def test_invite_and_consent_open_and_close_deadlines(session, settings) -> None:
    lawyer = make_user(session, "adv", Role.LAWYER, email="adv@firm.example")
    case = make_case(session, lawyer_id=lawyer.id)
    notices = consent.invite(session, case, SYSTEM, settings, now=MONDAY)
    assert case.state == CaseState.INVITED and case.lawyer_consent == "pending"
    assert [n.to for n in notices] == ["adv@firm.example"]
    assert case.v_number in notices[0].subject
    consent.answer(session, case, lawyer, True, settings, now=MONDAY + dt.timedelta(days=1))
    assert case.state == CaseState.CONSENTED and case.lawyer_consent == "yes"
    stages = {(d.stage, d.closed_at is None)
              for d in session.scalars(select(Deadline).where(Deadline.case_id == case.id))}
    assert stages == {("consent", False), ("procedure", True)}


def test_decline_needs_a_reason_and_only_the_own_lawyer_answers(session, settings) -> None:
    lawyer = make_user(session, "adv", Role.LAWYER)
    other = make_user(session, "adv2", Role.LAWYER)
    case = make_case(session, lawyer_id=lawyer.id)
    consent.invite(session, case, SYSTEM, settings)
    with pytest.raises(PermissionError):
        consent.answer(session, case, other, True, settings)
    with pytest.raises(TransitionError, match="needs a reason"):
        consent.answer(session, case, lawyer, False, settings)
    consent.answer(session, case, lawyer, False, settings, reason="client wants a hearing")
    assert case.state == CaseState.DECLINED and case.exit_reason == "client wants a hearing"


def test_invite_without_lawyer_is_refused(session, settings) -> None:
    with pytest.raises(TransitionError, match="no lawyer"):
        consent.invite(session, make_case(session), SYSTEM, settings)


def _to_lawyer_review(session, case) -> None:
    for step in ("invite", "consent", "schedule", "check_in", "seal", "send_to_translation",
                 "finish_translation"):
        transition(session, case, step, SYSTEM)


def test_remind_sends_once_and_moves_a_silent_lawyer_on(session, settings) -> None:
    lawyer = make_user(session, "adv", Role.LAWYER, email="adv@firm.example")
    case = make_case(session, lawyer_id=lawyer.id)
    _to_lawyer_review(session, case)
    d = deadlines.open_deadline(session, case, DeadlineStage.LAWYER_REVIEW, settings, MONDAY)
    near = d.due_at - dt.timedelta(hours=3)
    first = remind(session, settings, now=near)
    assert [(n.to, "near" if "near" in n.subject.lower() else n.subject) for n in first.notices] \
        == [("adv@firm.example", "near")]
    assert remind(session, settings, now=near).notices == []
    after = d.due_at + dt.timedelta(minutes=1)
    passed = remind(session, settings, now=after)
    assert [n.to for n in passed.notices] == ["adv@firm.example"]
    assert passed.lapsed_reviews == [case.v_number]
    assert case.state == CaseState.READY_FOR_SCREENING
    review = session.scalar(select(LawyerReview).where(LawyerReview.case_id == case.id))
    assert review.status == "no_response"
    assert case.events[-1].step == "lawyer_review_lapsed"


def test_hearing_remind_sends_through_smtp(database, settings, smtp_server, tmp_path) -> None:
    host, port, received = smtp_server
    with database.session() as s:
        lawyer = make_user(s, "adv", Role.LAWYER, email="adv@firm.example")
        planner = make_user(s, "plan", Role.PLANNER, email="plan@ind.example")
        case = make_case(s, lawyer_id=lawyer.id)
        consent.invite(s, case, SYSTEM, settings, now=MONDAY - dt.timedelta(days=30))
        v_number = case.v_number
        assert planner.id
    env = {"HEARING_DATABASE_URL": database.url, "HEARING_DATA_DIR": str(settings.data_dir),
           "HEARING_SMTP_HOST": host, "HEARING_SMTP_PORT": str(port)}
    result = CliRunner().invoke(main, ["remind"], env=env)
    assert result.exit_code == 0, result.output
    # Consent deadline passed: the lawyer and the planners hear of it.
    assert sorted(m["To"] for m in received) == ["adv@firm.example", "plan@ind.example"]
    assert all(v_number in m["Subject"] for m in received)
    again = CliRunner().invoke(main, ["remind"], env=env)
    assert again.exit_code == 0 and len(received) == 2


def test_failed_send_is_retried_next_run(database, settings, tmp_path) -> None:
    with database.session() as s:
        lawyer = make_user(s, "adv", Role.LAWYER, email="adv@firm.example")
        case = make_case(s, lawyer_id=lawyer.id)
        consent.invite(s, case, SYSTEM, replace(settings), now=MONDAY - dt.timedelta(days=30))
    env = {"HEARING_DATABASE_URL": database.url, "HEARING_DATA_DIR": str(settings.data_dir),
           "HEARING_SMTP_HOST": "127.0.0.1", "HEARING_SMTP_PORT": "1"}
    result = CliRunner().invoke(main, ["remind"], env=env)
    assert result.exit_code == 1
    with database.session() as s:
        assert s.scalar(select(Deadline.reminded_passed_at)) is None
