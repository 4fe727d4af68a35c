"""Staff notes on a case: free text by service staff, encrypted to the office key.

A note is written once and never edited (a correction is a new note), and carries its author
and time in the clear; the text is a vault envelope holding ``{"format": 1, "text": ...}``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hearing.models import Case, Note, User, utcnow
from hearing.vault.public import OfficePublicKey, encrypt_note

CONTENT_FORMAT = 1
MAX_TEXT = 20_000


class NoteError(ValueError):
    """A note that cannot be stored as given."""


def add_note(session: Session, case: Case, author: User, office: OfficePublicKey,
             text: str) -> Note:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise NoteError("a note needs text")
    if len(text) > MAX_TEXT:
        raise NoteError(f"a note is at most {MAX_TEXT} characters")
    note = Note(case_id=case.id, author_id=author.id, created_at=utcnow(),
                envelope=encrypt_note(office, case_id=case.id,
                                      content={"format": CONTENT_FORMAT, "text": text}),
                key_id=office.key_id)
    session.add(note)
    session.flush()
    return note
