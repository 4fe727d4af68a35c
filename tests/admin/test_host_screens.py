"""Host screens: today's sittings at the own location, arrival, extending a sitting, and a new
resume code through the vault without reading the draft."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

import admin
from hearing.audit import verify
from hearing.config import Settings
from hearing.db import Database
from hearing.models import (
    AuditEvent,
    Booking,
    BookingStatus,
    CaseState,
    Draft,
    KioskSession,
    Role,
)
from hearing.vault import WrongCodeError
from hearing.vault.drafts import KdfParams, start_draft, unwrap_with_code
from hearing.vault.kiosk import open_session
from hearing.vault.office import ScryptParams, generate_keyring, load_keyring
from hearing.vault.public import OfficePublicKey
from tests.admin import helpers as h
from tests.admin.conftest import Clock, quick_client

FAST_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
FAST_KDF = KdfParams(time_cost=1, memory_cost_kib=256, parallelism=1)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def keyed_app(settings: Settings, database: Database, tmp_path: Path, clock: Clock) -> Flask:
    """An admin app holding an office keyring, as in production."""
    keys = tmp_path / "office-keys"
    generate_keyring(keys, PASSPHRASE, scrypt=FAST_SCRYPT)
    app = admin.create_app(dataclasses.replace(
        settings, office_private_key_path=keys, office_key_passphrase=PASSPHRASE),
        database=database)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    return app


def test_the_host_sees_todays_sittings_at_the_own_location_only(
    app: Flask, database: Database, clock: Clock
) -> None:
    north, south = h.location(database, "North"), h.location(database, "South")
    here, _b = h.booking_now(database, north, family_name="Here")
    there, _b2 = h.booking_now(database, south, family_name="There")
    gone, _b3 = h.booking_now(database, north, family_name="Gone",
                              status=BookingStatus.CANCELLED, state=CaseState.CONSENTED)
    host = quick_client(app, database, h.person(database, Role.HOST, location_id=north))
    page = host.get("/host/")
    assert page.status_code == 200
    assert "Here," in page.text and "There," not in page.text and "Gone," not in page.text
    assert h.get_case(database, here).v_number in page.text
    nowhere = quick_client(app, database, h.person(database, Role.HOST))
    assert "no location" in nowhere.get("/host/").text
    planner = quick_client(app, database, h.person(database, Role.PLANNER))
    assert planner.get("/host/").status_code == 403
    assert there and gone


def test_a_host_of_another_location_gets_404(app: Flask, database: Database,
                                              clock: Clock) -> None:
    north, south = h.location(database, "North"), h.location(database, "South")
    case_id, _booking = h.booking_now(database, north)
    other = quick_client(app, database, h.person(database, Role.HOST, location_id=south))
    for method, path in (("POST", "arrival"), ("POST", "extend"), ("GET", "resume-code"),
                         ("POST", "resume-code")):
        response = other.open(f"/host/cases/{case_id}/{path}", method=method,
                              data={"identity_checked": "y", "minutes": "30"})
        assert response.status_code == 404, path
    # A host who is also a planner sees the case, but not a booking at the own location.
    both = quick_client(app, database, h.person(database, Role.HOST, Role.PLANNER,
                                                location_id=south))
    assert both.post(f"/host/cases/{case_id}/extend", data={"minutes": "30"}).status_code == 404


def test_arrival_needs_the_identity_check_and_is_recorded(
    app: Flask, database: Database, clock: Clock
) -> None:
    north = h.location(database)
    case_id, booking_id = h.booking_now(database, north)
    host = quick_client(app, database, h.person(database, Role.HOST, location_id=north,
                                                username="hasan"))
    refused = host.post(f"/host/cases/{case_id}/arrival", data={}, follow_redirects=True)
    assert "Check the identity document first." in refused.text
    done = host.post(f"/host/cases/{case_id}/arrival", data={"identity_checked": "y"},
                     follow_redirects=True)
    assert "arrival recorded" in done.text
    assert "Arrived, identity checked" in done.text and "hasan" in done.text
    with database.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "booking.arrival"))
        assert event.case_id == case_id and event.detail == {"booking_id": booking_id}
        # Arrival changes no state: the applicant still starts with the code at the kiosk.
        assert s.get(Booking, booking_id).status == "booked"
    assert h.get_case(database, case_id).state == CaseState.SCHEDULED


def _sitting_end(html: str) -> str:
    match = re.search(r"Sitting ends at ([^<]+)<", html)
    assert match, html
    return match.group(1).strip()


def test_extend_a_sitting_moves_its_end(app: Flask, database: Database, settings: Settings,
                                        clock: Clock) -> None:
    north = h.location(database)
    case_id, booking_id = h.booking_now(database, north, state=CaseState.IN_PROGRESS,
                                        status=BookingStatus.CHECKED_IN)
    with database.session() as s:
        draft = Draft(case_id=case_id, questionnaire_version="1")
        s.add(draft)
        _code, key = start_draft(draft, _public_key(settings), settings.pepper,
                                 params=FAST_KDF)
        s.flush()
        open_session(s, draft, key, dt.timedelta(minutes=5))
    host = quick_client(app, database, h.person(database, Role.HOST, location_id=north))
    before = _sitting_end(host.get("/host/").text)
    done = host.post(f"/host/cases/{case_id}/extend", data={"minutes": "60"},
                     follow_redirects=True)
    assert "sitting extended by 60 minutes" in done.text
    after = _sitting_end(done.text)
    assert after != before
    with database.session() as s:
        assert s.get(Booking, booking_id).sitting_extension_minutes == 60
        row = s.scalar(select(KioskSession).where(KioskSession.case_id == case_id))
        # The host's end is the kiosk's rule: session start + limit + extension.
        with app.test_request_context():
            from admin.views.host import sitting_ends_at

            assert sitting_ends_at(row, s.get(Booking, booking_id)) == row.created_at + \
                dt.timedelta(minutes=settings.sitting_limit_minutes + 60)
    for _ in range(3):
        host.post(f"/host/cases/{case_id}/extend", data={"minutes": "60"})
    too_much = host.post(f"/host/cases/{case_id}/extend", data={"minutes": "15"},
                         follow_redirects=True)
    assert "at most 240 minutes in all" in too_much.text
    with database.session() as s:
        assert s.get(Booking, booking_id).sitting_extension_minutes == 240
        assert len(s.scalars(select(AuditEvent).where(
            AuditEvent.action == "booking.sitting_extended")).all()) == 4


def _public_key(settings: Settings) -> OfficePublicKey:
    """A throwaway office key pair for drafts in tests that need no decryption."""
    keys = settings.data_dir / "throwaway-keys"
    if not (keys / "keyring.json").exists():
        generate_keyring(keys, PASSPHRASE, scrypt=FAST_SCRYPT)
    return load_keyring(keys, PASSPHRASE).public


def test_reissue_gives_a_working_code_without_reading_the_draft(
    keyed_app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    from admin.office_keys import office_keyring
    from hearing.web import SETTINGS_KEY

    north = h.location(database)
    case_id, _booking = h.booking_now(database, north, state=CaseState.IN_PROGRESS,
                                      status=BookingStatus.CHECKED_IN)
    with keyed_app.app_context():
        public = office_keyring().public
        pepper = keyed_app.extensions[SETTINGS_KEY].pepper
    with database.session() as s:
        draft = Draft(case_id=case_id, questionnaire_version="1")
        s.add(draft)
        old_code, key = start_draft(draft, public, pepper, {"q1": "secret words"},
                                    params=FAST_KDF)
        s.flush()
        content_before = bytes(draft.content)
    host = quick_client(keyed_app, database,
                        h.person(database, Role.HOST, location_id=north, username="hasan"))
    listing = host.get("/host/").text
    assert f"/host/cases/{case_id}/resume-code" in listing
    assert host.get(f"/host/cases/{case_id}/resume-code").status_code == 200
    unchecked = host.post(f"/host/cases/{case_id}/resume-code", data={})
    assert unchecked.status_code == 422
    assert "identity document first." in unchecked.text
    page = host.post(f"/host/cases/{case_id}/resume-code", data={"identity_checked": "y"})
    assert page.status_code == 200
    new_code = re.search(r'id="resume-code" dir="ltr">([^<]+)<', page.text).group(1)
    assert "big-code" in page.text
    with database.session() as s:
        draft = s.scalar(select(Draft).where(Draft.case_id == case_id))
        assert unwrap_with_code(draft, new_code, pepper) == key
        with pytest.raises(WrongCodeError):
            unwrap_with_code(draft, old_code, pepper)
        assert bytes(draft.content) == content_before  # the answers were not touched
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        assert actions == ["draft.reissue_code"]
        assert verify(s).ok


def test_reissue_without_a_draft_or_a_keyring_says_so(
    app: Flask, database: Database, settings: Settings, clock: Clock
) -> None:
    north = h.location(database)
    case_id, _booking = h.booking_now(database, north)
    host = quick_client(app, database, h.person(database, Role.HOST, location_id=north))
    page = host.get(f"/host/cases/{case_id}/resume-code", follow_redirects=True)
    assert "has not started at a kiosk yet" in page.text
    with database.session() as s:
        draft = Draft(case_id=case_id, questionnaire_version="1")
        s.add(draft)
        start_draft(draft, _public_key(settings), settings.pepper, params=FAST_KDF)
    # The app fixture has no keyring configured: a clear message, no code.
    missing = host.post(f"/host/cases/{case_id}/resume-code", data={"identity_checked": "y"})
    assert missing.status_code == 503
    assert "The office key is not available on this server." in missing.text
