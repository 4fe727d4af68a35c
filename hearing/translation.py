"""The translation stage: which agency gets a sealed hearing, saving and submitting the sworn
translation, and handing the case on to the lawyer's review.

Choosing the agency (no setting needed, no model change): a sealed case goes to

1. the agency already on the case, if the planner set one beforehand;
2. otherwise the agency that most recently had a translation in the same language (the
   submission's locale) that it did not hand back: agencies keep the languages they have
   sworn translators for, and the history shows which those are;
3. otherwise the translation agency with the fewest translations in progress (ties: the
   oldest agency), so new languages are spread over the agencies.

The planner can reassign at any time during translation; the earlier agency's saved work stays
stored (status ``reassigned``) and the new agency starts a new translation record and clock.

A translation is stored as one vault envelope (``Translation.envelope``) holding
``{"format": 1, "answers": {question id: Dutch text}}``; every save replaces it and bumps
``Translation.version``, and a save naming an older version is refused, so two translators on
one case never overwrite each other silently. Nothing here decrypts: the caller passes what it
read through the vault's audited functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hearing import audit, deadlines, notifications
from hearing.config import Settings
from hearing.models import (
    Case,
    CaseState,
    DeadlineStage,
    LawyerReview,
    Organisation,
    OrganisationKind,
    Role,
    Submission,
    Translation,
    User,
    WorkStatus,
    utcnow,
)
from hearing.vault.public import OfficePublicKey, encrypt_translation
from hearing.workflow import SYSTEM, Actor, TransitionError, transition

if TYPE_CHECKING:
    from hearing.answers import AnswerRow

CONTENT_FORMAT = 1
# A translation of one answer; generous (long accounts), but bounded against abuse.
MAX_TEXT = 50_000


class TranslationError(Exception):
    """A translation step that cannot be done as asked; the message says why."""


class StaleVersionError(TranslationError):
    """The translation was saved elsewhere after this form was loaded."""


def submission_of(session: Session, case: Case) -> Submission:
    submission = session.scalar(select(Submission).where(Submission.case_id == case.id))
    if submission is None:
        raise TranslationError(f"case {case.v_number} has no sealed submission")
    return submission


def _agencies(session: Session) -> list[Organisation]:
    return list(session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.TRANSLATION_AGENCY.value)
        .order_by(Organisation.created_at, Organisation.id)
    ))


def choose_agency(session: Session, case: Case) -> Organisation | None:
    """The default agency for a sealed case (see the module docstring for the rule)."""
    if case.translation_agency_id is not None:
        return session.get(Organisation, case.translation_agency_id)
    submission = session.scalar(select(Submission).where(Submission.case_id == case.id))
    locale = submission.locale if submission is not None else case.preferred_locale
    same_language = session.scalar(
        select(Translation.agency_id)
        .join(Submission, Submission.id == Translation.submission_id)
        .where(Submission.locale == locale, Translation.case_id != case.id,
               Translation.status != WorkStatus.REASSIGNED.value)
        .order_by(Translation.assigned_at.desc(), Translation.id.desc())
        .limit(1)
    )
    if same_language is not None:
        return session.get(Organisation, same_language)
    agencies = _agencies(session)
    if not agencies:
        return None
    load = {agency_id: count for agency_id, count in session.execute(
        select(Translation.agency_id, func.count())
        .where(Translation.status == WorkStatus.IN_PROGRESS.value)
        .group_by(Translation.agency_id)
    )}
    return min(agencies, key=lambda a: load.get(a.id, 0))  # min keeps the first of equals


def agency_addresses(session: Session, agency: Organisation) -> list[str]:
    """The agency's own address; without one, its active translators' addresses."""
    if agency.email:
        return [agency.email]
    users = session.scalars(
        select(User).where(User.organisation_id == agency.id, User.active.is_(True))
        .order_by(User.id)
    ).all()
    return [u.email for u in users if u.email and u.has_role(Role.TRANSLATOR)]


def _assign(
    session: Session, case: Case, agency: Organisation, submission: Submission,
    settings: Settings, now: dt.datetime,
) -> list[notifications.Notice]:
    if agency.kind != OrganisationKind.TRANSLATION_AGENCY.value:
        raise TranslationError(f"{agency.name} is not a translation agency")
    case.translation_agency_id = agency.id
    session.add(Translation(case_id=case.id, submission_id=submission.id, agency_id=agency.id,
                            status=WorkStatus.IN_PROGRESS.value, assigned_at=now))
    deadline = deadlines.open_deadline(session, case, DeadlineStage.TRANSLATION, settings, now)
    return [notifications.assignment(case, to, deadline, settings)
            for to in agency_addresses(session, agency)]


def send_to_translation(
    session: Session, case: Case, actor: Actor, settings: Settings, *,
    agency: Organisation | None = None, now: dt.datetime | None = None,
) -> list[notifications.Notice]:
    """Assign a sealed case to an agency (default: :func:`choose_agency`) and start its clock.

    Returns the emails to send once the transaction has committed.
    """
    now = now or utcnow()
    submission = submission_of(session, case)
    agency = agency or choose_agency(session, case)
    if agency is None:
        raise TranslationError("there is no translation agency to send the case to")
    transition(session, case, "send_to_translation", actor, at=now)
    return _assign(session, case, agency, submission, settings, now)


def current_translation(session: Session, case: Case) -> Translation | None:
    """The translation record the case's current agency works on (or submitted)."""
    return session.scalar(
        select(Translation).where(
            Translation.case_id == case.id,
            Translation.status.in_([WorkStatus.IN_PROGRESS.value, WorkStatus.SUBMITTED.value]),
        ).order_by(Translation.id.desc()).limit(1)
    )


