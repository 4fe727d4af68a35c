"""The vault: encryption of everything the applicant, translators, lawyers and staff write.

Split by what a host may hold:

* kiosk side (the webform may import these): :mod:`hearing.vault.envelope` (the format),
  :mod:`hearing.vault.public` (seal to the office public key), :mod:`hearing.vault.drafts`
  (resume codes, draft keys, sealing a draft) and :mod:`hearing.vault.kiosk` (server-side
  session keys). None of them can unwrap an office-wrapped key.
* office side: :mod:`hearing.vault.office` (the passphrase-protected keyring, unwrapping,
  audited decryption, rotation, re-issuing resume codes). Only ``admin`` and the CLI import it.

This package's ``__init__`` imports neither side's keys, only the format and the errors.
"""

from hearing.vault.envelope import Context, Kind
from hearing.vault.errors import (
    DecryptionError,
    EnvelopeContextError,
    EnvelopeFormatError,
    FingerprintMismatchError,
    IntegrityError,
    KeyringError,
    PassphraseError,
    RetiredKeyError,
    UnwrapError,
    VaultError,
    WrongCodeError,
    WrongKeyError,
)

__all__ = [
    "Context",
    "DecryptionError",
    "EnvelopeContextError",
    "EnvelopeFormatError",
    "FingerprintMismatchError",
    "IntegrityError",
    "Kind",
    "KeyringError",
    "PassphraseError",
    "RetiredKeyError",
    "UnwrapError",
    "VaultError",
    "WrongCodeError",
    "WrongKeyError",
]
