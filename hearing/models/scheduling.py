"""Where and when applicants fill in the form: locations, kiosks, time slots and bookings."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hearing.models.base import Base, UTCDateTime, utcnow
from hearing.models.cases import Case
from hearing.models.people import _in


class Location(Base):
    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    kiosks: Mapped[list[Kiosk]] = relationship(back_populates="location")
    slots: Mapped[list[TimeSlot]] = relationship(back_populates="location")


class Kiosk(Base):
    """A registered kiosk device. The device holds a token; only its hash is stored."""

    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    label: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Wrong codes typed at this kiosk, for throttling per kiosk.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    location: Mapped[Location] = relationship(back_populates="kiosks")


class TimeSlot(Base):
    __tablename__ = "time_slot"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity >= 0", name="capacity_non_negative"),
        # The database, not the form, keeps a slot from going over capacity.
        CheckConstraint("booked >= 0 AND booked <= capacity", name="within_capacity"),
        Index("ix_time_slot_location_start", "location_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)

    location: Mapped[Location] = relationship(back_populates="slots")


class BookingStatus(enum.StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REBOOKED = "rebooked"
    NO_SHOW = "no_show"


ACTIVE_BOOKING_STATUSES = (BookingStatus.BOOKED.value, BookingStatus.CHECKED_IN.value)


class Booking(Base):
    """A sitting: one case in one slot. Cancelled and rebooked rows stay as history."""

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint(_in("status", BookingStatus), name="status"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_booking_case", "case_id"),
        Index("ix_booking_slot", "slot_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("time_slot.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    # Copied from the slot so overlapping bookings of one case can be excluded by a constraint.
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default=BookingStatus.BOOKED.value)
    # Keyed hash of the one-time invitation code; the code itself is only on the letter.
    invitation_code_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    invitation_code_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Wrong dates of birth typed with this code, for throttling per code.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sitting_extension_minutes: Mapped[int] = mapped_column(Integer, default=0)
    replaces_booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    slot: Mapped[TimeSlot] = relationship()
    location: Mapped[Location] = relationship()
