"""The questionnaire: sections, autosave, review, sealing and the applicant's receipt.

Two ways to save, one code path: the page's plain form post (works without JavaScript) and
the autosave endpoint (one question at a time, JSON) both turn the posted fields into answers
through ``hearing.questionnaire.forms`` and validate them with ``hearing.questionnaire.validate``.
A save is acknowledged only after the encrypted draft is committed with a version check, so
two kiosks on the same draft cannot overwrite each other silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, format_time, gettext
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from hearing import questionnaire as qn
from hearing.models import CaseState
from hearing.questionnaire import engine, forms, validate
from hearing.questionnaire.model import GROUP, Question, Section
from hearing.receipts import Counts
from hearing.web import db_session, settings
from hearing.workflow import APPLICANT, transition
from webform import drafts
from webform import receipt as receipts
from webform.applicant import Applicant, applicant_required, current_applicant, sign_out

bp = Blueprint("form", __name__)


def _applicant() -> Applicant:
    applicant = current_applicant()
    assert applicant is not None  # guaranteed by @applicant_required
    return applicant


def _questionnaire(applicant: Applicant) -> qn.Questionnaire:
    # A draft keeps the version it was started with, even after a newer one is published.
    return qn.load(applicant.draft.questionnaire_version)


def _fields_of(question: Question, posted: Mapping[str, list[str]]) -> dict[str, list[str]]:
    prefix = question.id + "."
    return {name: values for name, values in posted.items()
            if name == question.id or name.startswith(prefix)}


def _translate_error(error: validate.ValidationError) -> str:
    return gettext(error.message, **error.params)


def _answered_count(q: qn.Questionnaire, answers: dict[str, Any]) -> int:
    return engine.progress(q, answers).answered


def _apply(
    q: qn.Questionnaire, answers: dict[str, Any], question: Question,
    fields: Mapping[str, list[str]],
) -> list[validate.ValidationError]:
    """Validate one question's posted fields into ``answers``; errors leave the answer as it was."""
    raw = forms.from_fields(question, fields)
    value, errors = validate.validate(question, raw)
    if errors:
        return errors
    if value is None:
        answers.pop(question.id, None)
    else:
        answers[question.id] = value
    return []


