"""The case file from the database: the dossier's data and the back office's copy of the receipt.

Reads the sealed submission, the submitted sworn translation and the submitted lawyer review
through the vault's audited functions (one audit entry per decryption, with the caller's actor
and reason), and maps them with the case events, screening and hand-off into the plain
dataclasses of :mod:`hearing.dossier.data`. Only the back office and the CLI import this module
(it reaches the vault's private side).

Question texts come from the ``messages`` catalogs: Dutch for the dossier's reader, the
applicant's locale for the question as the applicant saw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing import answers as answers_module
from hearing import lawyer_review, translation
from hearing.answers import (
    AnswerRow,
    QuestionnaireLike,
    Status,
    answer_rows,
    labels_of,
)
from hearing.dossier import data as d
from hearing.models import (
    Case,
    CaseEvent,
    Handoff,
    LawyerReview,
    Organisation,
    Screening,
    Submission,
    Translation,
    User,
    WorkStatus,
)
from hearing.receipts import Counts
from hearing.translate import gettext_for
from hearing.vault.office import (
    OfficeKeyring,
    OpenedSubmission,
    decrypt_correction,
    decrypt_translation,
    open_submission,
)

# The dossier is Dutch (issue: "Dossier (Dutch, for the decision officer and the file)").
STEP_NAMES_NL = {
    "invite": "Advocaat uitgenodigd",
    "consent": "Toestemming advocaat",
    "decline": "Advocaat weigert",
    "schedule": "Ingepland",
    "unschedule": "Afspraak geannuleerd",
    "check_in": "Aangemeld bij de kiosk",
    "seal": "Ingevuld en verzegeld",
    "send_to_translation": "Naar vertaalbureau",
    "finish_translation": "Vertaald",
    "finish_lawyer_review": "Reactie advocaat",
    "lawyer_review_lapsed": "Termijn advocaat verstreken (geen reactie)",
    "hand_off": "Overgedragen",
    "decide_on_form": "Beslist op het formulier",
    "require_hearing": "Gehoor in persoon nodig",
    "withdraw": "Ingetrokken",
    "exclude": "Uitgesloten",
}
ACTOR_LABELS_NL = {"applicant": "aanvrager", "system": "systeem", "cli": "beheer (opdrachtregel)"}
REMARKS_ID = "lawyer.remarks"
REMARKS_SECTION_NL = "Reactie advocaat"
REMARKS_QUESTION_NL = "Algemene opmerkingen van de advocaat"


@dataclass(frozen=True)
class Reader:
    """Who decrypts, and why: passed to every audited vault call."""

    actor: str
    actor_id: int | None
    reason: str

    @classmethod
    def of(cls, user: User, reason: str) -> Reader:
        return cls(user.username, user.id, reason)


def open_case_submission(
    session: Session, case: Case, keyring: OfficeKeyring, reader: Reader
) -> tuple[Submission, OpenedSubmission]:
    submission = translation.submission_of(session, case)
    opened = open_submission(session, submission, keyring, actor=reader.actor,
                             reason=reader.reason, actor_id=reader.actor_id)
    return submission, opened


def submitted_translation(session: Session, case: Case) -> Translation | None:
    return session.scalar(
        select(Translation).where(Translation.case_id == case.id,
                                  Translation.status == WorkStatus.SUBMITTED.value)
        .order_by(Translation.id.desc()).limit(1)
    )


def submitted_review(session: Session, case: Case) -> LawyerReview | None:
    return session.scalar(
        select(LawyerReview).where(LawyerReview.case_id == case.id,
                                   LawyerReview.status == WorkStatus.SUBMITTED.value)
        .order_by(LawyerReview.id.desc()).limit(1)
    )


def _name(user: User | None, fallback: str) -> str:
    return user.full_name if user is not None else fallback


def stages(session: Session, case: Case) -> tuple[d.Stage, ...]:
    """Every workflow step and screening run, in time order, with its actor."""
    found: list[d.Stage] = []
    events = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    for event in events:
        actor = _name(event.actor, ACTOR_LABELS_NL.get(event.actor_label, event.actor_label))
        if event.step == "finish_translation":
            done = submitted_translation(session, case)
            agency = session.get(Organisation, done.agency_id) if done is not None else None
            if agency is not None and done is not None:
                actor = f"{agency.name} ({done.translator_name or actor})"
        name = STEP_NAMES_NL.get(event.step, event.step)
        if event.reason and event.step in ("decline", "withdraw", "exclude", "require_hearing"):
            name = f"{name}: {event.reason}"
        found.append(d.Stage(name, event.at, actor))
    for screening in session.scalars(
        select(Screening).where(Screening.case_id == case.id).order_by(Screening.screened_at)
    ):
        found.append(d.Stage("Gescreend", screening.screened_at,
                             _name(screening.screened_by, "systeem")))
    return tuple(sorted(found, key=lambda s: s.at))


def _verdict(result: dict[str, Any]) -> d.RuleVerdict:
    """One entry of ``Screening.results`` (``RuleResult.as_dict``) in the dossier's words."""
    kind = str(result.get("kind", ""))
    fired = bool(result.get("fired"))
    reason = result.get("reason")
    reason_nl = str(reason.get("nl") or reason.get("en") or "") if isinstance(reason, dict) \
        else str(reason or "")
    statement = {"exclude": "Uitsluitingsregel", "route": "Routeregel"}.get(kind, kind)
    statement += ": van toepassing" if fired else ": niet van toepassing"
    return d.RuleVerdict(str(result.get("rule", result.get("rule_id", "?"))), statement,
                         # An exclusion that fires blocks the written procedure; nothing else does.
                         passed=not (kind == "exclude" and fired), reason=reason_nl)


