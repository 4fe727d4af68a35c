"""What people write about a case. Every text column here holds a vault envelope, never plaintext.

The applicant's draft and sealed submission, the sworn translation, the lawyer's review and
staff notes are each stored as encrypted envelopes (see ``hearing.vault``). The only
plaintext is metadata: who, when, which questionnaire version, the fingerprint.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hearing.models.base import Base, UTCDateTime, utcnow
from hearing.models.cases import Case
from hearing.models.people import User, _in


class Draft(Base):
    """Answers while the applicant is still filling in, encrypted under a per-draft data key.

    The data key is wrapped twice: under a key derived from the resume code (slow KDF plus
    server pepper), and to the office public key so staff can re-issue a lost code.
    ``version`` increases with every save; a save that names an older version is refused, so
    two kiosks on one draft never overwrite each other silently.
    """

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_case.id", ondelete="CASCADE"), unique=True
    )
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    # Keyed hash of the resume code: a lookup value, not the code.
    resume_lookup: Mapped[str] = mapped_column(String(128), unique=True)
    resume_kdf_salt: Mapped[bytes] = mapped_column(LargeBinary)
    key_wrapped_by_code: Mapped[bytes] = mapped_column(LargeBinary)
    key_wrapped_to_office: Mapped[bytes] = mapped_column(LargeBinary)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Progress counts only, so the host and the kiosk can show progress without decrypting.
    answered_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_resume_attempts: Mapped[int] = mapped_column(Integer, default=0)
    resume_locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()


class Submission(Base):
    """The sealed hearing: readable only with the office private key."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_case.id", ondelete="CASCADE"), unique=True
    )
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(10))
    envelope: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the sealed content, shown to the applicant on the receipt.
    fingerprint: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()


class WorkStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    NO_RESPONSE = "no_response"
    REASSIGNED = "reassigned"


class Translation(Base):
    """A sworn translation into Dutch, answer by answer, encrypted as one envelope."""

    __tablename__ = "translation"
    __table_args__ = (
        CheckConstraint(_in("status", WorkStatus), name="status"),
        Index("ix_translation_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    translator_name: Mapped[str | None] = mapped_column(String(200))
    register_number: Mapped[str | None] = mapped_column(String(32))
    envelope: Mapped[bytes | None] = mapped_column(LargeBinary)
    key_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=WorkStatus.IN_PROGRESS.value)
    version: Mapped[int] = mapped_column(Integer, default=0)
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    translator: Mapped[User | None] = relationship()


class LawyerReview(Base):
    """The lawyer's corrections (to the translation), additions and remarks, encrypted.

    Never overwrites the original or the translation: they stay as they were.
    """

    __tablename__ = "lawyer_review"
    __table_args__ = (
        CheckConstraint(_in("status", WorkStatus), name="status"),
        Index("ix_lawyer_review_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    envelope: Mapped[bytes | None] = mapped_column(LargeBinary)
    key_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=WorkStatus.IN_PROGRESS.value)
    version: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    lawyer: Mapped[User | None] = relationship()


class Note(Base):
    """A staff note on a case, encrypted."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_case", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    envelope: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    author: Mapped[User] = relationship()


class KioskSession(Base):
    """A signed-in applicant at a kiosk.

    The unwrapped draft key is kept here encrypted under a key derived from a random token
    that only the kiosk's session cookie holds; the row stores a hash of that token. Locking,
    signing out or expiry deletes the row, so neither the database alone nor a cookie taken
    afterwards can read the draft.
    """

    __tablename__ = "kiosk_session"
    __table_args__ = (Index("ix_kiosk_session_expires", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hearing_case.id", ondelete="CASCADE"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk.id"))
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