def _section_context(
    q: qn.Questionnaire, section: Section, answers: dict[str, Any], applicant: Applicant,
    *, errors: Mapping[str, list[str]] | None = None,
    posted: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    visible = {question.id for question in engine.visible_questions(q, section.id, answers)}
    values: dict[str, dict[str, list[str]]] = {}
    for question in section.questions:
        if posted is not None and question.id in (errors or {}):
            # Show exactly what was typed when it could not be saved, so nothing is lost.
            values[question.id] = _fields_of(question, posted)
        else:
            values[question.id] = forms.to_fields(question, answers.get(question.id))
    progress = engine.progress(q, answers)
    # Per group item, which sub-questions its own answers show (e.g. "where does this child
    # live" only when the child is alive). Without JavaScript they appear after a save.
    item_visibility: dict[str, list[set[str]]] = {}
    for question in section.questions:
        if question.type == GROUP and isinstance(answers.get(question.id), list):
            item_visibility[question.id] = [
                {sub.key for sub in engine.visible_items(question, item)}
                for item in answers[question.id] if isinstance(item, dict)]
    return {
        "item_visibility": item_visibility,
        "questionnaire": q,
        "section": section,
        "sections": q.sections,
        "visible": visible,
        "values": values,
        "errors": errors or {},
        "progress": progress,
        "previous_section": q.previous_section(section.id),
        "next_section": q.next_section(section.id),
        "draft_version": applicant.draft.version,
        "calendar_default": default_calendar(),
    }


def default_calendar() -> str:
    """The calendar applicants of this language most likely count in (they can change it)."""
    from flask_babel import get_locale

    locale = str(get_locale())
    if locale in ("fa", "fa_AF", "ps"):
        return "solar_hijri"
    if locale in ("am", "ti"):
        return "ethiopian"
    return "gregorian"


@bp.get("/questions")
@applicant_required
def resume_point() -> Response:
    """Where a (returning) applicant lands: the first unanswered question."""
    applicant = _applicant()
    q = _questionnaire(applicant)
    answers = drafts.read(applicant.draft, applicant.key)
    where = engine.first_unanswered(q, answers)
    if where is None:
        return redirect(url_for("form.review"))
    section_id, question_id = where
    return redirect(url_for("form.section", section_id=section_id, _anchor=f"q-{question_id}"))


@bp.get("/questions/<section_id>")
@applicant_required
def section(section_id: str) -> str:
    applicant = _applicant()
    q = _questionnaire(applicant)
    try:
        current = q.section(section_id)
    except KeyError:
        abort(404)
    answers = drafts.read(applicant.draft, applicant.key)
    return render_template("form/section.html",
                           **_section_context(q, current, answers, applicant))


def _posted_fields() -> dict[str, list[str]]:
    form: MultiDict[str, str] = request.form
    return {name: form.getlist(name) for name in form}


def _group_action(
    q: qn.Questionnaire, answers: dict[str, Any], action: str, section: Section
) -> str | None:
    """Add or remove an item of a repeating group; returns the anchor to show, if any."""
    verb, _, rest = action.partition(":")
    question_id, _, index = rest.partition(":")
    question = next((item for item in section.questions if item.id == question_id), None)
    if question is None or question.type != GROUP:
        return None
    items = answers.get(question_id)
    items = list(items) if isinstance(items, list) else []
    if verb == "add" and (not question.max_items or len(items) < question.max_items):
        items.append({})
        answers[question_id] = items
        return f"q-{question_id}-{len(items) - 1}"
    if verb == "remove" and index.isdigit() and int(index) < len(items):
        del items[int(index)]
        if items:
            answers[question_id] = items
        else:
            # An empty list means "none" said explicitly; removing every entry is not that.
            answers.pop(question_id, None)
        return f"q-{question_id}"
    return f"q-{question_id}"


@bp.post("/questions/<section_id>")
@applicant_required
def save_section(section_id: str) -> Response | str:
    """The no-JavaScript save (also used for navigation and adding/removing group items)."""
    applicant = _applicant()
    q = _questionnaire(applicant)
    try:
        current = q.section(section_id)
    except KeyError:
        abort(404)
    db = db_session()
    answers = drafts.read(applicant.draft, applicant.key)
    visible_before = {item.id for item in engine.visible_questions(q, current.id, answers)}
    posted = _posted_fields()
    try:
        expected = int(request.form.get("draft_version", ""))
    except ValueError:
        expected = -1
    if expected != applicant.draft.version:
        db.refresh(applicant.draft)
        answers = drafts.read(applicant.draft, applicant.key)
        flash(gettext("Your answers were changed at another kiosk in the meantime. This page "
                      "now shows what is saved. Please check it."), "error")
        return make_response(render_template(
            "form/section.html", **_section_context(q, current, answers, applicant)), 409)

    errors: dict[str, list[str]] = {}
    for question in current.questions:
        if question.id not in visible_before:
            continue
        fields = _fields_of(question, posted)
        if not fields:
            continue
        problems = _apply(q, answers, question, fields)
        if problems:
            errors[question.id] = [_translate_error(problem) for problem in problems]

    action = request.form.get("action", "")
    anchor = None
    if action.startswith(("add:", "remove:")):
        anchor = _group_action(q, answers, action, current)

    try:
        drafts.save(db, applicant.draft, applicant.key, answers, expected,
                    _answered_count(q, answers))
    except drafts.DraftConflict:
        answers = drafts.read(applicant.draft, applicant.key)
        flash(gettext("Your answers were changed at another kiosk in the meantime. This page "
                      "now shows what is saved. Please check it."), "error")
        return make_response(render_template(
            "form/section.html", **_section_context(q, current, answers, applicant)), 409)

    if errors:
        return make_response(render_template(
            "form/section.html",
            **_section_context(q, current, answers, applicant, errors=errors, posted=posted)),
            422)
    if anchor is not None:
        return redirect(url_for("form.section", section_id=current.id, _anchor=anchor))
    visible_after = {item.id for item in engine.visible_questions(q, current.id, answers)}
    new_questions = [item.id for item in current.questions
                     if item.id in visible_after - visible_before]
    if new_questions:
        # An answer opened follow-up questions on this page: show them before moving on.
        return redirect(url_for("form.section", section_id=current.id,
                                _anchor=f"q-{new_questions[0]}"))
    return redirect(_destination(q, current, request.form.get("nav", "next")))


def _destination(q: qn.Questionnaire, current: Section, nav: str) -> str:
    if nav == "previous":
        previous = q.previous_section(current.id)
        if previous is not None:
            return url_for("form.section", section_id=previous.id)
        return url_for("form.section", section_id=current.id)
    if nav == "stay":
        return url_for("form.section", section_id=current.id)
    if nav.startswith("section:"):
        target = nav.removeprefix("section:")
        if any(item.id == target for item in q.sections):
            return url_for("form.section", section_id=target)
    if nav == "review":
        return url_for("form.review")
    following = q.next_section(current.id)
    if following is None:
        return url_for("form.review")
    return url_for("form.section", section_id=following.id)


@bp.post("/api/answer")
@applicant_required
def autosave() -> Response | tuple[dict[str, Any], int]:
    """Save one question's answer (JSON). 200 {version, visible, progress}; 409 on conflict."""
    applicant = _applicant()
    q = _questionnaire(applicant)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        # 422, so the page shows the message next to the field being typed in.
        return {"message": gettext("This answer could not be read. Please try again.")}, 422
    question_id = payload.get("question")
    values = payload.get("values")
    version = payload.get("version")
    try:
        question = q.question(question_id) if isinstance(question_id, str) else None
    except KeyError:
        question = None
    if question is None or question.parent is not None or not isinstance(values, dict) \
            or not isinstance(version, int):
        return {"message": gettext("This answer could not be read. Please try again.")}, 400
    fields = {name: value if isinstance(value, list) else [value]
              for name, value in values.items()
              if isinstance(name, str) and (name == question.id
                                            or name.startswith(question.id + "."))}
    if any(not isinstance(item, str) for value in fields.values() for item in value):
        return {"message": gettext("This answer could not be read. Please try again.")}, 400
    answers = drafts.read(applicant.draft, applicant.key)
    if not engine.is_visible(q, question.id, answers):
        return {"message": gettext("This question does not apply any more.")}, 422
    errors = _apply(q, answers, question, fields)
    if errors:
        return {"message": " ".join(_translate_error(error) for error in errors)}, 422
    try:
        new_version = drafts.save(db_session(), applicant.draft, applicant.key, answers,
                                  version, _answered_count(q, answers))
    except drafts.DraftConflict as conflict:
        return {"version": conflict.current_version,
                "message": gettext("Your answers were changed at another kiosk in the "
                                   "meantime. The page will show what is saved.")}, 409
    section = q.section_of(question.id)
    progress = engine.progress(q, answers)
    return {
        "version": new_version,
        "visible": [item.id for item in engine.visible_questions(q, section.id, answers)],
        "progress": {"answered": progress.answered, "total": progress.total,
                     "percent": progress.percent},
    }, 200


@bp.get("/review")
@applicant_required
def review() -> str:
    applicant = _applicant()
    q = _questionnaire(applicant)
    answers = drafts.read(applicant.draft, applicant.key)
    return render_template("form/review.html", **_review_context(q, answers, applicant))


def _review_context(
    q: qn.Questionnaire, answers: dict[str, Any], applicant: Applicant
) -> dict[str, Any]:
    shown = []
    for item in q.sections:
        questions = engine.visible_questions(q, item.id, answers)
        shown.append((item, [(question, answers.get(question.id)) for question in questions]))
    unanswered = [question for _, rows in shown for question, value in rows
                  if not engine.is_answered(question, value)]
    return {
        "questionnaire": q,
        "sections": q.sections,
        "shown": shown,
        "unanswered": unanswered,
        "progress": engine.progress(q, answers),
        "draft_version": applicant.draft.version,
    }


@bp.post("/seal")
@applicant_required
def seal() -> Response | str:
    """Seal the hearing: encrypt to the office key, destroy the draft, end the sitting."""
    applicant = _applicant()
    q = _questionnaire(applicant)
    db = db_session()
    answers = drafts.read(applicant.draft, applicant.key)
    if request.form.get("declaration") != "yes":
        context = _review_context(q, answers, applicant)
        return make_response(render_template(
            "form/review.html", declaration_error=gettext(
                "Please confirm the declaration before you send your answers."), **context), 422)
    try:
        expected = int(request.form.get("draft_version", ""))
    except ValueError:
        expected = -1
    if expected != applicant.draft.version:
        flash(gettext("Your answers were changed at another kiosk in the meantime. Please "
                      "check them again before you send them."), "error")
        return redirect(url_for("form.review"))
    case = applicant.case
    if case.state != CaseState.IN_PROGRESS:
        abort(409)
    sealable = engine.sealable_answers(q, answers)
    progress = engine.progress(q, answers)
    counts = Counts(answered=progress.answered, total=progress.total,
                    in_person=sum(1 for value in sealable.values()
                                  if value == {"special": "in_person"}))
    location_id = applicant.booking.location_id if applicant.booking is not None else None
    submission = drafts.seal(db, applicant.draft, applicant.key, sealable, locale=_locale())
    transition(db, case, "seal", APPLICANT)
    if applicant.booking is not None:
        applicant.booking.status = "completed"
    db.commit()
    sign_out()
    # The session remembers only which receipt this browser may print, for a short while.
    receipts.remember(submission, counts, location_id)
    return redirect(url_for("form.done"))


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale())


@bp.get("/done")
def done() -> str | Response:
    found = receipts.remembered(db_session())
    if found is None:
        return redirect(url_for("kiosk.language_picker"))
    submission, counts, _ = found
    local = submission.sealed_at.astimezone(ZoneInfo(settings().timezone))
    return render_template("form/done.html", submission=submission, counts=counts,
                           sealed_date=format_date(local, "long"),
                           sealed_time=format_time(local, "short"))


@bp.get("/receipt.pdf")
def receipt() -> Response:
    pdf = receipts.receipt_pdf(db_session(), settings())
    if pdf is None:
        abort(404)
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = "inline; filename=receipt.pdf"
    return response


@bp.post("/finish")
def finish() -> Response:
    """The applicant is done: forget the receipt and return the kiosk to the first screen."""
    receipts.forget()
    session.pop("locale", None)
    return redirect(url_for("kiosk.language_picker"))
