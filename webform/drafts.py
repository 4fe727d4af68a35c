"""The kiosk's side of drafts: start, unlock, read, save (with version check) and seal.

Only the vault's kiosk-side modules are used here; nothing in the webform can unwrap a key
wrapped to the office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from hearing.config import Settings
from hearing.models import (
    ACTIVE_BOOKING_STATUSES,
    Booking,
    Case,
    Draft,
    Kiosk,
    KioskSession,
    Submission,
    utcnow,
)
from hearing.vault import WrongCodeError
from hearing.vault import drafts as vault_drafts
from hearing.vault import kiosk as vault_kiosk
from hearing.vault.public import OfficePublicKey, load_public_key

PUBLIC_KEY = "hearing.office_public_key"


class DraftConflict(Exception):
    """The draft was saved meanwhile (at another kiosk); the caller's version is stale."""

    def __init__(self, current_version: int) -> None:
        self.current_version = current_version
        super().__init__(f"draft is at version {current_version}")


@dataclass
class Started:
    draft: Draft
    key: bytes
    resume_code: str


def office_key() -> OfficePublicKey:
    """The office public key, loaded once per app (it may be created after the app starts)."""
    key = current_app.extensions.get(PUBLIC_KEY)
    if key is None:
        settings: Settings = current_app.extensions["hearing.settings"]
        assert settings.office_public_key_path is not None
        key = load_public_key(settings.office_public_key_path)
        current_app.extensions[PUBLIC_KEY] = key
    return key


def current_questionnaire_version() -> str:
    from hearing.questionnaire import current

    return current().version


def start(session: Session, case: Case, settings: Settings) -> Started:
    draft = Draft(case_id=case.id, questionnaire_version=current_questionnaire_version())
    session.add(draft)
    code, key = vault_drafts.start_draft(draft, office_key(), settings.pepper)
    session.flush()
    return Started(draft, key, code)


def find(session: Session, code: str, settings: Settings) -> Draft | None:
    return vault_drafts.find_draft(session, code, settings.pepper)


def unlock(draft: Draft, code: str, settings: Settings) -> bytes | None:
    try:
        return vault_drafts.unwrap_with_code(draft, code, settings.pepper)
    except WrongCodeError:
        return None


def _ttl(settings: Settings) -> dt.timedelta:
    # The server forgets the key when the kiosk has been idle as long as the lock timeout,
    # even if the browser never sends its lock request (power cut, crash).
    return dt.timedelta(seconds=settings.kiosk_idle_lock_seconds)


def open_session(
    session: Session, draft: Draft, key: bytes, kiosk: Kiosk | None, settings: Settings
) -> str:
    return vault_kiosk.open_session(session, draft, key, _ttl(settings),
                                    kiosk_id=kiosk.id if kiosk else None)


def load_session(
    session: Session, token: str, settings: Settings
) -> tuple[KioskSession, Draft, bytes] | None:
    loaded = vault_kiosk.load_key(session, token, extend=_ttl(settings))
    if loaded is None:
        session.commit()
        return None
    row, key = loaded
    draft = session.get(Draft, row.draft_id)
    if draft is None:
        return None
    session.commit()
    return row, draft, key


def close_session(session: Session, token: str) -> None:
    vault_kiosk.close_session(session, token)


def current_booking(session: Session, case: Case) -> Booking | None:
    return session.scalar(
        select(Booking).where(Booking.case_id == case.id,
                              Booking.status.in_(ACTIVE_BOOKING_STATUSES))
        .order_by(Booking.starts_at.desc())
    )


def read(draft: Draft, key: bytes) -> dict[str, Any]:
    return vault_drafts.decrypt_answers(key, draft)


def save(
    session: Session, draft: Draft, key: bytes, answers: dict[str, Any], expected_version: int,
    answered_count: int,
) -> int:
    """Store the new answers if the draft is still at ``expected_version``; returns the new one.

    The check and the write are one UPDATE, so two kiosks saving at once cannot both win.
    """
    # Encrypt without touching the ORM object: a dirty object would be flushed before the
    # UPDATE below and bypass its version check.
    content = vault_drafts.encrypt_answers(key, vault_drafts.draft_context(draft), answers)
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft.id, Draft.version == expected_version)
        .values(content=content, version=Draft.version + 1, updated_at=utcnow(),
                answered_count=answered_count)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        current = session.scalar(select(Draft.version).where(Draft.id == draft.id)) or 0
        raise DraftConflict(current)
    session.commit()
    # The UPDATE checked the version; no need to read the row back (and no new UPDATE either:
    # set_committed_value does not mark the object dirty).
    set_committed_value(draft, "version", expected_version + 1)
    set_committed_value(draft, "content", content)
    return expected_version + 1


def seal(
    session: Session, draft: Draft, key: bytes, answers: dict[str, Any], locale: str
) -> Submission:
    return vault_drafts.seal_draft(session, draft, key, office_key(), locale=locale,
                                   answers=answers)
