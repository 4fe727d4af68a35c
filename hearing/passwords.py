"""Staff passwords: argon2id hashes, rehashed when the parameters change."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults follow RFC 9106's second recommendation (argon2id, 64 MiB, t=3).
_hasher = PasswordHasher()

# Unambiguous characters: one-time passwords are read off a screen and typed by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_password(password: str, hasher: PasswordHasher = _hasher) -> str:
    return hasher.hash(password)


def verify_password(password_hash: str, password: str, hasher: PasswordHasher = _hasher) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str, hasher: PasswordHasher = _hasher) -> bool:
    return hasher.check_needs_rehash(password_hash)


def one_time_password(length: int = 16) -> str:
    """A password to hand over once; the user must choose their own at first sign-in."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
