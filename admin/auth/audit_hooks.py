"""Sign-in events for the audit log, through ``hearing.audit.append`` when it is there.

The audit module is written separately; until it exists these calls do nothing, and from the
moment it does they land in the hash-chained log in the same transaction as the change.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from hearing.models import User
from hearing.web import db_session


def _append() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("hearing.audit")
    except ModuleNotFoundError as exc:
        if exc.name != "hearing.audit":
            raise  # a missing dependency *inside* the audit module is a real error
        return None
    return getattr(module, "append", None)


def record(
    action: str, *, actor: User | None, target: str, reason: str | None = None,
    detail: Mapping[str, Any] | None = None, actor_label: str | None = None,
) -> None:
    """Write one event. ``target`` names the user acted on (``user:<id>``), never a secret."""
    append = _append()
    if append is None:
        return
    label = actor_label or (actor.username if actor is not None else "anonymous")
    append(db_session(), label, action, None, target, reason, dict(detail or {}),
           actor_id=actor.id if actor is not None else None)
