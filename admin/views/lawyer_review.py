"""The lawyer's screens: own clients with status, stage dates and next deadline; the review of
original and translation side by side with a correction and an addition per answer, and
general remarks.

Only the case's own lawyer opens the review (``Case.lawyer_id``): a lawyer who can see the
case through another role (e.g. also a screener) still gets 404 here. Opening decrypts the
submission, the submitted translation and the saved review, each audited with reason
"lawyer review"; saving decrypts the saved review once (to keep the author and date of entries
that did not change). The original and the translation are never written.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from admin.access import Purpose, current_staff, require_roles, visible_cases, with_case
from admin.office_keys import office_keyring
from hearing import answers as answers_module
from hearing import lawyer_review as review_work
from hearing import translation as translation_work
from hearing.answers import answer_rows, labels_of
from hearing.case_file import Reader, open_case_submission, submitted_translation
from hearing.locales import get_locale_info
from hearing.models import (
    Case,
    CaseEvent,
    CaseState,
    Deadline,
    DeadlineStage,
    LawyerReview,
    Role,
    WorkStatus,
    utcnow,
)
from hearing.translate import gettext_for
from hearing.vault.office import decrypt_correction, decrypt_translation
from hearing.web import db_session

bp = Blueprint("lawyer_review", __name__)

REASON = "lawyer review"
QUESTION_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,120}$")
FIELD = re.compile(r"^(correction|addition)-(.+)$")
MAX_FIELDS = 2000
QUEUE_LIMIT = 500


@bp.get("/review")
@require_roles(Role.LAWYER)
def queue() -> str:
    """Every client of the signed-in lawyer, nearest open deadline first, with stage dates."""
    user = current_staff()
    session = db_session()
    due = (
        select(Deadline.case_id, func.min(Deadline.due_at).label("due_at"))
        .where(Deadline.closed_at.is_(None)).group_by(Deadline.case_id).subquery()
    )
    rows = session.execute(
        visible_cases(user, Purpose.METADATA).where(Case.lawyer_id == user.id)
        .outerjoin(due, due.c.case_id == Case.id).add_columns(due.c.due_at)
        .order_by(due.c.due_at.is_(None), due.c.due_at, Case.id).limit(QUEUE_LIMIT)
    ).all()
    ids = [case.id for case, _due in rows]
    events: dict[int, list[CaseEvent]] = {i: [] for i in ids}
    if ids:
        for event in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(ids))
                                     .order_by(CaseEvent.at, CaseEvent.id)):
            events[event.case_id].append(event)
    return render_template("lawyer_review/queue.html", rows=rows, events=events, now=utcnow(),
                           limit=QUEUE_LIMIT, in_review=CaseState.IN_LAWYER_REVIEW.value)


def _own_case(case: Case) -> None:
    if case.lawyer_id != current_staff().id:
        abort(404)


def _review(case: Case) -> LawyerReview | None:
    return review_work.current_review(db_session(), case)


def _editable(case: Case, review: LawyerReview | None) -> bool:
    return (case.state == CaseState.IN_LAWYER_REVIEW and review is not None
            and review.status == WorkStatus.IN_PROGRESS)


def _saved_content(review: LawyerReview) -> dict[str, Any]:
    if review.envelope is None:
        return review_work.empty_content()
    reader = Reader.of(current_staff(), REASON)
    return decrypt_correction(db_session(), review, office_keyring(), actor=reader.actor,
                              reason=REASON, actor_id=reader.actor_id)


def _page(case: Case, *, posted: dict[str, dict[str, str]] | None = None,
          remarks: str | None = None, status: int = 200, error: str | None = None
          ) -> tuple[str, int]:
    session = db_session()
    review = _review(case)
    done = submitted_translation(session, case)
    if done is None or review is None:
        return render_template("lawyer_review/not_ready.html", case=case), status
    user = current_staff()
    reader = Reader.of(user, REASON)
    keyring = office_keyring()
    submission, opened = open_case_submission(session, case, keyring, reader)
    texts = translation_work.texts_of(decrypt_translation(
        session, done, keyring, actor=reader.actor, reason=REASON, actor_id=reader.actor_id))
    content = _saved_content(review)
    session.commit()  # keep the audit entries whatever happens next
    q = answers_module.load_questionnaire(submission.questionnaire_version)
    labels = labels_of(q)
    staff_text = gettext_for(str(get_locale()), "messages")
    original = gettext_for(opened.locale, "messages")
    saved = review_work.field_texts(content)
    values = posted if posted is not None else saved
    items = []
    for row in answer_rows(q, opened.answers):
        entries = {e.kind: e for e in review_work.entries_for(content, row.question_id)}
        items.append({
            "row": row,
            "question": row.question_text(staff_text),
            "section": row.section_title(staff_text),
            "original": row.text(original, labels),
            "translation": texts.get(row.question_id, ""),
            "values": values.get(row.question_id, {}),
            "entries": entries,
        })
    saved_remarks = review_work.remarks_of(content)
    deadline = session.scalar(
        select(Deadline).where(Deadline.case_id == case.id,
                               Deadline.stage == DeadlineStage.LAWYER_REVIEW.value)
        .order_by(Deadline.id.desc()))
    return render_template(
        "lawyer_review/case.html", case=case, review=review, translation=done, items=items,
        applicant=get_locale_info(opened.locale), editable=_editable(case, review),
        remarks=remarks if remarks is not None else (saved_remarks.text if saved_remarks else ""),
        remarks_entry=saved_remarks, deadline=deadline, now=utcnow(), error=error,
    ), status


@bp.get("/cases/<int:case_id>/review")
@require_roles(Role.LAWYER)
@with_case(Purpose.CONTENT)
def case_page(case: Case) -> tuple[str, int]:
    _own_case(case)
    return _page(case)


def _posted() -> dict[str, dict[str, str]]:
    posted: dict[str, dict[str, str]] = {}
    count = 0
    for name, value in request.form.items():
        match = FIELD.match(name)
        if match is None:
            continue
        kind, qid = match.groups()
        count += 1
        if not QUESTION_ID.match(qid) or count > MAX_FIELDS:
            abort(400)
        posted.setdefault(qid, {})[kind] = value
    return posted


@bp.post("/cases/<int:case_id>/review")
@require_roles(Role.LAWYER)
@with_case(Purpose.CONTENT)
def save(case: Case) -> Response | tuple[str, int] | tuple[Response, int]:
    _own_case(case)
    user = current_staff()
    session = db_session()
    review = _review(case)
    action = request.form.get("action", "save")
    as_json = action == "autosave"
    if not _editable(case, review):
        message = _("This review can no longer be changed.")
        if as_json:
            return jsonify(error=message), 409
        flash(message, "error")
        return redirect(url_for("lawyer_review.case_page", case_id=case.id))
    assert review is not None
    posted, remarks = _posted(), request.form.get("remarks", "")
    try:
        expected = int(request.form.get("version", ""))
    except ValueError:
        abort(400)
    try:
        if expected != review.version:
            raise review_work.StaleReviewError("stale")
        before = _saved_content(review)
        session.commit()  # the decryption's audit entry stays even if the save fails
        content = review_work.merge(before, posted, remarks, author=user, allowed=posted.keys())
        review_work.save(session, review, office_keyring().public, content,
                         expected_version=expected)
    except review_work.StaleReviewError:
        session.rollback()
        message = _("Someone else saved this review in the meantime. Your text is shown below "
                    "but was not saved; copy what you need, then reload the page.")
        if as_json:
            return jsonify(error=message), 409
        return _page(case, posted=posted, remarks=remarks, status=409, error=message)
    except review_work.ReviewError as exc:
        session.rollback()
        if as_json:
            return jsonify(error=str(exc)), 422
        return _page(case, posted=posted, remarks=remarks, status=422, error=str(exc))
    if action == "submit":
        review_work.submit(session, case, review, user)
    session.commit()
    if as_json:
        return jsonify(version=review.version), 200
    if action == "submit":
        flash(_("Your review was submitted. The case goes on to screening."), "success")
        return redirect(url_for("lawyer_review.queue"))
    flash(_("Review saved."), "success")
    return redirect(url_for("lawyer_review.case_page", case_id=case.id))
