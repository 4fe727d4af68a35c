"""Measurement of the written procedure, computed from case events and deadlines.

The paper procedure could not say how long each stage took or how much time it saved. Every
workflow step is stored with its time, so these figures are exact:

- lead time per stage (median and 90th percentile, in days), from entering a state to leaving it;
- lead time of the whole written procedure, from consent to the decision route;
- deadline breaches per stage (closed late, or open past due);
- lawyer consent rate (consented / answered), overall and per nationality;
- share decided on the form, of the cases that reached a decision route, per route.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing.models import Case, CaseEvent, CaseState, Deadline, utcnow

# The stages whose duration is measured: time spent in each state.
STAGES = (
    CaseState.INVITED, CaseState.CONSENTED, CaseState.SCHEDULED, CaseState.IN_PROGRESS,
    CaseState.SUBMITTED, CaseState.IN_TRANSLATION, CaseState.IN_LAWYER_REVIEW,
    CaseState.READY_FOR_SCREENING, CaseState.HANDED_TO_DECISION_OFFICER,
)


@dataclass(frozen=True)
class Spread:
    count: int
    median_days: float | None
    p90_days: float | None

    @classmethod
    def of(cls, durations: list[dt.timedelta]) -> Spread:
        days = sorted(d.total_seconds() / 86400 for d in durations)
        if not days:
            return cls(0, None, None)
        p90 = days[min(len(days) - 1, int(round(0.9 * (len(days) - 1))))]
        return cls(len(days), round(statistics.median(days), 2), round(p90, 2))


@dataclass
class Report:
    stage_lead_times: dict[str, Spread] = field(default_factory=dict)
    procedure_lead_time: Spread = field(default_factory=lambda: Spread(0, None, None))
    breaches: dict[str, tuple[int, int]] = field(default_factory=dict)  # stage -> (late, total)
    consent: tuple[int, int] = (0, 0)  # consented, answered
    consent_by_nationality: dict[str, tuple[int, int]] = field(default_factory=dict)
    decided_on_form: dict[str, tuple[int, int]] = field(default_factory=dict)  # route -> (n, of)

    @staticmethod
    def rate(pair: tuple[int, int]) -> float | None:
        return round(pair[0] / pair[1], 3) if pair[1] else None


def build(session: Session, now: dt.datetime | None = None) -> Report:
    now = now or utcnow()
    report = Report()
    events_by_case: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in session.scalars(select(CaseEvent).order_by(CaseEvent.case_id, CaseEvent.at,
                                                             CaseEvent.id)):
        events_by_case[event.case_id].append(event)
    durations: dict[str, list[dt.timedelta]] = defaultdict(list)
    procedure: list[dt.timedelta] = []
    for events in events_by_case.values():
        entered: dict[str, dt.datetime] = {}
        consented_at = None
        for event in events:
            if event.from_state in entered:
                durations[event.from_state].append(event.at - entered.pop(event.from_state))
            entered[event.to_state] = event.at
            if event.step == "consent":
                consented_at = event.at
            if event.to_state in (CaseState.DECIDED_ON_FORM, CaseState.HEARING_IN_PERSON_NEEDED) \
                    and consented_at is not None:
                procedure.append(event.at - consented_at)
    report.stage_lead_times = {s.value: Spread.of(durations.get(s.value, [])) for s in STAGES}
    report.procedure_lead_time = Spread.of(procedure)
    late: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for deadline in session.scalars(select(Deadline)):
        counts = late[deadline.stage]
        counts[1] += 1
        if deadline.breached(now):
            counts[0] += 1
    report.breaches = {stage: (c[0], c[1]) for stage, c in late.items()}
    answered = consented = 0
    per_nat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    decided: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in session.scalars(select(Case)):
        if case.lawyer_consent in ("yes", "no"):
            answered += 1
            per_nat[case.nationality][1] += 1
            if case.lawyer_consent == "yes":
                consented += 1
                per_nat[case.nationality][0] += 1
        if case.state in (CaseState.DECIDED_ON_FORM, CaseState.HEARING_IN_PERSON_NEEDED):
            route = case.route or "unknown"
            decided[route][1] += 1
            if case.state == CaseState.DECIDED_ON_FORM:
                decided[route][0] += 1
    report.consent = (consented, answered)
    report.consent_by_nationality = {k: (v[0], v[1]) for k, v in sorted(per_nat.items())}
    report.decided_on_form = {k: (v[0], v[1]) for k, v in sorted(decided.items())}
    return report
