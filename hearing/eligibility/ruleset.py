"""A loaded rule set and the engine that applies it to one case.

How a verdict is reached (the same fixed combiner for every rule set; what varies is data):

1. Every rule is evaluated, always, so the result lists each rule's outcome and reason.
2. If any ``exclude`` rule fired: the verdict is ``verdicts.when_excluded``, there is no route,
   and the reasons are the fired exclude rules in file order.
3. Otherwise, if a ``route`` rule with ``selects: true`` fired: the verdict is
   ``verdicts.when_routed``; the route is the first of ``routes`` (listed most cautious first)
   named by any fired route rule, so a rule with ``selects: false`` can make a route more
   cautious (replace -> prepare) but never select a case on its own; the reasons are every
   fired route rule in file order.
4. Otherwise: ``verdicts.otherwise.verdict`` with the single reason
   ``verdicts.otherwise.reason``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hearing.eligibility.conditions import Condition
from hearing.eligibility.inputs import Input

EXCLUDE = "exclude"
ROUTE = "route"


class FactsError(ValueError):
    """The facts given to the engine do not fit the rule set's declared inputs."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors.items()))


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # EXCLUDE or ROUTE
    statement: Mapping[str, str]  # nl and en, list placeholders already filled in
    condition: Condition
    source: str
    route: str | None = None  # route rules only
    selects: bool = False  # route rules only: may select a case by itself

    def statement_in(self, lang: str) -> str:
        return self.statement.get(lang) or self.statement["en"]

    def describe(self, lang: str = "en") -> str:
        """The condition in words, generated from the data (shown next to the statement)."""
        return self.condition.describe(lang)


@dataclass(frozen=True)
class Otherwise:
    verdict: str
    reason: str
    statement: Mapping[str, str]


@dataclass(slots=True)
class RuleResult:
    """One rule's outcome for one case. The reason text is made on demand: batch screening
    only needs the verdicts, and formatting two languages for every rule would dominate it.
    Not frozen: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which made building these the largest cost of a batch run."""

    rule: Rule
    fired: bool
    facts: Mapping[str, Any] = field(repr=False)
    on: dt.date = field(repr=False)

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def kind(self) -> str:
        return self.rule.kind

    def reason(self, lang: str = "en") -> str:
        """Why the rule fired or not, stating the case's actual values."""
        return self.rule.condition.explain(self.facts, self.on, lang)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, for ``Screening.results``."""
        return {
            "rule": self.rule.id,
            "kind": self.rule.kind,
            "fired": self.fired,
            "reason": {"nl": self.reason("nl"), "en": self.reason("en")},
        }


@dataclass(frozen=True)
class Evaluation:
    """A verdict with everything that produced it."""

    ruleset: RuleSet = field(repr=False)
    reference_date: dt.date
    facts: Mapping[str, Any] = field(repr=False)
    verdict: str
    route: str | None
    reasons: tuple[str, ...]  # rule ids (or the ``otherwise`` reason), in file order
    results: tuple[RuleResult, ...]  # every rule, in file order

    @property
    def ruleset_id(self) -> str:
        return self.ruleset.id

    @property
    def ruleset_version(self) -> str:
        return self.ruleset.version

    @property
    def ruleset_hash(self) -> str:
        return self.ruleset.sha256

    def result(self, rule_id: str) -> RuleResult:
        for result in self.results:
            if result.rule.id == rule_id:
                return result
        raise KeyError(rule_id)

    @property
    def fired(self) -> tuple[str, ...]:
        return tuple(r.rule.id for r in self.results if r.fired)

    def reason_statements(self, lang: str = "en") -> list[str]:
        """The reasons as their plain-language statements."""
        return [self.ruleset.reason_statement(reason, lang) for reason in self.reasons]

    def results_json(self) -> list[dict[str, object]]:
        return [result.as_dict() for result in self.results]

    def screening_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``hearing.models.Screening`` (add case and screener)."""
        return {
            "ruleset_id": self.ruleset.id,
            "ruleset_version": self.ruleset.version,
            "ruleset_hash": self.ruleset.sha256,
            "reference_date": self.reference_date,
            "verdict": self.verdict,
            "route": self.route,
            "results": self.results_json(),
        }


