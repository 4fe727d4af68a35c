"""A sealed case ready for translation, with the people who work on it and a test keyring.

Used by the translation, lawyer review and dossier tests. The questionnaire is a small fixture
built from ``hearing.questionnaire.model`` dataclasses, so these tests do not depend on the
real questionnaire file; ``use_questionnaire`` makes ``hearing.answers.load_questionnaire``
return it for the fixture version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from hearing import answers
from hearing.config import Settings
from hearing.db import Database
from hearing.models import (
    CaseState,
    Organisation,
    OrganisationKind,
    Role,
    Submission,
)
from hearing.questionnaire.model import (
    DATE,
    LONGTEXT,
    SINGLE,
    TEXT,
    YESNO,
    Option,
    Question,
    Section,
)
from hearing.vault.office import ScryptParams, generate_keyring
from hearing.vault.public import OfficePublicKey, seal_submission
from hearing.workflow import APPLICANT, transition
from tests.admin.world import _user as _world_user
from tests.factories import make_case

PASSPHRASE = "casework test passphrase"
FAST_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
VERSION = "casework-test-1"


def _q(qid: str, kind: str, text: str, section: str, **kw: Any) -> Question:
    return Question(id=qid, type=kind, text=text, section=section, key=qid, **kw)


@dataclass(frozen=True)
class FixtureQuestionnaire:
    sections: tuple[Section, ...]
    labels: object | None = None


QUESTIONNAIRE = FixtureQuestionnaire(sections=(
    Section("identity", "Identity", (
        _q("identity.name", TEXT, "What is your full name?", "identity"),
        _q("identity.dob", DATE, "What is your date of birth?", "identity"),
        _q("identity.sex", SINGLE, "What is your sex?", "identity",
           options=(Option("female", "Female"), Option("male", "Male"))),
    )),
    Section("reasons", "Reasons", (
        _q("reasons.account", LONGTEXT, "Why did you leave your country?", "reasons"),
        _q("reasons.detained", YESNO, "Were you ever detained?", "reasons"),
        _q("reasons.detention", LONGTEXT, "What happened in detention?", "reasons"),
        _q("family.partner", TEXT, "Where is your partner now?", "reasons"),
    )),
))

ANSWERS: dict[str, Any] = {
    "identity.name": "أحمد الخطيب",
    "identity.dob": {"calendar": "gregorian", "year": 1990, "month": 3, "day": None},
    "identity.sex": "male",
    "reasons.account": "كنت أعمل مدرسًا في حلب. في 12/03/2019 جاء رجال من الأمن <b> & أخذوني.",
    "reasons.detained": True,
    "reasons.detention": {"special": "in_person"},
    "family.partner": {"special": "dont_know"},
}
# What a translator types for each answer that needs one (free text and choices alike).
DUTCH = {
    "identity.name": "Ahmad Al-Khatib",
    "identity.dob": "1990-03",
    "identity.sex": "Man",
    "reasons.account": "Ik werkte als leraar in Aleppo. Op 12/03/2019 kwamen mannen van de "
                       "veiligheidsdienst <b> & namen mij mee.",
    "reasons.detained": "Ja",
}


@pytest.fixture
def use_questionnaire(monkeypatch: pytest.MonkeyPatch) -> FixtureQuestionnaire:
    real = answers.load_questionnaire

    def load(version: str) -> Any:
        return QUESTIONNAIRE if version == VERSION else real(version)

    monkeypatch.setattr(answers, "load_questionnaire", load)
    return QUESTIONNAIRE


def with_keyring(settings: Settings, directory: Path, smtp: tuple[str, int] | None = None
                 ) -> Settings:
    """``settings`` with a fresh (fast) office keyring, and the test SMTP server if given."""
    generate_keyring(directory, PASSPHRASE, scrypt=FAST_SCRYPT)
    changed = replace(settings, office_private_key_path=directory,
                      office_key_passphrase=PASSPHRASE,
                      office_public_key_path=directory / "office_public.pem")
    if smtp is not None:
        changed = replace(changed, smtp_host=smtp[0], smtp_port=smtp[1])
    return changed


def _user(session: Any, *roles: Role, full_name: str | None = None, **kw: Any) -> Any:
    user = _world_user(session, *roles, **kw)
    if full_name:
        user.full_name = full_name
    return user


@dataclass
class Casework:
    case_id: int
    v_number: str
    users: dict[str, int] = field(default_factory=dict)
    agencies: dict[str, int] = field(default_factory=dict)


def build_casework(database: Database, office: OfficePublicKey, *,
                   answers_: dict[str, Any] | None = None) -> Casework:
    """Two agencies, their translators, two lawyers, staff, and one sealed case of lawyer_1."""
    with database.session() as s:
        agency_a = Organisation(name="Vertaalbureau A", kind=OrganisationKind.TRANSLATION_AGENCY,
                                email="bureau-a@example.org")
        agency_b = Organisation(name="Vertaalbureau B", kind=OrganisationKind.TRANSLATION_AGENCY,
                                email="bureau-b@example.org")
        s.add_all([agency_a, agency_b])
        s.flush()
        users = {
            "planner": _user(s, Role.PLANNER, email="planner@example.org"),
            "translator_a": _user(s, Role.TRANSLATOR, organisation_id=agency_a.id,
                                  register_number="20154", full_name="F. El Amrani"),
            "translator_b": _user(s, Role.TRANSLATOR, organisation_id=agency_b.id),
            "lawyer_1": _user(s, Role.LAWYER, email="advocaat1@example.org",
                              full_name="mr. J. de Vries"),
            "lawyer_2": _user(s, Role.LAWYER, email="advocaat2@example.org"),
            "screener": _user(s, Role.SCREENER),
            "host": _user(s, Role.HOST),
        }
        case = make_case(s, state=CaseState.IN_PROGRESS, lawyer_id=users["lawyer_1"].id,
                         route="replace")
        sealed = seal_submission(office, case_id=case.id, questionnaire_version=VERSION,
                                 locale="ar", answers=answers_ or ANSWERS,
                                 sealed_at=dt.datetime.now(dt.UTC))
        s.add(Submission(case_id=case.id, questionnaire_version=VERSION, locale="ar",
                         envelope=sealed.envelope, key_id=sealed.key_id,
                         fingerprint=sealed.fingerprint, sealed_at=sealed.sealed_at))
        transition(s, case, "seal", APPLICANT)
        s.commit()
        return Casework(case.id, case.v_number, {k: u.id for k, u in users.items()},
                        {"a": agency_a.id, "b": agency_b.id})
