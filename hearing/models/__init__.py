"""SQLAlchemy models of the written hearing. Import from here."""

from hearing.models.audit import AuditEvent
from hearing.models.base import Base, UTCDateTime, utcnow
from hearing.models.cases import (
    COMPLEX_GROUNDS,
    Case,
    CaseEvent,
    CaseState,
    Consent,
    Deadline,
    DeadlineStage,
    Route,
)
from hearing.models.content import (
    Draft,
    KioskSession,
    LawyerReview,
    Note,
    Submission,
    Translation,
    WorkStatus,
)
from hearing.models.people import Organisation, OrganisationKind, Role, User, UserRole
from hearing.models.review import Decision, DecisionOutcome, Handoff, Screening
from hearing.models.scheduling import (
    ACTIVE_BOOKING_STATUSES,
    Booking,
    BookingStatus,
    Kiosk,
    Location,
    TimeSlot,
)

__all__ = [
    "ACTIVE_BOOKING_STATUSES",
    "COMPLEX_GROUNDS",
    "AuditEvent",
    "Base",
    "Booking",
    "BookingStatus",
    "Case",
    "CaseEvent",
    "CaseState",
    "Consent",
    "Deadline",
    "DeadlineStage",
    "Decision",
    "DecisionOutcome",
    "Draft",
    "Handoff",
    "Kiosk",
    "KioskSession",
    "LawyerReview",
    "Location",
    "Note",
    "Organisation",
    "OrganisationKind",
    "Role",
    "Route",
    "Screening",
    "Submission",
    "TimeSlot",
    "Translation",
    "UTCDateTime",
    "User",
    "UserRole",
    "WorkStatus",
    "utcnow",
]
