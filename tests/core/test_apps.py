from __future__ import annotations

from pathlib import Path

import pytest

import admin
import webform
from hearing.config import ConfigError, Settings
from hearing.db import Database


@pytest.mark.parametrize("factory", [webform.create_app, admin.create_app])
def test_healthz_is_ok_with_the_database_reachable(factory, settings: Settings) -> None:
    app = factory(settings)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "reachable"}


@pytest.mark.parametrize("factory", [webform.create_app, admin.create_app])
def test_healthz_is_503_when_the_database_is_down(factory, tmp_path: Path) -> None:
    settings = Settings.from_env(
        environ={}, data_dir=tmp_path,
        database_url="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1",
    ).with_secrets()
    app = factory(settings)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_the_apps_have_their_own_secret_and_cookie(settings: Settings) -> None:
    kiosk, office = webform.create_app(settings), admin.create_app(settings)
    assert kiosk.config["SECRET_KEY"] != office.config["SECRET_KEY"]
    assert kiosk.config["SESSION_COOKIE_NAME"] != office.config["SESSION_COOKIE_NAME"]
    assert kiosk.extensions["hearing.db"] is not office.extensions["hearing.db"]


def test_apps_share_a_database_object_when_given_one(settings: Settings) -> None:
    shared = Database(settings.database_url)
    app = webform.create_app(settings, database=shared)
    assert app.extensions["hearing.db"] is shared


def test_webform_refuses_a_private_key(settings: Settings, tmp_path: Path) -> None:
    from dataclasses import replace

    with pytest.raises(ConfigError, match="private key"):
        webform.create_app(replace(settings, office_private_key_path=tmp_path / "office.key"))
    with pytest.raises(ConfigError, match="private key"):
        webform.create_app(replace(settings, office_key_passphrase="secret"))


def test_pages_carry_security_headers(settings: Settings) -> None:
    response = webform.create_app(settings).test_client().get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
