"""Codes people type: the one-time invitation code on the letter.

Codes use an alphabet without look-alikes (no 0/O, 1/I/L) and are shown in groups of four.
Typing is forgiving: case, spaces and dashes are ignored. Only a keyed hash (HMAC-SHA256 with
the server pepper) is stored, so the database alone does not give the codes away.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def generate(length: int = 12) -> str:
    """A new code, grouped for reading aloud: ``ABCD-EFGH-JKMN`` (12 chars ≈ 59 bits)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + 4] for i in range(0, length, 4))


def normalise(code: str) -> str:
    # NFKC folds full-width letters and digits that some on-screen keyboards produce.
    folded = unicodedata.normalize("NFKC", code).upper()
    return "".join(ch for ch in folded if ch.isalnum())


def keyed_hash(value: str, pepper: str, purpose: str) -> str:
    """HMAC-SHA256 of ``value``; ``purpose`` keeps hashes of different kinds of value apart."""
    return hmac.new(pepper.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def lookup_hash(code: str, pepper: str, purpose: str) -> str:
    """Keyed hash of a typed code, after normalising what people type differently."""
    return keyed_hash(normalise(code), pepper, purpose)
