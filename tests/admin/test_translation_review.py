"""Sealed case → translation agency → sworn translation → lawyer review → dossier, in the browser's
terms (the Flask test client), on SQLite and PostgreSQL, with the emails on a local SMTP server.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hearing.config import Settings
from hearing.db import Database
from hearing.models import (
    AuditEvent,
    Case,
    CaseState,
    Deadline,
    DeadlineStage,
    LawyerReview,
    Translation,
    User,
    WorkStatus,
)
from hearing.reminders import remind
from hearing.vault.public import load_public_key
from tests.admin.casework import (
    ANSWERS,
    DUTCH,
    Casework,
    build_casework,
    use_questionnaire,  # noqa: F401 - a fixture
    with_keyring,
)
from tests.admin.conftest import Clock, quick_client, text_of

pytestmark = pytest.mark.usefixtures("use_questionnaire")


@pytest.fixture
def smtp(smtp_server):  # type: ignore[no-untyped-def]
    return smtp_server


@pytest.fixture
def settings(settings: Settings, tmp_path: Path, smtp) -> Settings:  # type: ignore[no-untyped-def]
    host, port, _received = smtp
    return with_keyring(settings, tmp_path / "office-keys", (host, port))


@pytest.fixture
def work(database: Database, settings: Settings) -> Casework:
    assert settings.office_public_key_path is not None
    return build_casework(database, load_public_key(settings.office_public_key_path))


def client_for(app: Flask, database: Database, work: Casework, who: str) -> FlaskClient:
    return quick_client(app, database, work.users[who])


def _case(database: Database, work: Casework) -> Case:
    with database.session() as s:
        case = s.get(Case, work.case_id)
        assert case is not None
        return case


def _username(database: Database, work: Casework, who: str) -> str:
    with database.session() as s:
        user = s.get(User, work.users[who])
        assert user is not None
        return user.username


def _audit(database: Database, work: Casework) -> list[tuple[str, str | None, str]]:
    with database.session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.case_id == work.case_id)
                         .order_by(AuditEvent.id)).all()
        return [(r.action, r.reason, r.actor_label) for r in rows]


def _version(html: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "no version field"
    return match.group(1)


def _translation_form(texts: dict[str, str], version: str, action: str, **extra: str
                      ) -> dict[str, str]:
    form = {f"t-{qid}": text for qid, text in texts.items()}
    form.update(version=version, action=action, **extra)
    return form


def _send_to_agency_a(app: Flask, database: Database, work: Casework) -> None:
    planner = client_for(app, database, work, "planner")
    page = planner.get(f"/cases/{work.case_id}/translation-agency")
    assert page.status_code == 200
    response = planner.post(f"/cases/{work.case_id}/translation-agency",
                            data={"agency_id": str(work.agencies["a"])})
    assert response.status_code == 302


def _translate_all(app: Flask, database: Database, work: Casework) -> FlaskClient:
    translator = client_for(app, database, work, "translator_a")
    page = translator.get(f"/cases/{work.case_id}/translation")
    assert page.status_code == 200
    response = translator.post(f"/cases/{work.case_id}/translation", data=_translation_form(
        DUTCH, _version(page.text), "submit", translator_name="F. El Amrani",
        register_number="20154"))
    assert response.status_code == 302, text_of(response.text)
    return translator


def test_planner_sends_to_agency_and_the_agency_is_emailed(
    app: Flask, database: Database, work: Casework, smtp, clock: Clock
) -> None:
    _send_to_agency_a(app, database, work)
    case = _case(database, work)
    assert case.state == CaseState.IN_TRANSLATION
    assert case.translation_agency_id == work.agencies["a"]
    with database.session() as s:
        deadline = s.scalar(select(Deadline).where(Deadline.case_id == work.case_id,
                                                   Deadline.stage == DeadlineStage.TRANSLATION))
        assert deadline is not None and deadline.closed_at is None
    _host, _port, received = smtp
    assert [(m["To"], work.v_number in m["Subject"]) for m in received] == [
        ("bureau-a@example.org", True)]


def test_planner_reassigns_and_the_old_agency_loses_the_case(
    app: Flask, database: Database, work: Casework, clock: Clock
) -> None:
    _send_to_agency_a(app, database, work)
    translator_a = client_for(app, database, work, "translator_a")
    assert translator_a.get(f"/cases/{work.case_id}/translation").status_code == 200
    planner = client_for(app, database, work, "planner")
    response = planner.post(f"/cases/{work.case_id}/translation-agency",
                            data={"agency_id": str(work.agencies["b"]), "reason": "too busy"})
    assert response.status_code == 302
    assert translator_a.get(f"/cases/{work.case_id}/translation").status_code == 404
    translator_b = client_for(app, database, work, "translator_b")
    assert translator_b.get(f"/cases/{work.case_id}/translation").status_code == 200
    with database.session() as s:
        statuses = [t.status for t in s.scalars(
            select(Translation).where(Translation.case_id == work.case_id)
            .order_by(Translation.id))]
    assert statuses == [WorkStatus.REASSIGNED, WorkStatus.IN_PROGRESS]
    assert [(a, r, label) for a, r, label in _audit(database, work)
            if a == "translation.reassign"] == [
        ("translation.reassign", "too busy", _username(database, work, "planner"))]


def test_translator_of_another_agency_and_lawyer_of_another_case_get_404(
    app: Flask, database: Database, work: Casework, clock: Clock
) -> None:
    _send_to_agency_a(app, database, work)
    other = client_for(app, database, work, "translator_b")
    assert other.get(f"/cases/{work.case_id}/translation").status_code == 404
    assert other.post(f"/cases/{work.case_id}/translation",
                      data=_translation_form(DUTCH, "0", "save")).status_code == 404
    assert work.v_number not in other.get("/translation").text
    _translate_all(app, database, work)
    lawyer_2 = client_for(app, database, work, "lawyer_2")
    assert lawyer_2.get(f"/cases/{work.case_id}/review").status_code == 404
    assert lawyer_2.post(f"/cases/{work.case_id}/review",
                         data={"version": "0", "remarks": "x"}).status_code == 404
    assert work.v_number not in lawyer_2.get("/review").text
    # Nobody but the right people decrypted anything.
    actors = {label for action, _reason, label in _audit(database, work)
              if action.endswith(".decrypt")}
    assert actors == {_username(database, work, "translator_a")}


def test_translator_page_shows_original_right_to_left_and_is_audited(
    app: Flask, database: Database, work: Casework, clock: Clock
) -> None:
    _send_to_agency_a(app, database, work)
    translator = client_for(app, database, work, "translator_a")
    queue = translator.get("/translation")
    assert work.v_number in queue.text
    page = translator.get(f"/cases/{work.case_id}/translation")
    assert page.status_code == 200
    assert 'lang="ar" dir="rtl"' in page.text
    assert "أحمد الخطيب" in page.text
    # Markup typed by the applicant is shown as text, never interpreted.
    assert "&lt;b&gt; &amp;" in page.text
    # Specials are stated, and need no translation field.
    assert "I would rather tell this in person" in page.text
    assert 'name="t-reasons.detention"' not in page.text
    # A choice from a list is offered in Dutch for the translator to confirm.
    assert 'name="t-identity.sex"' in page.text
    assert _audit(database, work)[-1][:2] == ("submission.decrypt", "translation")


def test_translation_saves_encrypted_refuses_stale_and_incomplete_submission(
    app: Flask, database: Database, work: Casework, clock: Clock
) -> None:
    _send_to_agency_a(app, database, work)
    translator = client_for(app, database, work, "translator_a")
    url = f"/cases/{work.case_id}/translation"
    first = {"identity.name": DUTCH["identity.name"]}
    saved = translator.post(url, data=_translation_form(first, "0", "save"))
    assert saved.status_code == 302
    with database.session() as s:
        row = s.scalar(select(Translation).where(Translation.case_id == work.case_id))
        assert row is not None and row.version == 1 and row.envelope is not None
        assert b"Ahmad Al-Khatib" not in bytes(row.envelope)
    # A form loaded before that save is refused, and its text comes back, not lost.
    stale = translator.post(url, data=_translation_form({"identity.name": "Iets anders"}, "0",
                                                        "save"))
    assert stale.status_code == 409
    assert "Iets anders" in stale.text
    # JavaScript autosave answers with the new version.
    auto = translator.post(url, data=_translation_form(first, "1", "autosave"))
    assert auto.status_code == 200 and auto.json == {"version": 2}
    incomplete = translator.post(url, data=_translation_form(
        first, "2", "submit", translator_name="F. El Amrani", register_number="20154"))
    assert incomplete.status_code == 422
    assert "still need a translation" in text_of(incomplete.text)
    assert _case(database, work).state == CaseState.IN_TRANSLATION
    no_register = translator.post(url, data=_translation_form(
        DUTCH, "3", "submit", translator_name="F. El Amrani", register_number=""))
    assert no_register.status_code == 422
    assert _case(database, work).state == CaseState.IN_TRANSLATION


def test_round_trip_translation_review_dossier(
    app: Flask, database: Database, work: Casework, smtp, clock: Clock, tmp_path: Path
) -> None:
    _send_to_agency_a(app, database, work)
    translator = _translate_all(app, database, work)
    case = _case(database, work)
    assert case.state == CaseState.IN_LAWYER_REVIEW
    with database.session() as s:
        done = s.scalar(select(Translation).where(Translation.case_id == work.case_id))
        assert done is not None
        assert (done.status, done.translator_name, done.register_number) == (
            WorkStatus.SUBMITTED, "F. El Amrani", "20154")
        stages = {(d.stage, d.closed_at is None) for d in s.scalars(
            select(Deadline).where(Deadline.case_id == work.case_id))}
    assert stages == {("translation", False), ("lawyer_review", True)}
    _host, _port, received = smtp
    assert [m["To"] for m in received] == ["bureau-a@example.org", "advocaat1@example.org"]
    # The submitted translation is read-only now.
    after = translator.post(f"/cases/{work.case_id}/translation",
                            data=_translation_form(DUTCH, "1", "save"))
    assert after.status_code == 302

    lawyer = client_for(app, database, work, "lawyer_1")
    assert work.v_number in lawyer.get("/review").text
    page = lawyer.get(f"/cases/{work.case_id}/review")
    assert page.status_code == 200
    assert "Ik werkte als leraar in Aleppo" in page.text and 'dir="rtl"' in page.text
    version = _version(page.text)
    correction = "Cliënt verduidelijkt: niet drie maar vier dagen vastgehouden."
    addition = "Aanvulling: partner verblijft vermoedelijk in Turkije."
    response = lawyer.post(f"/cases/{work.case_id}/review", data={
        "version": version, "action": "save",
        "correction-reasons.account": correction,
        "addition-family.partner": addition,
        "remarks": "Algemene opmerking van de advocaat.",
    })
    assert response.status_code == 302
    page = lawyer.get(f"/cases/{work.case_id}/review")
    assert correction in page.text and "mr. J. de Vries" in page.text
    response = lawyer.post(f"/cases/{work.case_id}/review", data={
        "version": _version(page.text), "action": "submit",
        "correction-reasons.account": correction,
        "addition-family.partner": addition,
        "remarks": "Algemene opmerking van de advocaat.",
    })
    assert response.status_code == 302
    assert _case(database, work).state == CaseState.READY_FOR_SCREENING
    with database.session() as s:
        review = s.scalar(select(LawyerReview).where(LawyerReview.case_id == work.case_id))
        assert review is not None and review.status == WorkStatus.SUBMITTED
        assert correction.encode() not in bytes(review.envelope or b"")

    before = len(_audit(database, work))
    for who in ("planner", "screener"):
        pdf = client_for(app, database, work, who).get(f"/cases/{work.case_id}/dossier.pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
        assert pdf.headers["Content-Type"] == "application/pdf"
    dossier_reads = [(a, r) for a, r, _l in _audit(database, work)[before:]]
    assert dossier_reads == [("submission.decrypt", "dossier"), ("translation.decrypt", "dossier"),
                             ("correction.decrypt", "dossier")] * 2
    text = _pdf_text(pdf.data, tmp_path)
    if text is not None:
        squeezed = " ".join(text.split())
        assert "Ik werkte als leraar in Aleppo" in squeezed
        assert "<b> & namen mij mee" in squeezed
        assert "niet drie maar vier dagen vastgehouden" in squeezed
        assert "partner verblijft vermoedelijk in Turkije" in squeezed
        assert "Algemene opmerking van de advocaat" in squeezed
        assert "20154" in squeezed and "F. El Amrani" in squeezed
        assert "Ik vertel dit liever persoonlijk" in squeezed
        assert work.v_number in squeezed

    receipt = client_for(app, database, work, "planner").get(f"/cases/{work.case_id}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF-")
    assert _audit(database, work)[-1][:2] == ("submission.decrypt", "receipt")


def test_dossier_is_not_for_translators_lawyers_or_hosts(
    app: Flask, database: Database, work: Casework, clock: Clock
) -> None:
    _send_to_agency_a(app, database, work)
    for who in ("translator_a", "lawyer_1", "host"):
        client = client_for(app, database, work, who)
        assert client.get(f"/cases/{work.case_id}/dossier.pdf").status_code == 403
    # A host without a booking of this case at their location: the receipt is out of reach.
    host = client_for(app, database, work, "host")
    assert host.get(f"/cases/{work.case_id}/receipt.pdf").status_code == 404
    assert not [a for a, _r, _l in _audit(database, work) if a.endswith(".decrypt")]


def test_lapsed_review_moves_on_as_no_response(
    app: Flask, database: Database, work: Casework, settings: Settings, smtp, clock: Clock,
    tmp_path: Path,
) -> None:
    _send_to_agency_a(app, database, work)
    _translate_all(app, database, work)
    lawyer = client_for(app, database, work, "lawyer_1")
    page = lawyer.get(f"/cases/{work.case_id}/review")
    saved = lawyer.post(f"/cases/{work.case_id}/review", data={
        "version": _version(page.text), "action": "save", "remarks": "Nog niet klaar."})
    assert saved.status_code == 302
    with database.session() as s:
        deadline = s.scalar(select(Deadline).where(
            Deadline.case_id == work.case_id, Deadline.stage == DeadlineStage.LAWYER_REVIEW))
        assert deadline is not None
        result = remind(s, settings, now=deadline.due_at + dt.timedelta(minutes=1))
        s.commit()
    assert result.lapsed_reviews == [work.v_number]
    case = _case(database, work)
    assert case.state == CaseState.READY_FOR_SCREENING
    with database.session() as s:
        review = s.scalar(select(LawyerReview).where(LawyerReview.case_id == work.case_id))
        assert review is not None and review.status == WorkStatus.NO_RESPONSE
        steps = [e.step for e in s.get(Case, work.case_id).events]  # type: ignore[union-attr]
    assert steps[-1] == "lawyer_review_lapsed"
    # The lawyer can no longer change it; the page says why.
    page = lawyer.get(f"/cases/{work.case_id}/review")
    assert "deadline passed" in text_of(page.text)
    late = lawyer.post(f"/cases/{work.case_id}/review", data={
        "version": _version(page.text), "action": "submit", "remarks": "Te laat."})
    assert late.status_code == 302
    assert _case(database, work).state == CaseState.READY_FOR_SCREENING
    # The dossier records the lapse, and leaves out what was never submitted.
    pdf = client_for(app, database, work, "planner").get(f"/cases/{work.case_id}/dossier.pdf")
    assert pdf.status_code == 200
    assert [a for a, r, _l in _audit(database, work) if r == "dossier"] == [
        "submission.decrypt", "translation.decrypt"]
    text = _pdf_text(pdf.data, tmp_path)
    if text is not None:
        squeezed = " ".join(text.split())
        assert "geen reactie" in squeezed
        assert "Nog niet klaar" not in squeezed


def test_remind_sends_sealed_cases_to_their_default_agency(
    database: Database, work: Casework, settings: Settings
) -> None:
    with database.session() as s:
        result = remind(s, settings)
        s.commit()
    assert result.sent_to_translation == [work.v_number]
    assert [n.to for n in result.notices] == ["bureau-a@example.org"]
    case = _case(database, work)
    assert case.state == CaseState.IN_TRANSLATION
    # No agency of its own yet and no history: the least busy agency, ties to the oldest.
    assert case.translation_agency_id == work.agencies["a"]
    with database.session() as s:
        again = remind(s, settings)
    assert again.sent_to_translation == []


def _pdf_text(pdf: bytes, tmp_path: Path) -> str | None:
    """The PDF's text via pdftotext, or None where poppler-utils is missing (bytes checked)."""
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    return subprocess.run([tool, str(src), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_answers_sealed_are_what_the_fixture_says() -> None:
    # Guards the fixture itself: two specials, five answers to translate.
    from hearing.answers import answer_rows
    from tests.admin.casework import QUESTIONNAIRE

    rows = answer_rows(QUESTIONNAIRE, ANSWERS)
    assert [r.question_id for r in rows if r.needs_translation] == list(DUTCH)


def test_translator_queue_sorted_by_deadline(
    app: Flask, database: Database, work: Casework, settings: Settings, clock: Clock
) -> None:
    from hearing import translation
    from hearing.models import Organisation, Submission
    from hearing.vault.public import seal_submission
    from hearing.workflow import SYSTEM
    from tests.admin.casework import VERSION
    from tests.factories import make_case

    assert settings.office_public_key_path is not None
    office = load_public_key(settings.office_public_key_path)
    with database.session() as s:
        agency = s.get(Organisation, work.agencies["a"])
        later = s.get(Case, work.case_id)
        sooner = make_case(s, state=CaseState.SUBMITTED)
        sealed = seal_submission(office, case_id=sooner.id, questionnaire_version=VERSION,
                                 locale="fa", answers={"identity.name": "مریم"})
        s.add(Submission(case_id=sooner.id, questionnaire_version=VERSION, locale="fa",
                         envelope=sealed.envelope, key_id=sealed.key_id,
                         fingerprint=sealed.fingerprint))
        s.flush()
        monday = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        assert later is not None and agency is not None
        translation.send_to_translation(s, later, SYSTEM, settings, agency=agency,
                                        now=monday + dt.timedelta(days=1))
        translation.send_to_translation(s, sooner, SYSTEM, settings, agency=agency, now=monday)
        s.commit()
        order = [sooner.v_number, later.v_number]
    page = client_for(app, database, work, "translator_a").get("/translation").text
    assert page.index(order[0]) < page.index(order[1])
    assert order[0] not in client_for(app, database, work, "translator_b").get("/translation").text
