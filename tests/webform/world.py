"""A kiosk ready for check-in: office keys, an enrolled kiosk, a case booked into a slot open now.

Each test gets the webform app on SQLite and on PostgreSQL (the ``database`` fixture), with
CSRF off for the test client (one test checks it separately) and the office keyring generated
with cheap scrypt costs; the resume-code KDF keeps its real cost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

import webform
from hearing import scheduling
from hearing.config import Settings
from hearing.db import Database
from hearing.kiosks import reissue_token
from hearing.models import Case, Kiosk, Location, TimeSlot, utcnow
from hearing.vault.office import ScryptParams, generate_keyring, keyring_dir
from hearing.workflow import SYSTEM, transition
from tests.factories import make_case
from webform.applicant import DEVICE_COOKIE

PASSPHRASE = "kiosk tests passphrase"
FAST_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
BORN = dt.date(1995, 9, 3)
RESUME_CODE = re.compile(r'class="resume-code"[^>]*>\s*([^<\s]+)\s*<')


@dataclass
class KioskWorld:
    app: Flask
    settings: Settings
    database: Database
    case_id: int
    invitation_code: str
    kiosk_token: str
    location_id: int
    other_kiosk_token: str = ""
    clients: list[FlaskClient] = field(default_factory=list)

    def client(self, token: str | None = None) -> FlaskClient:
        client = self.app.test_client()
        client.set_cookie(DEVICE_COOKIE, token or self.kiosk_token)
        self.clients.append(client)
        return client

    def check_in(self, client: FlaskClient) -> str:
        """Check in with the invitation code; returns the personal resume code shown once."""
        response = client.post("/check-in", data=dob_form(code=self.invitation_code))
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
        match = RESUME_CODE.search(response.get_data(as_text=True))
        assert match, "no resume code on the page"
        return match.group(1)

    def resume(self, client: FlaskClient, code: str) -> Any:
        return client.post("/resume", data=dob_form(code=code))


def dob_form(code: str, born: dt.date = BORN) -> dict[str, str]:
    return {"code": code, "day": str(born.day), "month": str(born.month),
            "year": str(born.year)}


@dataclass(frozen=True)
class Seeded:
    case_id: int
    invitation_code: str
    kiosk_token: str
    other_kiosk_token: str
    location_id: int


def seed_kiosk(settings: Settings, database: Database) -> Seeded:
    """Office keys, two locations with a kiosk each, and a case booked at the first, open now."""
    generate_keyring(keyring_dir(settings), PASSPHRASE, scrypt=FAST_SCRYPT)
    now = utcnow()
    with database.session() as session:
        here = Location(name="Ter Apel", address="Havikshorst 1")
        there = Location(name="Den Bosch", address="Stationsplein 2")
        session.add_all([here, there])
        session.flush()
        kiosk = Kiosk(location_id=here.id, label="Ter Apel 1")
        other = Kiosk(location_id=there.id, label="Den Bosch 1")
        session.add_all([kiosk, other])
        token = reissue_token(kiosk, settings.pepper)
        other_token = reissue_token(other, settings.pepper)
        case: Case = make_case(session, date_of_birth=BORN)
        transition(session, case, "invite", SYSTEM)
        transition(session, case, "consent", SYSTEM)
        slot = TimeSlot(location_id=here.id, starts_at=now + dt.timedelta(minutes=5),
                        ends_at=now + dt.timedelta(hours=4), capacity=4)
        session.add(slot)
        session.flush()
        booked = scheduling.book(session, case, slot, settings.pepper, SYSTEM)
        return Seeded(case.id, booked.invitation_code, token, other_token, here.id)


def make_kiosk_world(settings: Settings, database: Database) -> KioskWorld:
    seeded = seed_kiosk(settings, database)
    app = webform.create_app(settings, database=database)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    return KioskWorld(app=app, settings=settings, database=database, case_id=seeded.case_id,
                      invitation_code=seeded.invitation_code, kiosk_token=seeded.kiosk_token,
                      location_id=seeded.location_id,
                      other_kiosk_token=seeded.other_kiosk_token)
