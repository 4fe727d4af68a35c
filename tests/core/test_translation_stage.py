"""Choosing the agency, and the lawyer review's attribution rules (no web layer)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from hearing import lawyer_review, translation
from hearing.models import (
    CaseState,
    Organisation,
    OrganisationKind,
    Role,
    Submission,
    Translation,
    WorkStatus,
)
from hearing.workflow import SYSTEM
from tests.factories import make_case, make_user

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _agency(session: Session, name: str, at: dt.datetime) -> Organisation:
    org = Organisation(name=name, kind=OrganisationKind.TRANSLATION_AGENCY.value,
                       created_at=at)
    session.add(org)
    session.flush()
    return org


def _sealed(session: Session, locale: str) -> Submission:
    case = make_case(session, state=CaseState.SUBMITTED, preferred_locale=locale)
    submission = Submission(case_id=case.id, questionnaire_version="1", locale=locale,
                            envelope=b"x", key_id="k", fingerprint="0" * 64)
    session.add(submission)
    session.flush()
    return submission


def test_agency_follows_language_history_then_load(session: Session) -> None:
    older = _agency(session, "Older", T0)
    newer = _agency(session, "Newer", T0 + dt.timedelta(days=1))
    # Persian went to "Newer" before: a new Persian case goes there too.
    fa_before = _sealed(session, "fa")
    session.add(Translation(case_id=fa_before.case_id, submission_id=fa_before.id,
                            agency_id=newer.id, status=WorkStatus.SUBMITTED.value))
    fa_new = _sealed(session, "fa")
    assert translation.choose_agency(session, fa_new.case) == newer
    # Tigrinya has no history: the least busy agency. Both have nothing in progress, so the
    # older one; once it has work in progress, the other.
    ti = _sealed(session, "ti")
    assert translation.choose_agency(session, ti.case) == older
    busy = _sealed(session, "am")
    session.add(Translation(case_id=busy.case_id, submission_id=busy.id, agency_id=older.id,
                            status=WorkStatus.IN_PROGRESS.value))
    session.flush()
    assert translation.choose_agency(session, ti.case) == newer
    # An agency the planner put on the case beforehand always wins.
    ti.case.translation_agency_id = older.id
    assert translation.choose_agency(session, ti.case) == older


def test_no_agency_no_dispatch(session: Session, settings) -> None:  # type: ignore[no-untyped-def]
    submission = _sealed(session, "ar")
    with pytest.raises(translation.TranslationError, match="no translation agency"):
        translation.send_to_translation(session, submission.case, SYSTEM, settings)
    assert translation.dispatch_submitted(session, settings) == ([], [])
    assert submission.case.state == CaseState.SUBMITTED


def test_clean_texts_keeps_known_answers_only() -> None:
    assert translation.clean_texts({"a": " Ja \r\n", "b": "  ", "x": "?"}, ["a", "b"]) == \
        {"a": "Ja"}
    with pytest.raises(translation.TranslationError, match="longer than"):
        translation.clean_texts({"a": "x" * (translation.MAX_TEXT + 1)}, ["a"])


def test_review_merge_keeps_author_and_date_of_unchanged_entries(session: Session) -> None:
    first = make_user(session, "adv1", Role.LAWYER, full_name="mr. A")
    second = make_user(session, "adv2", Role.LAWYER, full_name="mr. B")
    t1, t2 = T0, T0 + dt.timedelta(days=2)
    content = lawyer_review.merge(
        lawyer_review.empty_content(),
        {"q1": {"correction": "Vier dagen, niet drie.", "addition": ""}},
        "Opmerking", author=first, allowed=["q1"], now=t1)
    content = lawyer_review.merge(
        content,
        {"q1": {"correction": "Vier dagen, niet drie.", "addition": "Nieuw feit."},
         "q2": {"correction": "", "addition": ""}},
        "Opmerking", author=second, allowed=["q1", "q2"], now=t2)
    entries = lawyer_review.entries_for(content, "q1")
    assert [(e.kind, e.author, e.at) for e in entries] == [
        ("correction", "mr. A", t1), ("addition", "mr. B", t2)]
    remarks = lawyer_review.remarks_of(content)
    assert remarks is not None and (remarks.author, remarks.at) == ("mr. A", t1)
    assert "q2" not in content["items"]
    # Emptying a field removes the entry.
    content = lawyer_review.merge(content, {"q1": {"correction": "", "addition": "Nieuw feit."}},
                                  "", author=second, allowed=["q1"], now=t2)
    assert [e.kind for e in lawyer_review.entries_for(content, "q1")] == ["addition"]
    assert lawyer_review.remarks_of(content) is None
