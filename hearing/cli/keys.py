"""``hearing keys``: the office key pair(s): generate, rotate, retire, verify.

The passphrase comes from ``--passphrase-file``, else ``HEARING_OFFICE_KEY_PASSPHRASE``, else a
prompt. It is never echoed or logged.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import OperationalError

from hearing import audit
from hearing.cli.common import CliContext, connection_error, pass_cli
from hearing.vault.errors import VaultError
from hearing.vault.public import PUBLIC_KEY_FILE, OfficePublicKey

keyring_option = click.option(
    "--keyring", "keyring_path", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Keyring directory (default: HEARING_OFFICE_PRIVATE_KEY_PATH or <data dir>/keys).",
)
passphrase_option = click.option(
    "--passphrase-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None, help="Read the passphrase from this file (first line).",
)


@click.group()
def keys() -> None:
    """Office key pairs: the webform gets the public key, the back office the private keyring."""


def _dir(cli: CliContext, keyring_path: Path | None) -> Path:
    from hearing.vault.office import keyring_dir

    return keyring_path or keyring_dir(cli.settings)


def _passphrase(cli: CliContext, passphrase_file: Path | None, *, confirm: bool = False) -> str:
    if passphrase_file is not None:
        lines = passphrase_file.read_text("utf-8").splitlines()
        phrase = lines[0] if lines else ""
    elif cli.settings.office_key_passphrase:
        phrase = cli.settings.office_key_passphrase
    else:
        phrase = click.prompt(
            "Office key passphrase", hide_input=True, confirmation_prompt=confirm
        )
    if not phrase:
        raise click.ClickException("the passphrase is empty")
    return phrase


def _publish(cli: CliContext, directory: Path, public: OfficePublicKey) -> None:
    """Also copy the public key where the webform's settings look for it, if that is elsewhere."""
    target = cli.settings.office_public_key_path
    source = directory / PUBLIC_KEY_FILE
    if target is not None and Path(target).resolve() != source.resolve():
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        click.echo(f"public key copied to {target}")
    click.echo(f"current key id: {public.key_id}")
    click.echo(f"public key for the webform: {source}")


def _vault_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except VaultError as exc:
            raise click.ClickException(str(exc)) from None
        except OperationalError as exc:
            raise connection_error(exc) from None

    return wrapper


@keys.command()
@keyring_option
@passphrase_option
@pass_cli
@_vault_errors
def generate(cli: CliContext, keyring_path: Path | None, passphrase_file: Path | None) -> None:
    """Create the office keyring with its first key pair."""
    from hearing.vault.office import generate_keyring

    directory = _dir(cli, keyring_path)
    public = generate_keyring(directory, _passphrase(cli, passphrase_file, confirm=True))
    click.echo(f"keyring created at {directory}")
    _publish(cli, directory, public)


@keys.command("list")
@keyring_option
@pass_cli
@_vault_errors
def list_(cli: CliContext, keyring_path: Path | None) -> None:
    """List key ids: current, active and retired (needs no passphrase)."""
    from hearing.vault.office import _read_meta

    current, infos = _read_meta(_dir(cli, keyring_path))
    for kid, info in infos.items():
        state = "current" if kid == current else ("retired" if info.retired_at else "active")
        click.echo(f"{kid}  {state:<8} created {info.created_at}"
                   + (f", retired {info.retired_at}" if info.retired_at else ""))


@keys.command()
@keyring_option
@passphrase_option
@click.option("--rewrap-only", is_flag=True,
              help="Do not make a new key; finish re-wrapping to the current one.")
@pass_cli
@_vault_errors
def rotate(
    cli: CliContext, keyring_path: Path | None, passphrase_file: Path | None, rewrap_only: bool
) -> None:
    """Make a new current key and re-wrap every stored data key to it (content untouched)."""
    from hearing.vault.office import add_key, load_keyring, rewrap_store

    directory = _dir(cli, keyring_path)
    keyring = load_keyring(directory, _passphrase(cli, passphrase_file))
    if not rewrap_only:
        add_key(keyring)
        click.echo(f"new current key {keyring.current_id}")
        _publish(cli, directory, keyring.public)
    # If this fails half way, nothing is lost: the old key stays readable until retired, and
    # `hearing keys rotate --rewrap-only` finishes the job.
    with cli.database.session() as session:
        report = rewrap_store(session, keyring)
    for table, count in sorted(report.changed.items()):
        click.echo(f"re-wrapped {count} {table} item(s)")
    if not report.changed:
        click.echo("nothing to re-wrap")
    for problem in report.problems:
        click.echo(f"cannot re-wrap {problem}", err=True)
    if report.problems:
        raise SystemExit(1)


@keys.command()
@click.argument("key_id")
@keyring_option
@passphrase_option
@click.option("--force", is_flag=True,
              help="Retire even though data still uses the key: that data becomes unreadable.")
@pass_cli
@_vault_errors
def retire(
    cli: CliContext, key_id: str, keyring_path: Path | None, passphrase_file: Path | None,
    force: bool,
) -> None:
    """Retire an old key: its private half is destroyed."""
    from hearing.vault.office import key_usage, load_keyring, retire_key

    keyring = load_keyring(_dir(cli, keyring_path), _passphrase(cli, passphrase_file))
    with cli.database.session() as session:
        in_use = key_usage(session)[key_id]
        if in_use and not force:
            raise click.ClickException(
                f"{in_use} stored item(s) still use key {key_id}; run `hearing keys rotate "
                "--rewrap-only` first, or --force to make them unreadable"
            )
        # Audited first: if the entry cannot be written, the key is not destroyed either.
        audit.append(session, "cli", "vault.retire_key", None, "keyring", None,
                     {"key_id": key_id, "items_still_using": in_use, "forced": force})
        session.flush()
        retire_key(keyring, key_id)
    suffix = f"; {in_use} item(s) are now unreadable" if in_use else ""
    click.echo(f"key {key_id} retired{suffix}")


@keys.command()
@keyring_option
@passphrase_option
@click.option("--unwrap-only", is_flag=True,
              help="Only unwrap data keys; do not decrypt content to check its integrity.")
@pass_cli
@_vault_errors
def verify(
    cli: CliContext, keyring_path: Path | None, passphrase_file: Path | None, unwrap_only: bool
) -> None:
    """Check the keyring and that every stored envelope opens; exit 1 naming what does not."""
    from hearing.vault.office import load_keyring, verify_keyring, verify_store

    keyring = load_keyring(_dir(cli, keyring_path), _passphrase(cli, passphrase_file))
    keyring_problems = verify_keyring(keyring)
    with cli.database.session() as session:
        report = verify_store(session, keyring, decrypt_content=not unwrap_only)
    for kid, count in sorted(report.per_key.items()):
        info = keyring.keys.get(kid)
        if info is None:
            state = "unknown"
        elif kid == keyring.current_id:
            state = "current"
        else:
            state = "retired" if info.retired_at else "active"
        click.echo(f"key {kid} ({state}): {count} item(s)")
    for table, count in sorted(report.per_table.items()):
        click.echo(f"{table}: {count} item(s) checked")
    for line in keyring_problems:
        click.echo(f"keyring: {line}", err=True)
    for problem in report.problems:
        click.echo(f"unreadable: {problem}", err=True)
    if keyring_problems or report.problems:
        raise SystemExit(1)
    click.echo("keyring and store OK")
