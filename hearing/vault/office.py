"""The vault's private side: the office keyring, unwrapping, decryption, rotation.

Only the back office (``admin``) and the CLI import this module; the kiosk-facing webform never
does (a test checks ``sys.modules``). Every function here that yields case content requires an
actor and a reason and writes the audit entry itself, so no decryption goes unrecorded.

Keyring directory (default ``<data_dir>/keys``; ``HEARING_OFFICE_PRIVATE_KEY_PATH`` names it)::

    office_public.pem      the current public key, with a ``Key-Id:`` line (the webform's copy)
    keyring.json           public metadata: current key id; per key: raw public key, created,
                           retired
    private/<key id>.key   the X25519 private key, AES-256-GCM under scrypt(passphrase), 0600

Private key files are JSON: scrypt parameters and salt, nonce and ciphertext of the 32 raw
private key bytes; the associated data names the key id. (``cryptography``'s
``BestAvailableEncryption`` uses PBKDF2 for PKCS#8, not scrypt, hence the own format.)

Retiring a key destroys its private file: data still wrapped to it becomes unreadable (crypto-
shredding), which is why retiring refuses while data uses the key unless forced, and why
``verify_store`` reports such data by row instead of skipping it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from hearing import audit
from hearing.config import Settings
from hearing.models import Draft, LawyerReview, Note, Submission, Translation
from hearing.vault.drafts import DEFAULT_KDF, KdfParams, draft_context, new_code_wrap
from hearing.vault.envelope import (
    CAPSULE_MAGIC,
    NONCE_SIZE,
    Context,
    Envelope,
    Kind,
    Scheme,
    check_context,
    decrypt_content,
    open_detached,
    parse_capsule,
    parse_envelope,
    wrap_aad,
)
from hearing.vault.errors import (
    EnvelopeFormatError,
    FingerprintMismatchError,
    KeyringError,
    PassphraseError,
    RetiredKeyError,
    UnwrapError,
    VaultError,
    WrongKeyError,
)
from hearing.vault.public import (
    PUBLIC_KEY_FILE,
    OfficePublicKey,
    fingerprint,
    raw_public,
    wrap_data_key,
    wrap_kek,
)

KEYRING_FILE = "keyring.json"
PRIVATE_DIR = "private"
KEYFILE_FORMAT = 1
KEYFILE_AAD = b"written-hearing office private key v1:"


@dataclass(frozen=True)
class ScryptParams:
    n: int = 2**17
    r: int = 8
    p: int = 1


# 128 MiB and about half a second per key file: paid once per admin process start.
DEFAULT_SCRYPT = ScryptParams()


def keyring_dir(settings: Settings) -> Path:
    """Where the keyring lives: ``HEARING_OFFICE_PRIVATE_KEY_PATH`` or ``<data_dir>/keys``."""
    return Path(settings.office_private_key_path or settings.data_dir / "keys")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class KeyInfo:
    key_id: str
    public_raw: bytes
    created_at: str
    retired_at: str | None = None

    @property
    def public(self) -> OfficePublicKey:
        return OfficePublicKey(X25519PublicKey.from_public_bytes(self.public_raw), self.key_id)


def _read_meta(directory: Path) -> tuple[str, dict[str, KeyInfo]]:
    path = directory / KEYRING_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
        keys = {
            kid: KeyInfo(kid, _unb64(v["public"]), v["created_at"], v.get("retired_at"))
            for kid, v in data["keys"].items()
        }
        return str(data["current"]), keys
    except FileNotFoundError:
        raise KeyringError(
            f"no office keyring at {directory} (run `hearing keys generate`)"
        ) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise KeyringError(f"{path} is damaged: {exc.__class__.__name__}") from None


def _atomic_write(path: Path, data: bytes, mode: int) -> None:
    # Write-then-rename: a crash mid-write never leaves a half keyring behind.
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def _write_meta(directory: Path, current: str, keys: dict[str, KeyInfo]) -> None:
    data = {
        "format": KEYFILE_FORMAT,
        "current": current,
        "keys": {
            k.key_id: {
                "public": _b64(k.public_raw), "created_at": k.created_at,
                "retired_at": k.retired_at,
            }
            for k in keys.values()
        },
    }
    _atomic_write(directory / KEYRING_FILE, json.dumps(data, indent=2).encode(), 0o644)
    _atomic_write(directory / PUBLIC_KEY_FILE, keys[current].public.to_pem(), 0o644)


def _passphrase_key(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    return Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p).derive(
        passphrase.encode("utf-8")
    )


def _write_private(
    directory: Path, key_id: str, key: X25519PrivateKey, passphrase: str, params: ScryptParams
) -> None:
    if not passphrase:
        raise KeyringError("an empty passphrase is not allowed for the office key")
    from cryptography.hazmat.primitives import serialization

    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    salt, nonce = os.urandom(16), os.urandom(NONCE_SIZE)
    sealed = AESGCM(_passphrase_key(passphrase, salt, params)).encrypt(
        nonce, raw, KEYFILE_AAD + key_id.encode()
    )
    doc = {
        "format": KEYFILE_FORMAT, "key_id": key_id, "algorithm": "X25519",
        "kdf": {"name": "scrypt", "n": params.n, "r": params.r, "p": params.p, "salt": _b64(salt)},
        "cipher": "AES-256-GCM", "nonce": _b64(nonce), "ciphertext": _b64(sealed),
    }
    private_dir = directory / PRIVATE_DIR
    private_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(private_dir, 0o700)
    _atomic_write(private_dir / f"{key_id}.key", json.dumps(doc, indent=2).encode(), 0o600)


def _read_private(directory: Path, info: KeyInfo, passphrase: str) -> X25519PrivateKey:
    path = directory / PRIVATE_DIR / f"{info.key_id}.key"
    try:
        doc = json.loads(path.read_text("utf-8"))
        kdf = doc["kdf"]
        known = doc["format"] == KEYFILE_FORMAT and kdf["name"] == "scrypt"
        if not known or doc["key_id"] != info.key_id:
            raise KeyringError(f"{path}: unknown key file format")
        params = ScryptParams(int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        salt, nonce, sealed = _unb64(kdf["salt"]), _unb64(doc["nonce"]), _unb64(doc["ciphertext"])
    except FileNotFoundError:
        raise KeyringError(f"private key file for key {info.key_id} is missing") from None
    except (ValueError, KeyError, TypeError):
        raise KeyringError(f"{path} is damaged") from None
    try:
        raw = AESGCM(_passphrase_key(passphrase, salt, params)).decrypt(
            nonce, sealed, KEYFILE_AAD + info.key_id.encode()
        )
    except InvalidTag:
        raise PassphraseError(
            f"the passphrase does not open the private key {info.key_id} (or the file was altered)"
        ) from None
    key = X25519PrivateKey.from_private_bytes(raw)
    if raw_public(key.public_key()) != info.public_raw:
        raise KeyringError(f"private key {info.key_id} does not match its public key")
    return key


def _new_key(directory: Path, passphrase: str, params: ScryptParams) -> KeyInfo:
    key = X25519PrivateKey.generate()
    public = OfficePublicKey.from_key(key.public_key())
    _write_private(directory, public.key_id, key, passphrase, params)
    return KeyInfo(public.key_id, raw_public(public.key), _now())


def generate_keyring(
    directory: Path, passphrase: str, *, scrypt: ScryptParams = DEFAULT_SCRYPT
) -> OfficePublicKey:
    """Create a keyring with one key pair; refuses to overwrite an existing keyring."""
    directory = Path(directory)
    if (directory / KEYRING_FILE).exists():
        raise KeyringError(f"a keyring already exists at {directory}; use `hearing keys rotate`")
    directory.mkdir(parents=True, exist_ok=True)
    info = _new_key(directory, passphrase, scrypt)
    _write_meta(directory, info.key_id, {info.key_id: info})
    return info.public


class OfficeKeyring:
    """The loaded keyring. The current key is decrypted at load (checking the passphrase);
    older keys on first use, since each costs one scrypt."""

    def __init__(self, directory: Path, passphrase: str) -> None:
        self.directory = Path(directory)
        self._passphrase = passphrase
        self.current_id, self.keys = _read_meta(self.directory)
        if self.current_id not in self.keys or self.keys[self.current_id].retired_at:
            raise KeyringError("the keyring's current key is missing or retired")
        self._private: dict[str, X25519PrivateKey] = {}
        self._private_key(self.current_id)

    @property
    def public(self) -> OfficePublicKey:
        """The current public key: what new data is wrapped to."""
        return self.keys[self.current_id].public

    def _private_key(self, key_id: str) -> X25519PrivateKey:
        if key_id in self._private:
            return self._private[key_id]
        info = self.keys.get(key_id)
        if info is None:
            raise WrongKeyError(f"key {key_id!r} is not in this keyring")
        if info.retired_at:
            raise RetiredKeyError(f"key {key_id} was retired on {info.retired_at}")
        key = _read_private(self.directory, info, self._passphrase)
        self._private[key_id] = key
        return key

    def _unwrap(self, envelope: Envelope) -> bytes:
        if envelope.scheme is not Scheme.X25519_HKDF_AESGCM:
            raise EnvelopeFormatError("envelope has no office-wrapped key")
        private = self._private_key(envelope.key_id)
        wrapped = envelope.wrapped_key
        ephemeral_public, nonce, sealed = wrapped[:32], wrapped[32:44], wrapped[44:]
        try:
            shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        except ValueError:
            raise UnwrapError("wrapped key does not unwrap (invalid ephemeral key)") from None
        kek = wrap_kek(shared, ephemeral_public, self.keys[envelope.key_id].public_raw)
        try:
            return AESGCM(kek).decrypt(nonce, sealed, wrap_aad(envelope.context, envelope.key_id))
        except InvalidTag:
            raise UnwrapError(
                f"the data key does not unwrap with key {envelope.key_id}: "
                "the wrapped key or the envelope header was altered"
            ) from None

    def _open(self, data: bytes, expected: Context) -> bytes:
        """Unwrap and decrypt. Not audited: callers in this module audit."""
        envelope = parse_envelope(bytes(data))
        check_context(envelope, expected)
        return decrypt_content(self._unwrap(envelope), envelope)

    def _unwrap_capsule(self, data: bytes, expected: Context) -> bytes:
        capsule = parse_capsule(bytes(data))
        check_context(capsule, expected)
        return self._unwrap(capsule)

    def _rewrap(self, data: bytes) -> bytes:
        """The same bytes with the data key re-wrapped to the current key; content untouched."""
        data = bytes(data)
        is_capsule = data[:4] == CAPSULE_MAGIC
        parsed = parse_capsule(data) if is_capsule else parse_envelope(data)
        if parsed.key_id == self.current_id:
            return data
        data_key = self._unwrap(parsed)
        current = self.public
        moved = parsed.with_key(current.key_id, wrap_data_key(current, parsed.context, data_key))
        return moved.capsule_bytes() if is_capsule else moved.to_bytes()


def load_keyring(directory: Path, passphrase: str) -> OfficeKeyring:
    return OfficeKeyring(directory, passphrase)


def load_office_keyring(settings: Settings, passphrase: str | None = None) -> OfficeKeyring:
    """The admin app's keyring (passphrase from ``HEARING_OFFICE_KEY_PASSPHRASE`` by default)."""
    phrase = passphrase if passphrase is not None else settings.office_key_passphrase
    if not phrase:
        raise KeyringError("no passphrase for the office keyring (HEARING_OFFICE_KEY_PASSPHRASE)")
    return OfficeKeyring(keyring_dir(settings), phrase)


