"""The hash-chained audit log: appends, and every kind of tampering named at the first bad entry."""

from __future__ import annotations

import threading
import time

from click.testing import CliRunner
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import OperationalError

from hearing import audit
from hearing.cli.audit import audit as audit_cli
from hearing.cli.common import CliContext
from hearing.config import Settings
from hearing.db import Database
from hearing.models import AuditEvent
from tests.vault.conftest import make_case


def _chain(db: Database, n: int = 5) -> list[int]:
    with db.session() as s:
        case = make_case(s)
        ids = [
            audit.append(s, f"user{i}", "submission.decrypt", case.id, "submission",
                         f"reason {i}", {"i": i, "tuple": (1, 2)}).id
            for i in range(n)
        ]
    return ids


def test_chain_links_and_verifies(any_db: Database) -> None:
    ids = _chain(any_db)
    with any_db.session() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert events[0].prev_hash == "0" * 64
        assert all(b.prev_hash == a.entry_hash for a, b in zip(events, events[1:], strict=False))
        result = audit.verify(s)
    assert result.ok and result.checked == len(ids)


def test_altered_entry_is_named(any_db: Database) -> None:
    ids = _chain(any_db)
    with any_db.session() as s:
        s.execute(update(AuditEvent).where(AuditEvent.id == ids[2]).values(reason="nothing"))
    with any_db.session() as s:
        result = audit.verify(s)
    assert not result.ok and result.first_bad_id == ids[2]
    assert "altered" in str(result)


def test_altered_entry_with_recomputed_hash_breaks_the_next_link(any_db: Database) -> None:
    ids = _chain(any_db)
    with any_db.session() as s:
        event = s.get(AuditEvent, ids[1])
        event.reason = "covered up"
        event.entry_hash = audit.entry_hash_of(event)
    with any_db.session() as s:
        result = audit.verify(s)
    assert (result.first_bad_id, result.previous_id) == (ids[2], ids[1])


def test_deleted_entry_is_detected_at_the_next_one(any_db: Database) -> None:
    ids = _chain(any_db)
    with any_db.session() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id == ids[2]))
    with any_db.session() as s:
        result = audit.verify(s)
    assert not result.ok and result.first_bad_id == ids[3] and result.previous_id == ids[1]
    assert "deleted" in (result.problem or "")


def _insert_between(db: Database, ids: list[int], *, chain_it: bool) -> int:
    """Move the newer entries up one id and put a forged one in the gap after ids[1]."""
    with db.session() as s:
        for event_id in reversed(ids[2:]):
            s.execute(update(AuditEvent).where(AuditEvent.id == event_id)
                      .values(id=event_id + 1000))
        s.flush()
        for event_id in ids[2:]:
            s.execute(update(AuditEvent).where(AuditEvent.id == event_id + 1000)
                      .values(id=event_id + 1))
        before = s.get(AuditEvent, ids[1])
        forged = AuditEvent(
            id=ids[2], at=before.at, actor_label="nobody", action="submission.decrypt",
            case_id=before.case_id, target="submission", reason="never happened", detail={},
            prev_hash=before.entry_hash if chain_it else "f" * 64, entry_hash="e" * 64,
        )
        if chain_it:
            forged.entry_hash = audit.entry_hash_of(forged)
        s.add(forged)
    return ids[2]


def test_inserted_entry_is_named(db: Database) -> None:
    ids = _chain(db)
    forged = _insert_between(db, ids, chain_it=False)
    with db.session() as s:
        result = audit.verify(s)
    assert result.first_bad_id == forged


def test_inserted_and_correctly_chained_entry_breaks_the_next_link(db: Database) -> None:
    ids = _chain(db)
    forged = _insert_between(db, ids, chain_it=True)
    with db.session() as s:
        result = audit.verify(s)
    # SHA-256 needs no secret, so the forgery itself is consistent; the link after it is not.
    assert (result.first_bad_id, result.previous_id) == (forged + 1, forged)


def test_tail_deletion_needs_an_anchor(any_db: Database) -> None:
    ids = _chain(any_db)
    with any_db.session() as s:
        anchor = audit.anchor(s)
    assert anchor is not None and anchor.id == ids[-1]
    with any_db.session() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id >= ids[-2]))
    with any_db.session() as s:
        assert audit.verify(s).ok  # a shorter chain is still a valid chain ...
        result = audit.verify(s, audit.Anchor.from_json(anchor.to_json()))
    assert not result.ok and result.first_bad_id == ids[-1]  # ... the anchor catches it


def test_concurrent_appends_do_not_fork(any_db: Database) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                for _attempt in range(50):
                    try:
                        with any_db.session() as s:
                            s.execute(text("SELECT 1"))  # the transaction is already open
                            audit.append(s, f"w{n}", "test", None, None, None, {"i": i})
                        break
                    except OperationalError:
                        # SQLite: a writer that read an older chain head is refused ("database
                        # is locked"), never allowed to fork; the caller retries.
                        if any_db.dialect != "sqlite":
                            raise
                        time.sleep(0.01)
                else:
                    raise AssertionError("could not append")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with any_db.session() as s:
        result = audit.verify(s)
        prevs = s.scalars(select(AuditEvent.prev_hash)).all()
    assert result.ok and result.checked == 60
    assert len(set(prevs)) == 60  # no two entries share a predecessor


def test_cli_verify_and_show(db: Database, tmp_path) -> None:
    ids = _chain(db)
    settings = Settings.from_env(environ={}, data_dir=tmp_path / "data", database_url=db.url)
    obj = CliContext(_settings=settings, _database=db)
    runner = CliRunner()
    anchor_file = tmp_path / "anchors"
    result = runner.invoke(audit_cli, ["anchor", "--output", str(anchor_file)], obj=obj)
    assert result.exit_code == 0
    result = runner.invoke(audit_cli, ["verify", "--anchor", str(anchor_file)], obj=obj)
    assert result.exit_code == 0 and "OK (5 entries)" in result.output
    with db.session() as s:
        v_number = s.scalar(text("SELECT v_number FROM hearing_case"))
    result = runner.invoke(audit_cli, ["show", "--case", v_number], obj=obj)
    assert result.exit_code == 0 and result.output.count("submission.decrypt") == 5
    with db.session() as s:
        s.execute(update(AuditEvent).where(AuditEvent.id == ids[3]).values(actor_label="other"))
    result = runner.invoke(audit_cli, ["verify"], obj=obj)
    assert result.exit_code == 1 and f"entry {ids[3]}" in result.output
