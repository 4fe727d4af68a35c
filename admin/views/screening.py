"""Eligibility in the back office: the rules page with its what-if form, the planner's selection
run, the screener's hand-off screening, and the decision officer's queue and decision.

Every case route takes ``<int:case_id>`` through ``with_case`` below ``require_roles``: a role
that may not use the page gets 403 for every id, a case out of reach 404 like a missing one.
Screening results are stored with the rule set's id, version and content hash; overrides and
exclusions need a written reason and are audited (the override in the audit log, the exclusion
as a workflow event with its reason).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import func, select

from admin.access import Purpose, current_staff, require_roles, visible_cases, with_case
from admin.views.screening_forms import (
    DISCLOSURE_LABELS,
    OUTCOME_LABELS,
    ContentFactsForm,
    CsrfOnly,
    DecisionForm,
    ExcludeForm,
    HandoffForm,
)
from hearing import decisions
from hearing.eligibility import SHIPPED, FactsError, RuleSet, shipped
from hearing.eligibility import screening as screens
from hearing.eligibility.ruleset import Evaluation
from hearing.models import (
    Case,
    CaseState,
    Deadline,
    DecisionOutcome,
    Handoff,
    Role,
    Route,
    Screening,
    User,
    UserRole,
)
from hearing.web import db_session
from hearing.workflow import Actor, TransitionError, can, transition

bp = Blueprint("screening", __name__)

QUEUE_LIMIT = 500
S = CaseState


def _lang() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in ("nl", "en") else "en"


def _actor() -> Actor:
    return Actor.of(current_staff())


# -- showing results --------------------------------------------------------------------------


def _rows_of_evaluation(evaluation: Evaluation, lang: str) -> list[dict[str, Any]]:
    return [{"rule": r.rule.id, "kind": r.rule.kind, "fired": r.fired,
             "statement": r.rule.statement_in(lang), "reason": r.reason(lang)}
            for r in evaluation.results]


def _rows_of_screening(screening: Screening, lang: str) -> list[dict[str, Any]]:
    """Stored results, with today's statement of each rule where the rule set still has it."""
    ruleset = shipped(screening.ruleset_id) if screening.ruleset_id in SHIPPED else None
    rows = []
    for result in screening.results or []:
        rule_id = str(result.get("rule"))
        try:
            statement = ruleset.rule(rule_id).statement_in(lang) if ruleset else ""
        except KeyError:
            statement = ""
        reason = result.get("reason")
        text = (reason.get(lang) or reason.get("en", "")) if isinstance(reason, dict) \
            else str(reason or "")
        rows.append({"rule": rule_id, "kind": result.get("kind"),
                     "fired": bool(result.get("fired")), "statement": statement,
                     "reason": text})
    return rows


def _reason_texts(screening: Screening, lang: str) -> list[tuple[str, str]]:
    """The stored verdict's reasons as (id, statement): fired exclusions, else fired route
    rules, else the rule set's "otherwise" reason (the same order the engine uses)."""
    ruleset = shipped(screening.ruleset_id) if screening.ruleset_id in SHIPPED else None
    fired = list(screens.fired_rules(screening))
    if ruleset is None:
        return [(rule_id, "") for rule_id in fired]
    known = {rule.id: rule for rule in ruleset.rules}
    excluded = [r for r in fired if r in known and known[r].kind == "exclude"]
    routed = [r for r in fired if r in known and known[r].kind == "route"]
    chosen = excluded or (routed if screening.route else [])
    if not chosen:
        reason = ruleset.otherwise.reason
        return [(reason, ruleset.reason_statement(reason, lang))]
    return [(r, known[r].statement_in(lang)) for r in chosen]


def _next_due():  # type: ignore[no-untyped-def]
    return (select(Deadline.case_id, func.min(Deadline.due_at).label("due_at"))
            .where(Deadline.closed_at.is_(None)).group_by(Deadline.case_id).subquery())


# -- rules page and what-if -------------------------------------------------------------------


def _ruleset_or_404(name: str) -> RuleSet:
    if name not in SHIPPED:
        abort(404)
    return shipped(name)


@bp.get("/rules")
@login_required
def rules() -> str:
    return render_template("screening/rules.html", rulesets=[shipped(n) for n in SHIPPED],
                           lang=_lang())


