"""The office keyring for the back office, loaded once per app on first use.

Only this app holds the private keys (passphrase-protected, see ``hearing.vault.office``).
Views decrypt through the vault's audited functions, passing the signed-in user and a reason.
"""

from __future__ import annotations

from flask import current_app

from hearing.vault.office import OfficeKeyring, load_office_keyring
from hearing.web import settings

KEYRING = "hearing.office_keyring"


def office_keyring() -> OfficeKeyring:
    keyring = current_app.extensions.get(KEYRING)
    if keyring is None:
        keyring = load_office_keyring(settings())
        current_app.extensions[KEYRING] = keyring
    return keyring
