"""The lawyer's review: corrections (to the translation) and additions (new information) per
answer, plus general remarks, saved encrypted and submitted before a deadline.

The applicant's original and the sworn translation are never touched: the review is its own
record (``LawyerReview.envelope``), holding::

    {"format": 1,
     "items": {question id: {"correction": Entry, "addition": Entry}},
     "remarks": Entry | null}
    Entry = {"text": str, "author": str, "author_id": int, "at": ISO 8601 UTC}

Every entry carries who wrote it and when. Saving keeps an entry's author and date when its
text did not change, so re-saving the form does not re-date earlier work. A deadline that passes
without a submission moves the case on as "no response" (``hearing.reminders``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hearing import deadlines
from hearing.models import Case, DeadlineStage, LawyerReview, Submission, User, WorkStatus, utcnow
from hearing.vault.public import OfficePublicKey, encrypt_correction
from hearing.workflow import Actor, TransitionError, transition

CONTENT_FORMAT = 1
KINDS = ("correction", "addition")
MAX_TEXT = 50_000


class ReviewError(Exception):
    """A review step that cannot be done as asked."""


class StaleReviewError(ReviewError):
    """The review was saved elsewhere after this form was loaded."""


@dataclass(frozen=True)
class Entry:
    kind: str  # "correction", "addition" or "remarks"
    text: str
    author: str
    at: dt.datetime


def empty_content() -> dict[str, Any]:
    return {"format": CONTENT_FORMAT, "items": {}, "remarks": None}


def current_review(session: Session, case: Case) -> LawyerReview | None:
    """The newest review record of the case (in progress, submitted or lapsed)."""
    return session.scalar(
        select(LawyerReview).where(LawyerReview.case_id == case.id)
        .order_by(LawyerReview.id.desc()).limit(1)
    )


def _clean(text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ReviewError(f"a text is longer than {MAX_TEXT} characters")
    return text


def _entry(old: object, text: str, author: User, now: dt.datetime) -> dict[str, Any] | None:
    if not text:
        return None
    if isinstance(old, Mapping) and old.get("text") == text:
        return dict(old)  # unchanged: keeps its original author and date
    return {"text": text, "author": author.full_name, "author_id": author.id,
            "at": now.astimezone(dt.UTC).isoformat()}


def merge(
    old: Mapping[str, Any], posted: Mapping[str, Mapping[str, str]], remarks: str | None,
    *, author: User, allowed: Iterable[str], now: dt.datetime | None = None,
) -> dict[str, Any]:
    """New review content from the posted form (``posted[qid][kind] = text``).

    Only answers in ``allowed`` are kept; an emptied field removes its entry.
    """
    now = now or utcnow()
    old_items = old.get("items") if isinstance(old.get("items"), Mapping) else {}
    assert isinstance(old_items, Mapping)
    items: dict[str, dict[str, Any]] = {}
    for qid in allowed:
        fields = posted.get(qid, {})
        before = old_items.get(qid, {})
        kept: dict[str, Any] = {}
        for kind in KINDS:
            entry = _entry(before.get(kind) if isinstance(before, Mapping) else None,
                           _clean(fields.get(kind)), author, now)
            if entry is not None:
                kept[kind] = entry
        if kept:
            items[qid] = kept
    return {"format": CONTENT_FORMAT, "items": items,
            "remarks": _entry(old.get("remarks"), _clean(remarks), author, now)}


def save(
    session: Session, review: LawyerReview, office: OfficePublicKey, content: Mapping[str, Any],
    *, expected_version: int,
) -> int:
    if review.status != WorkStatus.IN_PROGRESS.value:
        raise ReviewError("this review can no longer be changed")
    if expected_version != review.version:
        raise StaleReviewError(
            f"the review was saved elsewhere (version {review.version}, "
            f"this form had {expected_version})"
        )
    version = session.scalar(
        select(Submission.questionnaire_version).where(Submission.case_id == review.case_id)
    ) or ""
    envelope = encrypt_correction(office, case_id=review.case_id,
                                  questionnaire_version=version, content=dict(content))
    # Compare-and-set in the database: of two saves racing from the same version, one wins.
    result = session.execute(
        update(LawyerReview)
        .where(LawyerReview.id == review.id, LawyerReview.version == expected_version,
               LawyerReview.status == WorkStatus.IN_PROGRESS.value)
        .values(envelope=envelope, key_id=office.key_id, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(review)
        raise StaleReviewError(f"the review was saved elsewhere (now {review.version})")
    session.refresh(review)
    return review.version


def submit(
    session: Session, case: Case, review: LawyerReview, lawyer: User, *,
    now: dt.datetime | None = None,
) -> None:
    """The lawyer sends the review; the case is ready for screening."""
    now = now or utcnow()
    if case.lawyer_id != lawyer.id:
        raise PermissionError("only the case's own lawyer can submit its review")
    if review.case_id != case.id or review.status != WorkStatus.IN_PROGRESS.value:
        raise ReviewError("this review can no longer be submitted")
    try:
        transition(session, case, "finish_lawyer_review", Actor.of(lawyer), at=now)
    except TransitionError as exc:
        raise ReviewError(str(exc)) from None
    review.status = WorkStatus.SUBMITTED.value
    review.submitted_at = now
    review.lawyer_id = lawyer.id
    deadlines.close_deadline(session, case, DeadlineStage.LAWYER_REVIEW, now)
    session.flush()


def _parse_at(value: object) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _as_entry(kind: str, value: object) -> Entry | None:
    if not isinstance(value, Mapping) or not value.get("text"):
        return None
    return Entry(kind, str(value["text"]), str(value.get("author", "")), _parse_at(value.get("at")))


def entries_for(content: Mapping[str, Any], question_id: str) -> list[Entry]:
    """The correction and addition on one answer, in that order."""
    items = content.get("items")
    item = items.get(question_id) if isinstance(items, Mapping) else None
    if not isinstance(item, Mapping):
        return []
    return [e for kind in KINDS if (e := _as_entry(kind, item.get(kind))) is not None]


def remarks_of(content: Mapping[str, Any]) -> Entry | None:
    return _as_entry("remarks", content.get("remarks"))


def field_texts(content: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``{qid: {kind: text}}`` to fill the form again."""
    items = content.get("items")
    if not isinstance(items, Mapping):
        return {}
    return {qid: {e.kind: e.text for e in entries_for(content, qid)} for qid in items}
