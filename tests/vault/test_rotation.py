"""Key rotation, retirement and store verification, via the functions and the CLI."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from hearing.cli.common import CliContext
from hearing.cli.keys import keys
from hearing.config import Settings
from hearing.db import Database
from hearing.models import Draft, Note, Submission
from hearing.vault import drafts, office, public
from hearing.vault.envelope import parse_capsule, parse_envelope
from hearing.vault.errors import KeyringError, PassphraseError
from hearing.vault.office import OfficeKeyring
from tests.vault.conftest import FAST_KDF, FAST_SCRYPT, PASSPHRASE, PEPPER, make_case, make_staff


def _populate(s, keyring: OfficeKeyring, n: int = 3) -> None:
    for i in range(n):
        case = make_case(s)
        sealed = public.seal_submission(
            keyring.public, case_id=case.id, questionnaire_version="2024.1", locale="en",
            answers={"q1": f"answer {i}"},
        )
        s.add(Submission(case_id=case.id, questionnaire_version="2024.1", locale="en",
                         envelope=sealed.envelope, key_id=sealed.key_id,
                         fingerprint=sealed.fingerprint))
    case = make_case(s)
    draft = Draft(case_id=case.id, questionnaire_version="2024.1")
    drafts.start_draft(draft, keyring.public, PEPPER, {"q1": "draft"}, params=FAST_KDF)
    s.add(draft)
    s.add(Note(case_id=case.id, author_id=make_staff(s).id, key_id=keyring.current_id,
               envelope=public.encrypt_note(keyring.public, case_id=case.id,
                                            content={"text": "note"})))
    s.flush()


def _body(data: bytes) -> tuple[bytes, bytes]:
    env = parse_envelope(data)
    return env.nonce, env.ciphertext


def test_rotation_rewraps_only_and_everything_stays_readable(
    db: Database, keyring: OfficeKeyring
) -> None:
    old = keyring.current_id
    with db.session() as s:
        _populate(s, keyring)
        before = {sub.id: _body(sub.envelope) for sub in s.scalars(select(Submission))}
        draft_content = bytes(s.scalar(select(Draft)).content)
    new = office.add_key(keyring, scrypt=FAST_SCRYPT).key_id
    assert new != old and keyring.current_id == new
    assert public.load_public_key(keyring.directory / "office_public.pem").key_id == new
    with db.session() as s:
        report = office.rewrap_store(s, keyring)
    assert report.ok and report.changed == {"submission": 3, "draft": 1, "note": 1}
    with db.session() as s:
        for sub in s.scalars(select(Submission)):
            assert sub.key_id == new and parse_envelope(sub.envelope).key_id == new
            assert _body(sub.envelope) == before[sub.id]  # content bytes unchanged
            opened = office.open_submission(s, sub, keyring, actor="t", reason="rotation test")
            assert opened.answers["q1"].startswith("answer")
        draft = s.scalar(select(Draft))
        assert bytes(draft.content) == draft_content
        assert parse_capsule(draft.key_wrapped_to_office).key_id == new
        assert office.key_usage(s) == {new: 5}
    with db.session() as s:
        office.retire_key(keyring, old)
        report = office.verify_store(s, keyring)
    assert report.ok and report.per_key == {new: 5}


def test_old_key_readable_until_retired_then_reported(
    db: Database, keyring: OfficeKeyring
) -> None:
    old = keyring.current_id
    with db.session() as s:
        _populate(s, keyring, n=2)
    office.add_key(keyring, scrypt=FAST_SCRYPT)
    with db.session() as s:
        report = office.verify_store(s, keyring)  # not re-wrapped yet: both keys in use
        assert report.ok and report.per_key == {old: 4}
        office.retire_key(keyring, old)
        report = office.verify_store(s, keyring)
    assert not report.ok and len(report.problems) == 4
    assert {p.error for p in report.problems} == {"RetiredKeyError"}
    assert {p.table for p in report.problems} == {"submission", "draft", "note"}
    assert not (keyring.directory / "private" / f"{old}.key").exists()


def test_current_key_cannot_be_retired(keyring: OfficeKeyring) -> None:
    with pytest.raises(KeyringError):
        office.retire_key(keyring, keyring.current_id)


def test_keyring_files(keyring: OfficeKeyring) -> None:
    private = keyring.directory / "private" / f"{keyring.current_id}.key"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(private.parent.stat().st_mode) == 0o700
    assert "Key-Id: " + keyring.current_id in (keyring.directory / "office_public.pem").read_text()
    with pytest.raises(PassphraseError):
        office.load_keyring(keyring.directory, "wrong passphrase")
    with pytest.raises(KeyringError):
        office.generate_keyring(keyring.directory, PASSPHRASE)
    assert office.verify_keyring(keyring) == []


def test_verify_store_names_a_tampered_row(db: Database, keyring: OfficeKeyring) -> None:
    with db.session() as s:
        _populate(s, keyring, n=2)
        victim = s.scalars(select(Submission)).first()
        data = bytearray(victim.envelope)
        data[-1] ^= 1
        victim.envelope = bytes(data)
        victim_id = victim.id
    with db.session() as s:
        report = office.verify_store(s, keyring)
        unwrap_only = office.verify_store(s, keyring, decrypt_content=False)
    assert [(p.table, p.row_id, p.error) for p in report.problems] == [
        ("submission", victim_id, "IntegrityError")
    ]
    assert unwrap_only.ok  # the wrapped key is intact; only the content was altered


# --- the CLI ----------------------------------------------------------------------------------


@pytest.fixture
def cli_context(db: Database, tmp_path: Path) -> CliContext:
    settings = Settings.from_env(
        environ={}, data_dir=tmp_path / "data", database_url=db.url,
        office_key_passphrase=PASSPHRASE,
    ).with_secrets()
    return CliContext(_settings=settings, _database=db)


def _run(cli_context: CliContext, *args: str):
    return CliRunner().invoke(keys, list(args), obj=cli_context, catch_exceptions=False)


def test_cli_generate_rotate_retire_verify(cli_context: CliContext, db: Database) -> None:
    result = _run(cli_context, "generate")
    assert result.exit_code == 0, result.output
    directory = cli_context.settings.data_dir / "keys"
    keyring = office.load_keyring(directory, PASSPHRASE)
    old = keyring.current_id
    assert old in result.output and PASSPHRASE not in result.output
    with db.session() as s:
        _populate(s, keyring, n=2)
    result = _run(cli_context, "rotate")
    assert result.exit_code == 0, result.output
    assert "re-wrapped 2 submission" in result.output
    keyring = office.load_keyring(directory, PASSPHRASE)
    new = keyring.current_id
    assert new != old
    # A stale kiosk still sealing to the old key: retire must refuse while that data exists.
    with db.session() as s:
        case = make_case(s)
        stale = public.seal_submission(
            office.KeyInfo(old, keyring.keys[old].public_raw, "").public, case_id=case.id,
            questionnaire_version="2024.1", locale="en", answers={"late": True},
        )
        s.add(Submission(case_id=case.id, questionnaire_version="2024.1", locale="en",
                         envelope=stale.envelope, key_id=stale.key_id,
                         fingerprint=stale.fingerprint))
        stale_case = case.id
    result = _run(cli_context, "retire", old)
    assert result.exit_code != 0 and "1 stored item(s) still use" in result.output
    result = _run(cli_context, "verify")
    assert result.exit_code == 0, result.output
    assert f"key {old} (active): 1 item(s)" in result.output
    result = _run(cli_context, "retire", old, "--force")
    assert result.exit_code == 0, result.output
    result = _run(cli_context, "verify")
    assert result.exit_code == 1
    assert f"key {old} (retired): 1 item(s)" in result.output
    assert f"(case {stale_case}): RetiredKeyError" in result.output
    result = _run(cli_context, "list")
    assert f"{new}  current" in result.output and f"{old}  retired" in result.output


def test_cli_passphrase_file(cli_context: CliContext, tmp_path: Path) -> None:
    phrase_file = tmp_path / "phrase"
    phrase_file.write_text("from a file\n")
    os.chmod(phrase_file, 0o600)
    keyring_dir = tmp_path / "elsewhere"
    result = _run(cli_context, "generate", "--keyring", str(keyring_dir),
                  "--passphrase-file", str(phrase_file))
    assert result.exit_code == 0, result.output
    office.load_keyring(keyring_dir, "from a file")
    # The webform's configured public key path gets a copy.
    assert cli_context.settings.office_public_key_path.exists()
