"""Every case route, every role, every case that role may not see: 404, like a missing id.

Generic on purpose: it reads the app's URL map, so a route added later is walked as soon as it
exists. The convention that makes this work (see admin/access.py): a case id in a URL is
always the argument ``case_id``. Routes decorated ``with_case(Purpose.METADATA)`` may show an
administrator list-level facts; every other case route is content.

The response for a case that exists but is out of reach must be the one for a case that does
not exist (404, or the same 403 when the role may not use the route at all): nothing in it may
tell the two apart, and the case's V-number never appears.
"""

from __future__ import annotations

import re
import uuid

import pytest
from flask import Flask
from werkzeug.routing import Rule

import admin
from admin.access import Purpose
from hearing.config import Settings
from hearing.db import Database
from tests.admin.conftest import Clock, quick_client
from tests.admin.world import ALL, EXPECTED, World, build_world

MISSING_ID = 1_000_000_000
ARG = re.compile(r"<(?:(?P<conv>[a-zA-Z_]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
# One user per role (the planner sees every case by design, so it has nothing to walk).
WALKERS = ("admin", "host_north", "translator_a", "lawyer_1", "screener", "officer_1",
           "lawyer_screener")


def case_rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if "case_id" in r.arguments),
                  key=lambda r: r.rule)


def fill(rule: Rule, case_id: int) -> str:
    def value(match: re.Match[str]) -> str:
        if match["name"] == "case_id":
            return str(case_id)
        conv = match["conv"] or "default"
        # Other ids: something that exists rarely; the case check must come first anyway.
        return {"int": "1", "uuid": str(uuid.UUID(int=1)), "float": "1.0"}.get(conv, "x")

    return ARG.sub(value, rule.rule)


def test_case_ids_in_urls_are_always_called_case_id(settings: Settings) -> None:
    app = admin.create_app(settings)
    odd = [r.rule for r in app.url_map.iter_rules()
           for arg in r.arguments if "case" in arg and arg != "case_id"]
    assert odd == [], f"name the argument case_id so the access tests cover it: {odd}"


def test_there_is_a_case_route_to_walk(settings: Settings) -> None:
    assert case_rules(admin.create_app(settings)), "no <int:case_id> route: the walk is empty"


@pytest.fixture
def world(database: Database) -> World:
    return build_world(database)


@pytest.mark.parametrize("who", WALKERS)
def test_every_case_route_hides_cases_out_of_reach(
    app: Flask, database: Database, world: World, clock: Clock, who: str
) -> None:
    client = quick_client(app, database, world.users[who])
    checked = 0
    for rule in case_rules(app):
        view = app.view_functions[rule.endpoint]
        metadata_only = getattr(view, "case_purpose", None) == Purpose.METADATA
        visible = EXPECTED[who]
        if who == "admin":
            # Administrators may see list-level facts of every case, and nothing more.
            visible = ALL if metadata_only else frozenset()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            missing = client.open(fill(rule, MISSING_ID), method=method)
            assert missing.status_code in (403, 404), (rule.rule, method, missing.status_code)
            for name in sorted(ALL - visible):
                response = client.open(fill(rule, world.cases[name]), method=method)
                where = f"{who} {method} {rule.rule} case {name}"
                assert response.status_code == missing.status_code, where
                assert world.v_numbers[name] not in response.get_data(as_text=True), where
                checked += 1
    if who != "admin":
        assert checked, "nothing walked"