@dataclass(frozen=True)
class RuleSet:
    """A validated rule set. Build it with ``hearing.eligibility.load_ruleset``."""

    id: str
    version: str
    title: Mapping[str, str]
    description: str
    inputs: Mapping[str, Input]  # in file order; the CSV columns after case_id
    lists: Mapping[str, tuple[Any, ...]]
    rules: tuple[Rule, ...]
    routes: tuple[str, ...]  # most cautious first
    when_excluded: str
    when_routed: str
    otherwise: Otherwise
    sha256: str  # of the file's bytes: `sha256sum selection.yaml` gives the same
    file: str  # where it was loaded from, for messages

    @property
    def verdicts(self) -> tuple[str, ...]:
        """Every verdict this rule set can give, without repeats."""
        return tuple(dict.fromkeys((self.when_excluded, self.when_routed, self.otherwise.verdict)))

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def reason_statement(self, reason: str, lang: str = "en") -> str:
        if reason == self.otherwise.reason:
            return self.otherwise.statement.get(lang) or self.otherwise.statement["en"]
        return self.rule(reason).statement_in(lang)

    # -- facts ---------------------------------------------------------------------------------

    def check_facts(self, facts: Mapping[str, Any], on: dt.date) -> dict[str, Any]:
        """Return the facts in canonical form, or raise ``FactsError`` naming each bad one."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        for name, spec in self.inputs.items():
            if name not in facts:
                errors[name] = "is missing"
                continue
            try:
                clean[name] = spec.check(facts[name], on)
            except ValueError as exc:
                errors[name] = str(exc)
        for name in facts:
            if name not in self.inputs:
                # A misspelt fact would otherwise be ignored while the real one is "missing";
                # naming it separately tells the caller which key to fix.
                errors[name] = "is not an input of this rule set"
        if errors:
            raise FactsError(errors)
        return clean

    def parse_facts(
        self, raw: Mapping[str, str | None], on: dt.date
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """Parse text (a CSV row, a what-if form) into facts.

        Returns the facts that parsed and a message for each input that did not, in input
        order; keys of ``raw`` that are not inputs are ignored (a CSV row has ``case_id``).
        """
        facts: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, spec in self.inputs.items():
            try:
                facts[name] = spec.parse(raw.get(name), on)
            except ValueError as exc:
                errors[name] = str(exc)
        return facts, errors

    # -- the engine ----------------------------------------------------------------------------

    def evaluate(
        self, facts: Mapping[str, Any], on: dt.date | None = None, *, checked: bool = False
    ) -> Evaluation:
        """Apply the rule set to one case's facts on reference date ``on`` (default today).

        ``checked=True`` skips the fact check for facts that came from ``parse_facts`` or
        ``check_facts`` already.
        """
        on = on or dt.date.today()
        if not checked:
            facts = self.check_facts(facts, on)
        results = tuple(RuleResult(rule, rule.condition.test(facts, on), facts, on)
                        for rule in self.rules)
        excluded = tuple(r.rule.id for r in results if r.fired and r.rule.kind == EXCLUDE)
        if excluded:
            return Evaluation(self, on, facts, self.when_excluded, None, excluded, results)
        routed = [r.rule for r in results if r.fired and r.rule.kind == ROUTE]
        if any(rule.selects for rule in routed):
            named = {rule.route for rule in routed}
            route = next(r for r in self.routes if r in named)
            reasons = tuple(rule.id for rule in routed)
            return Evaluation(self, on, facts, self.when_routed, route, reasons, results)
        return Evaluation(
            self, on, facts, self.otherwise.verdict, None, (self.otherwise.reason,), results
        )
