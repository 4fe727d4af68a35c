"""Staff notes: encrypted at rest, audited when read, only for service staff who see the case."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from hearing.config import Settings
from hearing.db import Database
from hearing.models import AuditEvent, Note
from hearing.vault.public import load_public_key
from tests.admin.casework import Casework, build_casework, with_keyring
from tests.admin.conftest import Clock, quick_client


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return with_keyring(settings, tmp_path / "office-keys")


@pytest.fixture
def work(database: Database, settings: Settings) -> Casework:
    assert settings.office_public_key_path is not None
    return build_casework(database, load_public_key(settings.office_public_key_path))


def test_note_round_trip_encrypted_and_audited(
    app: Flask, database: Database, work: Casework, clock: Clock
) -> None:
    planner = quick_client(app, database, work.users["planner"])
    summary = planner.get(f"/cases/{work.case_id}")
    assert f"/cases/{work.case_id}/notes" in summary.text
    assert f"/cases/{work.case_id}/dossier.pdf" in summary.text
    text = "Advocaat belde: cliënt heeft een nieuw document <brief> & foto's."
    assert planner.post(f"/cases/{work.case_id}/notes", data={"text": text}).status_code == 302
    assert planner.post(f"/cases/{work.case_id}/notes", data={"text": "  "}).status_code == 302
    with database.session() as s:
        notes = s.scalars(select(Note).where(Note.case_id == work.case_id)).all()
        assert len(notes) == 1
        assert b"nieuw document" not in bytes(notes[0].envelope)
    page = planner.get(f"/cases/{work.case_id}/notes")
    assert page.status_code == 200
    assert "nieuw document &lt;brief&gt; &amp; foto" in page.text
    with database.session() as s:
        reads = s.scalars(select(AuditEvent.reason).where(
            AuditEvent.case_id == work.case_id, AuditEvent.action == "note.decrypt")).all()
    assert reads == ["notes"]


def test_notes_are_not_for_outside_parties_or_cases_out_of_reach(
    app: Flask, database: Database, work: Casework, clock: Clock
) -> None:
    for who in ("translator_a", "lawyer_1", "host"):
        client = quick_client(app, database, work.users[who])
        assert client.get(f"/cases/{work.case_id}/notes").status_code == 403
    # A screener sees cases from "ready for screening" on; this one is only sealed.
    screener = quick_client(app, database, work.users["screener"])
    assert screener.get(f"/cases/{work.case_id}/notes").status_code == 404
    assert screener.post(f"/cases/{work.case_id}/notes", data={"text": "x"}).status_code == 404
    with database.session() as s:
        assert s.scalars(select(Note)).all() == []
