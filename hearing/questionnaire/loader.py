"""Read a questionnaire version from its YAML file and refuse anything inconsistent.

Every check happens here, once, at load time, so the engine, the validator and the kiosk can
trust the data: an id that does not exist, a condition that looks forward, a duplicate option
or a typo in a key stops the app from starting instead of silently hiding questions from an
applicant. Each refusal names the file, the line, the question id and the reason.

File layout (see ``versions/1.yaml``)::

    version: "1"
    labels: {yes: ..., no: ..., dont_know: ..., in_person: ..., none: ...,
             calendars: [{id, label}...], months: {gregorian: [...], ...}}
    sections:
      - id: identity
        title: ...
        intro: ...                 # optional
        declaration: ...           # the last section only: the text confirmed when sealing
        questions:
          - id: identity.sex       # top-level ids are globally unique
            type: single           # text longtext date number single multi yesno group
            text: ...
            help: ...              # optional
            options: [{id, label}...]
            when: {question: identity.x, equals: true}   # see conditions.py
            flags: [torture_disclosure]                   # yesno only
          - id: family.children
            type: group
            item_label: Child
            questions:             # sub-question ids are keys inside one item
              - {id: name, type: text, text: ...}
              - {id: lives_where, type: text, text: ..., when: {question: alive, equals: true}}

A sub-question's condition may only refer to an earlier sub-question of the same group (by its
key), so whether it is shown depends on its own item alone. Top-level conditions refer to
earlier top-level questions only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from hearing.questionnaire import conditions as c
from hearing.questionnaire.model import (
    CALENDARS,
    DATE,
    FLAGS,
    GROUP,
    LONGTEXT,
    MULTI,
    NUMBER,
    SINGLE,
    TEXT,
    TYPES,
    YESNO,
    Labels,
    Option,
    Question,
    Questionnaire,
    Section,
)

VERSIONS_DIR = Path(__file__).parent / "versions"

# Keys whose values are English source strings shown to applicants (also used by extract.py).
TRANSLATABLE_KEYS = frozenset(
    {"title", "intro", "text", "help", "label", "item_label", "add_label", "none_label",
     "declaration", "yes", "no", "dont_know", "in_person", "none"}
)

DEFAULT_MAX_LENGTH = {TEXT: 200, LONGTEXT: 5000}
MAX_MAX_LENGTH = 50_000
DEFAULT_MIN_VALUE = 0
DEFAULT_MAX_VALUE = 1_000_000_000
DEFAULT_MAX_ITEMS = 20
MONTHS_PER_CALENDAR = {"gregorian": 12, "solar_hijri": 12, "ethiopian": 13}

_SECTION_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_QUESTION_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\Z")
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_OPTION_ID = re.compile(r"[a-z0-9][a-z0-9_]*\Z")
# Suffixes the form fields of a question use (forms.py); a group key may not take them.
RESERVED_KEYS = frozenset({"special", "count", "none", "day", "month", "year", "calendar"})

_SECTION_KEYS = {"id", "title", "intro", "declaration", "questions"}
_COMMON_KEYS = {"id", "type", "text", "help", "required", "when", "flags"}
_TYPE_KEYS: dict[str, set[str]] = {
    TEXT: {"max_length"},
    LONGTEXT: {"max_length"},
    DATE: {"approximate"},
    NUMBER: {"min", "max"},
    SINGLE: {"options"},
    MULTI: {"options"},
    YESNO: set(),
    GROUP: {"questions", "min_items", "max_items", "item_label", "add_label", "none_label"},
}
_LABEL_KEYS = {"yes", "no", "dont_know", "in_person", "none", "calendars", "months"}


class QuestionnaireError(ValueError):
    """An invalid questionnaire file. The message reads ``file:line: question id: reason``."""

    def __init__(self, file: str, line: int, question_id: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.question_id = question_id
        self.reason = reason
        where = f"question {question_id}: " if question_id else ""
        super().__init__(f"{file}:{line}: {where}{reason}")


def clean_text(value: str) -> str:
    """The exact msgid of a translatable string; the extractor applies the same function."""
    return value.strip()


# --- YAML with line numbers -------------------------------------------------------------------


class _Map(dict[str, Any]):
    """A mapping that remembers the line it started on."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """SafeLoader that records lines, refuses duplicate keys and reads only true/false as bool.

    YAML 1.1 reads ``yes``, ``no``, ``on`` and ``off`` as booleans; in a file full of English
    answer labels ("No") that is a trap, so only ``true`` and ``false`` are booleans here.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    result = _Map()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise _YamlProblem(key_node.start_mark.line + 1, f"key {key!r} is not a string")
        if key in result:
            raise _YamlProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
        result[key] = loader.construct_object(value_node, deep=True)
    return result


