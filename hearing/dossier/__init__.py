"""PDF documents of the written hearing: dossier, receipt and invitation letter.

Builders take plain dataclasses (:mod:`hearing.dossier.data`) and return PDF bytes; nothing here
reads the database or writes files. Text layout (font runs per script, Unicode Bidi, Arabic
shaping) lives in :mod:`hearing.dossier.text`.
"""

from hearing.dossier.applicant import build_invitation_letter, build_receipt
from hearing.dossier.dossier import build_dossier
from hearing.dossier.i18n import N_, Gettext, identity

__all__ = ["N_", "Gettext", "build_dossier", "build_invitation_letter", "build_receipt", "identity"]