def add_key(
    keyring: OfficeKeyring, *, scrypt: ScryptParams = DEFAULT_SCRYPT
) -> OfficePublicKey:
    """Rotation, step one: a new key pair becomes current. Older keys stay readable."""
    info = _new_key(keyring.directory, keyring._passphrase, scrypt)
    keyring.keys[info.key_id] = info
    keyring.current_id = info.key_id
    _write_meta(keyring.directory, info.key_id, keyring.keys)
    return info.public


def retire_key(keyring: OfficeKeyring, key_id: str) -> None:
    """Mark a key retired and destroy its private file. Check usage first (:func:`key_usage`)."""
    info = keyring.keys.get(key_id)
    if info is None:
        raise KeyringError(f"key {key_id!r} is not in this keyring")
    if key_id == keyring.current_id:
        raise KeyringError("the current key cannot be retired; rotate first")
    if info.retired_at:
        return
    path = keyring.directory / PRIVATE_DIR / f"{key_id}.key"
    if path.exists():
        # Overwrite before unlinking; on copy-on-write or journaling file systems this is
        # best effort, which is why the file was passphrase-encrypted in the first place.
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.write(os.urandom(size))
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
    info.retired_at = _now()
    keyring._private.pop(key_id, None)
    _write_meta(keyring.directory, keyring.current_id, keyring.keys)


