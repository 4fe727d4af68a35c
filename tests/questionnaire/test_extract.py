"""The Babel extractor yields every string the kiosk passes to gettext, with its question id."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hearing.questionnaire import Questionnaire
from hearing.questionnaire.extract import extract_questionnaire
from hearing.questionnaire.loader import VERSIONS_DIR
from tests.questionnaire.conftest import MINIMAL

ROOT = Path(__file__).resolve().parents[2]


def translatable(q: Questionnaire) -> set[str]:
    strings = {q.labels.yes, q.labels.no, q.labels.dont_know, q.labels.in_person, q.labels.none,
               q.declaration}
    strings |= {o.label for o in q.labels.calendars}
    strings |= {name for _, names in q.labels.months for name in names}
    for section in q.sections:
        strings |= {section.title} | ({section.intro} if section.intro else set())
        for top in section.questions:
            for question in (top, *top.questions):
                strings.add(question.text)
                strings |= {s for s in (question.help, question.item_label, question.add_label,
                                        question.none_label) if s}
                strings |= {o.label for o in question.options}
    return strings


def extract(text: str) -> list[tuple[int, None, str, list[str]]]:
    return list(extract_questionnaire(io.BytesIO(text.encode()), {}, [], {}))


def test_every_v1_string_is_extracted(v1: Questionnaire) -> None:
    messages = extract((VERSIONS_DIR / "1.yaml").read_text(encoding="utf-8"))
    assert {message for _, _, message, _ in messages} == translatable(v1)
    for lineno, funcname, _, comments in messages:
        assert lineno > 0 and funcname is None
        assert len(comments) == 1 and comments[0].startswith("Translators: questionnaire ")


def test_comments_name_the_question_and_lines_are_right(mini: Questionnaire) -> None:
    lines = MINIMAL.splitlines()
    by_message = {message: (lineno, comments[0])
                  for lineno, _, message, comments in extract(MINIMAL)}
    assert {m for m in by_message} == translatable(mini)
    for message, (lineno, _) in by_message.items():
        assert message in lines[lineno - 1], message
    assert by_message["Follow?"][1] == "Translators: questionnaire one.follow: text"
    assert by_message["Alive?"][1] == "Translators: questionnaire one.people.alive: text"
    assert by_message["B"][1] == "Translators: questionnaire one.chained.b: label"
    assert by_message["Nobody"][1] == "Translators: questionnaire one.people: none label"
    assert by_message["First"][1] == "Translators: questionnaire one: title"
    assert by_message["I declare it."][1] == "Translators: questionnaire two: declaration"
    assert by_message["Solar Hijri"][1] == (
        "Translators: questionnaire labels.calendars.solar_hijri: label")
    assert by_message["e13"][1] == "Translators: questionnaire month 13 of the ethiopian calendar"


@pytest.mark.skipif(shutil.which("pybabel", path=str(Path(sys.executable).parent)) is None,
                    reason="pybabel is not installed in this environment")
def test_pybabel_finds_the_extractor(tmp_path: Path) -> None:
    """The entry point in pyproject.toml and the mapping in babel.cfg are wired up."""
    pot = tmp_path / "q.pot"
    pybabel = shutil.which("pybabel", path=str(Path(sys.executable).parent))
    assert pybabel is not None
    subprocess.run(
        [pybabel, "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_",
         "--add-comments=Translators:", "-o", str(pot),
         "--ignore-dirs=.* _* node_modules instance tests benchmarks admin webform", "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    text = pot.read_text(encoding="utf-8")
    assert 'msgid "Is this child alive?"' in text
    assert "#. Translators: questionnaire family.children.alive: text" in text
    assert "hearing/questionnaire/versions/1.yaml:" in text
    # The validation messages of messages.py are in the same catalog.
    assert 'msgid "This date is in the future. Please check it."' in text
