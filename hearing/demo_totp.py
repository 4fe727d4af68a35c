"""Fixed TOTP secrets for the demo users, so a demo sign-in needs no phone enrolment.

The secrets are public (they are in this file): demo databases only. Add a secret to an
authenticator app by hand, or print the current code with :func:`demo_code`.
"""

from __future__ import annotations

import datetime as dt

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing.demo import DEMO_USERS
from hearing.models import User

# Base32, 160 bits each (RFC 4226's recommended length); one per entry in DEMO_USERS.
DEMO_TOTP_SECRETS: dict[str, str] = {
    "planner": "CVN5RY5GNXKG4AUGK3XSQ7JMTZWR2BUB",
    "host": "KNTWKL64RBKG7U2DZVRJKAQVKIIV62VU",
    "translator": "NXGTTZFCFTHNUNTSBWLIYG4WVAS4HTJ2",
    "lawyer": "AECPKUQABCT5FQMNADNIPJCZ7QIHAE7F",
    "screener": "XIE5DO666A745H4UN3UMMY66GJP55IVU",
    "officer": "SR6QS34ZC5FLZJ4ZNJSR6H5MOEI4I456",
    "admin": "MALK6ETQKXR75P776UIPEJWZ7SW7EFKI",
}

assert set(DEMO_TOTP_SECRETS) == {username for username, _, _ in DEMO_USERS}


def enrol_demo_totp(session: Session) -> int:
    """Give each existing demo user its fixed, confirmed secret; returns how many were set.

    Safe to call again: the replay guard (``totp_last_step``) is only reset when the secret
    actually changes, so a repeated seeding never re-opens an already used code.
    """
    users = session.scalars(select(User).where(User.username.in_(DEMO_TOTP_SECRETS))).all()
    for user in users:
        secret = DEMO_TOTP_SECRETS[user.username]
        if user.totp_secret != secret:
            user.totp_secret = secret
            user.totp_last_step = None
        user.totp_confirmed = True
    session.flush()
    return len(users)


def demo_code(username: str, at: dt.datetime | None = None) -> str:
    """The demo user's current six-digit code (30-second steps, like the back office)."""
    totp = pyotp.TOTP(DEMO_TOTP_SECRETS[username], interval=30)
    return totp.at(at) if at is not None else totp.now()
