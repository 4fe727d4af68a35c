"""Staff notes on a case (planners, screeners, decision officers): read and add.

Reading decrypts every note of the case through the vault, one audit entry each (reason
"notes"). Outside parties (translators, lawyers) and hosts have no notes screen.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from admin.access import Purpose, current_staff, require_roles, with_case
from admin.office_keys import office_keyring
from hearing.case_notes import NoteError, add_note
from hearing.models import Case, Note, Role
from hearing.vault.office import decrypt_note
from hearing.web import db_session

bp = Blueprint("notes", __name__)

NOTE_ROLES = (Role.PLANNER, Role.SCREENER, Role.DECISION_OFFICER)


@bp.get("/cases/<int:case_id>/notes")
@require_roles(*NOTE_ROLES)
@with_case(Purpose.CONTENT)
def list_notes(case: Case) -> str:
    user = current_staff()
    session = db_session()
    keyring = office_keyring()
    notes = []
    for note in session.scalars(select(Note).where(Note.case_id == case.id)
                                .order_by(Note.created_at, Note.id)):
        content = decrypt_note(session, note, keyring, actor=user.username, reason="notes",
                               actor_id=user.id)
        notes.append((note, str(content.get("text", ""))))
    session.commit()  # the audit entries
    return render_template("notes/list.html", case=case, notes=notes)


@bp.post("/cases/<int:case_id>/notes")
@require_roles(*NOTE_ROLES)
@with_case(Purpose.CONTENT)
def add(case: Case) -> Response:
    session = db_session()
    try:
        add_note(session, case, current_staff(), office_keyring().public,
                 request.form.get("text", ""))
    except NoteError:
        session.rollback()
        flash(_("Write the note first (at most 20,000 characters)."), "error")
        return redirect(url_for("notes.list_notes", case_id=case.id))
    session.commit()
    flash(_("Note saved."), "success")
    return redirect(url_for("notes.list_notes", case_id=case.id))
