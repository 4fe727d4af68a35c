"""Screening against a rule set, hand-off to a decision officer, and the decision route."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hearing.models.base import Base, UTCDateTime, utcnow
from hearing.models.cases import Case
from hearing.models.people import User, _in


class Screening(Base):
    """One run of a rule set on a case, with the exact rule set that produced it."""

    __tablename__ = "screening"
    __table_args__ = (Index("ix_screening_case", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    ruleset_id: Mapped[str] = mapped_column(String(64))
    ruleset_version: Mapped[str] = mapped_column(String(32))
    ruleset_hash: Mapped[str] = mapped_column(String(64))
    reference_date: Mapped[dt.date]
    verdict: Mapped[str] = mapped_column(String(32))
    route: Mapped[str | None] = mapped_column(String(16))
    # Every rule's id, result and reason, in rule order.
    results: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    screened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    screened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    override_verdict: Mapped[str | None] = mapped_column(String(32))
    override_route: Mapped[str | None] = mapped_column(String(16))
    override_reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship()
    screened_by: Mapped[User | None] = relationship()


class Handoff(Base):
    __tablename__ = "handoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    screening_id: Mapped[int] = mapped_column(ForeignKey("screening.id"))
    screener_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decision_officer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    route: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    screening: Mapped[Screening] = relationship()
    screener: Mapped[User] = relationship(foreign_keys=[screener_id])
    decision_officer: Mapped[User] = relationship(foreign_keys=[decision_officer_id])


class DecisionOutcome(enum.StrEnum):
    # There is deliberately no "refused on the form": EU directive 2013/32 art. 14(2) allows
    # omitting the interview only for a positive decision. Any other outcome is a hearing.
    GRANTED_ON_FORM = "granted_on_form"
    HEARING_IN_PERSON = "hearing_in_person"


class Decision(Base):
    __tablename__ = "decision"
    __table_args__ = (
        CheckConstraint(_in("outcome", DecisionOutcome), name="outcome"),
        # Granting on the form is only possible on the replace route.
        CheckConstraint(
            "outcome <> 'granted_on_form' OR route = 'replace'", name="grant_only_on_replace"
        ),
        CheckConstraint(
            "outcome <> 'hearing_in_person' OR reason IS NOT NULL", name="hearing_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_case.id", ondelete="CASCADE"), unique=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    route: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    officer: Mapped[User] = relationship()