@bp.route("/rules/<name>/what-if", methods=["GET", "POST"])
@login_required
def what_if(name: str) -> Any:
    ruleset = _ruleset_or_404(name)
    form = CsrfOnly()
    errors: dict[str, str] = {}
    evaluation = None
    raw: dict[str, str] = {}
    on = None
    if request.method == "POST" and form.validate_on_submit():
        for input_name, spec in ruleset.inputs.items():
            if spec.type == "set":
                raw[input_name] = ";".join(request.form.getlist(input_name))
            else:
                raw[input_name] = request.form.get(input_name, "")
        on_text = request.form.get("on", "").strip()
        try:
            on = dt.date.fromisoformat(on_text) if on_text else dt.date.today()
        except ValueError:
            errors["on"] = _("Enter a date as YYYY-MM-DD.")
            on = dt.date.today()
        facts, parse_errors = ruleset.parse_facts(raw, on)
        errors.update(parse_errors)
        if not errors:
            evaluation = ruleset.evaluate(facts, on, checked=True)
    status = 422 if errors else 200
    lang = _lang()
    return render_template(
        "screening/what_if.html", ruleset=ruleset, form=form, raw=raw, errors=errors,
        on=on, evaluation=evaluation, lang=lang,
        rows=_rows_of_evaluation(evaluation, lang) if evaluation else [],
        reasons=[(r, evaluation.ruleset.reason_statement(r, lang))
                 for r in evaluation.reasons] if evaluation else [],
    ), status


# -- planner: selection -----------------------------------------------------------------------


@bp.route("/selection/cases/<int:case_id>", methods=["GET", "POST"])
@require_roles(Role.PLANNER)
@with_case(Purpose.CONTENT)
def selection(case: Case) -> Any:
    form = CsrfOnly()
    db = db_session()
    may_apply = S(case.state) in screens.SELECTION_STATES
    if request.method == "POST" and form.validate_on_submit():
        if not may_apply:
            flash(_("The selection rules can only be applied before the applicant starts on "
                    "the form."), "error")
            return redirect(url_for("screening.selection", case_id=case.id))
        try:
            _screening, evaluation = screens.screen_selection(db, case, _actor())
        except (screens.ScreeningError, TransitionError, FactsError) as exc:
            db.rollback()
            flash(str(exc), "error")
            return redirect(url_for("screening.selection", case_id=case.id))
        db.commit()
        flash(_("Selection rules applied: %(verdict)s.", verdict=evaluation.verdict), "info")
        return redirect(url_for("screening.selection", case_id=case.id))
    latest = screens.latest(db, case.id, screens.SELECTION)
    lang = _lang()
    ruleset = shipped(screens.SELECTION)
    facts = screens.selection_facts(case)
    try:
        preview: Evaluation | None = ruleset.evaluate(facts)
        fact_errors: dict[str, str] = {}
    except FactsError as exc:
        # A case registered with a value the rules cannot use: say which, do not guess.
        preview, fact_errors = None, exc.errors
    return render_template(
        "screening/selection.html", case=case, form=form, latest=latest, lang=lang,
        may_apply=may_apply and preview is not None, ruleset=ruleset, preview=preview,
        fact_errors=fact_errors,
        preview_rows=_rows_of_evaluation(preview, lang) if preview else [],
        preview_reasons=[(r, ruleset.reason_statement(r, lang))
                         for r in preview.reasons] if preview else [],
        latest_rows=_rows_of_screening(latest, lang) if latest else [],
        latest_reasons=_reason_texts(latest, lang) if latest else [],
        facts=[(spec.label_in(lang), spec.format(facts[name], lang))
               for name, spec in ruleset.inputs.items()],
    )


# -- screener ---------------------------------------------------------------------------------


@bp.get("/screening")
@require_roles(Role.SCREENER)
def screener_queue() -> str:
    next_due = _next_due()
    query = (visible_cases(current_staff(), Purpose.METADATA)
             .where(Case.state == S.READY_FOR_SCREENING.value)
             .outerjoin(next_due, next_due.c.case_id == Case.id)
             .add_columns(next_due.c.due_at)
             .order_by(next_due.c.due_at.is_(None), next_due.c.due_at, Case.created_at,
                       Case.id)
             .limit(QUEUE_LIMIT))
    rows = db_session().execute(query).all()
    return render_template("screening/queue.html", rows=rows, limit=QUEUE_LIMIT)


