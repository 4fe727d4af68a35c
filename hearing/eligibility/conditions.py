"""Conditions: the small declarative language rules are written in.

A condition is one of::

    {field: NAME, op: OP, value: V}        compare a fact with a constant
    {field: NAME, op: OP, list: LIST}      ... with a named list from the rule set's ``lists``
    {age_of: NAME, op: OP, value: N}       the age in whole years on the reference date of a
                                           date fact, compared with a number
    {all: [C, ...]}   {any: [C, ...]}   {not: C}

Operators: ``eq``, ``ne`` (equality); ``in``, ``not_in`` (membership in a list); ``lt``,
``le``, ``gt``, ``ge`` (comparisons of dates and ages); ``contains_any`` (a set fact shares at
least one value with the list). Nothing is evaluated as code: a condition is parsed once into
these node objects, each of which applies one fixed Python operator.

Every node can *explain* itself for one case (why it holds or not, stating the actual value) and
*describe* itself without a case (for the rules page), in Dutch and English.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from typing import Any

from hearing.eligibility.inputs import Input

Facts = Mapping[str, Any]

OPERATORS = ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "contains_any")
LIST_OPERATORS = frozenset({"in", "not_in", "contains_any"})
ORDER_OPERATORS = frozenset({"lt", "le", "gt", "ge"})


def _member(a: Any, b: frozenset[Any]) -> bool:
    return a in b


def _not_member(a: Any, b: frozenset[Any]) -> bool:
    return a not in b


def _shares(a: frozenset[Any], b: frozenset[Any]) -> bool:
    return not a.isdisjoint(b)


_APPLY: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": _member,
    "not_in": _not_member,
    "contains_any": _shares,
}


def age_on(born: dt.date, on: dt.date) -> int:
    """Age in whole years on ``on``: the count goes up on the birthday itself.

    Someone born on 29 February becomes a year older on 1 March in a common year (the
    birthday has not been reached on 28 February); this is the convention chosen here.
    """
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# -- phrases --------------------------------------------------------------------------------
# A small fixed table rather than gettext: the rule statements themselves are bilingual data in
# the rule file, and the engine must work without an application or request context.

_T: dict[str, dict[str, str]] = {
    "en": {
        "is": "{s} is {a}",
        "is_not": "{s} is {a}, not {e}",
        "in": "{s} is {a}, which is in {l}",
        "not_in": "{s} is {a}, which is not in {l}",
        "shares": "{s} is {a}, which includes {m} from {l}",
        "shares_not": "{s} is {a}, which includes nothing from {l}",
        "age": "age on {on} ({label} {born})",
        "age_any": "age on the reference date (from {label})",
        "and": " and ",
        "or": " or ",
        "not": "not ({c})",
        "d_eq": "{s} is {e}",
        "d_ne": "{s} is not {e}",
        "d_in": "{s} is in {l}",
        "d_not_in": "{s} is not in {l}",
        "d_contains_any": "{s} includes any of {l}",
        "lt": "before", "le": "on or before", "gt": "after", "ge": "on or after",
        "n_lt": "below", "n_le": "at most", "n_gt": "above", "n_ge": "at least",
    },
    "nl": {
        "is": "{s} is {a}",
        "is_not": "{s} is {a}, niet {e}",
        "in": "{s} is {a}; dat staat in {l}",
        "not_in": "{s} is {a}; dat staat niet in {l}",
        "shares": "{s} is {a}; daarin staat {m} uit {l}",
        "shares_not": "{s} is {a}; daarin staat niets uit {l}",
        "age": "leeftijd op {on} ({label} {born})",
        "age_any": "leeftijd op de peildatum (uit {label})",
        "and": " en ",
        "or": " of ",
        "not": "niet ({c})",
        "d_eq": "{s} is {e}",
        "d_ne": "{s} is niet {e}",
        "d_in": "{s} staat in {l}",
        "d_not_in": "{s} staat niet in {l}",
        "d_contains_any": "{s} bevat iets uit {l}",
        "lt": "vóór", "le": "op of vóór", "gt": "na", "ge": "op of na",
        "n_lt": "lager dan", "n_le": "ten hoogste", "n_gt": "hoger dan", "n_ge": "ten minste",
    },
}
# The phrase that is true when an order comparison does NOT hold: not (a < e) is a >= e.
_OPPOSITE = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}


def _phrases(lang: str) -> dict[str, str]:
    return _T.get(lang, _T["en"])


class Condition:
    """Base of the condition nodes."""

    def test(self, facts: Facts, on: dt.date) -> bool:
        raise NotImplementedError

    def explain(self, facts: Facts, on: dt.date, lang: str = "en") -> str:
        """Why the condition holds or not for these facts, as a factual sentence."""
        raise NotImplementedError

    def describe(self, lang: str = "en") -> str:
        """The condition in words, without facts (for the rules page)."""
        raise NotImplementedError

    def fields(self) -> set[str]:
        raise NotImplementedError


class Leaf(Condition):
    """One comparison of a fact (or the age derived from a date fact) with a constant."""

    __slots__ = ("input", "op", "value", "list_name", "age", "_shown", "test")

    def __init__(
        self,
        input: Input,  # noqa: A002 - the declared input this leaf reads
        op: str,
        value: Any,
        *,
        list_name: str | None = None,
        age: bool = False,
    ) -> None:
        self.input = input
        self.op = op
        self.age = age
        self.list_name = list_name
        if op in LIST_OPERATORS:
            self._shown: tuple[Any, ...] = tuple(value)  # file order, for reading
            self.value: Any = frozenset(value)  # for the test
        else:
            self._shown = (value,)
            self.value = value
        # The test is a closure built once, so evaluating 15,000 cases does no dispatch on op.
        apply = _APPLY[op]
        name = input.name
        constant = self.value
        if age:
            def test(facts: Facts, on: dt.date) -> bool:
                return apply(age_on(facts[name], on), constant)
        else:
            def test(facts: Facts, on: dt.date) -> bool:
                return apply(facts[name], constant)
        self.test = test  # type: ignore[method-assign]

    def fields(self) -> set[str]:
        return {self.input.name}

    # -- words ---------------------------------------------------------------------------------

    def _fmt(self, value: Any, lang: str) -> str:
        return str(value) if self.age else self.input.format(value, lang)

    def _list(self, lang: str) -> str:
        # List items are codes, enum values or ages: shown as written in the rule file.
        items = ", ".join(str(v) for v in self._shown)
        return f"{self.list_name} [{items}]" if self.list_name else f"[{items}]"

    def _subject(self, lang: str, facts: Facts | None = None, on: dt.date | None = None) -> str:
        t = _phrases(lang)
        label = self.input.label_in(lang)
        if not self.age:
            return label
        if facts is None or on is None:
            return t["age_any"].format(label=label)
        return t["age"].format(on=on.isoformat(), label=label, born=facts[self.input.name])

    def _order_word(self, op: str, lang: str) -> str:
        t = _phrases(lang)
        numeric = self.age or not isinstance(self.value, dt.date)
        return t[("n_" if numeric else "") + op]

    def explain(self, facts: Facts, on: dt.date, lang: str = "en") -> str:
        t = _phrases(lang)
        subject = self._subject(lang, facts, on)
        actual_value = age_on(facts[self.input.name], on) if self.age else facts[self.input.name]
        actual = self._fmt(actual_value, lang)
        holds = _APPLY[self.op](actual_value, self.value)
        op = self.op
        if op in ("eq", "ne"):
            equal = actual_value == self.value
            if equal:
                return t["is"].format(s=subject, a=actual)
            return t["is_not"].format(s=subject, a=actual, e=self._fmt(self.value, lang))
        if op in ("in", "not_in"):
            inside = actual_value in self.value
            return t["in" if inside else "not_in"].format(s=subject, a=actual, l=self._list(lang))
        if op == "contains_any":
            shared = [v for v in self._shown if v in actual_value]
            if shared:
                return t["shares"].format(
                    s=subject, a=actual, m=", ".join(shared), l=self._list(lang)
                )
            return t["shares_not"].format(s=subject, a=actual, l=self._list(lang))
        # An order comparison: say which side of the constant the actual value lies on.
        word = self._order_word(op if holds else _OPPOSITE[op], lang)
        return f"{t['is'].format(s=subject, a=actual)}, {word} {self._fmt(self.value, lang)}"

    def describe(self, lang: str = "en") -> str:
        t = _phrases(lang)
        subject = self._subject(lang)
        if self.op in ORDER_OPERATORS:
            word = self._order_word(self.op, lang)
            return t["d_eq"].format(s=subject, e=f"{word} {self._fmt(self.value, lang)}")
        if self.op in LIST_OPERATORS:
            return t["d_" + self.op].format(s=subject, l=self._list(lang))
        return t["d_" + self.op].format(s=subject, e=self._fmt(self.value, lang))


class AllOf(Condition):
    __slots__ = ("children",)

    def __init__(self, children: list[Condition]) -> None:
        self.children = tuple(children)

    def test(self, facts: Facts, on: dt.date) -> bool:
        return all(child.test(facts, on) for child in self.children)

    def fields(self) -> set[str]:
        return set().union(*(child.fields() for child in self.children))

    def explain(self, facts: Facts, on: dt.date, lang: str = "en") -> str:
        # When it holds, every part is the reason; when not, only the parts that failed are.
        failed = [c for c in self.children if not c.test(facts, on)]
        parts = failed or list(self.children)
        return _join([_nested(c, c.explain(facts, on, lang)) for c in parts], "and", lang)

    def describe(self, lang: str = "en") -> str:
        return _join([_nested(c, c.describe(lang)) for c in self.children], "and", lang)


class AnyOf(Condition):
    __slots__ = ("children",)

    def __init__(self, children: list[Condition]) -> None:
        self.children = tuple(children)

    def test(self, facts: Facts, on: dt.date) -> bool:
        return any(child.test(facts, on) for child in self.children)

    def fields(self) -> set[str]:
        return set().union(*(child.fields() for child in self.children))

    def explain(self, facts: Facts, on: dt.date, lang: str = "en") -> str:
        # When it holds, the parts that hold are the reason; when not, every part is.
        held = [c for c in self.children if c.test(facts, on)]
        parts = held or list(self.children)
        return _join([_nested(c, c.explain(facts, on, lang)) for c in parts], "and", lang)

    def describe(self, lang: str = "en") -> str:
        return _join([_nested(c, c.describe(lang)) for c in self.children], "or", lang)


class Not(Condition):
    __slots__ = ("child",)

    def __init__(self, child: Condition) -> None:
        self.child = child

    def test(self, facts: Facts, on: dt.date) -> bool:
        return not self.child.test(facts, on)

    def fields(self) -> set[str]:
        return self.child.fields()

    def explain(self, facts: Facts, on: dt.date, lang: str = "en") -> str:
        # Explanations state facts ("X is yes"), which stay true under negation.
        return self.child.explain(facts, on, lang)

    def describe(self, lang: str = "en") -> str:
        return _phrases(lang)["not"].format(c=self.child.describe(lang))


def _nested(condition: Condition, text: str) -> str:
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text


def _join(parts: list[str], word: str, lang: str) -> str:
    return _phrases(lang)[word].join(parts)
