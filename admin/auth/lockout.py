"""Per-account throttling: after ``MAX_FAILURES`` wrong passwords or codes, lock for ``LOCK_FOR``.

Unknown usernames get the same treatment from a small in-memory table, so that the lock
message never tells an attacker whether an account exists.
"""

from __future__ import annotations

import datetime as dt
import threading

from hearing.models import User

MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)


def locked_until(user: User, now: dt.datetime) -> dt.datetime | None:
    until = user.locked_until
    return until if until is not None and until > now else None


def fail(user: User, now: dt.datetime) -> dt.datetime | None:
    """Count one failure; returns the end of the lock if this failure started one."""
    count = (user.failed_logins or 0) + 1
    if count >= MAX_FAILURES:
        user.failed_logins = 0
        user.locked_until = now + LOCK_FOR
        return user.locked_until
    user.failed_logins = count
    return None


def succeed(user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None


class UnknownNames:
    """Failure counts for usernames that do not exist, kept per app process.

    Per process is enough: its only job is to make unknown names look like real ones.
    The table is bounded so a flood of random names cannot grow it without limit.
    """

    MAX_ENTRIES = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[int, dt.datetime | None]] = {}

    def locked_until(self, name: str, now: dt.datetime) -> dt.datetime | None:
        with self._lock:
            _, until = self._entries.get(name.casefold(), (0, None))
        return until if until is not None and until > now else None

    def fail(self, name: str, now: dt.datetime) -> dt.datetime | None:
        key = name.casefold()
        with self._lock:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            count, _ = self._entries.get(key, (0, None))
            count += 1
            if count >= MAX_FAILURES:
                self._entries[key] = (0, now + LOCK_FOR)
                return now + LOCK_FOR
            self._entries[key] = (count, None)
            return None
