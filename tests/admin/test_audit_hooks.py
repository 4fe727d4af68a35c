"""Sign-in events reach hearing.audit.append when that module exists."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from flask import Flask

from hearing.db import Database
from hearing.models import Role
from tests.admin.conftest import Clock, add_staff, password_step, sign_in


@pytest.fixture
def audit_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    fake = types.ModuleType("hearing.audit")

    def append(db_session: Any, actor_label: str, action: str, case_id: int | None,
               target: str, reason: str | None, detail: Any, actor_id: int | None = None) -> None:
        calls.append((actor_label, action, case_id, target, actor_id))

    fake.append = append  # type: ignore[attr-defined]
    # Only stand in when the real module is not there yet.
    if "hearing.audit" not in sys.modules:
        try:
            import hearing.audit  # noqa: F401
        except ModuleNotFoundError:
            monkeypatch.setitem(sys.modules, "hearing.audit", fake)
        else:
            monkeypatch.setattr(sys.modules["hearing.audit"], "append", append)
    else:
        monkeypatch.setattr(sys.modules["hearing.audit"], "append", append)
    return calls


def test_sign_in_events_are_audited(
    app: Flask, database: Database, clock: Clock, audit_calls: list[tuple[Any, ...]]
) -> None:
    staff = add_staff(database, Role.PLANNER)
    admin_user = add_staff(database, Role.ADMINISTRATOR)
    password_step(app.test_client(), staff, "wrong password")
    client = app.test_client()
    sign_in(client, staff, clock)
    client.post("/sign-out-everywhere")
    boss = app.test_client()
    sign_in(boss, admin_user, clock)
    boss.post(f"/users/{staff.id}/reset", data={})
    actions = [(c[1], c[3]) for c in audit_calls]
    target = f"user:{staff.id}"
    assert ("sign_in.failed", target) in actions
    assert ("sign_in.succeeded", target) in actions
    assert ("sign_out.everywhere", target) in actions
    assert ("user.password_reset", target) in actions
    reset = next(c for c in audit_calls if c[1] == "user.password_reset")
    assert reset[0] == admin_user.username and reset[4] == admin_user.id
    # No password or code ever goes into the audit log.
    assert "wrong password" not in repr(audit_calls)