def reassign(
    session: Session, case: Case, agency: Organisation, actor: Actor, settings: Settings, *,
    reason: str | None = None, now: dt.datetime | None = None,
) -> list[notifications.Notice]:
    """Move a case in translation to another agency (planner). Audited; restarts the clock."""
    now = now or utcnow()
    if case.state != CaseState.IN_TRANSLATION:
        raise TranslationError(f"case {case.v_number} is not in translation")
    current = current_translation(session, case)
    if current is not None and current.agency_id == agency.id:
        raise TranslationError(f"case {case.v_number} is already with {agency.name}")
    previous = case.translation_agency_id
    if current is not None:
        current.status = WorkStatus.REASSIGNED.value
    notices = _assign(session, case, agency, submission_of(session, case), settings, now)
    audit.append(session, actor.label, "translation.reassign", case.id, "translation",
                 reason or "reassigned by planner",
                 {"from_agency": previous, "to_agency": agency.id},
                 actor_id=actor.user.id if actor.user is not None else None)
    session.flush()
    return notices


def dispatch_submitted(
    session: Session, settings: Settings, now: dt.datetime | None = None
) -> tuple[list[str], list[notifications.Notice]]:
    """Send every sealed case that is still waiting to its default agency (``hearing remind``).

    Cases with no agency to go to are left for the planner; returns the V-numbers sent.
    """
    now = now or utcnow()
    sent: list[str] = []
    notices: list[notifications.Notice] = []
    waiting = session.scalars(
        select(Case).join(Submission, Submission.case_id == Case.id)
        .where(Case.state == CaseState.SUBMITTED.value).order_by(Submission.sealed_at, Case.id)
    ).all()
    for case in waiting:
        if choose_agency(session, case) is None:
            continue
        try:
            with session.begin_nested():
                notices += send_to_translation(session, case, SYSTEM, settings, now=now)
        except (TranslationError, TransitionError):
            continue  # e.g. a non-agency set by hand: the planner sees the case still waiting
        sent.append(case.v_number)
    return sent, notices


