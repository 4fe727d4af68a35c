"""Translated display names (states, routes, roles, deadline stages, booking statuses) for
every back-office template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from hearing.models import BookingStatus, CaseState, DeadlineStage, Role, Route

STATE_LABELS = {
    CaseState.SELECTED: _l("Selected"),
    CaseState.INVITED: _l("Lawyer invited"),
    CaseState.CONSENTED: _l("Lawyer consented"),
    CaseState.DECLINED: _l("Lawyer declined"),
    CaseState.SCHEDULED: _l("Scheduled"),
    CaseState.IN_PROGRESS: _l("Filling in"),
    CaseState.SUBMITTED: _l("Submitted"),
    CaseState.IN_TRANSLATION: _l("In translation"),
    CaseState.IN_LAWYER_REVIEW: _l("In lawyer review"),
    CaseState.READY_FOR_SCREENING: _l("Ready for screening"),
    CaseState.HANDED_TO_DECISION_OFFICER: _l("With decision officer"),
    CaseState.DECIDED_ON_FORM: _l("Decided on the form"),
    CaseState.HEARING_IN_PERSON_NEEDED: _l("Hearing in person needed"),
    CaseState.WITHDRAWN: _l("Withdrawn"),
    CaseState.EXCLUDED: _l("Excluded"),
}

ROUTE_LABELS = {
    Route.REPLACE: _l("Replaces the hearing"),
    Route.PREPARE: _l("Prepares the hearing"),
}

ROLE_LABELS = {
    Role.PLANNER: _l("Planner"),
    Role.HOST: _l("Host"),
    Role.TRANSLATOR: _l("Translator"),
    Role.LAWYER: _l("Lawyer"),
    Role.SCREENER: _l("Screener"),
    Role.DECISION_OFFICER: _l("Decision officer"),
    Role.ADMINISTRATOR: _l("Administrator"),
}

STAGE_LABELS = {
    DeadlineStage.CONSENT: _l("Lawyer's consent"),
    DeadlineStage.TRANSLATION: _l("Translation"),
    DeadlineStage.LAWYER_REVIEW: _l("Lawyer's corrections and additions"),
    DeadlineStage.PROCEDURE: _l("Whole written procedure"),
}

BOOKING_LABELS = {
    BookingStatus.BOOKED: _l("Booked"),
    BookingStatus.CHECKED_IN: _l("Checked in at the kiosk"),
    BookingStatus.COMPLETED: _l("Completed"),
    BookingStatus.CANCELLED: _l("Cancelled"),
    BookingStatus.REBOOKED: _l("Moved to another time"),
    BookingStatus.NO_SHOW: _l("Did not come"),
}


def label_context() -> dict[str, object]:
    return {"state_labels": STATE_LABELS, "route_labels": ROUTE_LABELS,
            "role_labels": ROLE_LABELS, "stage_labels": STAGE_LABELS,
            "booking_labels": BOOKING_LABELS}
