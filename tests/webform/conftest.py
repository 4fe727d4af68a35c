"""Fixtures for the kiosk tests; the world they run in is built in :mod:`tests.webform.world`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hearing.config import Settings
from hearing.db import Database
from tests.webform.world import KioskWorld, make_kiosk_world


@pytest.fixture
def world(settings: Settings, database: Database) -> Iterator[KioskWorld]:
    yield make_kiosk_world(settings, database)