def _officers() -> list[User]:
    return list(db_session().scalars(
        select(User).join(UserRole).where(UserRole.role == Role.DECISION_OFFICER.value,
                                          User.active.is_(True))
        .order_by(User.full_name)).unique())


def _screener_page(case: Case, *, facts_form: ContentFactsForm | None = None,
                   handoff_form: HandoffForm | None = None,
                   exclude_form: ExcludeForm | None = None, status: int = 200) -> Any:
    db = db_session()
    latest = screens.latest(db, case.id, screens.HANDOFF)
    handoff_form = handoff_form or HandoffForm(formdata=None)
    handoff_form.officer_id.choices = [(0, "—")] + [(u.id, u.full_name) for u in _officers()]
    lang = _lang()
    verdict, route = screens.final_verdict(latest) if latest else (None, None)
    return render_template(
        "screening/case.html", case=case, latest=latest, lang=lang,
        facts_form=facts_form or ContentFactsForm(formdata=None),
        handoff_form=handoff_form, exclude_form=exclude_form or ExcludeForm(formdata=None),
        rows=_rows_of_screening(latest, lang) if latest else [],
        reasons=_reason_texts(latest, lang) if latest else [],
        verdict=verdict, route=route, ready=verdict == screens.READY,
        can_hand_off=can(case, "hand_off"), can_exclude=can(case, "exclude"),
    ), status


@bp.get("/screening/cases/<int:case_id>")
@require_roles(Role.SCREENER)
@with_case(Purpose.CONTENT)
def screener_case(case: Case) -> Any:
    return _screener_page(case)


@bp.post("/screening/cases/<int:case_id>/run")
@require_roles(Role.SCREENER)
@with_case(Purpose.CONTENT)
def run_handoff(case: Case) -> Any:
    form = ContentFactsForm()
    if not form.validate_on_submit():
        return _screener_page(case, facts_form=form, status=422)
    db = db_session()
    content = screens.ContentFacts(
        required_answered=bool(form.required_answered.data),
        in_person_marked=bool(form.in_person_marked.data),
        disclosures=frozenset(d for d in form.disclosures.data or () if d in DISCLOSURE_LABELS))
    try:
        screens.screen_handoff(db, case, content, _actor())
    except screens.ScreeningError as exc:
        db.rollback()
        flash(str(exc), "error")
        return redirect(url_for("screening.screener_case", case_id=case.id))
    db.commit()
    flash(_("Hand-off rules applied."), "info")
    return redirect(url_for("screening.screener_case", case_id=case.id))


@bp.post("/screening/cases/<int:case_id>/hand-off")
@require_roles(Role.SCREENER)
@with_case(Purpose.CONTENT)
def hand_off(case: Case) -> Any:
    form = HandoffForm()
    form.officer_id.choices = [(0, "—")] + [(u.id, u.full_name) for u in _officers()]
    db = db_session()
    latest = screens.latest(db, case.id, screens.HANDOFF)
    if not form.validate_on_submit() or not form.officer_id.data:
        if not form.officer_id.data:
            form.officer_id.errors = [_("Choose a decision officer.")]
        return _screener_page(case, handoff_form=form, status=422)
    if latest is None:
        flash(_("Run the hand-off rules first."), "error")
        return _screener_page(case, handoff_form=form, status=422)
    reason = (form.override_reason.data or "").strip()
    actor = _actor()
    if latest.verdict != screens.READY or form.override_route.data:
        # The rules did not say "ready" (or the screener wants another route): only a written,
        # audited override lets the file go on.
        route = form.override_route.data or latest.route
        if not reason or route not in (Route.REPLACE, Route.PREPARE):
            form.override_reason.errors = [
                _("The rules do not say the file is ready: give the route and a reason to "
                  "override them.")]
            return _screener_page(case, handoff_form=form, status=422)
        screens.override(db, latest, verdict=screens.READY, route=route, reason=reason,
                         actor=actor)
    officer = db.get(User, form.officer_id.data)
    if officer is None:
        abort(404)
    try:
        decisions.hand_off(db, case, latest, officer, actor)
    except (decisions.DecisionError, TransitionError) as exc:
        db.rollback()
        flash(str(exc), "error")
        return redirect(url_for("screening.screener_case", case_id=case.id))
    db.commit()
    flash(_("Handed to %(name)s.", name=officer.full_name), "info")
    return redirect(url_for("screening.screener_queue"))


