"""The append-only, hash-chained audit log.

Each entry's ``entry_hash`` is SHA-256 over the canonical serialisation of its fields plus the
previous entry's hash (``prev_hash``; 64 zeros for the first entry). The canonical serialisation
is UTF-8 JSON, keys sorted, no whitespace, of::

    {"v": 1, "at": "YYYY-MM-DDTHH:MM:SS.ffffffZ", "actor_id": int|null, "actor_label": str,
     "action": str, "case_id": int|null, "target": str|null, "reason": str|null,
     "detail": {...}, "prev_hash": hex}

The row id is not hashed (it is assigned by the database after the hash is computed); the chain
order is the id order.

What verification detects, and its limits:

* an altered entry: its own hash no longer matches (named as the first bad entry);
* an inserted entry: if it does not chain to its predecessor it is itself named; if the forger
  chained it correctly (SHA-256 needs no secret), the entry after it is named, because its
  ``prev_hash`` no longer matches — the break is reported between the two ids;
* a deleted entry: the entry after the gap is named (its ``prev_hash`` no longer matches);
* deletion of the *tail* (the newest entries) leaves a valid shorter chain. An :class:`Anchor`
  (id and hash of the newest entry, written somewhere the database cannot change, e.g. printed
  daily to a ticket or a write-once store) closes this up to the anchor: verification with it
  fails if the anchored entry is gone or differs. Entries after the newest anchor stay unprotected.
* someone with write access who rewrites the whole chain from some point on is caught only by
  an anchor taken after that point.

Deleting a case sets ``case_id`` to NULL on its entries (the foreign key says ON DELETE SET NULL),
which verification reports as an alteration: cases with audit history should not be deleted.

Concurrency: on PostgreSQL, :func:`append` takes a transaction-level advisory lock before reading
the last hash, so concurrent transactions queue and never fork the chain (READ COMMITTED, the
default isolation, is assumed; under REPEATABLE READ the newest entry may be invisible). On
SQLite writers are serialised by the database; a transaction that read an older chain head fails
to write ("database is locked") rather than forking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hearing.models import AuditEvent

GENESIS_HASH = "0" * 64
HASH_VERSION = 1
# Arbitrary but fixed: every process appending to the chain must use the same lock key.
ADVISORY_LOCK_KEY = 0x5748_4155_4454  # "WHAUDT"


def _at(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("audit timestamps must be aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_entry(
    *,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    case_id: int | None,
    target: str | None,
    reason: str | None,
    detail: dict[str, Any],
    prev_hash: str,
) -> bytes:
    return json.dumps(
        {
            "v": HASH_VERSION, "at": _at(at), "actor_id": actor_id, "actor_label": actor_label,
            "action": action, "case_id": case_id, "target": target, "reason": reason,
            "detail": detail, "prev_hash": prev_hash,
        },
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
    ).encode("utf-8")


def entry_hash_of(event: Any) -> str:
    """The hash an entry (an ``AuditEvent`` or a row with the same attributes) should have."""
    return hashlib.sha256(
        canonical_entry(
            at=event.at, actor_id=event.actor_id, actor_label=event.actor_label,
            action=event.action, case_id=event.case_id, target=event.target,
            reason=event.reason, detail=event.detail or {}, prev_hash=event.prev_hash,
        )
    ).hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def append(
    session: Session,
    actor_label: str,
    action: str,
    case_id: int | None,
    target: str | None,
    reason: str | None,
    detail: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> AuditEvent:
    """Add one entry at the head of the chain (flushed; committed with the caller's transaction).

    ``detail`` must be JSON-able and must never hold case content: ids, counts, fingerprints.
    """
    # Round-trip through JSON so the hash is over exactly what the database will give back
    # (tuples become lists, keys become strings).
    clean_detail = json.loads(json.dumps(detail or {}, allow_nan=False))
    _lock_chain(session)
    session.flush()  # entries added earlier in this transaction are part of the chain
    head = session.scalar(select(AuditEvent.entry_hash).order_by(AuditEvent.id.desc()).limit(1))
    prev = head or GENESIS_HASH
    # Microseconds are kept by both databases; truncating nothing keeps the hash reproducible.
    now = dt.datetime.now(dt.UTC)
    event = AuditEvent(
        at=now, actor_id=actor_id, actor_label=actor_label, action=action, case_id=case_id,
        target=target, reason=reason, detail=clean_detail, prev_hash=prev,
    )
    event.entry_hash = entry_hash_of(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Anchor:
    """The newest entry at some moment, kept outside the database to detect tail deletion."""

    id: int
    entry_hash: str

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "entry_hash": self.entry_hash})

    @classmethod
    def from_json(cls, raw: str) -> Anchor:
        data = json.loads(raw)
        return cls(int(data["id"]), str(data["entry_hash"]))


def anchor(session: Session) -> Anchor | None:
    row = session.execute(
        select(AuditEvent.id, AuditEvent.entry_hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    return Anchor(row[0], row[1]) if row else None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    # The entry before the first bad one, when the break is a link between the two.
    previous_id: int | None = None
    problem: str | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain OK ({self.checked} entries)"
        return f"audit chain broken at entry {self.first_bad_id}: {self.problem}"


_COLUMNS = (
    AuditEvent.id, AuditEvent.at, AuditEvent.actor_id, AuditEvent.actor_label, AuditEvent.action,
    AuditEvent.case_id, AuditEvent.target, AuditEvent.reason, AuditEvent.detail,
    AuditEvent.prev_hash, AuditEvent.entry_hash,
)


def verify(session: Session, anchor: Anchor | None = None, *, batch: int = 1000) -> VerifyResult:
    """Walk the chain in id order; the result names the first bad entry, if any."""
    prev_hash = GENESIS_HASH
    prev_id: int | None = None
    checked = 0
    anchor_seen = False
    last_id = 0
    while True:
        # Plain rows, not ORM objects: verifying must not touch the caller's identity map.
        rows = session.execute(
            select(*_COLUMNS).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            break
        for event in rows:
            if event.prev_hash != prev_hash:
                where = f"entry {prev_id}" if prev_id is not None else "the start of the chain"
                return VerifyResult(
                    False, checked, event.id, prev_id,
                    f"prev_hash does not match {where}: an entry before it was deleted, "
                    "inserted or altered",
                )
            if entry_hash_of(event) != event.entry_hash:
                return VerifyResult(
                    False, checked, event.id, prev_id,
                    "entry_hash does not match its contents: the entry was altered or inserted",
                )
            if anchor is not None and event.id == anchor.id:
                if event.entry_hash != anchor.entry_hash:
                    return VerifyResult(
                        False, checked, event.id, prev_id, "entry differs from the anchor"
                    )
                anchor_seen = True
            checked += 1
            prev_hash = event.entry_hash
            prev_id = event.id
            last_id = event.id
    if anchor is not None and not anchor_seen:
        return VerifyResult(
            False, checked, anchor.id, prev_id,
            "the anchored entry is missing: entries at the end of the chain were deleted",
        )
    return VerifyResult(True, checked)
