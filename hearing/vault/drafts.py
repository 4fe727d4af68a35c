"""Drafts: the applicant's answers while filling in, under a per-draft data key.

Kiosk-side (public) module: the webform may import it. It never touches the office private key.

The draft's 256-bit data key is kept in two wrapped forms on the ``draft`` row:

* ``key_wrapped_by_code``: AES-256-GCM under a key-encryption key derived from the resume code:
  ``HKDF-SHA256(argon2id(normalised code, per-draft salt), salt=pepper)``. Argon2id makes each
  guess slow; the server pepper means the database alone does not allow guessing at all.
* ``key_wrapped_to_office``: a key capsule to the office public key, so staff can re-issue a lost
  code on the back office (``hearing.vault.office.reissue_resume_code``), never on the kiosk.

Resume codes are 15 characters from a 31-symbol alphabet without look-alikes (no 0/O, 1/I/L),
shown as three groups of five: ``15 * log2(31)`` = 74.3 bits of entropy. The database stores only
``resume_lookup`` = HMAC-SHA256(pepper, "resume:" + normalised code), used to find the draft. A
fast keyed hash is acceptable as a lookup because of that entropy: even an attacker with the
database *and* the pepper must try ~2^73 codes on average to hit a given draft (and the code is
useless without the database row). Online guessing is limited by the kiosk throttle.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import struct
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hearing import audit, codes
from hearing.models import Draft, KioskSession, Submission
from hearing.vault.envelope import (
    DATA_KEY_SIZE,
    NONCE_SIZE,
    TAG_SIZE,
    Context,
    Kind,
    canonical_json,
    code_wrap_aad,
    detached_envelope,
    new_data_key,
    open_detached,
)
from hearing.vault.errors import EnvelopeFormatError, WrongCodeError
from hearing.vault.public import OfficePublicKey, key_capsule, seal_submission

RESUME_CODE_LENGTH = 15
RESUME_CODE_GROUP = 5
RESUME_LOOKUP_PURPOSE = "resume"
SALT_SIZE = 16
CODE_WRAP_MAGIC = b"WHVC"
CODE_WRAP_VERSION = 1
KDF_ARGON2ID = 1
CODE_KEK_INFO = b"written-hearing draft code key-encryption key v1"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored in every code-wrapped key, so raising it later breaks nothing."""

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 4


# RFC 9106's second recommended option: ~0.15 s and 64 MiB per resume on a kiosk server.
DEFAULT_KDF = KdfParams()


