"""Sealing a draft, opening it on the office side, and the other encrypted kinds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select

from hearing.db import Database
from hearing.models import (
    AuditEvent,
    Draft,
    KioskSession,
    LawyerReview,
    Note,
    Submission,
    Translation,
)
from hearing.vault import drafts, kiosk, office, public
from hearing.vault.envelope import canonical_json
from hearing.vault.errors import EnvelopeContextError, FingerprintMismatchError, IntegrityError
from hearing.vault.office import OfficeKeyring
from tests.vault.conftest import FAST_KDF, PEPPER, make_agency, make_case, make_staff

ANSWERS = {"q1": "Ik heet Lina", "family": [{"name": "Omar", "relation": "broer"}], "n": 3}


def _sealed(s, keyring: OfficeKeyring) -> Submission:
    case = make_case(s)
    draft = Draft(case_id=case.id, questionnaire_version="2024.1")
    _code, key = drafts.start_draft(draft, keyring.public, PEPPER, ANSWERS, params=FAST_KDF)
    s.add(draft)
    s.flush()
    kiosk.open_session(s, draft, key, dt.timedelta(minutes=5))
    return drafts.seal_draft(s, draft, key, keyring.public, locale="ar", metadata={"kiosk": 4})


def test_seal_destroys_draft_and_opens_on_the_office_side(
    db: Database, keyring: OfficeKeyring
) -> None:
    with db.session() as s:
        submission = _sealed(s, keyring)
        sub_id = submission.id
    with db.session() as s:
        assert s.scalar(select(Draft)) is None
        assert s.scalar(select(KioskSession)) is None
        submission = s.get(Submission, sub_id)
        assert submission.key_id == keyring.current_id
        opened = office.open_submission(
            s, submission, keyring, actor="officer-bo", reason="decision", actor_id=None
        )
        assert opened.answers == ANSWERS and opened.metadata == {"kiosk": 4}
        assert opened.locale == "ar" and opened.fingerprint == submission.fingerprint
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["submission.seal", "submission.decrypt"]


def test_fingerprint_is_sha256_of_the_canonical_plaintext(
    db: Database, keyring: OfficeKeyring
) -> None:
    with db.session() as s:
        submission = _sealed(s, keyring)
        context = office.Context(submission.case_id, office.Kind.SUBMISSION, "2024.1")
        plaintext = keyring._open(submission.envelope, context)
        assert hashlib.sha256(plaintext).hexdigest() == submission.fingerprint
        payload = json.loads(plaintext)
        assert canonical_json(payload) == plaintext  # staff can re-derive it from the JSON
        assert payload["case_id"] == submission.case_id and len(payload["salt"]) == 32
        grouped = public.format_fingerprint(submission.fingerprint)
        assert grouped.replace(" ", "").lower() == submission.fingerprint


def test_altered_fingerprint_is_reported(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        submission = _sealed(s, keyring)
        submission.fingerprint = "0" * 64
        with pytest.raises(FingerprintMismatchError):
            office.open_submission(s, submission, keyring, actor="x", reason="check")


def test_opening_requires_actor_and_reason(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        submission = _sealed(s, keyring)
        with pytest.raises(ValueError, match="reason"):
            office.open_submission(s, submission, keyring, actor="someone", reason="")
        with pytest.raises(ValueError, match="actor"):
            office.open_submission(s, submission, keyring, actor="", reason="curious")


def test_translation_correction_note_round_trip(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        submission = _sealed(s, keyring)
        case_id, qv = submission.case_id, submission.questionnaire_version
        staff = make_staff(s)
        translation = Translation(
            case_id=case_id, submission_id=submission.id, agency_id=make_agency(s).id,
            envelope=public.encrypt_translation(
                keyring.public, case_id=case_id, questionnaire_version=qv,
                content={"q1": "My name is Lina"},
            ),
            key_id=keyring.current_id,
        )
        review = LawyerReview(
            case_id=case_id, lawyer_id=staff.id, key_id=keyring.current_id,
            envelope=public.encrypt_correction(
                keyring.public, case_id=case_id, questionnaire_version=qv,
                content={"q1": {"correction": "Mijn naam is Lina"}},
            ),
        )
        note = Note(
            case_id=case_id, author_id=staff.id, key_id=keyring.current_id,
            envelope=public.encrypt_note(keyring.public, case_id=case_id, content={"text": "ok"}),
        )
        s.add_all([translation, review, note])
        s.flush()
        common = {"actor": "screener-jo", "reason": "screening", "actor_id": staff.id}
        assert office.decrypt_translation(s, translation, keyring, **common) == {
            "q1": "My name is Lina"
        }
        assert office.decrypt_correction(s, review, keyring, **common) == {
            "q1": {"correction": "Mijn naam is Lina"}
        }
        assert office.decrypt_note(s, note, keyring, **common) == {"text": "ok"}
        # A translation envelope stored as the lawyer's review is refused, not misread.
        review.envelope = translation.envelope
        with pytest.raises(EnvelopeContextError):
            office.decrypt_correction(s, review, keyring, **common)
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.actor_label == "screener-jo")
        ).all()
        assert [e.action for e in events] == [
            "translation.decrypt", "correction.decrypt", "note.decrypt", "correction.decrypt",
        ]
        assert all(e.case_id == case_id and e.actor_id == staff.id for e in events)


def test_tampered_submission_in_the_database(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        submission = _sealed(s, keyring)
        data = bytearray(submission.envelope)
        data[-20] ^= 0xFF
        submission.envelope = bytes(data)
        with pytest.raises(IntegrityError):
            office.open_submission(s, submission, keyring, actor="x", reason="check")
