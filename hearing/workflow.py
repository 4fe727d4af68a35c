"""The case state machine.

Every change of a case's state goes through :func:`transition`, which refuses any step the
current state does not allow and stores each accepted step as a :class:`CaseEvent` with its
actor and time. Lead times, deadline breaches and the share decided on the form are all
computed from these events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hearing.models import Case, CaseEvent, CaseState, User, utcnow

S = CaseState

# step -> (states it may start from, state it leads to)
STEPS: dict[str, tuple[frozenset[CaseState], CaseState]] = {
    "invite": (frozenset({S.SELECTED}), S.INVITED),
    "consent": (frozenset({S.INVITED}), S.CONSENTED),
    "decline": (frozenset({S.INVITED}), S.DECLINED),
    "schedule": (frozenset({S.CONSENTED}), S.SCHEDULED),
    # A cancelled sitting puts the case back in the queue for a new booking.
    "unschedule": (frozenset({S.SCHEDULED}), S.CONSENTED),
    "check_in": (frozenset({S.SCHEDULED}), S.IN_PROGRESS),
    "seal": (frozenset({S.IN_PROGRESS}), S.SUBMITTED),
    "send_to_translation": (frozenset({S.SUBMITTED}), S.IN_TRANSLATION),
    "finish_translation": (frozenset({S.IN_TRANSLATION}), S.IN_LAWYER_REVIEW),
    "finish_lawyer_review": (frozenset({S.IN_LAWYER_REVIEW}), S.READY_FOR_SCREENING),
    # The lawyer's review deadline passed without a submission: recorded as "no response".
    "lawyer_review_lapsed": (frozenset({S.IN_LAWYER_REVIEW}), S.READY_FOR_SCREENING),
    "hand_off": (frozenset({S.READY_FOR_SCREENING}), S.HANDED_TO_DECISION_OFFICER),
    "decide_on_form": (frozenset({S.HANDED_TO_DECISION_OFFICER}), S.DECIDED_ON_FORM),
    "require_hearing": (frozenset({S.HANDED_TO_DECISION_OFFICER}), S.HEARING_IN_PERSON_NEEDED),
}

TERMINAL_STATES: frozenset[CaseState] = frozenset(
    {S.DECLINED, S.DECIDED_ON_FORM, S.HEARING_IN_PERSON_NEEDED, S.WITHDRAWN, S.EXCLUDED}
)
OPEN_STATES: frozenset[CaseState] = frozenset(CaseState) - TERMINAL_STATES

# Withdrawal and exclusion are possible from any open state.
STEPS["withdraw"] = (OPEN_STATES, S.WITHDRAWN)
STEPS["exclude"] = (OPEN_STATES, S.EXCLUDED)

# Steps that end the written procedure must say why.
STEPS_NEEDING_REASON = frozenset({"decline", "withdraw", "exclude", "require_hearing"})


class TransitionError(Exception):
    """A step that the case's current state does not allow."""

    def __init__(self, case: Case, step: str, message: str) -> None:
        self.case_id = case.id
        self.state = case.state
        self.step = step
        super().__init__(message)


@dataclass(frozen=True)
class Actor:
    """Who made a step: a staff user, or a label such as "applicant" or "system"."""

    label: str
    user: User | None = None

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(label=user.username, user=user)


SYSTEM = Actor("system")
APPLICANT = Actor("applicant")


def allowed_steps(state: str | CaseState) -> list[str]:
    current = CaseState(state)
    return sorted(step for step, (sources, _) in STEPS.items() if current in sources)


def can(case: Case, step: str) -> bool:
    return step in STEPS and CaseState(case.state) in STEPS[step][0]


def transition(
    session: Session,
    case: Case,
    step: str,
    actor: Actor,
    *,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> CaseEvent:
    """Apply ``step`` to ``case`` and record it; raises :class:`TransitionError` if refused."""
    if step not in STEPS:
        raise TransitionError(case, step, f"unknown step {step!r}; known steps: {', '.join(STEPS)}")
    sources, target = STEPS[step]
    current = CaseState(case.state)
    if current not in sources:
        allowed = allowed_steps(current)
        raise TransitionError(
            case,
            step,
            f"case {case.v_number}: cannot {step!r} from state {current.value!r}; "
            f"allowed from {current.value!r}: {', '.join(allowed) or 'nothing (final state)'}",
        )
    if step in STEPS_NEEDING_REASON and not (reason and reason.strip()):
        raise TransitionError(case, step, f"case {case.v_number}: step {step!r} needs a reason")
    when = at or utcnow()
    event = CaseEvent(
        case=case,
        step=step,
        from_state=current.value,
        to_state=target.value,
        actor_id=actor.user.id if actor.user is not None else None,
        actor_label=actor.label,
        at=when,
        reason=reason,
    )
    case.state = target.value
    if target in TERMINAL_STATES and step in STEPS_NEEDING_REASON:
        case.exit_reason = reason
    session.add(event)
    session.flush()
    return event
