"""Kiosk sessions: where a signed-in applicant's draft key lives between requests.

Kiosk-side (public) module. The kiosk's session cookie holds only a random 256-bit token. The
``kiosk_session`` row holds SHA-256(token) to find it, and the draft's data key encrypted
(AES-256-GCM) under HKDF-SHA256(token). So the database alone cannot give the key (it lacks the
token) and a cookie alone cannot either (it lacks the row); closing the session — lock, sign-out,
expiry — deletes the row, after which the token opens nothing.

A fast KDF is right here, unlike for resume codes: the token is random, not chosen by a person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hearing.models import Draft, KioskSession
from hearing.vault.envelope import DATA_KEY_SIZE, NONCE_SIZE

TOKEN_BYTES = 32
SESSION_INFO = b"written-hearing kiosk session key v1"


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session_key(token: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SESSION_INFO).derive(
        token.encode()
    )


def _aad(case_id: int, draft_id: int, hashed: str) -> bytes:
    # Binds the sealed key to its row: copying it into another session row does not work.
    return f"kiosk-session:{case_id}:{draft_id}:{hashed}".encode()


def open_session(
    db_session: Session,
    draft: Draft,
    data_key: bytes,
    ttl: dt.timedelta,
    *,
    kiosk_id: int | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Keep ``data_key`` server-side for ``ttl``; returns the token for the cookie (only that)."""
    if len(data_key) != DATA_KEY_SIZE:
        raise ValueError("data keys are 32 bytes")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    hashed = token_hash(token)
    nonce = os.urandom(NONCE_SIZE)
    sealed = AESGCM(_session_key(token)).encrypt(
        nonce, data_key, _aad(draft.case_id, draft.id, hashed)
    )
    when = _now(now)
    db_session.add(
        KioskSession(
            token_hash=hashed, case_id=draft.case_id, draft_id=draft.id, kiosk_id=kiosk_id,
            sealed_key=nonce + sealed, created_at=when, last_seen_at=when, expires_at=when + ttl,
        )
    )
    db_session.flush()
    return token


def load_key(
    db_session: Session,
    token: str | None,
    *,
    extend: dt.timedelta | None = None,
    now: dt.datetime | None = None,
) -> tuple[KioskSession, bytes] | None:
    """The session and its draft key, or None when the token is unknown or the session expired.

    Refreshes ``last_seen_at``; with ``extend``, also moves the expiry to now + extend (idle
    timeout). An expired session found here is deleted on the spot.
    """
    if not token:
        return None
    row = db_session.scalar(
        select(KioskSession).where(KioskSession.token_hash == token_hash(token))
    )
    if row is None:
        return None
    when = _now(now)
    if row.expires_at <= when:
        db_session.delete(row)
        db_session.flush()
        return None
    blob = bytes(row.sealed_key)
    try:
        key = AESGCM(_session_key(token)).decrypt(
            blob[:NONCE_SIZE], blob[NONCE_SIZE:], _aad(row.case_id, row.draft_id, row.token_hash)
        )
    except InvalidTag:
        # A row whose key does not open is useless and suspicious: drop it, the applicant
        # signs in again with the resume code.
        db_session.delete(row)
        db_session.flush()
        return None
    # Touch the row only when the stored times are noticeably old: a write (and an fsync) on
    # every autosave would cost more than the save itself. The idle timeout stays within a
    # quarter of its length (at most a minute) of exact; the kiosk's own timer is exact.
    refresh = min(dt.timedelta(minutes=1), extend / 4) if extend else dt.timedelta(minutes=1)
    if when - row.last_seen_at >= refresh:
        row.last_seen_at = when
        if extend is not None:
            row.expires_at = when + extend
    return row, key


def close_session(db_session: Session, token: str | None) -> bool:
    """Lock or sign-out: delete the row, destroying the only server-side copy of the key."""
    if not token:
        return False
    result = db_session.execute(
        delete(KioskSession).where(KioskSession.token_hash == token_hash(token))
    )
    db_session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def close_draft_sessions(db_session: Session, draft_id: int) -> int:
    """Close every session on a draft (e.g. when another kiosk resumes it, or on sealing)."""
    result = db_session.execute(delete(KioskSession).where(KioskSession.draft_id == draft_id))
    db_session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge_expired(db_session: Session, *, now: dt.datetime | None = None) -> int:
    """Delete every expired session (run periodically); returns how many went."""
    result = db_session.execute(delete(KioskSession).where(KioskSession.expires_at <= _now(now)))
    db_session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]