def generate_resume_code() -> str:
    """A new resume code, e.g. ``K7QXM-2HJPW-9TNCR`` (74 bits)."""
    raw = "".join(secrets.choice(codes.ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    return "-".join(
        raw[i : i + RESUME_CODE_GROUP] for i in range(0, RESUME_CODE_LENGTH, RESUME_CODE_GROUP)
    )


def normalise_resume_code(code: str) -> str | None:
    """The code as stored and derived from: case, spaces and dashes ignored; None if malformed."""
    value = codes.normalise(code)
    if len(value) != RESUME_CODE_LENGTH or any(ch not in codes.ALPHABET for ch in value):
        return None
    return value


def resume_lookup(code: str, pepper: str) -> str | None:
    """The keyed lookup value stored in ``Draft.resume_lookup``; None for a malformed code."""
    value = normalise_resume_code(code)
    if value is None:
        return None
    return codes.keyed_hash(value, pepper, RESUME_LOOKUP_PURPOSE)


def find_draft(session: Session, code: str, pepper: str) -> Draft | None:
    lookup = resume_lookup(code, pepper)
    if lookup is None:
        return None
    return session.scalar(select(Draft).where(Draft.resume_lookup == lookup))


def _code_kek(normalised: str, salt: bytes, pepper: str, params: KdfParams) -> bytes:
    stretched = hash_secret_raw(
        normalised.encode("ascii"), salt, time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib, parallelism=params.parallelism,
        hash_len=32, type=Type.ID,
    )
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=pepper.encode(), info=CODE_KEK_INFO
    ).derive(stretched)


def wrap_with_code(
    data_key: bytes, code: str, salt: bytes, pepper: str, context: Context,
    params: KdfParams = DEFAULT_KDF,
) -> bytes:
    """``b"WHVC"`` | version | kdf id | t u32 | m u32 | p u8 | nonce 12 | AES-GCM(data key)."""
    normalised = normalise_resume_code(code)
    if normalised is None:
        raise ValueError("not a resume code")
    if len(data_key) != DATA_KEY_SIZE:
        raise ValueError("data keys are 32 bytes")
    kek = _code_kek(normalised, salt, pepper, params)
    nonce = os.urandom(NONCE_SIZE)
    header = CODE_WRAP_MAGIC + struct.pack(
        ">BBIIB", CODE_WRAP_VERSION, KDF_ARGON2ID, params.time_cost, params.memory_cost_kib,
        params.parallelism,
    )
    return header + nonce + AESGCM(kek).encrypt(nonce, data_key, code_wrap_aad(context) + header)


def _parse_code_wrap(blob: bytes) -> tuple[bytes, KdfParams, bytes, bytes]:
    header_len = 4 + struct.calcsize(">BBIIB")
    if len(blob) != header_len + NONCE_SIZE + DATA_KEY_SIZE + TAG_SIZE:
        raise EnvelopeFormatError("code-wrapped key has the wrong length")
    header = blob[:header_len]
    if header[:4] != CODE_WRAP_MAGIC:
        raise EnvelopeFormatError("not a code-wrapped key")
    version, kdf, t, m, p = struct.unpack(">BBIIB", header[4:])
    if version != CODE_WRAP_VERSION or kdf != KDF_ARGON2ID:
        raise EnvelopeFormatError(f"unknown code-wrap version {version} or kdf {kdf}")
    nonce = blob[header_len : header_len + NONCE_SIZE]
    return header, KdfParams(t, m, p), nonce, blob[header_len + NONCE_SIZE :]


def draft_context(draft: Draft) -> Context:
    return Context(draft.case_id, Kind.DRAFT, draft.questionnaire_version)


def unwrap_with_code(draft: Draft, code: str, pepper: str) -> bytes:
    """The draft's data key, from the resume code; :class:`WrongCodeError` if it does not fit."""
    normalised = normalise_resume_code(code)
    if normalised is None:
        raise WrongCodeError("not a resume code")
    header, params, nonce, sealed = _parse_code_wrap(bytes(draft.key_wrapped_by_code))
    kek = _code_kek(normalised, bytes(draft.resume_kdf_salt), pepper, params)
    try:
        return AESGCM(kek).decrypt(nonce, sealed, code_wrap_aad(draft_context(draft)) + header)
    except InvalidTag:
        raise WrongCodeError("the resume code does not unlock this draft") from None


@dataclass(frozen=True)
class CodeWrap:
    """A fresh resume code and what the ``draft`` row stores for it."""

    resume_code: str  # shown to the applicant once; never stored
    resume_lookup: str
    resume_kdf_salt: bytes
    key_wrapped_by_code: bytes

    def apply(self, draft: Draft) -> None:
        draft.resume_lookup = self.resume_lookup
        draft.resume_kdf_salt = self.resume_kdf_salt
        draft.key_wrapped_by_code = self.key_wrapped_by_code
        draft.failed_resume_attempts = 0
        draft.resume_locked_until = None


def new_code_wrap(
    data_key: bytes, context: Context, pepper: str, params: KdfParams = DEFAULT_KDF
) -> CodeWrap:
    """Wrap a data key under a newly generated resume code (new draft, or a re-issued code)."""
    code = generate_resume_code()
    salt = os.urandom(SALT_SIZE)
    lookup = resume_lookup(code, pepper)
    assert lookup is not None
    wrapped = wrap_with_code(data_key, code, salt, pepper, context, params)
    return CodeWrap(code, lookup, salt, wrapped)


def encrypt_answers(data_key: bytes, context: Context, answers: dict[str, Any]) -> bytes:
    """The draft's ``content``: a detached envelope of the canonical JSON answers."""
    if context.kind is not Kind.DRAFT:
        raise ValueError("draft answers go in a draft envelope")
    return detached_envelope(data_key, context, canonical_json(answers))


def decrypt_answers(data_key: bytes, draft: Draft) -> dict[str, Any]:
    import json

    plaintext = open_detached(data_key, bytes(draft.content), draft_context(draft))
    value = json.loads(plaintext)
    if not isinstance(value, dict):
        raise EnvelopeFormatError("draft content is not a JSON object")
    return value


def save_answers(draft: Draft, data_key: bytes, answers: dict[str, Any]) -> None:
    """Re-encrypt the whole draft (fresh nonce). Version checks are the caller's business."""
    draft.content = encrypt_answers(data_key, draft_context(draft), answers)
    draft.updated_at = dt.datetime.now(dt.UTC)


def start_draft(
    draft: Draft,
    office: OfficePublicKey,
    pepper: str,
    answers: dict[str, Any] | None = None,
    params: KdfParams = DEFAULT_KDF,
) -> tuple[str, bytes]:
    """Fill a new ``Draft`` (case_id and questionnaire_version set) with its key material.

    Returns ``(resume_code, data_key)``: show the code to the applicant once, keep the data key
    only in the kiosk session (:func:`hearing.vault.kiosk.open_session`).
    """
    context = draft_context(draft)
    data_key = new_data_key()
    wrap = new_code_wrap(data_key, context, pepper, params)
    wrap.apply(draft)
    draft.key_wrapped_to_office = key_capsule(office, context, data_key)
    draft.content = encrypt_answers(data_key, context, answers or {})
    return wrap.resume_code, data_key


def destroy_draft(session: Session, draft: Draft) -> None:
    """Delete the draft and every kiosk session on it.

    SQLite runs with ``secure_delete`` on, so freed pages are zeroed; in WAL mode, older page
    images stay in the ``-wal`` file until the next checkpoint. On PostgreSQL the row lingers as
    a dead tuple until VACUUM. Either way what lingers is ciphertext and wrapped keys only.
    """
    session.execute(delete(KioskSession).where(KioskSession.draft_id == draft.id))
    session.delete(draft)
    session.flush()


def seal_draft(
    session: Session,
    draft: Draft,
    data_key: bytes,
    office: OfficePublicKey,
    *,
    locale: str,
    metadata: dict[str, Any] | None = None,
    answers: dict[str, Any] | None = None,
) -> Submission:
    """Seal the draft's answers to the office key, store the submission, destroy the draft.

    ``answers`` may be given when the caller already decrypted them; otherwise they are read
    from the draft. Writes an audit entry (no content, just the fingerprint and key id).
    """
    if answers is None:
        answers = decrypt_answers(data_key, draft)
    sealed = seal_submission(
        office, case_id=draft.case_id, questionnaire_version=draft.questionnaire_version,
        locale=locale, answers=answers, metadata=metadata,
    )
    submission = Submission(
        case_id=draft.case_id, questionnaire_version=draft.questionnaire_version, locale=locale,
        envelope=sealed.envelope, key_id=sealed.key_id, fingerprint=sealed.fingerprint,
        sealed_at=sealed.sealed_at,
    )
    session.add(submission)
    case_id = draft.case_id
    destroy_draft(session, draft)
    audit.append(
        session, "applicant", "submission.seal", case_id, "submission", None,
        {"fingerprint": sealed.fingerprint, "key_id": sealed.key_id},
    )
    return submission
