"""TOTP second factor: 30-second steps, one step of drift either way, no code used twice."""

from __future__ import annotations

import datetime as dt

import pyotp
import segno
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from hearing.models import User

ISSUER = "Written hearing"
STEP_SECONDS = 30
VALID_WINDOW = 1  # accept the previous and the next step too: phones' clocks drift


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User) -> str:
    assert user.totp_secret is not None
    return pyotp.TOTP(user.totp_secret, interval=STEP_SECONDS).provisioning_uri(
        name=user.username, issuer_name=ISSUER
    )


def qr_data_uri(user: User) -> str:
    """The enrolment QR code as an SVG data URI: the CSP allows ``img-src data:`` only."""
    return segno.make(provisioning_uri(user), error="m").svg_data_uri(scale=6, border=4)


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step whose code equals ``code``, or None. Constant-time per comparison."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def accept(session: Session, user: User, code: str, now: dt.datetime) -> bool:
    """Check ``code`` and record its step; a step at or before the last accepted one fails.

    The step is claimed with a conditional UPDATE, so two requests racing with the same code
    cannot both win, on SQLite or PostgreSQL.
    """
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code, now)
    if step is None:
        return False
    result = session.execute(
        update(User)
        .where(User.id == user.id)
        .where(or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    user.totp_last_step = step
    return True