def verify_keyring(keyring: OfficeKeyring) -> list[str]:
    """Problems with the keyring itself (every live key opens and matches; public file current)."""
    problems: list[str] = []
    for kid, info in keyring.keys.items():
        if info.retired_at:
            if (keyring.directory / PRIVATE_DIR / f"{kid}.key").exists():
                problems.append(f"retired key {kid} still has a private key file")
            continue
        try:
            keyring._private_key(kid)
        except VaultError as exc:
            problems.append(f"key {kid}: {exc}")
    try:
        from hearing.vault.public import load_public_key

        if load_public_key(keyring.directory / PUBLIC_KEY_FILE).key_id != keyring.current_id:
            problems.append(f"{PUBLIC_KEY_FILE} is not the current key {keyring.current_id}")
    except KeyringError as exc:
        problems.append(str(exc))
    return problems


# --- what is stored where -------------------------------------------------------------------


def _case_questionnaire_version(session: Session, case_id: int) -> str:
    """Translations and corrections are bound to the questionnaire version of the submission."""
    return session.scalar(
        select(Submission.questionnaire_version).where(Submission.case_id == case_id)
    ) or ""


@dataclass(frozen=True)
class Slot:
    """One column holding office-wrapped data."""

    table: str
    model: type[Any]
    column: str
    kind: Kind
    capsule: bool = False

    def context(self, session: Session, row: Any) -> Context:
        if self.model is Draft or self.model is Submission:
            qv = row.questionnaire_version
        elif self.model is Note:
            qv = ""
        else:
            qv = _case_questionnaire_version(session, row.case_id)
        return Context(row.case_id, self.kind, qv)


