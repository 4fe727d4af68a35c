"""``hearing demo``: a populated SQLite database and both apps running, for a first look."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import click
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from werkzeug.serving import BaseWSGIServer, make_server

from hearing import migrate
from hearing.cli.common import CliContext, connection_error, pass_cli
from hearing.config import Settings
from hearing.demo import DEMO_USERS, demo_password, seed
from hearing.demo_kiosk import DemoSitting, prepare_sittings
from hearing.demo_totp import DEMO_TOTP_SECRETS, enrol_demo_totp
from hearing.kiosks import reissue_token
from hearing.models import Draft, Kiosk, Location

# The demo's office key passphrase. A real deployment follows deploy/key-ceremony.md.
DEMO_PASSPHRASE = "demo office passphrase"  # noqa: S105 - printed on purpose, demo only


def demo_office_settings(settings: Settings) -> Settings:
    """The back office's settings: the same, plus the private keyring and its passphrase."""
    from hearing.vault.office import keyring_dir

    return replace(settings, office_private_key_path=keyring_dir(settings),
                   office_key_passphrase=settings.office_key_passphrase or DEMO_PASSPHRASE)


def ensure_demo_keys(settings: Settings) -> None:
    from hearing.vault.office import KEYRING_FILE, generate_keyring, keyring_dir

    directory = keyring_dir(settings)
    if not (directory / KEYRING_FILE).exists():
        generate_keyring(directory, settings.office_key_passphrase or DEMO_PASSPHRASE)


def demo_kiosk_token(cli: CliContext) -> str:
    """A fresh device token for the first demo kiosk at Ter Apel (the old one stops working)."""
    with cli.database.session() as session:
        kiosk = session.scalar(select(Kiosk).join(Location).where(Location.name == "Ter Apel")
                               .order_by(Kiosk.id))
        assert kiosk is not None
        return reissue_token(kiosk, cli.settings.pepper)


def prepare_demo(cli: CliContext) -> None:
    """Create the schema and demo data (once) for the configured database."""
    settings = cli.settings
    ensure_demo_keys(settings)
    try:
        migrate.upgrade(settings.database_url)
        with cli.database.session() as session:
            seed(session)
            # Staff sign in with a second factor; demo users get fixed, printed TOTP secrets.
            enrol_demo_totp(session)
    except OperationalError as exc:
        raise connection_error(exc) from None


def demo_sittings(cli: CliContext) -> list[DemoSitting]:
    """Fresh codes for the demo applicants, valid now (printed, never stored readable)."""
    from hearing.vault.office import load_office_keyring, reissue_resume_code
    from hearing.vault.public import load_public_key

    settings = cli.settings
    assert settings.office_public_key_path is not None
    office = load_public_key(settings.office_public_key_path)
    keyring = load_office_keyring(demo_office_settings(settings))

    def reissue(session: Session, draft: Draft) -> str:
        return reissue_resume_code(session, draft, keyring, settings.pepper,
                                   actor="demo", reason="demo: printed at start")

    with cli.database.session() as session:
        sittings = prepare_sittings(session, settings, office, reissue_resume_code=reissue)
        session.commit()
    return sittings


def _serve(app: Any, host: str, port: int) -> BaseWSGIServer:
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    threading.Thread(target=server.serve_forever, name=f"serve-{port}", daemon=True).start()
    return server


@click.command("demo-code")
@click.argument("username")
def demo_code_command(username: str) -> None:
    """Print the current sign-in code of a demo user (demo only)."""
    from hearing.demo_totp import demo_code

    if username not in DEMO_TOTP_SECRETS:
        raise click.ClickException(f"{username!r} is not a demo user")
    click.echo(demo_code(username))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--webform-port", default=5000, show_default=True)
@click.option("--admin-port", default=5001, show_default=True)
@click.option("--no-serve", is_flag=True, help="Only prepare the database; do not start the apps.")
@pass_cli
def demo(cli: CliContext, host: str, webform_port: int, admin_port: int, no_serve: bool) -> None:
    """Set up demo data and run the kiosk and back office apps until Ctrl-C."""
    import admin
    import webform

    prepare_demo(cli)
    settings = cli.settings
    click.echo(f"demo database: {settings.database_url}")
    if no_serve:
        return
    token = demo_kiosk_token(cli)
    sittings = demo_sittings(cli)
    servers = [
        _serve(webform.create_app(settings), host, webform_port),
        _serve(admin.create_app(replace(
            demo_office_settings(settings), webform_base_url=f"http://{host}:{webform_port}",
            admin_base_url=f"http://{host}:{admin_port}")), host, admin_port),
    ]
    click.echo("")
    click.echo(f"  kiosk (webform):        http://{host}:{webform_port}/")
    click.echo("  make this browser the demo kiosk at Ter Apel (open once):")
    click.echo(f"                          http://{host}:{webform_port}/kiosk/enrol/{token}")
    click.echo(f"  back office (admin):    http://{host}:{admin_port}/")
    click.echo("")
    click.echo("  demo applicants at the Ter Apel kiosk (date of birth as day-month-year):")
    for line in sittings:
        code = (f"invitation code {line.invitation_code}" if line.invitation_code
                else f"personal code {line.resume_code}")
        click.echo(f"    {line.name:<18} {line.locale:<6} born {line.date_of_birth:%d-%m-%Y}"
                   f"  {code}")
    click.echo("")
    click.echo("  demo logins (back office): username, password, then the 6-digit code from an")
    click.echo("  authenticator app with the TOTP secret shown (or `hearing demo-code USERNAME`):")
    for username, _name, role in DEMO_USERS:
        click.echo(f"    {role.value:<18} {username:<11} password {demo_password(username):<22}"
                   f" TOTP secret {DEMO_TOTP_SECRETS[username]}")
    click.echo(f"  office key passphrase:  {DEMO_PASSPHRASE}")
    click.echo("")
    click.echo("Press Ctrl-C to stop both apps.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("\nstopping…")
    finally:
        for server in servers:
            server.shutdown()
