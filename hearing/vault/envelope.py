"""The vault's binary envelope: versioned, self-describing, bound to where it belongs.

Holds no key and can unwrap nothing; both the kiosk side and the office side build on it.

Envelope layout (integers big-endian)::

    offset  size  field
    0       4     magic  b"WHVE"
    4       1     format version (1)
    5       1     kind: 1 draft, 2 submission, 3 translation, 4 correction, 5 note
    6       8     case id (unsigned)
    14      1     n = length of the questionnaire version
    15      n     questionnaire version, UTF-8
    ..      1     wrap scheme: 0 = detached (data key kept elsewhere, e.g. a draft's),
                               1 = X25519 + HKDF-SHA256 + AES-256-GCM to an office key
    ..      1     k = length of the key id
    ..      k     key id, ASCII (16 hex digits of SHA-256 of the raw public key; empty if detached)
    ..      2     w = length of the wrapped data key
    ..      w     wrapped data key (scheme 1: ephemeral public key 32 || nonce 12 || ct+tag 48)
    ..      12    content nonce
    ..      4     c = length of the ciphertext
    ..      c     AES-256-GCM ciphertext || 16-byte tag

The *context block* (bytes 0 .. 15+n: magic, version, kind, case id, questionnaire version) is the
associated data of the content encryption, so an envelope copied to another case, kind or
questionnaire version fails even if its header is edited to match. The key id and wrapped key are
deliberately *not* in the content's associated data: rotation replaces them without touching the
nonce or ciphertext. The wrapped key is bound instead (its own associated data is the context
block plus the key id), so it cannot be moved between envelopes or relabelled either.

A *key capsule* (``b"WHVK"``) is the same header without nonce and ciphertext: a data key wrapped
to the office key on its own, as in ``Draft.key_wrapped_to_office``.
"""

from __future__ import annotations

import enum
import os
import struct
from dataclasses import dataclass, replace

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hearing.vault.errors import EnvelopeContextError, EnvelopeFormatError, IntegrityError

ENVELOPE_MAGIC = b"WHVE"
CAPSULE_MAGIC = b"WHVK"
FORMAT_VERSION = 1
NONCE_SIZE = 12
TAG_SIZE = 16
DATA_KEY_SIZE = 32
MAX_QUESTIONNAIRE_VERSION = 255
MAX_CASE_ID = 2**64 - 1


class Kind(enum.IntEnum):
    """What an envelope holds; part of its associated data."""

    DRAFT = 1
    SUBMISSION = 2
    TRANSLATION = 3
    CORRECTION = 4
    NOTE = 5


class Scheme(enum.IntEnum):
    """How the envelope's data key is held."""

    DETACHED = 0  # the caller holds the data key (drafts: unwrapped with the resume code)
    X25519_HKDF_AESGCM = 1  # wrapped to an office X25519 public key (ephemeral-static ECDH)


@dataclass(frozen=True)
class Context:
    """Where an envelope belongs: its case, its kind and its questionnaire version."""

    case_id: int
    kind: Kind
    questionnaire_version: str

    def __post_init__(self) -> None:
        if not 0 <= self.case_id <= MAX_CASE_ID:
            raise ValueError("case id out of range")
        if len(self.questionnaire_version.encode()) > MAX_QUESTIONNAIRE_VERSION:
            raise ValueError("questionnaire version too long")
        object.__setattr__(self, "kind", Kind(self.kind))

    def block(self, magic: bytes = ENVELOPE_MAGIC) -> bytes:
        """The canonical bytes of this context, as they open the header."""
        qv = self.questionnaire_version.encode()
        return magic + struct.pack(">BBQB", FORMAT_VERSION, self.kind, self.case_id, len(qv)) + qv

    def describe(self) -> str:
        kind = self.kind.name.lower()
        return f"case {self.case_id}, {kind}, questionnaire {self.questionnaire_version!r}"


def content_aad(context: Context) -> bytes:
    return context.block(ENVELOPE_MAGIC)


def wrap_aad(context: Context, key_id: str) -> bytes:
    # Domain-separated from the content's associated data; the key id is included so a capsule
    # relabelled with another key id fails to unwrap.
    return b"wrap:" + context.block(ENVELOPE_MAGIC) + key_id.encode("ascii")


def code_wrap_aad(context: Context) -> bytes:
    return b"code:" + context.block(ENVELOPE_MAGIC)


