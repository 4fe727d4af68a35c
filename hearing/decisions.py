"""The end of the written procedure: hand-off to a decision officer, and the decision route.

Hand-off needs a hand-off screening whose verdict (or the screener's audited override) is
``ready``, and a named decision officer. The decision officer then records one of two outcomes:
``granted_on_form`` (only on the ``replace`` route) or ``hearing_in_person`` with a reason.
There is no "refused on the form" (EU directive 2013/32 art. 14(2)); the ``decision`` table's
CHECK constraints refuse it too, so no code path can store one.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hearing.eligibility.screening import HANDOFF, READY, final_verdict
from hearing.models import Case, Decision, DecisionOutcome, Handoff, Role, Route, Screening, User
from hearing.workflow import Actor, transition


class DecisionError(Exception):
    """A hand-off or decision the rules of the procedure do not allow."""


def hand_off(
    session: Session, case: Case, screening: Screening, officer: User, actor: Actor
) -> Handoff:
    """Hand the case to ``officer`` on the route the screening (or its override) gives."""
    if screening.case_id != case.id or screening.ruleset_id != HANDOFF:
        raise DecisionError("hand-off needs a hand-off screening of this case")
    verdict, route = final_verdict(screening)
    if verdict != READY or route not in (Route.REPLACE, Route.PREPARE):
        raise DecisionError(f"the screening says {verdict!r}: not ready for hand-off")
    if not officer.active or not officer.has_role(Role.DECISION_OFFICER):
        raise DecisionError(f"{officer.username} is not an active decision officer")
    if actor.user is None:
        raise DecisionError("a hand-off is made by a named screener")
    transition(session, case, "hand_off", actor,
               reason=f"to {officer.username}, route {route}")
    # The route the file is decided on is the one the hand-off rules gave (replace may have
    # become prepare); the case shows it from now on.
    case.route = route
    handoff = Handoff(case_id=case.id, screening_id=screening.id, screener_id=actor.user.id,
                      decision_officer_id=officer.id, route=route)
    session.add(handoff)
    session.flush()
    return handoff


def decide(
    session: Session, case: Case, handoff: Handoff, outcome: str, actor: Actor, *,
    reason: str | None = None,
) -> Decision:
    """Record the decision officer's outcome and take the matching workflow step."""
    if actor.user is None or actor.user.id != handoff.decision_officer_id:
        raise DecisionError("only the decision officer the case was handed to decides")
    if outcome not in tuple(DecisionOutcome):
        raise DecisionError(f"unknown outcome {outcome!r}; allowed: "
                            f"{', '.join(o.value for o in DecisionOutcome)}")
    reason = (reason or "").strip() or None
    if outcome == DecisionOutcome.GRANTED_ON_FORM:
        if handoff.route != Route.REPLACE:
            raise DecisionError("a grant on the form is only possible on the replace route")
        step = "decide_on_form"
    else:
        if reason is None:
            raise DecisionError("a hearing in person needs a reason")
        step = "require_hearing"
    transition(session, case, step, actor, reason=reason)
    decision = Decision(case_id=case.id, officer_id=actor.user.id, route=handoff.route,
                        outcome=outcome, reason=reason)
    session.add(decision)
    session.flush()
    return decision
