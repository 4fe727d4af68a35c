"""Drafts: keys by resume code, the office copy, re-issuing a lost code on the back office."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from hearing import codes
from hearing.db import Database
from hearing.models import AuditEvent, Draft
from hearing.vault import drafts
from hearing.vault.errors import EnvelopeContextError, WrongCodeError
from hearing.vault.office import OfficeKeyring, reissue_resume_code
from tests.vault.conftest import FAST_KDF, PEPPER, make_case

CANARY = "canary-7f3a9c-the-boat-left-at-night"


def new_draft(session, keyring: OfficeKeyring, answers=None) -> tuple[Draft, str, bytes]:
    case = make_case(session)
    draft = Draft(case_id=case.id, questionnaire_version="2024.1")
    code, key = drafts.start_draft(draft, keyring.public, PEPPER, answers, params=FAST_KDF)
    session.add(draft)
    session.flush()
    return draft, code, key


def test_code_format_and_entropy() -> None:
    code = drafts.generate_resume_code()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert not set(code) & set("01OIL")
    assert drafts.RESUME_CODE_LENGTH * math.log2(len(codes.ALPHABET)) > 74
    assert len({drafts.generate_resume_code() for _ in range(200)}) == 200


def test_normalisation_ignores_case_spaces_and_dashes() -> None:
    code = drafts.generate_resume_code()
    sloppy = " " + code.lower().replace("-", "  ") + " "
    assert drafts.resume_lookup(sloppy, PEPPER) == drafts.resume_lookup(code, PEPPER)
    assert drafts.resume_lookup("too-short", PEPPER) is None
    assert drafts.resume_lookup(code, "another pepper") != drafts.resume_lookup(code, PEPPER)


def test_draft_round_trip_by_code(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        draft, code, key = new_draft(s, keyring, {"q1": CANARY})
        draft_id = draft.id
    with db.session() as s:
        found = drafts.find_draft(s, code.lower(), PEPPER)
        assert found is not None and found.id == draft_id
        assert drafts.unwrap_with_code(found, code, PEPPER) == key
        assert drafts.decrypt_answers(key, found) == {"q1": CANARY}
        drafts.save_answers(found, key, {"q1": CANARY, "q2": "more"})
    with db.session() as s:
        found = s.get(Draft, draft_id)
        assert drafts.decrypt_answers(key, found) == {"q1": CANARY, "q2": "more"}


def test_wrong_code_fails(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        draft, code, _key = new_draft(s, keyring)
        assert drafts.find_draft(s, drafts.generate_resume_code(), PEPPER) is None
        with pytest.raises(WrongCodeError):
            drafts.unwrap_with_code(draft, drafts.generate_resume_code(), PEPPER)
        with pytest.raises(WrongCodeError):
            drafts.unwrap_with_code(draft, "nonsense", PEPPER)
        with pytest.raises(WrongCodeError):  # the pepper is part of the key
            drafts.unwrap_with_code(draft, code, "another pepper")


def test_draft_content_bound_to_its_case(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        one, _c1, key1 = new_draft(s, keyring, {"q": "one"})
        two, _c2, _key2 = new_draft(s, keyring, {"q": "two"})
        two.content = one.content  # moved to another applicant's draft
        with pytest.raises(EnvelopeContextError):
            drafts.decrypt_answers(key1, two)


def test_nothing_readable_in_the_database_file(
    db: Database, keyring: OfficeKeyring, tmp_path: Path
) -> None:
    with db.session() as s:
        _draft, code, _key = new_draft(s, keyring, {"q1": CANARY})
    db.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("vault.sqlite3*"))
    assert CANARY.encode() not in raw
    assert drafts.normalise_resume_code(code).encode() not in raw
    assert code.encode() not in raw


def test_reissue_code_on_the_office_side(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        draft, old_code, key = new_draft(s, keyring, {"q1": CANARY})
        draft.failed_resume_attempts = 3
        content_before = bytes(draft.content)
        draft_id = draft.id
    with db.session() as s:
        draft = s.get(Draft, draft_id)
        new_code = reissue_resume_code(
            s, draft, keyring, PEPPER, actor="host-anna", reason="applicant lost the code",
            params=FAST_KDF,
        )
    with db.session() as s:
        draft = s.get(Draft, draft_id)
        assert bytes(draft.content) == content_before  # never decrypted, never rewritten
        assert draft.failed_resume_attempts == 0
        assert drafts.find_draft(s, old_code, PEPPER) is None
        with pytest.raises(WrongCodeError):
            drafts.unwrap_with_code(draft, old_code, PEPPER)
        assert drafts.find_draft(s, new_code, PEPPER).id == draft_id
        assert drafts.unwrap_with_code(draft, new_code, PEPPER) == key
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "draft.reissue_code")).one()
        assert (event.actor_label, event.case_id) == ("host-anna", draft.case_id)
        assert event.reason == "applicant lost the code"


def test_reissue_requires_a_reason(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        draft, _code, _key = new_draft(s, keyring)
        with pytest.raises(ValueError, match="reason"):
            reissue_resume_code(s, draft, keyring, PEPPER, actor="host", reason=" ")