@dataclass(frozen=True)
class Envelope:
    """A parsed envelope (or, with ``nonce``/``ciphertext`` empty, a key capsule)."""

    context: Context
    scheme: Scheme
    key_id: str
    wrapped_key: bytes
    nonce: bytes = b""
    ciphertext: bytes = b""

    def header(self, magic: bytes) -> bytes:
        kid = self.key_id.encode("ascii")
        return (
            self.context.block(magic)
            + struct.pack(">BB", self.scheme, len(kid))
            + kid
            + struct.pack(">H", len(self.wrapped_key))
            + self.wrapped_key
        )

    def to_bytes(self) -> bytes:
        if len(self.nonce) != NONCE_SIZE:
            raise ValueError("content nonce must be 12 bytes")
        return (
            self.header(ENVELOPE_MAGIC)
            + self.nonce
            + struct.pack(">I", len(self.ciphertext))
            + self.ciphertext
        )

    def capsule_bytes(self) -> bytes:
        return self.header(CAPSULE_MAGIC)

    def with_key(self, key_id: str, wrapped_key: bytes) -> Envelope:
        """The same content under another wrapped key (rotation): nonce and ciphertext kept."""
        return replace(self, key_id=key_id, wrapped_key=wrapped_key)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int, what: str) -> bytes:
        if self.pos + n > len(self.data):
            raise EnvelopeFormatError(f"truncated: {what} runs past the end")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def _parse(data: bytes, magic: bytes, *, with_body: bool) -> Envelope:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise EnvelopeFormatError("not bytes")
    data = bytes(data)
    r = _Reader(data)
    got_magic = r.take(4, "magic")
    if got_magic != magic:
        raise EnvelopeFormatError("not a vault envelope (wrong magic)")
    version, kind, case_id, qv_len = struct.unpack(">BBQB", r.take(11, "header"))
    if version != FORMAT_VERSION:
        raise EnvelopeFormatError(f"unknown envelope format version {version}")
    try:
        kind_ = Kind(kind)
    except ValueError:
        raise EnvelopeFormatError(f"unknown kind {kind}") from None
    try:
        qv = r.take(qv_len, "questionnaire version").decode()
    except UnicodeDecodeError:
        raise EnvelopeFormatError("questionnaire version is not UTF-8") from None
    scheme_raw, kid_len = struct.unpack(">BB", r.take(2, "key header"))
    try:
        scheme = Scheme(scheme_raw)
    except ValueError:
        raise EnvelopeFormatError(f"unknown wrap scheme {scheme_raw}") from None
    try:
        key_id = r.take(kid_len, "key id").decode("ascii")
    except UnicodeDecodeError:
        raise EnvelopeFormatError("key id is not ASCII") from None
    (wrapped_len,) = struct.unpack(">H", r.take(2, "wrapped key length"))
    wrapped = r.take(wrapped_len, "wrapped key")
    if scheme is Scheme.DETACHED and (key_id or wrapped):
        raise EnvelopeFormatError("detached envelope carries a key")
    if scheme is Scheme.X25519_HKDF_AESGCM and (not key_id or len(wrapped) != WRAPPED_SIZE):
        raise EnvelopeFormatError("wrapped key has the wrong size")
    nonce = ciphertext = b""
    if with_body:
        nonce = r.take(NONCE_SIZE, "nonce")
        (ct_len,) = struct.unpack(">I", r.take(4, "ciphertext length"))
        if ct_len < TAG_SIZE:
            raise EnvelopeFormatError("ciphertext shorter than its tag")
        ciphertext = r.take(ct_len, "ciphertext")
    if r.pos != len(data):
        raise EnvelopeFormatError("trailing bytes after the envelope")
    return Envelope(Context(case_id, kind_, qv), scheme, key_id, wrapped, nonce, ciphertext)


# Ephemeral X25519 public key, wrap nonce, wrapped 32-byte key plus tag.
WRAPPED_SIZE = 32 + NONCE_SIZE + DATA_KEY_SIZE + TAG_SIZE


def parse_envelope(data: bytes) -> Envelope:
    """Parse envelope bytes; raises :class:`EnvelopeFormatError`. Decrypts nothing."""
    return _parse(data, ENVELOPE_MAGIC, with_body=True)


def parse_capsule(data: bytes) -> Envelope:
    """Parse a key capsule; raises :class:`EnvelopeFormatError`."""
    return _parse(data, CAPSULE_MAGIC, with_body=False)


def check_context(envelope: Envelope, expected: Context) -> None:
    """Refuse an envelope found somewhere it does not belong, before decrypting it."""
    if envelope.context != expected:
        raise EnvelopeContextError(
            f"envelope is for {envelope.context.describe()}, expected {expected.describe()}"
        )


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def encrypt_content(data_key: bytes, context: Context, plaintext: bytes) -> tuple[bytes, bytes]:
    """AES-256-GCM under ``data_key`` with the context as associated data: (nonce, ciphertext)."""
    # A random 96-bit nonce is safe here: each data key encrypts a handful of messages at most.
    nonce = os.urandom(NONCE_SIZE)
    return nonce, AESGCM(data_key).encrypt(nonce, plaintext, content_aad(context))


def decrypt_content(data_key: bytes, envelope: Envelope) -> bytes:
    try:
        return AESGCM(data_key).decrypt(
            envelope.nonce, envelope.ciphertext, content_aad(envelope.context)
        )
    except InvalidTag:
        raise IntegrityError(
            f"envelope for {envelope.context.describe()} failed authentication "
            "(altered, or the wrong data key)"
        ) from None


def detached_envelope(data_key: bytes, context: Context, plaintext: bytes) -> bytes:
    """An envelope whose data key the caller keeps (a draft's)."""
    nonce, ciphertext = encrypt_content(data_key, context, plaintext)
    return Envelope(context, Scheme.DETACHED, "", b"", nonce, ciphertext).to_bytes()


def open_detached(data_key: bytes, data: bytes, expected: Context) -> bytes:
    """Open an envelope with a data key the caller holds; every failure is a specific error."""
    envelope = parse_envelope(data)
    check_context(envelope, expected)
    if envelope.scheme is not Scheme.DETACHED:
        # The envelope says its key is wrapped to the office: a data key from elsewhere is
        # not how it is meant to be opened, so refuse rather than try.
        raise EnvelopeFormatError("envelope is not detached; open it with the office keyring")
    return decrypt_content(data_key, envelope)


def canonical_json(value: object) -> bytes:
    """The one byte form of a JSON-able value that the vault encrypts and fingerprints.

    UTF-8, keys sorted, no insignificant whitespace, non-ASCII kept as is, no NaN/Infinity.
    Text is not Unicode-normalised: the applicant's words are kept exactly as typed.
    """
    import json

    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
