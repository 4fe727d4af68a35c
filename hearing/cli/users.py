"""``hearing users``: staff and outside users."""

from __future__ import annotations

import click
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from hearing.cli.common import CliContext, connection_error, pass_cli
from hearing.models import Location, Organisation, OrganisationKind, Role, User, UserRole
from hearing.passwords import hash_password, one_time_password


@click.group()
def users() -> None:
    """Staff, lawyers and translators."""


@users.command()
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option(
    "--role", "roles", multiple=True, required=True,
    type=click.Choice([r.value for r in Role]), help="Role; repeat for several.",
)
@click.option("--email", default=None)
@click.option("--organisation", default=None, help="Law firm or translation agency name.")
@click.option(
    "--organisation-kind", type=click.Choice([k.value for k in OrganisationKind]), default=None,
    help="Kind of organisation, if it has to be created.",
)
@click.option("--location", default=None, help="Location name (for hosts).")
@click.option("--register-number", default=None, help="Sworn translator register number.")
@pass_cli
def create(
    cli: CliContext, username: str, full_name: str, roles: tuple[str, ...], email: str | None,
    organisation: str | None, organisation_kind: str | None, location: str | None,
    register_number: str | None,
) -> None:
    """Create a user and print a one-time password (to be changed at first sign-in)."""
    password = one_time_password()
    try:
        with cli.database.session() as session:
            if session.scalar(select(User).where(User.username == username)):
                raise click.ClickException(f"user {username!r} already exists")
            user = User(
                username=username, full_name=full_name, email=email,
                register_number=register_number, password_hash=hash_password(password),
                must_change_password=True,
            )
            if organisation:
                org = session.scalar(select(Organisation).where(Organisation.name == organisation))
                if org is None:
                    if organisation_kind is None:
                        raise click.ClickException(
                            f"organisation {organisation!r} does not exist; "
                            "give --organisation-kind to create it"
                        )
                    org = Organisation(name=organisation, kind=organisation_kind)
                    session.add(org)
                user.organisation = org
            if location:
                loc = session.scalar(select(Location).where(Location.name == location))
                if loc is None:
                    raise click.ClickException(f"location {location!r} does not exist")
                user.location_id = loc.id
            user.roles = [UserRole(role=r) for r in dict.fromkeys(roles)]
            session.add(user)
    except OperationalError as exc:
        raise connection_error(exc) from None
    click.echo(f"created {username} ({', '.join(roles)})")
    click.echo(f"one-time password: {password}")