SLOTS = (
    Slot("draft", Draft, "key_wrapped_to_office", Kind.DRAFT, capsule=True),
    Slot("submission", Submission, "envelope", Kind.SUBMISSION),
    Slot("translation", Translation, "envelope", Kind.TRANSLATION),
    Slot("lawyer_review", LawyerReview, "envelope", Kind.CORRECTION),
    Slot("note", Note, "envelope", Kind.NOTE),
)


def _rows(session: Session, slot: Slot, batch: int) -> Iterator[Any]:
    ids = session.scalars(
        select(slot.model.id).where(getattr(slot.model, slot.column).is_not(None))
        .order_by(slot.model.id)
    ).all()
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        yield from session.scalars(
            select(slot.model).where(slot.model.id.in_(chunk)).order_by(slot.model.id)
        )


def _header_key_id(data: bytes) -> str:
    data = bytes(data)
    return (parse_capsule(data) if data[:4] == CAPSULE_MAGIC else parse_envelope(data)).key_id


def key_usage(session: Session) -> Counter[str]:
    """How many stored items are wrapped to each key id (headers only; needs no key)."""
    usage: Counter[str] = Counter()
    for slot in SLOTS:
        for value in session.scalars(
            select(getattr(slot.model, slot.column)).where(
                getattr(slot.model, slot.column).is_not(None)
            )
        ):
            try:
                usage[_header_key_id(value)] += 1
            except EnvelopeFormatError:
                usage["(unreadable)"] += 1
    return usage


@dataclass(frozen=True)
class Problem:
    table: str
    row_id: int
    case_id: int | None
    error: str
    message: str

    def __str__(self) -> str:
        return f"{self.table} {self.row_id} (case {self.case_id}): {self.error}: {self.message}"


