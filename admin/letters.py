"""The invitation letter of a booked sitting: its data, its HTML texts and its PDF, audited.

The one-time check-in code is printed on the letter and stored nowhere but as a keyed hash
(``hearing.scheduling``). So a letter can only be made while the code is at hand: in the
response that created it (booking, moving a sitting, a new code), and from that page, which
sends the code back with the request. The code is checked against the case's active sitting
before anything is rendered, so no letter with a made-up code can come out of the office.
A lost letter needs a new code (``scheduling.new_code``), which voids the old one.

Every letter shown or downloaded is written to the audit log, like other case content.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hearing import audit, scheduling
from hearing.dossier import applicant as texts
from hearing.dossier import build_invitation_letter
from hearing.dossier.data import InvitationData
from hearing.dossier.i18n import format_clock, format_when
from hearing.locales import get_locale_info
from hearing.models import Booking, BookingStatus, Case, Location, User, utcnow
from hearing.translate import gettext_for

# The letter's strings live in the applicant-facing catalog ("messages"), like the PDF's.
LETTER_DOMAIN = "messages"
DUTCH = "nl"


def invitation_data(
    session: Session, case: Case, booking: Booking, code: str, now: dt.datetime | None = None
) -> InvitationData:
    location = session.get(Location, booking.location_id)
    assert location is not None
    lawyer = session.get(User, case.lawyer_id) if case.lawyer_id else None
    address = tuple(p.strip() for p in re.split(r"[\n,]", location.address or "") if p.strip())
    return InvitationData(
        v_number=case.v_number, name=f"{case.given_names} {case.family_name}",
        locale=case.preferred_locale, location_name=location.name, address_lines=address,
        starts_at=booking.starts_at, ends_at=booking.ends_at, check_in_code=code,
        lawyer_name=lawyer.full_name if lawyer else None, issued_at=now or utcnow(),
    )


@dataclass(frozen=True)
class LetterVersion:
    """One language's version of the letter, ready for the HTML template."""

    lang: str  # BCP 47, for lang=""
    dir: str  # "ltr" or "rtl"
    t: dict[str, str]  # every text of the letter, translated
    date: str
    time: str


def letter_versions(d: InvitationData) -> list[LetterVersion]:
    """The applicant's language first, then Dutch (once when the applicant reads Dutch)."""
    locales = [d.locale, DUTCH] if d.locale != DUTCH else [DUTCH]
    versions = []
    for code in locales:
        gettext = gettext_for(code, LETTER_DOMAIN)
        info = get_locale_info(code)
        t = {name: gettext(getattr(texts, name)) for name in (
            "L_TITLE", "L_INTRO", "L_DATE", "L_TIME", "L_LOCATION", "L_LAWYER", "L_CODE",
            "L_CODE_EXPLAIN", "L_BRING", "L_BRING_LETTER", "L_BRING_ID", "L_BRING_GLASSES",
            "L_BRING_MEDICINE", "L_NOTES", "L_SESSION", "L_CANNOT_COME", "R_VNUMBER")}
        t["L_DEAR"] = gettext(texts.L_DEAR) % {"name": d.name}
        time = gettext(texts.L_TIME_VALUE) % {"start": format_clock(d.starts_at),
                                               "end": format_clock(d.ends_at)}
        versions.append(LetterVersion(info.html_lang, info.dir, t,
                                      format_when(d.starts_at, code, time=False), time))
    return versions


def letter_pdf(d: InvitationData) -> bytes:
    return build_invitation_letter(d, gettext_for(d.locale, LETTER_DOMAIN),
                                   gettext_for(DUTCH, LETTER_DOMAIN))


def booking_for_code(session: Session, case: Case, code: str, pepper: str) -> Booking | None:
    """The case's sitting this code belongs to, if it is still waiting for the applicant."""
    if not code or len(code) > 40:
        return None
    booking = scheduling.find_by_invitation_code(session, code, pepper)
    if booking is None or booking.case_id != case.id:
        return None
    if booking.status != BookingStatus.BOOKED or booking.invitation_code_used_at is not None:
        return None
    return booking


def record_letter(session: Session, user: User, case: Case, booking: Booking, fmt: str) -> None:
    audit.append(session, user.username, "letter.invitation", case.id, "invitation_letter",
                 "invitation letter for a booked sitting",
                 {"booking_id": booking.id, "format": fmt}, actor_id=user.id)