def clean_texts(posted: Mapping[str, str], allowed: Iterable[str]) -> dict[str, str]:
    """The posted translations of known answers, trimmed; empty ones dropped."""
    allowed_ids = set(allowed)
    texts: dict[str, str] = {}
    for qid, text in posted.items():
        if qid not in allowed_ids:
            continue
        text = text.replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            raise TranslationError(f"the translation of {qid} is longer than {MAX_TEXT} characters")
        if text:
            texts[qid] = text
    return texts


def missing(rows: Iterable[AnswerRow], texts: Mapping[str, str]) -> list[str]:
    """Question ids of answers that need a translation and have none yet."""
    return [r.question_id for r in rows if r.needs_translation and not texts.get(r.question_id)]


def save(
    session: Session, translation: Translation, office: OfficePublicKey, texts: Mapping[str, str],
    *, translator: User, expected_version: int,
) -> int:
    """Store the whole translation as a new version; returns the new version number."""
    if translation.status != WorkStatus.IN_PROGRESS.value:
        raise TranslationError("this translation can no longer be changed")
    if expected_version != translation.version:
        raise StaleVersionError(
            f"the translation was saved elsewhere (version {translation.version}, "
            f"this form had {expected_version})"
        )
    submission = session.get(Submission, translation.submission_id)
    assert submission is not None
    content = {"format": CONTENT_FORMAT, "answers": dict(texts)}
    envelope = encrypt_translation(
        office, case_id=translation.case_id,
        questionnaire_version=submission.questionnaire_version, content=content,
    )
    # Compare-and-set in the database: of two saves racing from the same version, one wins.
    result = session.execute(
        update(Translation)
        .where(Translation.id == translation.id, Translation.version == expected_version,
               Translation.status == WorkStatus.IN_PROGRESS.value)
        .values(envelope=envelope, key_id=office.key_id, translator_id=translator.id,
                version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(translation)
        raise StaleVersionError(f"the translation was saved elsewhere (now {translation.version})")
    session.refresh(translation)
    return translation.version


def texts_of(content: Mapping[str, object]) -> dict[str, str]:
    """The answers of decrypted translation content."""
    answers = content.get("answers")
    if not isinstance(answers, Mapping):
        return {}
    return {str(k): str(v) for k, v in answers.items() if isinstance(v, str)}


def submit(
    session: Session, case: Case, translation: Translation, rows: Iterable[AnswerRow],
    texts: Mapping[str, str], *, translator: User, translator_name: str, register_number: str,
    settings: Settings, now: dt.datetime | None = None,
) -> list[notifications.Notice]:
    """Finish the translation: record the sworn translator, move the case to lawyer review.

    ``texts`` must be what is stored (the caller saved first). Returns the email to the lawyer.
    """
    now = now or utcnow()
    if translation.case_id != case.id or translation.status != WorkStatus.IN_PROGRESS.value:
        raise TranslationError("this translation can no longer be submitted")
    gaps = missing(rows, texts)
    if gaps:
        raise TranslationError(f"{len(gaps)} answer(s) still need a translation")
    translator_name, register_number = translator_name.strip(), register_number.strip()
    if not translator_name or not register_number:
        raise TranslationError("the sworn translator's name and register number are required")
    try:
        transition(session, case, "finish_translation", Actor.of(translator), at=now)
    except TransitionError as exc:
        raise TranslationError(str(exc)) from None
    translation.status = WorkStatus.SUBMITTED.value
    translation.submitted_at = now
    translation.translator_id = translator.id
    translation.translator_name = translator_name[:200]
    translation.register_number = register_number[:32]
    deadlines.close_deadline(session, case, DeadlineStage.TRANSLATION, now)
    session.add(LawyerReview(case_id=case.id, lawyer_id=case.lawyer_id, started_at=now))
    deadline = deadlines.open_deadline(session, case, DeadlineStage.LAWYER_REVIEW, settings, now)
    lawyer = session.get(User, case.lawyer_id) if case.lawyer_id else None
    session.flush()
    if lawyer is None or not lawyer.email:
        return []
    return [notifications.review_requested(case, lawyer.email, deadline, settings)]
