"""Demo sittings for the kiosk: bookings open *now* at Ter Apel and a half-filled draft.

``hearing demo`` runs this on every start, so whoever tries the demo gets invitation codes and
a resume code that work at the moment they are printed, whatever the time of day. Everything
goes through the real paths (booking, vault) so the demo shows the system, not a shortcut.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing import scheduling
from hearing.config import Settings
from hearing.models import Case, CaseState, Draft, Location, TimeSlot, utcnow
from hearing.vault import drafts as vault_drafts
from hearing.vault.public import OfficePublicKey
from hearing.workflow import SYSTEM

DEMO_LOCATION = "Ter Apel"
SITTING = dt.timedelta(hours=4)


@dataclass(frozen=True)
class DemoSitting:
    v_number: str
    name: str
    locale: str
    date_of_birth: dt.date
    invitation_code: str | None = None  # for check-in (first time)
    resume_code: str | None = None  # to continue a started draft


def _slot_open_now(session: Session, location: Location, now: dt.datetime) -> TimeSlot:
    """A slot starting in a few minutes (booking needs a future start; check-in may be early)."""
    starts = now + dt.timedelta(minutes=5)
    slot = session.scalar(
        select(TimeSlot).where(TimeSlot.location_id == location.id,
                               TimeSlot.starts_at > now,
                               TimeSlot.starts_at <= now + scheduling.EARLY_CHECK_IN,
                               TimeSlot.ends_at >= now + dt.timedelta(hours=3)))
    if slot is None:
        slot = TimeSlot(location_id=location.id, starts_at=starts, ends_at=starts + SITTING,
                        capacity=8)
        session.add(slot)
        session.flush()
    return slot


# A few answers, so resuming shows a draft that is really half done.
DEMO_ANSWERS: dict[str, object] = {}


def prepare_sittings(
    session: Session, settings: Settings, office: OfficePublicKey, *,
    reissue_resume_code: Callable[[Session, Draft], str] | None = None,
    now: dt.datetime | None = None,
) -> list[DemoSitting]:
    """Book every *scheduled* demo case into a slot open now; give in-progress cases a code.

    An in-progress case without a draft gets one (started as the kiosk would); one with a
    draft gets a re-issued resume code through ``reissue_resume_code(session, draft)``, passed
    in by the CLI, which holds the office keyring: the kiosk-side code here never could.
    """
    now = now or utcnow()
    location = session.scalar(select(Location).where(Location.name == DEMO_LOCATION))
    if location is None:
        return []
    slot = _slot_open_now(session, location, now)
    sittings: list[DemoSitting] = []
    scheduled = session.scalars(select(Case).where(Case.state == CaseState.SCHEDULED.value)
                                .order_by(Case.id)).all()
    for case in scheduled:
        current = scheduling.active_booking(session, case)
        if current is not None:
            scheduling.cancel(session, current, SYSTEM, "demo: moved to a sitting open now")
        new = scheduling.book(session, case, slot, settings.pepper, SYSTEM)
        sittings.append(_line(case, invitation_code=new.invitation_code))
    in_progress = session.scalars(select(Case).where(Case.state == CaseState.IN_PROGRESS.value)
                                  .order_by(Case.id)).all()
    for case in in_progress:
        draft = session.scalar(select(Draft).where(Draft.case_id == case.id))
        if draft is None:
            from hearing.questionnaire import current

            draft = Draft(case_id=case.id, questionnaire_version=current().version)
            code, _key = vault_drafts.start_draft(draft, office, settings.pepper,
                                                  answers=dict(DEMO_ANSWERS))
            session.add(draft)
        elif reissue_resume_code is not None:
            code = reissue_resume_code(session, draft)
        else:
            continue
        sittings.append(_line(case, resume_code=code))
    session.flush()
    return sittings


def _line(case: Case, **codes: str) -> DemoSitting:
    return DemoSitting(v_number=case.v_number, name=f"{case.given_names} {case.family_name}",
                       locale=case.preferred_locale, date_of_birth=case.date_of_birth, **codes)

