"""The asylum case, its state history and its deadlines."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hearing.models.base import Base, UTCDateTime, utcnow
from hearing.models.people import Organisation, User, _in


class CaseState(enum.StrEnum):
    SELECTED = "selected"
    INVITED = "invited"
    CONSENTED = "consented"
    DECLINED = "declined"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    IN_TRANSLATION = "in_translation"
    IN_LAWYER_REVIEW = "in_lawyer_review"
    READY_FOR_SCREENING = "ready_for_screening"
    HANDED_TO_DECISION_OFFICER = "handed_to_decision_officer"
    DECIDED_ON_FORM = "decided_on_form"
    HEARING_IN_PERSON_NEEDED = "hearing_in_person_needed"
    WITHDRAWN = "withdrawn"
    EXCLUDED = "excluded"


class Route(enum.StrEnum):
    REPLACE = "replace"  # a grant may be decided on the form alone
    PREPARE = "prepare"  # the form prepares a hearing in person, which always follows


class Consent(enum.StrEnum):
    PENDING = "pending"
    YES = "yes"
    NO = "no"


COMPLEX_GROUNDS = ("conversion", "lgbti", "gender_violence", "trafficking")


class Case(Base):
    __tablename__ = "hearing_case"
    __table_args__ = (
        CheckConstraint(_in("state", CaseState), name="state"),
        CheckConstraint(f"route IS NULL OR {_in('route', Route)}", name="route"),
        CheckConstraint(_in("lawyer_consent", Consent), name="lawyer_consent"),
        CheckConstraint("length(nationality) = 3", name="nationality"),
        Index("ix_hearing_case_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The service's own case number (V-nummer); unique per applicant.
    v_number: Mapped[str] = mapped_column(String(20), unique=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    # ISO 3166-1 alpha-3; XXA for stateless persons.
    nationality: Mapped[str] = mapped_column(String(3))
    preferred_locale: Mapped[str] = mapped_column(String(10))
    lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    translation_agency_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    state: Mapped[str] = mapped_column(String(40), default=CaseState.SELECTED.value)
    route: Mapped[str | None] = mapped_column(String(16))
    lawyer_consent: Mapped[str] = mapped_column(String(16), default=Consent.PENDING.value)
    # Facts from registration, used by the eligibility rules.
    unaccompanied_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    nv_signal: Mapped[bool] = mapped_column(Boolean, default=False)
    f1_signal: Mapped[bool] = mapped_column(Boolean, default=False)
    dublin_claim: Mapped[bool] = mapped_column(Boolean, default=False)
    safe_country_or_eu_protection: Mapped[bool] = mapped_column(Boolean, default=False)
    subsequent_application: Mapped[bool] = mapped_column(Boolean, default=False)
    further_hearing_held: Mapped[bool] = mapped_column(Boolean, default=False)
    literate_in_supported_language: Mapped[bool] = mapped_column(Boolean, default=True)
    medical_unfit: Mapped[bool] = mapped_column(Boolean, default=False)
    # ';'-separated subset of COMPLEX_GROUNDS.
    complex_grounds: Mapped[str] = mapped_column(String(200), default="")
    # Why the case left the written procedure (declined, withdrawn, excluded), when it did.
    exit_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    lawyer: Mapped[User | None] = relationship(foreign_keys=[lawyer_id])
    translation_agency: Mapped[Organisation | None] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="case", order_by="Deadline.id", cascade="all, delete-orphan"
    )

    @property
    def complex_grounds_set(self) -> frozenset[str]:
        return frozenset(g for g in self.complex_grounds.split(";") if g)

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_names}"


class CaseEvent(Base):
    """One workflow transition: the basis of every lead-time figure."""

    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_case_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Who acted when it was not a staff user: "applicant", "system", "cli".
    actor_label: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class DeadlineStage(enum.StrEnum):
    CONSENT = "consent"
    TRANSLATION = "translation"
    LAWYER_REVIEW = "lawyer_review"
    PROCEDURE = "procedure"


class Deadline(Base):
    """A deadline set for one stage of a case; closed when the stage is done."""

    __tablename__ = "deadline"
    __table_args__ = (
        CheckConstraint(_in("stage", DeadlineStage), name="stage"),
        Index("ix_deadline_open", "closed_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(32))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Notifications already sent, so `hearing remind` sends each one once.
    reminded_near_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reminded_passed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="deadlines")

    def breached(self, now: dt.datetime | None = None) -> bool:
        end = self.closed_at or now or utcnow()
        return end > self.due_at
