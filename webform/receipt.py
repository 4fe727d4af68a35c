"""The receipt this browser may print: only the applicant's own, only right after sealing.

The signed session cookie remembers the submission id and the counts shown at sealing (no
answers) until the applicant presses "finish" or the kiosk returns to the first screen.
"""

from __future__ import annotations

from typing import Any

from flask import session
from sqlalchemy.orm import Session

from hearing.config import Settings
from hearing.models import Submission
from hearing.receipts import Counts
from hearing.receipts import receipt_pdf as build_pdf

RECEIPT_SESSION_KEY = "receipt"


def remember(submission: Submission, counts: Counts, location_id: int | None) -> None:
    session[RECEIPT_SESSION_KEY] = {
        "id": submission.id, "answered": counts.answered, "total": counts.total,
        "in_person": counts.in_person, "location_id": location_id,
    }


def forget() -> None:
    session.pop(RECEIPT_SESSION_KEY, None)


def remembered(db: Session) -> tuple[Submission, Counts, int | None] | None:
    data: Any = session.get(RECEIPT_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    submission = db.get(Submission, data.get("id"))
    if submission is None:
        return None
    counts = Counts(int(data["answered"]), int(data["total"]), int(data["in_person"]))
    return submission, counts, data.get("location_id")


def receipt_pdf(db: Session, settings: Settings) -> bytes | None:
    found = remembered(db)
    if found is None:
        return None
    submission, counts, location_id = found
    return build_pdf(db, submission, counts, settings, location_id=location_id)