class _YamlProblem(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, file: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except _YamlProblem as problem:
        raise QuestionnaireError(file, problem.line, None, problem.reason) from None
    except yaml.MarkedYAMLError as problem:
        line = problem.problem_mark.line + 1 if problem.problem_mark else 0
        raise QuestionnaireError(file, line, None, f"not valid YAML: {problem.problem}") from None


# --- building the model -----------------------------------------------------------------------


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        # id -> question, in file order; conditions may only look at ids already in here.
        self.seen: dict[str, Question] = {}

    def fail(self, line: int, question_id: str | None, reason: str) -> QuestionnaireError:
        return QuestionnaireError(self.file, line, question_id, reason)

    def mapping(self, value: Any, line: int, question_id: str | None, what: str) -> _Map:
        if not isinstance(value, _Map):
            raise self.fail(line, question_id, f"{what} must be a mapping")
        return value

    def keys(self, data: _Map, allowed: set[str], question_id: str | None, what: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(data.line, question_id, f"unknown key {unknown[0]!r} in {what}")

    def string(self, data: _Map, key: str, question_id: str | None, *,
               required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(data.line, question_id, f"missing {key!r}")
            return None
        if not isinstance(value, str) or not clean_text(value):
            raise self.fail(data.line, question_id, f"{key!r} must be a non-empty string")
        return clean_text(value)

    def integer(self, data: _Map, key: str, question_id: str, default: int, *,
                low: int = 0, high: int = DEFAULT_MAX_VALUE) -> int:
        value = data.get(key, default)
        if type(value) is not int or not low <= value <= high:
            raise self.fail(data.line, question_id,
                            f"{key!r} must be a whole number from {low} to {high}")
        return value

    # -- whole file --

    def questionnaire(self, data: Any, expected_version: str | None) -> Questionnaire:
        data = self.mapping(data, 1, None, "the file")
        self.keys(data, {"version", "labels", "sections"}, None, "the file")
        version = data.get("version")
        if not isinstance(version, str) or not version:
            raise self.fail(data.line, None, "'version' must be a quoted string, e.g. \"1\"")
        if expected_version is not None and version != expected_version:
            raise self.fail(data.line, None,
                            f"version {version!r} does not match the file name "
                            f"{expected_version!r}")
        labels = self.labels(self.mapping(data.get("labels"), data.line, None, "'labels'"))
        raw_sections = data.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            raise self.fail(data.line, None, "'sections' must be a non-empty list")
        sections: list[Section] = []
        for index, raw in enumerate(raw_sections):
            last = index == len(raw_sections) - 1
            sections.append(self.section(self.mapping(raw, data.line, None, "a section"), last))
        self.check_field_names()
        declaration = sections[-1].declaration
        assert declaration is not None  # section() insists on it for the last section
        return Questionnaire(version=version, sections=tuple(sections), labels=labels,
                             declaration=declaration)

    def labels(self, data: _Map) -> Labels:
        self.keys(data, _LABEL_KEYS, None, "'labels'")
        texts = {key: self.string(data, key, None) for key in
                 ("yes", "no", "dont_know", "in_person", "none")}
        calendars = self.options(data.get("calendars"), data.line, None, "'labels.calendars'")
        if tuple(sorted(o.id for o in calendars)) != tuple(sorted(CALENDARS)):
            raise self.fail(data.line, None,
                            f"'labels.calendars' must name exactly {', '.join(CALENDARS)}")
        months_data = self.mapping(data.get("months"), data.line, None, "'labels.months'")
        months: list[tuple[str, tuple[str, ...]]] = []
        for calendar in CALENDARS:
            names = months_data.get(calendar)
            count = MONTHS_PER_CALENDAR[calendar]
            if (not isinstance(names, list) or len(names) != count
                    or not all(isinstance(n, str) and clean_text(n) for n in names)):
                raise self.fail(months_data.line, None,
                                f"'labels.months.{calendar}' must list {count} month names")
            months.append((calendar, tuple(clean_text(n) for n in names)))
        self.keys(months_data, set(CALENDARS), None, "'labels.months'")
        return Labels(yes=texts["yes"] or "", no=texts["no"] or "",
                      dont_know=texts["dont_know"] or "", in_person=texts["in_person"] or "",
                      none=texts["none"] or "", calendars=calendars, months=tuple(months))

    def section(self, data: _Map, last: bool) -> Section:
        self.keys(data, _SECTION_KEYS, None, "a section")
        section_id = data.get("id")
        if not isinstance(section_id, str) or not _SECTION_ID.match(section_id):
            raise self.fail(data.line, None, f"invalid section id {section_id!r}")
        if any(q.section == section_id for q in self.seen.values()):
            raise self.fail(data.line, None, f"duplicate section id {section_id!r}")
        title = self.string(data, "title", None)
        intro = self.string(data, "intro", None, required=False)
        declaration = self.string(data, "declaration", None, required=False)
        if last and declaration is None:
            raise self.fail(data.line, None,
                            f"the last section {section_id!r} needs the 'declaration'")
        if not last and declaration is not None:
            raise self.fail(data.line, None, "only the last section may have a 'declaration'")
        raw_questions = data.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            raise self.fail(data.line, None,
                            f"section {section_id!r} needs a non-empty 'questions' list")
        questions = tuple(
            self.question(self.mapping(raw, data.line, None, "a question"), section_id, None)
            for raw in raw_questions
        )
        assert title is not None
        return Section(id=section_id, title=title, questions=questions, intro=intro,
                       declaration=declaration)

    def question(self, data: _Map, section_id: str, parent: Question | None) -> Question:
        raw_id = data.get("id")
        pattern = _KEY if parent is not None else _QUESTION_ID
        if not isinstance(raw_id, str) or not pattern.match(raw_id):
            raise self.fail(data.line, str(raw_id) if raw_id is not None else None,
                            "invalid question id (lower-case letters, digits, _ and . only)")
        if parent is not None and raw_id in RESERVED_KEYS:
            raise self.fail(data.line, f"{parent.id}.{raw_id}",
                            f"{raw_id!r} is reserved for form fields; choose another key")
        question_id = f"{parent.id}.{raw_id}" if parent is not None else raw_id
        if question_id in self.seen:
            raise self.fail(data.line, question_id, "duplicate question id")
        kind = data.get("type")
        if kind not in TYPES:
            raise self.fail(data.line, question_id, f"unknown type {kind!r}")
        if parent is not None and kind == GROUP:
            raise self.fail(data.line, question_id, "a group cannot contain another group")
        self.keys(data, _COMMON_KEYS | _TYPE_KEYS[kind], question_id, f"a {kind} question")
        text = self.string(data, "text", question_id)
        help_text = self.string(data, "help", question_id, required=False)
        required = data.get("required", True)
        if type(required) is not bool:
            raise self.fail(data.line, question_id, "'required' must be true or false")
        flags = data.get("flags", [])
        if not isinstance(flags, list) or any(f not in FLAGS for f in flags):
            raise self.fail(data.line, question_id,
                            f"'flags' must be a list of {', '.join(FLAGS)}")
        if flags and kind != YESNO:
            raise self.fail(data.line, question_id, "only yes/no questions can carry flags")
        when = None
        if "when" in data:
            when = self.condition(data["when"], data.line, question_id, parent)

        options: tuple[Option, ...] = ()
        if kind in (SINGLE, MULTI):
            options = self.options(data.get("options"), data.line, question_id, "'options'")
        max_length = None
        if kind in (TEXT, LONGTEXT):
            max_length = self.integer(data, "max_length", question_id, DEFAULT_MAX_LENGTH[kind],
                                      low=1, high=MAX_MAX_LENGTH)
        approximate = data.get("approximate", True)
        if type(approximate) is not bool:
            raise self.fail(data.line, question_id, "'approximate' must be true or false")
        min_value = max_value = None
        if kind == NUMBER:
            min_value = self.integer(data, "min", question_id, DEFAULT_MIN_VALUE)
            max_value = self.integer(data, "max", question_id, DEFAULT_MAX_VALUE)
            if min_value > max_value:
                raise self.fail(data.line, question_id, "'min' is larger than 'max'")

        question = Question(
            id=question_id, type=kind, text=text or "", section=section_id, key=str(raw_id),
            required=required, help=help_text, parent=parent.id if parent else None,
            max_length=max_length, options=options, allow_approximate=approximate,
            min_value=min_value, max_value=max_value, when=when, flags=tuple(flags),
            line=data.line,
        )
        if kind == GROUP:
            question = self.group(data, question)
        self.seen[question_id] = question
        return question

    def group(self, data: _Map, question: Question) -> Question:
        min_items = self.integer(data, "min_items", question.id, 0, high=100)
        max_items = self.integer(data, "max_items", question.id, DEFAULT_MAX_ITEMS, low=1,
                                 high=100)
        if min_items > max_items:
            raise self.fail(data.line, question.id, "'min_items' is larger than 'max_items'")
        item_label = self.string(data, "item_label", question.id)
        add_label = self.string(data, "add_label", question.id)
        none_label = self.string(data, "none_label", question.id, required=False)
        if none_label is not None and min_items > 0:
            raise self.fail(data.line, question.id,
                            "'none_label' makes no sense when 'min_items' is above 0")
        raw_subs = data.get("questions")
        if not isinstance(raw_subs, list) or not raw_subs:
            raise self.fail(data.line, question.id, "a group needs sub-questions")
        # The group itself is registered only after its sub-questions: nothing inside it may
        # depend on the group as a whole.
        subs = []
        for raw in raw_subs:
            subs.append(self.question(self.mapping(raw, data.line, question.id,
                                                   "a sub-question"),
                                      question.section, question))
        return Question(
            **{**question.__dict__, "min_items": min_items, "max_items": max_items,
               "item_label": item_label, "add_label": add_label, "none_label": none_label,
               "questions": tuple(subs)},
        )

    def options(self, raw: Any, line: int, question_id: str | None,
                what: str) -> tuple[Option, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(line, question_id, f"{what} must be a non-empty list")
        options: list[Option] = []
        for item in raw:
            item = self.mapping(item, line, question_id, "an option")
            self.keys(item, {"id", "label"}, question_id, "an option")
            option_id = item.get("id")
            if not isinstance(option_id, str) or not _OPTION_ID.match(option_id):
                raise self.fail(item.line, question_id, f"invalid option id {option_id!r}")
            if any(o.id == option_id for o in options):
                raise self.fail(item.line, question_id, f"duplicate option id {option_id!r}")
            label = self.string(item, "label", question_id)
            options.append(Option(option_id, label or ""))
        return tuple(options)

    # -- conditions --

    def condition(self, raw: Any, line: int, question_id: str,
                  parent: Question | None) -> c.Condition:
        data = self.mapping(raw, line, question_id, "'when'")
        line = data.line
        for combinator, build in (("all", c.All), ("any", c.AnyOf)):
            if combinator in data:
                self.keys(data, {combinator}, question_id, "a condition")
                items = data[combinator]
                if not isinstance(items, list) or not items:
                    raise self.fail(line, question_id, f"'{combinator}' needs a list")
                return build(tuple(self.condition(item, line, question_id, parent)
                                   for item in items))
        if "not" in data:
            self.keys(data, {"not"}, question_id, "a condition")
            return c.Not(self.condition(data["not"], line, question_id, parent))
        tests = [key for key in ("equals", "in", "includes", "answered") if key in data]
        if "question" not in data or len(tests) != 1:
            raise self.fail(line, question_id,
                            "a condition needs 'question' and one of equals/in/includes/"
                            "answered (or all/any/not)")
        self.keys(data, {"question", tests[0]}, question_id, "a condition")
        target = self.target(data["question"], line, question_id, parent)
        test, value = tests[0], data[tests[0]]
        if test == "answered":
            if type(value) is not bool:
                raise self.fail(line, question_id, "'answered' must be true or false")
            return c.Answered(target.id, value)
        if test == "equals":
            if target.type == YESNO and type(value) is bool:
                return c.Equals(target.id, value)
            if target.type == SINGLE and isinstance(value, str):
                self.known_option(target, value, line, question_id)
                return c.Equals(target.id, value)
            raise self.fail(line, question_id,
                            f"'equals' needs true/false for a yes/no question or an option id "
                            f"for a single choice; {target.id} is {target.type}")
        if test == "in":
            if target.type != SINGLE or not isinstance(value, list) or not value:
                raise self.fail(line, question_id,
                                "'in' needs a list of option ids of a single-choice question")
            for option_id in value:
                self.known_option(target, option_id, line, question_id)
            return c.In(target.id, tuple(value))
        if target.type != MULTI or not isinstance(value, str):
            raise self.fail(line, question_id,
                            "'includes' needs one option id of a multiple-choice question")
        self.known_option(target, value, line, question_id)
        return c.Includes(target.id, value)

    def target(self, raw: Any, line: int, question_id: str,
               parent: Question | None) -> Question:
        if not isinstance(raw, str):
            raise self.fail(line, question_id, "'question' must be a question id")
        full = f"{parent.id}.{raw}" if parent is not None else raw
        target = self.seen.get(full)
        if target is None:
            scope = " of the same group" if parent is not None else ""
            raise self.fail(line, question_id,
                            f"condition refers to unknown or later question {raw!r}; a "
                            f"condition may only name an earlier question{scope}")
        if parent is None and target.parent is not None:
            raise self.fail(line, question_id,
                            f"condition refers to sub-question {raw!r} of a group")
        return target

    def known_option(self, target: Question, option_id: Any, line: int,
                     question_id: str) -> None:
        if not isinstance(option_id, str) or target.option(option_id) is None:
            raise self.fail(line, question_id,
                            f"condition names option {option_id!r}, which {target.id} lacks")

    # -- form field names --

    def check_field_names(self) -> None:
        """No top-level id may be another id plus ``.something``: forms.py names fields so."""
        top = {q.id: q for q in self.seen.values() if q.parent is None}
        for question_id, question in top.items():
            parts = question_id.split(".")
            for end in range(1, len(parts)):
                prefix = ".".join(parts[:end])
                if prefix in top:
                    raise self.fail(question.line, question_id,
                                    f"id starts with the id of question {prefix!r} plus '.', "
                                    "which names that question's form fields")


def load_file(path: Path, expected_version: str | None = None) -> Questionnaire:
    return load_text(path.read_text(encoding="utf-8"), str(path), expected_version)


def load_text(text: str, file: str = "<string>",
              expected_version: str | None = None) -> Questionnaire:
    return _Builder(file).questionnaire(parse_yaml(text, file), expected_version)


def version_files() -> dict[str, Path]:
    """Version -> file, for every ``versions/<version>.yaml``."""
    return {path.stem: path for path in VERSIONS_DIR.glob("*.yaml")}


def version_key(version: str) -> tuple[int, str]:
    # Numeric versions sort numerically ("10" after "9"); anything else after them.
    return (int(version), "") if version.isdigit() else (1 << 30, version)