def screening_of(session: Session, case: Case) -> d.Screening | None:
    row = session.scalar(select(Screening).where(Screening.case_id == case.id)
                         .order_by(Screening.screened_at.desc(), Screening.id.desc()).limit(1))
    if row is None:
        return None
    result = row.override_verdict or row.verdict
    if row.override_verdict:
        result = f"{result} (handmatig aangepast: {row.override_reason or '—'})"
    return d.Screening(
        result=result, route=row.override_route or row.route or "",
        verdicts=tuple(_verdict(r) for r in row.results or [] if isinstance(r, dict)),
        screened_by=_name(row.screened_by, "systeem"), at=row.screened_at,
        ruleset_version=f"{row.ruleset_id} {row.ruleset_version}",
    )


def handoff_of(session: Session, case: Case) -> d.HandOff | None:
    row = session.scalar(select(Handoff).where(Handoff.case_id == case.id)
                         .order_by(Handoff.at.desc(), Handoff.id.desc()).limit(1))
    if row is None:
        return None
    return d.HandOff(to=row.decision_officer.full_name, by=row.screener.full_name, at=row.at)


def _corrections(content: dict[str, Any] | None, qid: str) -> tuple[d.Correction, ...]:
    if content is None:
        return ()
    kinds = {"correction": d.CorrectionKind.CORRECTION, "addition": d.CorrectionKind.ADDITION}
    return tuple(d.Correction(kinds[e.kind], e.text, f"{e.author} (advocaat)", e.at)
                 for e in lawyer_review.entries_for(content, qid))


def _record(
    row: AnswerRow, locale: str, labels: object | None, texts: dict[str, str],
    done: Translation | None, review: dict[str, Any] | None,
) -> d.AnswerRecord:
    nl, original = gettext_for("nl"), gettext_for(locale)
    status = {Status.ANSWERED: d.AnswerStatus.ANSWERED, Status.DONT_KNOW: d.AnswerStatus.DONT_KNOW,
              Status.IN_PERSON: d.AnswerStatus.IN_PERSON}[row.status]
    sworn = None
    if done is not None and texts.get(row.question_id):
        sworn = d.Translation(texts[row.question_id], done.translator_name or "",
                              done.register_number or "", done.submitted_at or done.assigned_at)
    return d.AnswerRecord(
        question_id=row.question_id,
        question_nl=row.question_text(nl),
        question_original=row.question_text(original),
        answer=row.text(original, labels) if row.status is Status.ANSWERED else None,
        status=status,
        translation=sworn,
        corrections=_corrections(review, row.question_id),
        section_nl=row.section_title(nl),
    )


def dossier_data(
    session: Session, case: Case, keyring: OfficeKeyring, reader: Reader, *,
    questionnaire: QuestionnaireLike | None = None,
) -> d.DossierData:
    """Everything the dossier shows, decrypted with one audit entry per record."""
    submission, opened = open_case_submission(session, case, keyring, reader)
    q = questionnaire or answers_module.load_questionnaire(submission.questionnaire_version)
    done = submitted_translation(session, case)
    texts: dict[str, str] = {}
    if done is not None:
        texts = translation.texts_of(decrypt_translation(
            session, done, keyring, actor=reader.actor, reason=reader.reason,
            actor_id=reader.actor_id))
    reviewed = submitted_review(session, case)
    review: dict[str, Any] | None = None
    if reviewed is not None and reviewed.envelope is not None:
        review = decrypt_correction(session, reviewed, keyring, actor=reader.actor,
                                    reason=reader.reason, actor_id=reader.actor_id)
    labels = labels_of(q)
    records = [_record(row, opened.locale, labels, texts, done, review)
               for row in answer_rows(q, opened.answers)]
    remarks = lawyer_review.remarks_of(review) if review is not None else None
    if remarks is not None:
        # General remarks belong to no answer: a last entry of their own, boxed as an addition.
        records.append(d.AnswerRecord(
            question_id=REMARKS_ID, question_nl=REMARKS_QUESTION_NL,
            question_original=REMARKS_QUESTION_NL, answer=None,
            corrections=(d.Correction(d.CorrectionKind.ADDITION, remarks.text,
                                      f"{remarks.author} (advocaat)", remarks.at),),
            section_nl=REMARKS_SECTION_NL,
        ))
    return d.DossierData(
        v_number=case.v_number,
        full_name=f"{case.given_names} {case.family_name}",
        full_name_original=None,
        nationality=case.nationality,
        locale=opened.locale,
        route=case.route or "",
        questionnaire_version=submission.questionnaire_version,
        stages=stages(session, case),
        fingerprint=opened.fingerprint,
        answers=tuple(records),
        screening=screening_of(session, case),
        handoff=handoff_of(session, case),
        date_of_birth=case.date_of_birth.isoformat(),
    )


def receipt_counts(opened: OpenedSubmission, questionnaire: QuestionnaireLike | None) -> Counts:
    """The receipt's counts, recomputed from the sealed answers.

    ``total`` counts the answers that were sealed (the questions the applicant was shown and
    answered, including the two special answers); optional questions left empty are not
    sealed, so the back office's copy may count fewer questions than the kiosk showed.
    """
    rows = answer_rows(questionnaire, opened.answers)
    in_person = sum(1 for r in rows if r.status is Status.IN_PERSON)
    return Counts(answered=len(rows) - in_person, total=len(rows), in_person=in_person)
