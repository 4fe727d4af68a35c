"""Kiosk devices. A kiosk proves where it stands with a device token set once at enrolment.

The token lives in a long-lived cookie on the kiosk's locked-down browser; the database keeps
only its keyed hash. Check-in uses the kiosk's location: an applicant can check in only at the
location they are booked for.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing.codes import keyed_hash
from hearing.models import Kiosk, Location

PURPOSE = "kiosk-device"


def add_kiosk(session: Session, location: Location, label: str, pepper: str) -> tuple[Kiosk, str]:
    """Register a kiosk at ``location``; returns it and its device token (shown once)."""
    kiosk = Kiosk(location_id=location.id, label=label)
    token = reissue_token(kiosk, pepper)
    session.add(kiosk)
    session.flush()
    return kiosk, token


def reissue_token(kiosk: Kiosk, pepper: str) -> str:
    """A new device token; the old one stops working."""
    token = secrets.token_urlsafe(32)
    kiosk.token_hash = keyed_hash(token, pepper, PURPOSE)
    return token


def kiosk_for_token(session: Session, token: str | None, pepper: str) -> Kiosk | None:
    if not token or len(token) > 200:
        return None
    digest = keyed_hash(token, pepper, PURPOSE)
    return session.scalar(select(Kiosk).where(Kiosk.token_hash == digest, Kiosk.active.is_(True)))