@dataclass
class StoreReport:
    per_key: Counter[str] = field(default_factory=Counter)
    per_table: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_row(
    session: Session, keyring: OfficeKeyring, slot: Slot, row: Any, *, decrypt_content: bool
) -> None:
    value = bytes(getattr(row, slot.column))
    expected = slot.context(session, row)
    if slot.capsule:
        data_key = keyring._unwrap_capsule(value, expected)
        if decrypt_content:
            open_detached(data_key, bytes(row.content), draft_context(row))
        return
    if decrypt_content:
        plaintext = keyring._open(value, expected)
        if slot.model is Submission and fingerprint(plaintext) != row.fingerprint:
            raise FingerprintMismatchError("content does not match the stored fingerprint")
    else:
        envelope = parse_envelope(value)
        check_context(envelope, expected)
        keyring._unwrap(envelope)


def verify_store(
    session: Session,
    keyring: OfficeKeyring,
    *,
    decrypt_content: bool = True,
    actor: str = "cli",
    reason: str = "keys verify",
    batch: int = 200,
) -> StoreReport:
    """Check that every stored envelope and capsule opens; name every row that does not.

    With ``decrypt_content`` the content is decrypted too (detecting altered ciphertext) and
    thrown away unread; one audit entry records the run.
    """
    audit.append(
        session, actor, "vault.verify", None, "store", reason,
        {"decrypt_content": decrypt_content},
    )
    report = StoreReport()
    for slot in SLOTS:
        for row in _rows(session, slot, batch):
            value = getattr(row, slot.column)
            try:
                key_id = _header_key_id(value)
            except EnvelopeFormatError:
                key_id = "(unreadable)"
            report.per_key[key_id] += 1
            report.per_table[slot.table] += 1
            try:
                _check_row(session, keyring, slot, row, decrypt_content=decrypt_content)
            except VaultError as exc:
                report.problems.append(
                    Problem(slot.table, row.id, row.case_id, type(exc).__name__, str(exc))
                )
    return report


def rewrap_store(
    session: Session, keyring: OfficeKeyring, *, actor: str = "cli",
    reason: str = "keys rotate", batch: int = 200,
) -> StoreReport:
    """Rotation, step two: re-wrap every stored data key to the current key.

    Only the key id and wrapped key in each header change; nonces and ciphertexts stay byte for
    byte, and no content is decrypted. Rows that cannot be unwrapped are reported and left.
    """
    report = StoreReport()
    for slot in SLOTS:
        for row in _rows(session, slot, batch):
            value = bytes(getattr(row, slot.column))
            report.per_table[slot.table] += 1
            try:
                new = keyring._rewrap(value)
            except VaultError as exc:
                report.problems.append(
                    Problem(slot.table, row.id, row.case_id, type(exc).__name__, str(exc))
                )
                continue
            report.per_key[keyring.current_id] += 1
            if new != value:
                setattr(row, slot.column, new)
                if hasattr(row, "key_id"):
                    row.key_id = keyring.current_id
                report.changed[slot.table] += 1
        session.flush()
    audit.append(
        session, actor, "vault.rewrap", None, "store", reason,
        {"to_key": keyring.current_id, "changed": dict(report.changed),
         "problems": len(report.problems)},
    )
    return report


# --- audited reading ------------------------------------------------------------------------


def _require(actor: str, reason: str) -> None:
    if not actor or not actor.strip():
        raise ValueError("an actor is required to decrypt case content")
    if not reason or not reason.strip():
        raise ValueError("a reason is required to decrypt case content")


def _record(
    session: Session, actor: str, actor_id: int | None, action: str, case_id: int,
    target: str, reason: str, detail: dict[str, Any],
) -> None:
    _require(actor, reason)
    # Recorded before decrypting: an attempt is worth knowing about even when it fails.
    audit.append(session, actor, action, case_id, target, reason, detail, actor_id=actor_id)


@dataclass(frozen=True)
class OpenedSubmission:
    answers: dict[str, Any]
    metadata: dict[str, Any]
    locale: str
    questionnaire_version: str
    sealed_at: str
    fingerprint: str  # verified against the stored fingerprint


