"""Screening a case from the database: its facts, the stored :class:`Screening`, the effect.

Selection facts are all on the case (registration facts, consent, date of birth). Hand-off
facts come partly from the database (sealed submission, translation, lawyer review, signals,
route) and partly from the sealed answers (:class:`ContentFacts`): those need decryption and
the questionnaire, so the caller supplies them (the screener's page reads and confirms them).

Applying a result goes through :mod:`hearing.workflow`: an ``excluded`` selection takes the
``exclude`` step with the reasons; an ``eligible`` one records the route on the case; a
``not_selected`` one clears the route and leaves the state alone, so the planner decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing import audit
from hearing.eligibility import shipped
from hearing.eligibility.ruleset import Evaluation, RuleSet
from hearing.models import (
    Case,
    CaseEvent,
    CaseState,
    Deadline,
    DeadlineStage,
    LawyerReview,
    Screening,
    Submission,
    Translation,
    WorkStatus,
    utcnow,
)
from hearing.workflow import TERMINAL_STATES, Actor, transition

SELECTION = "selection"
HANDOFF = "handoff"
EXCLUDED = "excluded"
ELIGIBLE = "eligible"
READY = "ready"
IN_PERSON = "in_person"
NO_ROUTE = "none"

# Selection may be (re)applied until the applicant starts on the form: afterwards the route
# is the one the form was filled in for, and the hand-off rules take over.
SELECTION_STATES = frozenset({CaseState.SELECTED, CaseState.INVITED, CaseState.CONSENTED,
                              CaseState.SCHEDULED})


class ScreeningError(Exception):
    """A screening that cannot be stored or applied in the case's current state."""


# -- facts -----------------------------------------------------------------------------------


def selection_facts(case: Case) -> dict[str, Any]:
    """The selection rule set's inputs, from the case's registration facts."""
    return {
        "nationality": case.nationality,
        "date_of_birth": case.date_of_birth,
        "unaccompanied_minor": bool(case.unaccompanied_minor),
        "nv_signal": bool(case.nv_signal),
        "f1_signal": bool(case.f1_signal),
        "dublin_claim": bool(case.dublin_claim),
        "safe_country_or_eu_protection": bool(case.safe_country_or_eu_protection),
        "subsequent_application": bool(case.subsequent_application),
        "further_hearing_held": bool(case.further_hearing_held),
        "lawyer_consent": case.lawyer_consent,
        "literate_in_supported_language": bool(case.literate_in_supported_language),
        "medical_unfit": bool(case.medical_unfit),
        "complex_grounds": case.complex_grounds_set,
    }


@dataclass(frozen=True)
class ContentFacts:
    """What only the sealed answers tell: completeness, in-person marks, disclosures."""

    required_answered: bool
    in_person_marked: bool
    disclosures: frozenset[str] = frozenset()


def marked_in_person(answers: object) -> bool:
    """True if any answer, at any depth (group items), is "I would rather tell this in person".

    A special answer is stored as ``{"special": "in_person"}`` (see hearing.questionnaire.model).
    """
    if isinstance(answers, Mapping):
        if set(answers) == {"special"}:
            return answers["special"] == IN_PERSON
        return any(marked_in_person(value) for value in answers.values())
    if isinstance(answers, list | tuple):
        return any(marked_in_person(value) for value in answers)
    return False


def lawyer_review_state(session: Session, case: Case, now: dt.datetime) -> str:
    """``submitted``, ``lapsed`` (no response and the deadline passed) or ``open``."""
    review = session.scalar(select(LawyerReview).where(LawyerReview.case_id == case.id)
                            .order_by(LawyerReview.id.desc()).limit(1))
    if review is not None and review.status == WorkStatus.SUBMITTED:
        return "submitted"
    if review is not None and review.status == WorkStatus.NO_RESPONSE:
        return "lapsed"
    lapsed_step = session.scalar(select(CaseEvent.id).where(
        CaseEvent.case_id == case.id, CaseEvent.step == "lawyer_review_lapsed").limit(1))
    if lapsed_step is not None:
        return "lapsed"
    due = session.scalar(select(Deadline.due_at).where(
        Deadline.case_id == case.id, Deadline.stage == DeadlineStage.LAWYER_REVIEW.value)
        .order_by(Deadline.id.desc()).limit(1))
    if due is not None and due < now:
        return "lapsed"
    return "open"