@bp.post("/screening/cases/<int:case_id>/exclude")
@require_roles(Role.SCREENER)
@with_case(Purpose.CONTENT)
def exclude(case: Case) -> Any:
    form = ExcludeForm()
    if not form.validate_on_submit():
        return _screener_page(case, exclude_form=form, status=422)
    db = db_session()
    try:
        transition(db, case, "exclude", _actor(), reason=form.reason.data.strip())
    except TransitionError as exc:
        db.rollback()
        flash(str(exc), "error")
        return redirect(url_for("screening.screener_case", case_id=case.id))
    db.commit()
    flash(_("The case has left the written procedure."), "info")
    return redirect(url_for("screening.screener_queue"))


# -- decision officer -------------------------------------------------------------------------


def _my_handoff(case: Case) -> Handoff:
    handoff = db_session().scalar(
        select(Handoff).where(Handoff.case_id == case.id,
                              Handoff.decision_officer_id == current_staff().id)
        .order_by(Handoff.id.desc()).limit(1))
    if handoff is None:
        abort(404)  # visible through another role, but not handed to this officer
    return handoff


@bp.get("/decisions")
@require_roles(Role.DECISION_OFFICER)
def officer_queue() -> str:
    me = current_staff()
    query = (visible_cases(me, Purpose.METADATA)
             .where(Case.state == S.HANDED_TO_DECISION_OFFICER.value)
             .join(Handoff, Handoff.case_id == Case.id)
             .where(Handoff.decision_officer_id == me.id)
             .add_columns(Handoff.at, Handoff.route)
             .order_by(Handoff.at, Case.id).limit(QUEUE_LIMIT))
    rows = db_session().execute(query).all()
    return render_template("screening/decisions.html", rows=rows, limit=QUEUE_LIMIT)


def _decision_page(case: Case, form: DecisionForm | None = None, status: int = 200) -> Any:
    handoff = _my_handoff(case)
    lang = _lang()
    form = form or DecisionForm(formdata=None)
    if handoff.route != Route.REPLACE:
        # Granting on the form is not offered off the replace route (the model refuses it too).
        form.outcome.choices = [(DecisionOutcome.HEARING_IN_PERSON.value,
                                 OUTCOME_LABELS[DecisionOutcome.HEARING_IN_PERSON])]
    screening = handoff.screening
    return render_template(
        "screening/decision.html", case=case, handoff=handoff, screening=screening, form=form,
        rows=_rows_of_screening(screening, lang), lang=lang,
        can_decide=S(case.state) is S.HANDED_TO_DECISION_OFFICER,
    ), status


@bp.get("/decisions/cases/<int:case_id>")
@require_roles(Role.DECISION_OFFICER)
@with_case(Purpose.CONTENT)
def officer_case(case: Case) -> Any:
    return _decision_page(case)


@bp.post("/decisions/cases/<int:case_id>")
@require_roles(Role.DECISION_OFFICER)
@with_case(Purpose.CONTENT)
def decide(case: Case) -> Any:
    handoff = _my_handoff(case)
    form = DecisionForm()
    if handoff.route != Route.REPLACE:
        form.outcome.choices = [(DecisionOutcome.HEARING_IN_PERSON.value,
                                 OUTCOME_LABELS[DecisionOutcome.HEARING_IN_PERSON])]
    if not form.validate_on_submit():
        return _decision_page(case, form, 422)
    reason = (form.reason.data or "").strip()
    if form.outcome.data == DecisionOutcome.HEARING_IN_PERSON and not reason:
        form.reason.errors = [_("Give the reason a hearing in person is needed.")]
        return _decision_page(case, form, 422)
    db = db_session()
    try:
        decisions.decide(db, case, handoff, form.outcome.data, _actor(), reason=reason)
    except (decisions.DecisionError, TransitionError) as exc:
        db.rollback()
        flash(str(exc), "error")
        return redirect(url_for("screening.officer_case", case_id=case.id))
    db.commit()
    flash(_("Decision recorded."), "info")
    return redirect(url_for("screening.officer_queue"))
