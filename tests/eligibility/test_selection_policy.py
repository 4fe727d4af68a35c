"""The shipped `selection` rule set implements the default policy of issue 6, exactly."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from hearing.eligibility import FactsError, shipped
from tests.eligibility.policy import ON, base_facts, born_aged, expected

EXCLUSIONS = [
    ("nv-signal", {"nv_signal": True}),
    ("1f-signal", {"f1_signal": True}),
    ("dublin", {"dublin_claim": True}),
    ("safe-country", {"safe_country_or_eu_protection": True}),
    ("subsequent", {"subsequent_application": True}),
    ("heard-already", {"further_hearing_held": True}),
    ("unaccompanied-minor", {"unaccompanied_minor": True}),
    ("child-under-15", {"date_of_birth": born_aged(14)}),
    ("no-consent", {"lawyer_consent": "no"}),
    ("illiterate", {"literate_in_supported_language": False}),
    ("medical-unfit", {"medical_unfit": True}),
]


def run(**changes: Any):  # type: ignore[no-untyped-def]
    return shipped("selection").evaluate(base_facts(**changes), ON)


def test_the_rules_are_in_the_order_of_the_policy() -> None:
    ids = [rule.id for rule in shipped("selection").rules]
    assert ids == [rule for rule, _ in EXCLUSIONS] + [
        "replace-nationality", "prepare-nationality", "complex-grounds", "minor-15-17"]
    kinds = {rule.id: rule.kind for rule in shipped("selection").rules}
    assert {kinds[rule] for rule, _ in EXCLUSIONS} == {"exclude"}


@pytest.mark.parametrize(("rule", "changes"), EXCLUSIONS, ids=[r for r, _ in EXCLUSIONS])
def test_each_exclusion_alone(rule: str, changes: dict[str, Any]) -> None:
    result = run(**changes)
    assert (result.verdict, result.route, result.reasons) == ("excluded", None, (rule,))
    assert result.result(rule).fired
    assert [r.rule.id for r in result.results if r.fired and r.rule.kind == "exclude"] == [rule]


def test_every_exclusion_at_once_is_reported_in_policy_order() -> None:
    changes: dict[str, Any] = {}
    for _, change in reversed(EXCLUSIONS):  # the order facts are given in does not matter
        changes.update(change)
    result = run(**changes)
    assert result.verdict == "excluded" and result.route is None
    assert result.reasons == tuple(rule for rule, _ in EXCLUSIONS)


def test_exclusion_beats_a_route_and_an_unlisted_nationality() -> None:
    result = run(nv_signal=True, dublin_claim=True, complex_grounds=frozenset({"lgbti"}))
    assert (result.verdict, result.route, result.reasons) == (
        "excluded", None, ("nv-signal", "dublin"))
    assert run(nationality="NLD", dublin_claim=True).verdict == "excluded"


def test_pending_consent_does_not_exclude() -> None:
    result = run(lawyer_consent="pending")
    assert (result.verdict, result.route) == ("eligible", "replace")
    assert not result.result("no-consent").fired


@pytest.mark.parametrize("nationality", ["SYR", "YEM", "TUR", "XXA"])
def test_replace_nationalities(nationality: str) -> None:
    result = run(nationality=nationality)
    assert (result.verdict, result.route, result.reasons) == (
        "eligible", "replace", ("replace-nationality",))


@pytest.mark.parametrize("nationality", ["IRN", "ERI", "IRQ", "AFG"])
def test_prepare_nationalities(nationality: str) -> None:
    result = run(nationality=nationality)
    assert (result.verdict, result.route, result.reasons) == (
        "eligible", "prepare", ("prepare-nationality",))


@pytest.mark.parametrize("nationality", ["NLD", "SDN", "ETH", "XXB", "SOM"])
def test_other_nationalities_are_not_selected(nationality: str) -> None:
    result = run(nationality=nationality, complex_grounds=frozenset({"conversion"}),
                 date_of_birth=born_aged(16))
    assert (result.verdict, result.route, result.reasons) == (
        "not_selected", None, ("nationality-not-listed",))
    # The route rules that fired are still in the results, with their reasons.
    assert result.result("complex-grounds").fired and result.result("minor-15-17").fired


@pytest.mark.parametrize("ground", ["conversion", "lgbti", "gender_violence", "trafficking"])
def test_a_complex_ground_turns_replace_into_prepare(ground: str) -> None:
    result = run(complex_grounds=frozenset({ground}))
    assert (result.verdict, result.route, result.reasons) == (
        "eligible", "prepare", ("replace-nationality", "complex-grounds"))


def test_every_route_rule_that_fired_is_a_reason_in_order() -> None:
    result = run(nationality="IRN", complex_grounds=frozenset({"lgbti", "trafficking"}),
                 date_of_birth=born_aged(16))
    assert (result.verdict, result.route, result.reasons) == (
        "eligible", "prepare", ("prepare-nationality", "complex-grounds", "minor-15-17"))


@pytest.mark.parametrize(("born", "verdict", "route", "reasons"), [
    # 14 until the day before the 15th birthday: excluded.
    (born_aged(15, days_after=1), "excluded", None, ("child-under-15",)),
    (born_aged(14), "excluded", None, ("child-under-15",)),
    # 15 on the birthday itself, 16, and 17 up to the day before the 18th birthday: prepare.
    (born_aged(15), "eligible", "prepare", ("replace-nationality", "minor-15-17")),
    (born_aged(16), "eligible", "prepare", ("replace-nationality", "minor-15-17")),
    (born_aged(18, days_after=1), "eligible", "prepare", ("replace-nationality", "minor-15-17")),
    (born_aged(17), "eligible", "prepare", ("replace-nationality", "minor-15-17")),
    # 18 on the birthday: an adult, replace.
    (born_aged(18), "eligible", "replace", ("replace-nationality",)),
], ids=["14-day-before-15", "14", "15-on-birthday", "16", "17-day-before-18", "17",
        "18-on-birthday"])
def test_age_boundaries_on_the_reference_date(
    born: dt.date, verdict: str, route: str | None, reasons: tuple[str, ...]
) -> None:
    result = run(date_of_birth=born)
    assert (result.verdict, result.route, result.reasons) == (verdict, route, reasons)


def test_the_reference_date_decides_the_age() -> None:
    born = dt.date(2011, 6, 15)  # 15 on 2026-06-15, 14 the day before
    rules = shipped("selection")
    assert rules.evaluate(base_facts(date_of_birth=born), dt.date(2026, 6, 14)).verdict \
        == "excluded"
    assert rules.evaluate(base_facts(date_of_birth=born), dt.date(2026, 6, 15)).route \
        == "prepare"


def test_every_rule_has_a_result_with_a_reason_naming_the_actual_value() -> None:
    result = run(nationality="TUR", lawyer_consent="pending")
    assert [r.rule.id for r in result.results] == [r.id for r in shipped("selection").rules]
    for r in result.results:
        assert r.reason("en") and r.reason("nl")
    assert "TUR" in result.result("replace-nationality").reason("en")
    assert "pending" in result.result("no-consent").reason("en")
    assert "36" in result.result("child-under-15").reason("en")  # born 1990, on 2026-06-15
    stored = result.results_json()
    assert stored[0] == {"rule": "nv-signal", "kind": "exclude", "fired": False,
                         "reason": {"nl": result.results[0].reason("nl"),
                                    "en": result.results[0].reason("en")}}


def test_random_cases_agree_with_the_policy_written_by_hand() -> None:
    rng = random.Random(6)
    nationalities = ["SYR", "YEM", "TUR", "XXA", "IRN", "ERI", "IRQ", "AFG", "NLD", "SDN"]
    grounds = ["conversion", "lgbti", "gender_violence", "trafficking"]
    rules = shipped("selection")
    for _ in range(3000):
        facts = base_facts(
            nationality=rng.choice(nationalities),
            date_of_birth=ON - dt.timedelta(days=rng.randint(10 * 365, 20 * 365)),
            lawyer_consent=rng.choice(["yes", "no", "pending"]),
            complex_grounds=frozenset(g for g in grounds if rng.random() < 0.1),
            **{name: rng.random() < 0.05 for name in (
                "unaccompanied_minor", "nv_signal", "f1_signal", "dublin_claim",
                "safe_country_or_eu_protection", "subsequent_application",
                "further_hearing_held", "medical_unfit")},
            literate_in_supported_language=rng.random() > 0.05,
        )
        result = rules.evaluate(facts, ON)
        assert (result.verdict, result.route, result.reasons) == expected(facts), facts


def test_facts_that_do_not_fit_the_inputs_are_refused_by_name() -> None:
    with pytest.raises(FactsError) as caught:
        shipped("selection").evaluate(base_facts(nationality="ZZZ", nv_signal="yes",
                                                 colour="blue"), ON)
    assert set(caught.value.errors) == {"nationality", "nv_signal", "colour"}
    facts = base_facts()
    del facts["medical_unfit"]
    with pytest.raises(FactsError, match="medical_unfit: is missing"):
        shipped("selection").evaluate(facts, ON)
    with pytest.raises(FactsError, match="date_of_birth"):
        shipped("selection").evaluate(base_facts(date_of_birth=dt.date(2030, 1, 1)), ON)
