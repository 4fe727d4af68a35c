"""Screening benchmark: the data-driven `selection` rule set vs the same policy written by hand.

Run: ``python benchmarks/bench_screening.py [N]`` (default 100,000 synthetic cases). Prints
cases per second for: the engine on typed facts (every rule evaluated, every result kept),
the whole CSV path of ``hearing screen`` (parsing, checking, writing), and a hand-written
Python function of the same policy (the baseline), with the ratios, all measured in the same
run. The issue's aim: the backlog of 15,348 cases in well under a second of evaluation; the
line "backlog" says how long that takes here. No timed assertions anywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hearing.eligibility import shipped  # noqa: E402
from hearing.eligibility.batch import expected_columns, screen_csv  # noqa: E402

ON = dt.date(2026, 6, 15)
BACKLOG = 15_348
NATIONALITIES = ["SYR", "YEM", "TUR", "XXA", "IRN", "ERI", "IRQ", "AFG", "SDN", "SOM", "NLD"]
GROUNDS = ["conversion", "lgbti", "gender_violence", "trafficking"]
FLAGS = ("unaccompanied_minor", "nv_signal", "f1_signal", "dublin_claim",
         "safe_country_or_eu_protection", "subsequent_application", "further_hearing_held",
         "medical_unfit")
REPLACE = frozenset({"SYR", "YEM", "TUR", "XXA"})
PREPARE = frozenset({"IRN", "ERI", "IRQ", "AFG"})


def synthetic(n: int, seed: int = 6) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        facts: dict[str, Any] = {
            "nationality": rng.choice(NATIONALITIES),
            "date_of_birth": ON - dt.timedelta(days=rng.randint(12 * 365, 60 * 365)),
            "lawyer_consent": rng.choice(["yes", "yes", "pending", "no"]),
            "literate_in_supported_language": rng.random() > 0.05,
            "complex_grounds": frozenset(g for g in GROUNDS if rng.random() < 0.05),
        }
        for flag in FLAGS:
            facts[flag] = rng.random() < 0.03
        cases.append(facts)
    return cases


def by_hand(f: dict[str, Any], on: dt.date) -> tuple[str, str | None, tuple[str, ...]]:
    """The default policy of issue 6 as straight Python: the baseline."""
    born = f["date_of_birth"]
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    excluded = []
    if f["nv_signal"]:
        excluded.append("nv-signal")
    if f["f1_signal"]:
        excluded.append("1f-signal")
    if f["dublin_claim"]:
        excluded.append("dublin")
    if f["safe_country_or_eu_protection"]:
        excluded.append("safe-country")
    if f["subsequent_application"]:
        excluded.append("subsequent")
    if f["further_hearing_held"]:
        excluded.append("heard-already")
    if f["unaccompanied_minor"]:
        excluded.append("unaccompanied-minor")
    if age < 15:
        excluded.append("child-under-15")
    if f["lawyer_consent"] == "no":
        excluded.append("no-consent")
    if not f["literate_in_supported_language"]:
        excluded.append("illiterate")
    if f["medical_unfit"]:
        excluded.append("medical-unfit")
    if excluded:
        return "excluded", None, tuple(excluded)
    replace = f["nationality"] in REPLACE
    prepare = f["nationality"] in PREPARE
    complex_ = bool(f["complex_grounds"])
    minor = 15 <= age <= 17
    fired = []
    if replace:
        fired.append("replace-nationality")
    if prepare:
        fired.append("prepare-nationality")
    if complex_:
        fired.append("complex-grounds")
    if minor:
        fired.append("minor-15-17")
    if replace and not (complex_ or minor):
        return "eligible", "replace", tuple(fired)
    if replace or prepare:
        return "eligible", "prepare", tuple(fired)
    return "not_selected", None, ("nationality-not-listed",)


def as_csv(cases: list[dict[str, Any]]) -> str:
    rules = shipped("selection")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(expected_columns(rules))
    for i, facts in enumerate(cases):
        writer.writerow([f"V{i:09d}", *(
            ";".join(sorted(v)) if isinstance(v, frozenset)
            else ("yes" if v else "no") if isinstance(v, bool)
            else v.isoformat() if isinstance(v, dt.date) else v
            for v in (facts[name] for name in rules.inputs))])
    return out.getvalue()


def best_of(func: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rules = shipped("selection")
    cases = synthetic(n)
    text = as_csv(cases)

    # Same answers first: a fast wrong engine is no result.
    for facts in cases[:20_000]:
        got = rules.evaluate(facts, ON, checked=True)
        assert (got.verdict, got.route, got.reasons) == by_hand(facts, ON), facts

    def engine() -> None:
        for facts in cases:
            rules.evaluate(facts, ON, checked=True)

    def engine_checked() -> None:
        for facts in cases:
            rules.evaluate(facts, ON)

    def baseline() -> None:
        for facts in cases:
            by_hand(facts, ON)

    def whole_csv() -> None:
        screen_csv(rules, io.StringIO(text, newline=""), io.StringIO(), ON)

    base_s = best_of(baseline)
    engine_s = best_of(engine)
    checked_s = best_of(engine_checked)
    csv_s = best_of(whole_csv)
    verdicts = statistics.mode(by_hand(f, ON)[0] for f in cases)
    print(f"{n} synthetic cases (most common verdict: {verdicts}); best of 3 runs")
    print(f"hand-written policy (baseline)   {n / base_s:12,.0f} cases/s")
    print(f"rule engine, facts typed         {n / engine_s:12,.0f} cases/s   "
          f"ratio {engine_s / base_s:5.1f}x baseline")
    print(f"rule engine, facts checked       {n / checked_s:12,.0f} cases/s   "
          f"ratio {checked_s / base_s:5.1f}x baseline")
    print(f"hearing screen CSV path          {n / csv_s:12,.0f} cases/s   "
          f"ratio {csv_s / base_s:5.1f}x baseline")
    print(f"backlog of {BACKLOG:,} cases: evaluation {BACKLOG * engine_s / n:.3f} s, "
          f"whole CSV path {BACKLOG * csv_s / n:.3f} s")


if __name__ == "__main__":
    main()
