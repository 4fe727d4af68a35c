"""Who is at this kiosk: the enrolled device and the signed-in applicant.

The Flask session cookie holds only a random kiosk-session token. The draft key stays on the
server, encrypted under that token (see ``hearing.vault``); locking, signing out or expiry
deletes it, after which the cookie is worthless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import g, redirect, request, session, url_for

from hearing.kiosks import kiosk_for_token
from hearing.models import Booking, Case, Draft, Kiosk, KioskSession, utcnow
from hearing.web import db_session, settings
from webform import drafts

DEVICE_COOKIE = "hearing_kiosk_device"
SESSION_TOKEN = "kiosk_session"  # noqa: S105 - a session key name, not a secret


def current_kiosk() -> Kiosk | None:
    if "hearing_kiosk" not in g:
        token = request.cookies.get(DEVICE_COOKIE)
        g.hearing_kiosk = kiosk_for_token(db_session(), token, settings().pepper)
    return g.hearing_kiosk


@dataclass
class Applicant:
    case: Case
    draft: Draft
    key: bytes
    booking: Booking | None
    kiosk_session: KioskSession

    @property
    def sitting_ends_at(self) -> dt.datetime:
        """A sitting starts at sign-in; a host can extend it on the booking."""
        extension = self.booking.sitting_extension_minutes if self.booking else 0
        limit = dt.timedelta(minutes=settings().sitting_limit_minutes + extension)
        return self.kiosk_session.created_at + limit

    @property
    def minutes_left(self) -> int:
        left = (self.sitting_ends_at - utcnow()).total_seconds()
        return max(0, int(left // 60))


def current_applicant() -> Applicant | None:
    if "hearing_applicant" in g:
        return g.hearing_applicant
    applicant = None
    token = session.get(SESSION_TOKEN)
    if token:
        loaded = drafts.load_session(db_session(), token, settings())
        if loaded is not None:
            row, draft, key = loaded
            case = db_session().get(Case, draft.case_id)
            assert case is not None
            booking = drafts.current_booking(db_session(), case)
            applicant = Applicant(case, draft, key, booking, row)
            if applicant.sitting_ends_at <= utcnow():
                # The sitting is over: the answers are saved; continuing needs the code again.
                drafts.close_session(db_session(), token)
                db_session().commit()
                applicant = None
                session.pop(SESSION_TOKEN, None)
        else:
            session.pop(SESSION_TOKEN, None)
    g.hearing_applicant = applicant
    return applicant


def sign_in(token: str) -> None:
    session[SESSION_TOKEN] = token


def sign_out() -> None:
    """Destroy the server-side key and forget the token."""
    token = session.pop(SESSION_TOKEN, None)
    if token:
        drafts.close_session(db_session(), token)
        db_session().commit()
    g.pop("hearing_applicant", None)


def applicant_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_applicant() is None:
            if request.is_json or request.path.startswith("/api/"):
                return {"error": "locked"}, 401
            return redirect(url_for("checkin.locked"))
        return view(*args, **kwargs)

    return wrapper