def handoff_facts(
    session: Session, case: Case, content: ContentFacts, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The hand-off rule set's inputs: database facts plus the content facts given."""
    now = now or utcnow()
    sealed = session.scalar(
        select(Submission.id).where(Submission.case_id == case.id).limit(1)) is not None
    translated = session.scalar(select(Translation.id).where(
        Translation.case_id == case.id,
        Translation.status == WorkStatus.SUBMITTED.value).limit(1)) is not None
    return {
        "route": case.route or NO_ROUTE,
        "submission_sealed": sealed,
        "required_answered": content.required_answered,
        "translation_complete": translated,
        "lawyer_review": lawyer_review_state(session, case, now),
        # A signal present now was not there at selection (it would have excluded the case).
        "new_security_signal": bool(case.nv_signal or case.f1_signal),
        "in_person_marked": content.in_person_marked,
        "disclosures": frozenset(content.disclosures),
    }


# -- storing ---------------------------------------------------------------------------------


def record(
    session: Session, case: Case, evaluation: Evaluation, actor: Actor
) -> Screening:
    """Store an evaluation as a :class:`Screening` of ``case`` (no effect on the case)."""
    screening = Screening(case_id=case.id, screened_by_id=actor.user.id if actor.user else None,
                          **evaluation.screening_fields())
    session.add(screening)
    session.flush()
    return screening


def screen_selection(
    session: Session, case: Case, actor: Actor, *, on: dt.date | None = None,
    ruleset: RuleSet | None = None, apply: bool = True,
) -> tuple[Screening, Evaluation]:
    """Run the selection rules on the case's facts, store the result, and apply it."""
    rules = ruleset or shipped(SELECTION)
    evaluation = rules.evaluate(selection_facts(case), on)
    if apply and CaseState(case.state) not in SELECTION_STATES:
        raise ScreeningError(f"case {case.v_number}: selection cannot be applied in state "
                             f"{case.state!r}")
    screening = record(session, case, evaluation, actor)
    if apply:
        apply_selection(session, case, evaluation, actor)
    return screening, evaluation


def apply_selection(session: Session, case: Case, evaluation: Evaluation, actor: Actor) -> None:
    if evaluation.verdict == EXCLUDED:
        transition(session, case, "exclude", actor,
                   reason=f"selection rules {evaluation.ruleset_id} "
                          f"{evaluation.ruleset_version}: {'; '.join(evaluation.reasons)}")
        case.route = None
    elif evaluation.route is not None:
        case.route = evaluation.route
    else:
        case.route = None
    session.flush()


def screen_handoff(
    session: Session, case: Case, content: ContentFacts, actor: Actor, *,
    now: dt.datetime | None = None, ruleset: RuleSet | None = None,
) -> tuple[Screening, Evaluation]:
    """Run the hand-off rules on the complete file and store the result."""
    if CaseState(case.state) is not CaseState.READY_FOR_SCREENING:
        raise ScreeningError(f"case {case.v_number} is not ready for screening")
    rules = ruleset or shipped(HANDOFF)
    now = now or utcnow()
    facts = handoff_facts(session, case, content, now=now)
    evaluation = rules.evaluate(facts, now.date())
    return record(session, case, evaluation, actor), evaluation


def override(
    session: Session, screening: Screening, *, verdict: str, route: str | None, reason: str,
    actor: Actor,
) -> None:
    """A screener's override of a verdict: needs a written reason, and is audited."""
    if not reason or not reason.strip():
        raise ScreeningError("an override needs a written reason")
    screening.override_verdict = verdict
    screening.override_route = route
    screening.override_reason = reason.strip()
    audit.append(session, actor.label, "screening.override", screening.case_id,
                 f"screening:{screening.id}", reason.strip(),
                 {"ruleset": screening.ruleset_id, "verdict": screening.verdict,
                  "route": screening.route, "override_verdict": verdict,
                  "override_route": route},
                 actor_id=actor.user.id if actor.user else None)
    session.flush()


def latest(session: Session, case_id: int, ruleset_id: str) -> Screening | None:
    """The newest screening of a case with a given rule set."""
    return session.scalar(select(Screening).where(
        Screening.case_id == case_id, Screening.ruleset_id == ruleset_id)
        .order_by(Screening.screened_at.desc(), Screening.id.desc()).limit(1))


def final_verdict(screening: Screening) -> tuple[str, str | None]:
    """The verdict and route that count: the override if there is one."""
    if screening.override_verdict:
        return screening.override_verdict, screening.override_route
    return screening.verdict, screening.route


def is_open(case: Case) -> bool:
    return CaseState(case.state) not in TERMINAL_STATES


def fired_rules(screening: Screening) -> Iterable[str]:
    return (str(r.get("rule")) for r in screening.results or [] if r.get("fired"))
