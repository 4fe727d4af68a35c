"""The translator's screens: the agency's queue and the answer-by-answer sworn translation.

A translator sees only cases assigned to their own agency (``admin.access`` checks the case,
and the view checks the translation record belongs to the agency too). Opening a case decrypts
the sealed submission through the vault (audited, reason "translation"). Saving never decrypts:
the form posts every translation field and the whole translation is stored again, encrypted, as
a new version (a stale version is refused and the typed text shown again, not lost). Submitting
checks that every answer has a translation, records the sworn translator's name and register
number, and moves the case to the lawyer's review.
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
from admin.outbox import send_notices
from hearing import answers as answers_module
from hearing import translation as work
from hearing.answers import AnswerRow, answer_rows, labels_of
from hearing.case_file import Reader, open_case_submission
from hearing.locales import get_locale_info
from hearing.models import (
    Case,
    CaseState,
    Deadline,
    DeadlineStage,
    Role,
    Translation,
    User,
    WorkStatus,
    utcnow,
)
from hearing.translate import gettext_for
from hearing.vault.office import decrypt_translation
from hearing.web import db_session, settings

bp = Blueprint("translation", __name__)

REASON = "translation"
FIELD_PREFIX = "t-"
# Question ids are dotted names (``identity.name``); anything else in a field name is refused.
QUESTION_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,120}$")
MAX_FIELDS = 1000
QUEUE_LIMIT = 500


def _agency_translation(case: Case, user: User) -> Translation:
    """The case's current translation if it belongs to the user's agency; otherwise 404."""
    current = work.current_translation(db_session(), case)
    if (current is None or user.organisation_id is None
            or current.agency_id != user.organisation_id
            or case.translation_agency_id != user.organisation_id):
        abort(404)
    return current


def _editable(case: Case, current: Translation) -> bool:
    return case.state == CaseState.IN_TRANSLATION and current.status == WorkStatus.IN_PROGRESS


@bp.get("/translation")
@require_roles(Role.TRANSLATOR)
def queue() -> str:
    user = current_staff()
    due = (
        select(Deadline.case_id, func.min(Deadline.due_at).label("due_at"))
        .where(Deadline.closed_at.is_(None), Deadline.stage == DeadlineStage.TRANSLATION.value)
        .group_by(Deadline.case_id).subquery()
    )
    query = (
        visible_cases(user, Purpose.METADATA)
        .where(Case.translation_agency_id == user.organisation_id,
               Case.state == CaseState.IN_TRANSLATION.value,
               # Only cases with work for this agency: what the case page will open.
               Case.id.in_(select(Translation.case_id).where(
                   Translation.agency_id == user.organisation_id,
                   Translation.status == WorkStatus.IN_PROGRESS.value)))
        .outerjoin(due, due.c.case_id == Case.id)
        .add_columns(due.c.due_at)
        .order_by(due.c.due_at.is_(None), due.c.due_at, Case.id)
        .limit(QUEUE_LIMIT)
    )
    rows = db_session().execute(query).all()
    return render_template("translation/queue.html", rows=rows, now=utcnow(), limit=QUEUE_LIMIT)


def _posted_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for name, value in request.form.items():
        if not name.startswith(FIELD_PREFIX):
            continue
        qid = name[len(FIELD_PREFIX):]
        if not QUESTION_ID.match(qid) or len(texts) >= MAX_FIELDS:
            abort(400)
        texts[qid] = value
    return work.clean_texts(texts, texts.keys())


def _expected_version() -> int:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        abort(400)


def _page(case: Case, current: Translation, *, texts: dict[str, str] | None = None,
          status: int = 200, error: str | None = None) -> tuple[str, int]:
    """The translation page: decrypts the submission (and the stored translation unless the
    caller passes the texts to show), each audited."""
    user = current_staff()
    session = db_session()
    reader = Reader.of(user, REASON)
    keyring = office_keyring()
    submission, opened = open_case_submission(session, case, keyring, reader)
    if texts is None:
        texts = {}
        if current.envelope is not None:
            texts = work.texts_of(decrypt_translation(
                session, current, keyring, actor=reader.actor, reason=REASON,
                actor_id=reader.actor_id))
    # The audit entries must stay even if rendering fails later.
    session.commit()
    q = answers_module.load_questionnaire(submission.questionnaire_version)
    rows = answer_rows(q, opened.answers)
    labels = labels_of(q)
    staff_text = gettext_for(str(get_locale()), "messages")
    nl = gettext_for("nl", "messages")
    original = gettext_for(opened.locale, "messages")
    items: list[dict[str, Any]] = []
    for row in rows:
        suggestion = "" if row.free_text else row.text(nl, labels)
        items.append({
            "row": row,
            "field": FIELD_PREFIX + row.question_id,
            "question": row.question_text(staff_text),
            "section": row.section_title(staff_text),
            "original_question": row.question_text(original),
            "original": row.text(original, labels),
            # Answers chosen from a list are offered in Dutch for the translator to confirm.
            "value": texts.get(row.question_id, suggestion),
        })
    deadline = session.scalar(
        select(Deadline).where(Deadline.case_id == case.id,
                               Deadline.stage == DeadlineStage.TRANSLATION.value,
                               Deadline.closed_at.is_(None)).order_by(Deadline.id.desc()))
    return render_template(
        "translation/case.html", case=case, translation=current, items=items,
        applicant=get_locale_info(opened.locale), editable=_editable(case, current),
        missing=work.missing(rows, texts), deadline=deadline, now=utcnow(), error=error,
        translator_name=request.form.get("translator_name") or current.translator_name
        or user.full_name,
        register_number=request.form.get("register_number") or current.register_number
        or user.register_number or "",
    ), status


@bp.get("/cases/<int:case_id>/translation")
@require_roles(Role.TRANSLATOR)
@with_case(Purpose.CONTENT)
def case_page(case: Case) -> tuple[str, int]:
    return _page(case, _agency_translation(case, current_staff()))


@bp.post("/cases/<int:case_id>/translation")
@require_roles(Role.TRANSLATOR)
@with_case(Purpose.CONTENT)
def save(case: Case) -> Response | tuple[str, int] | tuple[Response, int]:
    user = current_staff()
    current = _agency_translation(case, user)
    action = request.form.get("action", "save")
    as_json = action == "autosave"
    if not _editable(case, current):
        if as_json:
            return jsonify(error=_("This translation can no longer be changed.")), 409
        flash(_("This translation can no longer be changed."), "error")
        return redirect(url_for("translation.case_page", case_id=case.id))
    session = db_session()
    try:
        texts = _posted_texts()
        work.save(session, current, office_keyring().public, texts, translator=user,
                  expected_version=_expected_version())
    except work.StaleVersionError:
        session.rollback()
        message = _("Someone else saved this translation in the meantime. Your text is shown "
                    "below but was not saved; copy what you need, then reload the page.")
        if as_json:
            return jsonify(error=message), 409
        return _page(case, current, texts=_posted_texts(), status=409, error=message)
    except work.TranslationError as exc:
        session.rollback()
        if as_json:
            return jsonify(error=str(exc)), 422
        return _page(case, current, texts=_posted_texts(), status=422, error=str(exc))
    session.commit()
    if as_json:
        return jsonify(version=current.version), 200
    if action != "submit":
        flash(_("Translation saved."), "success")
        return redirect(url_for("translation.case_page", case_id=case.id))
    return _submit(case, current, texts)


def _submit(case: Case, current: Translation, texts: dict[str, str]) -> Response | tuple[str, int]:
    user = current_staff()
    session = db_session()
    submission, opened = open_case_submission(session, case, office_keyring(),
                                              Reader.of(user, REASON))
    questionnaire = answers_module.load_questionnaire(submission.questionnaire_version)
    rows: list[AnswerRow] = answer_rows(questionnaire, opened.answers)
    try:
        notices = work.submit(
            session, case, current, rows, texts, translator=user,
            translator_name=request.form.get("translator_name", ""),
            register_number=request.form.get("register_number", ""), settings=settings(),
        )
    except work.TranslationError:
        # Keep the save and the audit entry; tell what is missing on the page.
        session.commit()
        gaps = work.missing(rows, texts)
        message = (_("%(n)d answer(s) still need a translation.", n=len(gaps)) if gaps else
                   _("Fill in the sworn translator's name and register number."))
        return _page(case, current, status=422, error=message)
    session.commit()
    _sent, failed = send_notices(notices)
    flash(_("Translation submitted. The case has gone to the lawyer."), "success")
    if failed:
        flash(_("The email to the lawyer could not be sent; the deadline reminder will "
                "follow."), "error")
    return redirect(url_for("translation.queue"))
