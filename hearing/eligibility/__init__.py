"""Eligibility rules as versioned data: the rule sets, their loader and the engine.

Two rule sets ship in this folder: ``selection.yaml`` (before the invitation) and
``handoff.yaml`` (before the decision officer). Use :func:`shipped` for those, or
:func:`load_ruleset` for a file elsewhere (a policy maker's draft)::

    rules = shipped("selection")
    result = rules.evaluate(facts, on=dt.date(2026, 3, 1))
    result.verdict, result.route, result.reasons
    for r in result.results: r.rule.id, r.fired, r.reason("nl")

Nothing in a rule file is executed: conditions are parsed into fixed operator nodes
(:mod:`hearing.eligibility.conditions`) and checked against the declared inputs at load time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hearing.eligibility.conditions import age_on
from hearing.eligibility.loader import RuleFileError, content_hash, load_ruleset, parse_ruleset
from hearing.eligibility.ruleset import (
    EXCLUDE,
    ROUTE,
    Evaluation,
    FactsError,
    Rule,
    RuleResult,
    RuleSet,
)

HERE = Path(__file__).resolve().parent
SHIPPED = ("selection", "handoff")


@cache
def shipped(name: str) -> RuleSet:
    """A rule set shipped with the package, loaded once per process."""
    if name not in SHIPPED:
        raise KeyError(f"no shipped rule set {name!r}; shipped: {', '.join(SHIPPED)}")
    return load_ruleset(HERE / f"{name}.yaml")


def resolve(name_or_path: str) -> RuleSet:
    """A shipped rule set by name, or a rule set file by path (for ``hearing screen``)."""
    if name_or_path in SHIPPED:
        return shipped(name_or_path)
    return load_ruleset(name_or_path)


__all__ = [
    "EXCLUDE",
    "ROUTE",
    "SHIPPED",
    "Evaluation",
    "FactsError",
    "Rule",
    "RuleFileError",
    "RuleResult",
    "RuleSet",
    "age_on",
    "content_hash",
    "load_ruleset",
    "parse_ruleset",
    "resolve",
    "shipped",
]
