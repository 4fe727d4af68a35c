"""Plain inputs of the PDF builders, independent of the database.

The back office (and the kiosk for the receipt) fills these from decrypted records; the PDF
layer never touches models, sessions or keys. Datetimes should be timezone-aware (UTC is fine);
they are shown in Europe/Amsterdam time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class AnswerStatus(StrEnum):
    ANSWERED = "answered"
    DONT_KNOW = "dont_know"  # the applicant chose "I don't know"
    IN_PERSON = "in_person"  # "I would rather tell this in person"
    UNANSWERED = "unanswered"  # optional question left empty


class CorrectionKind(StrEnum):
    CORRECTION = "correction"
    ADDITION = "addition"


@dataclass(frozen=True)
class Stage:
    """One step of the procedure as it happened (e.g. sealed, translated)."""

    name: str  # Dutch label, e.g. "Verzegeld"
    at: datetime
    actor: str  # who did it, e.g. "aanvrager", "Vertaalbureau X (J. Jansen)"


@dataclass(frozen=True)
class Translation:
    """A sworn translation into Dutch of one answer."""

    text: str
    translator_name: str
    register_number: str  # Rbtv register number
    at: datetime


@dataclass(frozen=True)
class Correction:
    """The lawyer's correction or addition to one answer; never replaces the original."""

    kind: CorrectionKind
    text: str
    author: str
    at: datetime


@dataclass(frozen=True)
class AnswerRecord:
    question_id: str
    question_nl: str  # the question in Dutch
    question_original: str  # the question as shown to the applicant, in their language
    answer: str | None  # the applicant's own words (None when not answered)
    status: AnswerStatus = AnswerStatus.ANSWERED
    translation: Translation | None = None
    corrections: tuple[Correction, ...] = ()
    section_nl: str | None = None  # heading shown when the section changes


@dataclass(frozen=True)
class RuleVerdict:
    rule_id: str
    statement: str  # plain-language statement of the rule, in Dutch
    passed: bool  # True: the rule does not block (or routes as expected)
    reason: str  # why, in Dutch


@dataclass(frozen=True)
class Screening:
    result: str  # e.g. "Geschikt voor overdracht"
    route: str  # 'replace' or 'prepare'
    verdicts: tuple[RuleVerdict, ...]
    screened_by: str
    at: datetime
    ruleset_version: str = ""


@dataclass(frozen=True)
class HandOff:
    to: str  # the decision officer
    by: str
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class DossierData:
    v_number: str
    full_name: str  # as written in Latin letters
    full_name_original: str | None  # as written in the applicant's own script
    nationality: str  # in Dutch, e.g. "Syrië"
    locale: str  # the applicant's language, a code from hearing/locales.json
    route: str  # 'replace' or 'prepare'
    questionnaire_version: str
    stages: tuple[Stage, ...]
    fingerprint: str  # SHA-256 hex of the sealed submission
    answers: tuple[AnswerRecord, ...]
    screening: Screening | None = None
    handoff: HandOff | None = None
    date_of_birth: str | None = None  # as given; may be approximate


@dataclass(frozen=True)
class Deadline:
    """A deadline on the receipt; ``label`` is an English msgid (see :mod:`.i18n`)."""

    label: str
    due: date | datetime


@dataclass(frozen=True)
class ReceiptData:
    v_number: str
    name: str
    locale: str
    sealed_at: datetime
    questionnaire_version: str
    answered: int  # questions answered (including "I don't know")
    total: int  # questions shown
    in_person: int  # questions marked "I would rather tell this in person"
    fingerprint: str
    deadlines: tuple[Deadline, ...] = field(default_factory=tuple)
    location: str | None = None


@dataclass(frozen=True)
class InvitationData:
    v_number: str
    name: str
    locale: str
    location_name: str
    address_lines: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    check_in_code: str
    lawyer_name: str | None = None
    issued_at: datetime | None = None
