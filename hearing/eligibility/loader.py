"""Reading a rule set file: YAML in, a validated :class:`RuleSet` out, or a precise refusal.

Everything a file could get wrong is checked here, once, at load time: a rule set that loads
cannot fail while screening. Each refusal is a :class:`RuleFileError` naming the file, the rule
id (when the problem is inside a rule) and the reason, including where in the rule it is
(``condition.all[1].op``).

File layout (see ``selection.yaml`` for a complete, commented example)::

    id, version, title {nl, en}, description
    inputs:   NAME: {type, label {nl, en}, values?, past?, description?}
    lists:    NAME: [values...]                # named constants conditions refer to
    routes:   [most cautious first]
    verdicts: {when_excluded, when_routed, otherwise: {verdict, reason, statement {nl, en}}}
    rules:    - {id, kind, statement {nl, en}, condition, source, route?, selects?}

A statement may name a list in braces (``{replace_nationalities}``): it is filled in with the
list's values, so the text staff read can never disagree with the list the rule applies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from hearing.countries import is_nationality
from hearing.eligibility.conditions import (
    LIST_OPERATORS,
    OPERATORS,
    AllOf,
    AnyOf,
    Condition,
    Leaf,
    Not,
)
from hearing.eligibility.inputs import LANGS, TYPES, Input
from hearing.eligibility.ruleset import EXCLUDE, ROUTE, Otherwise, Rule, RuleSet

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")

# Which operators make sense for which input type (age_of is handled separately).
OPS_BY_TYPE: dict[str, frozenset[str]] = {
    "bool": frozenset({"eq", "ne"}),
    "enum": frozenset({"eq", "ne", "in", "not_in"}),
    "country": frozenset({"eq", "ne", "in", "not_in"}),
    "date": frozenset({"eq", "ne", "lt", "le", "gt", "ge"}),
    "set": frozenset({"contains_any"}),
}
AGE_OPS = frozenset({"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"})

TOP_KEYS = {"id", "version", "title", "description", "inputs", "lists", "routes", "verdicts",
            "rules"}
RULE_KEYS = {"id", "kind", "statement", "condition", "source", "route", "selects"}
INPUT_KEYS = {"type", "label", "values", "past", "description"}


class RuleFileError(ValueError):
    """A rule set file that cannot be used, with where and why."""

    def __init__(self, file: str, rule_id: str | None, reason: str) -> None:
        self.file = file
        self.rule_id = rule_id
        self.reason = reason
        where = f"{file}: rule {rule_id}" if rule_id else file
        super().__init__(f"{where}: {reason}")


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML with two traps removed.

    YAML 1.1 reads ``yes``, ``no``, ``on``, ``off`` (and Norway's ``NO``) as booleans; in rule
    files these are values of enums (``lawyer_consent: no``), so only ``true``/``false`` are
    booleans here. And a repeated key would silently replace the first one: refused.
    """


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _mapping_no_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                              _mapping_no_duplicates)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def content_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 of the parsed rule set as canonical JSON.

    Of the content, not the bytes: comments, layout and line endings do not change it; any
    change to what a rule says or does (a statement, a list, a condition) does.
    """
    text = json.dumps(_canonical(document), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Reader:
    """Validates one parsed document; every check raises RuleFileError with its place."""

    def __init__(self, file: str, document: Any) -> None:
        self.file = file
        self.doc = document
        self.rule_id: str | None = None
        self.inputs: dict[str, Input] = {}
        self.lists: dict[str, tuple[Any, ...]] = {}

    def fail(self, reason: str) -> RuleFileError:
        return RuleFileError(self.file, self.rule_id, reason)

    # -- small checks ------------------------------------------------------------------------

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"{where} must be a mapping")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where} must be a non-empty text (quote numbers and yes/no)")
        return value

    def bilingual(self, value: Any, where: str) -> dict[str, str]:
        found = self.mapping(value, where)
        missing = [lang for lang in LANGS if lang not in found]
        if missing:
            raise self.fail(f"{where} needs a text in {', '.join(missing)}")
        extra = sorted(set(found) - set(LANGS))
        if extra:
            raise self.fail(f"{where} has unknown language(s) {', '.join(map(str, extra))}")
        return {lang: self.text(found[lang], f"{where}.{lang}") for lang in LANGS}

    def keys(self, found: Mapping[str, Any], allowed: set[str], required: set[str],
             where: str) -> None:
        missing = sorted(required - set(found))
        if missing:
            raise self.fail(f"{where}missing {', '.join(missing)}")
        unknown = sorted(str(k) for k in set(found) - allowed)
        if unknown:
            raise self.fail(f"{where}unknown key(s) {', '.join(unknown)}")

    # -- the parts ---------------------------------------------------------------------------

    def read(self) -> RuleSet:
        doc = self.mapping(self.doc, "the file")
        self.keys(doc, TOP_KEYS, TOP_KEYS - {"description", "lists"}, "")
        ruleset_id = self.text(doc["id"], "id")
        if not NAME.match(ruleset_id):
            raise self.fail(f"id {ruleset_id!r} must be lower-case letters, digits, _")
        version = self.text(doc["version"], "version")
        title = self.bilingual(doc["title"], "title")
        description = doc.get("description") or ""
        if not isinstance(description, str):
            raise self.fail("description must be a text")
        self.read_inputs(doc["inputs"])
        self.read_lists(doc.get("lists") or {})
        routes = self.read_routes(doc["routes"])
        when_excluded, when_routed, otherwise = self.read_verdicts(doc["verdicts"])
        rules = self.read_rules(doc["rules"], routes)
        if otherwise.reason in {rule.id for rule in rules}:
            raise self.fail(f"verdicts.otherwise.reason {otherwise.reason!r} is also a rule id")
        return RuleSet(
            id=ruleset_id, version=version, title=title, description=description.strip(),
            inputs=self.inputs, lists=self.lists, rules=rules, routes=routes,
            when_excluded=when_excluded, when_routed=when_routed, otherwise=otherwise,
            sha256=content_hash(doc), file=self.file,
        )

    def read_inputs(self, raw: Any) -> None:
        found = self.mapping(raw, "inputs")
        if not found:
            raise self.fail("inputs must declare at least one input")
        for name, spec_raw in found.items():
            where = f"inputs.{name}"
            if not isinstance(name, str) or not NAME.match(name):
                raise self.fail(f"{where}: input names are lower-case letters, digits, _")
            spec = self.mapping(spec_raw, where)
            self.keys(spec, INPUT_KEYS, {"type", "label"}, f"{where}: ")
            kind = spec["type"]
            if kind not in TYPES:
                raise self.fail(f"{where}.type {kind!r} is not one of {', '.join(TYPES)}")
            values: tuple[str, ...] = ()
            if kind in ("enum", "set"):
                raw_values = spec.get("values")
                if not isinstance(raw_values, list) or not raw_values:
                    raise self.fail(f"{where}.values: an {kind} needs a list of values")
                values = tuple(self.text(v, f"{where}.values") for v in raw_values)
                if len(set(values)) != len(values):
                    raise self.fail(f"{where}.values has a value twice")
            elif "values" in spec:
                raise self.fail(f"{where}.values only applies to enum and set inputs")
            past = spec.get("past", False)
            if not isinstance(past, bool) or (past and kind != "date"):
                raise self.fail(f"{where}.past must be true or false, on a date input only")
            self.inputs[name] = Input(
                name=name, type=kind, label=self.bilingual(spec["label"], f"{where}.label"),
                values=values, past=past, description=str(spec.get("description") or ""),
            )

    def read_lists(self, raw: Any) -> None:
        for name, values in self.mapping(raw, "lists").items():
            if not isinstance(name, str) or not NAME.match(name):
                raise self.fail(f"lists.{name}: list names are lower-case letters, digits, _")
            if not isinstance(values, list) or not values:
                raise self.fail(f"lists.{name} must be a non-empty list")
            if any(isinstance(v, (list, dict)) for v in values):
                raise self.fail(f"lists.{name} may hold plain values only")
            self.lists[name] = tuple(values)

    def read_routes(self, raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("routes must be a non-empty list, most cautious first")
        routes = tuple(self.text(r, "routes") for r in raw)
        if len(set(routes)) != len(routes):
            raise self.fail("routes has a route twice")
        return routes

    def read_verdicts(self, raw: Any) -> tuple[str, str, Otherwise]:
        found = self.mapping(raw, "verdicts")
        self.keys(found, {"when_excluded", "when_routed", "otherwise"},
                  {"when_excluded", "when_routed", "otherwise"}, "verdicts: ")
        other = self.mapping(found["otherwise"], "verdicts.otherwise")
        self.keys(other, {"verdict", "reason", "statement"}, {"verdict", "reason", "statement"},
                  "verdicts.otherwise: ")
        return (
            self.text(found["when_excluded"], "verdicts.when_excluded"),
            self.text(found["when_routed"], "verdicts.when_routed"),
            Otherwise(
                verdict=self.text(other["verdict"], "verdicts.otherwise.verdict"),
                reason=self.text(other["reason"], "verdicts.otherwise.reason"),
                statement=self.fill(self.bilingual(other["statement"],
                                                   "verdicts.otherwise.statement")),
            ),
        )

    def fill(self, statement: dict[str, str]) -> dict[str, str]:
        def one(text: str) -> str:
            def sub(match: re.Match[str]) -> str:
                name = match[1]
                if name not in self.lists:
                    raise self.fail(f"statement names {{{name}}}, which is not a list")
                return ", ".join(str(v) for v in self.lists[name])

            return PLACEHOLDER.sub(sub, text)

        return {lang: one(text) for lang, text in statement.items()}

    def read_rules(self, raw: Any, routes: tuple[str, ...]) -> tuple[Rule, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("rules must be a non-empty list")
        rules: list[Rule] = []
        seen: set[str] = set()
        for index, rule_raw in enumerate(raw):
            self.rule_id = None
            found = self.mapping(rule_raw, f"rules[{index}]")
            rule_id = found.get("id")
            if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
                raise self.fail(f"rules[{index}].id must be lower-case letters, digits, -")
            self.rule_id = rule_id
            if rule_id in seen:
                raise self.fail("this rule id is used twice")
            seen.add(rule_id)
            self.keys(found, RULE_KEYS, {"id", "kind", "statement", "condition", "source"}, "")
            kind = found["kind"]
            if kind not in (EXCLUDE, ROUTE):
                raise self.fail(f"kind {kind!r} must be {EXCLUDE} or {ROUTE}")
            route: str | None = None
            selects = False
            if kind == ROUTE:
                route = found.get("route")
                if route not in routes:
                    raise self.fail(f"route {route!r} is not one of routes: {', '.join(routes)}")
                selects = found.get("selects", False)
                if not isinstance(selects, bool):
                    raise self.fail("selects must be true or false")
            elif "route" in found or "selects" in found:
                raise self.fail("route and selects belong to route rules only")
            rules.append(Rule(
                id=rule_id, kind=kind,
                statement=self.fill(self.bilingual(found["statement"], "statement")),
                condition=self.condition(found["condition"], "condition"),
                source=self.text(found["source"], "source").strip(),
                route=route, selects=selects,
            ))
        self.rule_id = None
        return tuple(rules)

    # -- conditions --------------------------------------------------------------------------

    def condition(self, raw: Any, where: str) -> Condition:
        found = self.mapping(raw, where)
        combinators = [k for k in ("all", "any", "not") if k in found]
        if combinators:
            if len(found) != 1:
                raise self.fail(f"{where}: {combinators[0]} stands alone in its mapping")
            key = combinators[0]
            if key == "not":
                return Not(self.condition(found["not"], f"{where}.not"))
            parts = found[key]
            if not isinstance(parts, list) or not parts:
                raise self.fail(f"{where}.{key} must be a non-empty list of conditions")
            children = [self.condition(p, f"{where}.{key}[{i}]") for i, p in enumerate(parts)]
            return AllOf(children) if key == "all" else AnyOf(children)
        age = "age_of" in found
        subject_key = "age_of" if age else "field"
        if ("field" in found) == age:
            raise self.fail(f"{where}: needs exactly one of field, age_of, all, any, not")
        self.keys(found, {subject_key, "op", "value", "list"}, {subject_key, "op"}, f"{where}: ")
        name = found[subject_key]
        spec = self.inputs.get(name) if isinstance(name, str) else None
        if spec is None:
            raise self.fail(f"{where}.{subject_key}: {name!r} is not a declared input")
        op = found["op"]
        if op not in OPERATORS:
            raise self.fail(f"{where}.op: unknown operator {op!r}; known: {', '.join(OPERATORS)}")
        if age and spec.type != "date":
            raise self.fail(f"{where}.age_of: {name!r} is a {spec.type}, not a date")
        allowed = AGE_OPS if age else OPS_BY_TYPE[spec.type]
        if op not in allowed:
            kind = "an age" if age else f"a {spec.type} input"
            raise self.fail(f"{where}.op: {op!r} does not apply to {kind}; use "
                            f"{', '.join(sorted(allowed))}")
        if ("value" in found) == ("list" in found):
            raise self.fail(f"{where}: needs exactly one of value, list")
        list_name: str | None = None
        if op in LIST_OPERATORS:
            if "list" in found:
                list_name = found["list"]
                if list_name not in self.lists:
                    raise self.fail(f"{where}.list: {list_name!r} is not in lists")
                values: Any = list(self.lists[list_name])
            else:
                values = found["value"]
                if not isinstance(values, list) or not values:
                    raise self.fail(f"{where}.value: {op} needs a non-empty list")
            for item in values:
                self.constant(spec, item, age, f"{where}.{'list' if list_name else 'value'}")
        else:
            if "list" in found:
                raise self.fail(f"{where}: {op} compares with one value, not a list")
            values = self.constant(spec, found["value"], age, f"{where}.value")
        return Leaf(spec, op, values, list_name=list_name, age=age)

    def constant(self, spec: Input, value: Any, age: bool, where: str) -> Any:
        """Check one constant against the input's type; the same check facts get."""
        if age:
            if type(value) is not int or value < 0:
                raise self.fail(f"{where}: an age is a whole number of years, got {value!r}")
            return value
        kind = spec.type
        if kind == "bool" and not isinstance(value, bool):
            raise self.fail(f"{where}: {spec.name} is yes/no; write true or false, "
                            f"got {value!r}")
        if kind in ("enum", "set") and value not in spec.values:
            raise self.fail(f"{where}: {value!r} is not a value of {spec.name} "
                            f"({', '.join(spec.values)})")
        if kind == "country" and not (isinstance(value, str) and is_nationality(value)):
            raise self.fail(f"{where}: {value!r} is not an ISO 3166-1 alpha-3 code "
                            "(XXA for stateless)")
        if kind == "date" and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise self.fail(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return value


def parse_ruleset(text: str | bytes, file: str = "<text>") -> RuleSet:
    """A rule set from YAML (or JSON, which is YAML) text; ``file`` names it in errors."""
    try:
        document = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(file, None, f"not valid YAML{where}: {problem}") from None
    return _Reader(file, document).read()


def load_ruleset(path: str | Path) -> RuleSet:
    """Load and validate a rule set file; raises :class:`RuleFileError` if it is unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(str(path), None, f"cannot be read ({exc.strerror})") from None
    return parse_ruleset(data, str(path))
