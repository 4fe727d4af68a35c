"""``hearing kiosks``: register kiosk devices at a location."""

from __future__ import annotations

import click
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from hearing import kiosks as kiosk_service
from hearing.cli.common import CliContext, connection_error, pass_cli
from hearing.models import Kiosk, Location


@click.group()
def kiosks() -> None:
    """Kiosk devices."""


@kiosks.command("add")
@click.option("--location", required=True, help="Location name.")
@click.option("--label", required=True, help="A label to find the device by, e.g. 'hall 2'.")
@click.option("--webform-url", default="http://127.0.0.1:5000", show_default=True)
@pass_cli
def add(cli: CliContext, location: str, label: str, webform_url: str) -> None:
    """Register a kiosk and print the one-time enrolment address to open on it."""
    try:
        with cli.database.session() as session:
            loc = session.scalar(select(Location).where(Location.name == location))
            if loc is None:
                raise click.ClickException(f"location {location!r} does not exist")
            kiosk, token = kiosk_service.add_kiosk(session, loc, label, cli.settings.pepper)
            kiosk_id = kiosk.id
    except OperationalError as exc:
        raise connection_error(exc) from None
    click.echo(f"kiosk {kiosk_id} ({label}) at {location}")
    click.echo(f"open on the kiosk once: {webform_url.rstrip('/')}/kiosk/enrol/{token}")


@kiosks.command("list")
@pass_cli
def list_(cli: CliContext) -> None:
    """List kiosks and their locations."""
    try:
        with cli.database.session() as session:
            rows = session.execute(
                select(Kiosk.id, Kiosk.label, Location.name, Kiosk.active,
                       Kiosk.token_hash.is_not(None))
                .join(Location).order_by(Location.name, Kiosk.label)
            ).all()
    except OperationalError as exc:
        raise connection_error(exc) from None
    for kiosk_id, label, loc, active, enrolled in rows:
        state = ("active" if active else "inactive") + ("" if enrolled else ", not enrolled")
        click.echo(f"{kiosk_id:>4}  {loc:<20} {label:<20} {state}")
