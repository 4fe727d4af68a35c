"""Kiosk sessions: the draft key server-side, only under the cookie's token."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from hearing.db import Database
from hearing.models import Draft, KioskSession
from hearing.vault import kiosk
from hearing.vault.drafts import start_draft
from hearing.vault.office import OfficeKeyring
from tests.vault.conftest import FAST_KDF, PEPPER, make_case

TTL = dt.timedelta(minutes=5)


def _draft(session, keyring: OfficeKeyring) -> tuple[Draft, bytes]:
    case = make_case(session)
    draft = Draft(case_id=case.id, questionnaire_version="2024.1")
    _code, key = start_draft(draft, keyring.public, PEPPER, params=FAST_KDF)
    session.add(draft)
    session.flush()
    return draft, key


def test_key_readable_with_token_and_not_after_close(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        draft, key = _draft(s, keyring)
        token = kiosk.open_session(s, draft, key, TTL)
    with db.session() as s:
        loaded = kiosk.load_key(s, token)
        assert loaded is not None
        row, got = loaded
        assert got == key and row.draft_id == draft.id
        assert kiosk.close_session(s, token)
    with db.session() as s:
        assert kiosk.load_key(s, token) is None
        assert s.scalar(select(KioskSession)) is None


def test_database_alone_does_not_give_the_key(
    db: Database, keyring: OfficeKeyring, tmp_path: Path
) -> None:
    with db.session() as s:
        draft, key = _draft(s, keyring)
        token = kiosk.open_session(s, draft, key, TTL)
        row = s.scalar(select(KioskSession))
        assert key not in bytes(row.sealed_key)
        assert row.token_hash != token
        # What the database holds, used as a token, opens nothing.
        assert kiosk.load_key(s, row.token_hash) is None
    db.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("vault.sqlite3*"))
    assert token.encode() not in raw and key not in raw


def test_expired_session_is_gone(db: Database, keyring: OfficeKeyring) -> None:
    now = dt.datetime.now(dt.UTC)
    with db.session() as s:
        draft, key = _draft(s, keyring)
        token = kiosk.open_session(s, draft, key, TTL, now=now)
    with db.session() as s:
        assert kiosk.load_key(s, token, now=now + TTL + dt.timedelta(seconds=1)) is None
    with db.session() as s:
        assert s.scalar(select(KioskSession)) is None  # destroyed on sight


def test_sliding_expiry_and_last_seen(db: Database, keyring: OfficeKeyring) -> None:
    now = dt.datetime.now(dt.UTC)
    with db.session() as s:
        draft, key = _draft(s, keyring)
        token = kiosk.open_session(s, draft, key, TTL, now=now)
    later = now + dt.timedelta(minutes=4)
    with db.session() as s:
        row, _ = kiosk.load_key(s, token, extend=TTL, now=later)
    with db.session() as s:
        row = s.scalar(select(KioskSession))
        assert row.last_seen_at == later and row.expires_at == later + TTL
        assert kiosk.load_key(s, token, now=now + dt.timedelta(minutes=8)) is not None


def test_purge_expired(db: Database, keyring: OfficeKeyring) -> None:
    now = dt.datetime.now(dt.UTC)
    with db.session() as s:
        draft, key = _draft(s, keyring)
        old = kiosk.open_session(s, draft, key, dt.timedelta(seconds=1), now=now)
        fresh = kiosk.open_session(s, draft, key, TTL, now=now)
    with db.session() as s:
        assert kiosk.purge_expired(s, now=now + dt.timedelta(minutes=1)) == 1
    with db.session() as s:
        assert kiosk.load_key(s, old, now=now) is None
        assert kiosk.load_key(s, fresh, now=now) is not None


def test_sealed_key_moved_to_another_row_does_not_open(
    db: Database, keyring: OfficeKeyring
) -> None:
    with db.session() as s:
        draft_a, key_a = _draft(s, keyring)
        draft_b, key_b = _draft(s, keyring)
        token_a = kiosk.open_session(s, draft_a, key_a, TTL)
        token_b = kiosk.open_session(s, draft_b, key_b, TTL)
        row_a = s.scalar(select(KioskSession).where(KioskSession.draft_id == draft_a.id))
        row_b = s.scalar(select(KioskSession).where(KioskSession.draft_id == draft_b.id))
        row_b.sealed_key = row_a.sealed_key
        s.flush()
        assert kiosk.load_key(s, token_b) is None
        assert kiosk.load_key(s, token_a) is not None


def test_expiry_is_moved_at_most_once_per_refresh_window(
    db: Database, keyring: OfficeKeyring,
) -> None:
    now = dt.datetime.now(dt.UTC)
    with db.session() as s:
        draft, key = _draft(s, keyring)
        token = kiosk.open_session(s, draft, key, TTL, now=now)
    soon = now + dt.timedelta(seconds=5)
    with db.session() as s:
        kiosk.load_key(s, token, extend=TTL, now=soon)
        assert not s.dirty  # nothing to write: the autosave path stays one write
    with db.session() as s:
        row = s.scalar(select(KioskSession))
        assert row.last_seen_at == now and row.expires_at == now + TTL
