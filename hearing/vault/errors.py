"""Every way opening vault data can fail, each its own exception.

Callers catch :class:`VaultError` to treat "cannot be read" uniformly, or one subclass to tell a
moved envelope from a tampered one. No error message ever contains plaintext or key material.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base class: vault data could not be produced or opened. Nothing was returned."""


class EnvelopeFormatError(VaultError):
    """The bytes are not a vault envelope: truncated, garbled, or an unknown format version."""


class EnvelopeContextError(VaultError):
    """The envelope belongs to another case, kind or questionnaire version than expected.

    Raised before any decryption is attempted, from the envelope's own (authenticated) header.
    """


class IntegrityError(VaultError):
    """Authenticated decryption failed: the ciphertext or its header was altered."""


# The brief and some callers say "decryption error"; it is the same failure.
DecryptionError = IntegrityError


class FingerprintMismatchError(IntegrityError):
    """A submission decrypted, but its content does not hash to the stored fingerprint."""


class WrongKeyError(VaultError):
    """The key needed is not in the keyring, or unwrapping the data key with it failed."""


class UnwrapError(WrongKeyError, IntegrityError):
    """The key id is in the keyring but the wrapped data key does not authenticate with it.

    Since key ids are derived from the public key, this means the wrapped key or the header
    was altered (or forged); it is both a key failure and an integrity failure, so it is caught
    by either ``except WrongKeyError`` or ``except IntegrityError``.
    """


class RetiredKeyError(WrongKeyError):
    """The data is wrapped to a key that has been retired (its private half destroyed)."""


class WrongCodeError(VaultError):
    """The resume code does not unlock this draft."""


class KeyringError(VaultError):
    """The office keyring is missing, incomplete or inconsistent."""


class PassphraseError(KeyringError):
    """The passphrase does not decrypt the office private key file."""


__all__ = [
    "DecryptionError",
    "EnvelopeContextError",
    "EnvelopeFormatError",
    "FingerprintMismatchError",
    "IntegrityError",
    "KeyringError",
    "PassphraseError",
    "RetiredKeyError",
    "UnwrapError",
    "VaultError",
    "WrongCodeError",
    "WrongKeyError",
]
