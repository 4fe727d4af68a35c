"""The questionnaire as versioned data: load a version, look questions up, list versions.

Public API (the kiosk and the back office code against these names)::

    current() -> Questionnaire          # the newest version, loaded once
    load(version) -> Questionnaire      # a given version, loaded once (old submissions)
    versions() -> list[str]             # oldest first

Behaviour lives in submodules: ``engine`` (visibility, progress, what is sealed),
``validate`` (raw answer -> stored value), ``forms`` (HTML fields <-> raw answer) and
``extract`` (Babel extractor for the English source strings).
"""

from __future__ import annotations

from functools import cache

from hearing.questionnaire.loader import QuestionnaireError, load_file, version_files, version_key
from hearing.questionnaire.model import Labels, Option, Question, Questionnaire, Section

__all__ = [
    "Labels",
    "Option",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Section",
    "current",
    "load",
    "versions",
]


def versions() -> list[str]:
    """Every published version, oldest first."""
    return sorted(version_files(), key=version_key)


@cache
def load(version: str) -> Questionnaire:
    """The questionnaire of ``version`` (KeyError if there is no such version).

    Cached: versions are immutable once published, and the result is shared read-only.
    """
    files = version_files()
    if version not in files:
        raise KeyError(f"no questionnaire version {version!r}")
    return load_file(files[version], expected_version=version)


def current() -> Questionnaire:
    """The newest version: what a new draft is started with."""
    return load(versions()[-1])
