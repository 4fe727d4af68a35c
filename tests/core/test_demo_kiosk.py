"""The demo's printed codes work at the moment they are printed, whatever the time of day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hearing import scheduling
from hearing.config import Settings
from hearing.db import Database
from hearing.demo import seed
from hearing.demo_kiosk import prepare_sittings
from hearing.models import Draft, Kiosk, Location, utcnow
from hearing.vault.drafts import unwrap_with_code
from hearing.vault.office import load_keyring, reissue_resume_code
from hearing.vault.public import load_public_key
from tests.webform.world import FAST_SCRYPT, PASSPHRASE


@pytest.mark.parametrize("hour", [3, 22])
def test_printed_codes_check_in_and_resume_now(
    settings: Settings, database: Database, hour: int,
) -> None:
    from hearing.vault.office import generate_keyring, keyring_dir

    generate_keyring(keyring_dir(settings), PASSPHRASE, scrypt=FAST_SCRYPT)
    keyring = load_keyring(keyring_dir(settings), PASSPHRASE)
    assert settings.office_public_key_path is not None
    office = load_public_key(settings.office_public_key_path)
    now = utcnow().replace(hour=hour, minute=17) + dt.timedelta(days=1)
    with database.session() as session:
        seed(session, now=now - dt.timedelta(hours=1))
        first = prepare_sittings(session, settings, office, now=now)
        again = prepare_sittings(
            session, settings, office, now=now,
            reissue_resume_code=lambda s, d: reissue_resume_code(
                s, d, keyring, settings.pepper, actor="demo", reason="test"))
        kiosk = session.scalar(select(Kiosk).join(Location).where(Location.name == "Ter Apel"))
        for line in [*first, *again]:
            if line.invitation_code and line in again:
                booking = scheduling.find_by_invitation_code(
                    session, line.invitation_code, settings.pepper)
                assert booking is not None
                assert scheduling.check_in_refusal(booking, kiosk, now + dt.timedelta(
                    minutes=1)) is None
        resumes = [line for line in again if line.resume_code]
        assert resumes, "an in-progress demo case gets a personal code"
        draft = session.scalar(select(Draft))
        assert draft is not None
        assert unwrap_with_code(draft, resumes[0].resume_code or "", settings.pepper)