def open_submission(
    session: Session, submission: Submission, keyring: OfficeKeyring, *,
    actor: str, reason: str, actor_id: int | None = None,
) -> OpenedSubmission:
    """Decrypt a sealed hearing and check it against the receipt fingerprint. Audited."""
    _record(session, actor, actor_id, "submission.decrypt", submission.case_id, "submission",
            reason, {"submission_id": submission.id, "key_id": submission.key_id})
    context = Context(submission.case_id, Kind.SUBMISSION, submission.questionnaire_version)
    plaintext = keyring._open(bytes(submission.envelope), context)
    digest = fingerprint(plaintext)
    if digest != submission.fingerprint:
        raise FingerprintMismatchError("the sealed content does not match the stored fingerprint")
    payload = json.loads(plaintext)
    if payload.get("case_id") != submission.case_id:
        raise EnvelopeFormatError("sealed payload names another case")
    return OpenedSubmission(
        answers=payload["answers"], metadata=payload.get("metadata", {}),
        locale=payload["locale"], questionnaire_version=payload["questionnaire_version"],
        sealed_at=payload["sealed_at"], fingerprint=digest,
    )


def _decrypt_json(
    session: Session, keyring: OfficeKeyring, data: bytes | None, context: Context, *,
    action: str, target: str, row_id: int, actor: str, reason: str, actor_id: int | None,
) -> dict[str, Any]:
    _record(session, actor, actor_id, action, context.case_id, target, reason, {"id": row_id})
    if data is None:
        raise EnvelopeFormatError(f"{target} {row_id} has no content yet")
    value = json.loads(keyring._open(bytes(data), context))
    if not isinstance(value, dict):
        raise EnvelopeFormatError(f"{target} content is not a JSON object")
    return value


def decrypt_translation(
    session: Session, translation: Translation, keyring: OfficeKeyring, *,
    actor: str, reason: str, actor_id: int | None = None,
) -> dict[str, Any]:
    context = Context(translation.case_id, Kind.TRANSLATION,
                      _case_questionnaire_version(session, translation.case_id))
    return _decrypt_json(session, keyring, translation.envelope, context,
                         action="translation.decrypt", target="translation",
                         row_id=translation.id, actor=actor, reason=reason, actor_id=actor_id)


def decrypt_correction(
    session: Session, review: LawyerReview, keyring: OfficeKeyring, *,
    actor: str, reason: str, actor_id: int | None = None,
) -> dict[str, Any]:
    context = Context(review.case_id, Kind.CORRECTION,
                      _case_questionnaire_version(session, review.case_id))
    return _decrypt_json(session, keyring, review.envelope, context,
                         action="correction.decrypt", target="lawyer_review",
                         row_id=review.id, actor=actor, reason=reason, actor_id=actor_id)


def decrypt_note(
    session: Session, note: Note, keyring: OfficeKeyring, *,
    actor: str, reason: str, actor_id: int | None = None,
) -> dict[str, Any]:
    context = Context(note.case_id, Kind.NOTE, "")
    return _decrypt_json(session, keyring, note.envelope, context, action="note.decrypt",
                         target="note", row_id=note.id, actor=actor, reason=reason,
                         actor_id=actor_id)


def decrypt_envelope(
    session: Session, data: bytes, expected: Context, keyring: OfficeKeyring, *,
    actor: str, reason: str, actor_id: int | None = None, target: str | None = None,
) -> bytes:
    """Any envelope, e.g. for a dossier export. Audited like the rest."""
    _record(session, actor, actor_id, f"{expected.kind.name.lower()}.decrypt", expected.case_id,
            target or expected.kind.name.lower(), reason, {})
    return keyring._open(data, expected)


def reissue_resume_code(
    session: Session, draft: Draft, keyring: OfficeKeyring, pepper: str, *,
    actor: str, reason: str, actor_id: int | None = None, params: KdfParams = DEFAULT_KDF,
) -> str:
    """A new resume code for a lost one, on the back office. Returns the code (show it once).

    The draft key is unwrapped with the office key and wrapped under the new code; the draft's
    content is neither decrypted nor touched. The old code stops working at once.
    """
    _record(session, actor, actor_id, "draft.reissue_code", draft.case_id, "draft", reason,
            {"draft_id": draft.id})
    context = draft_context(draft)
    data_key = keyring._unwrap_capsule(bytes(draft.key_wrapped_to_office), context)
    wrap = new_code_wrap(data_key, context, pepper, params)
    wrap.apply(draft)
    session.flush()
    return wrap.resume_code
