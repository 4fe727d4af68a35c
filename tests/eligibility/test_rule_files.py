"""Rule sets are data: a copy with another list changes verdicts without a code change, a bad
file is refused at load time naming file, rule and reason, and the content hash is stable."""

from __future__ import annotations

from pathlib import Path

import pytest

from hearing.eligibility import HERE, RuleFileError, load_ruleset, parse_ruleset, shipped
from tests.eligibility.policy import ON, base_facts

SELECTION = (HERE / "selection.yaml").read_text("utf-8")


def copy_with(tmp_path: Path, old: str, new: str, name: str = "copy.yaml") -> Path:
    assert old in SELECTION, f"the shipped file no longer contains {old!r}"
    path = tmp_path / name
    path.write_text(SELECTION.replace(old, new, 1), "utf-8")
    return path


def test_both_rule_sets_ship_and_load() -> None:
    for name in ("selection", "handoff"):
        rules = shipped(name)
        assert rules.id == name and rules.version and len(rules.sha256) == 64
        for rule in rules.rules:
            assert rule.statement["nl"] and rule.statement["en"] and rule.source
            assert rule.describe("nl") and rule.describe("en")


def test_adding_sdn_to_the_replace_list_changes_the_result(tmp_path: Path) -> None:
    facts = base_facts(nationality="SDN")
    assert shipped("selection").evaluate(facts, ON).verdict == "not_selected"
    path = copy_with(tmp_path, "replace_nationalities: [SYR, YEM, TUR, XXA]",
                     "replace_nationalities: [SYR, YEM, TUR, XXA, SDN]")
    changed = load_ruleset(path)
    result = changed.evaluate(facts, ON)
    assert (result.verdict, result.route, result.reasons) == (
        "eligible", "replace", ("replace-nationality",))
    # The statement staff read is filled in from the list, so it says SDN too.
    assert "SDN" in changed.rule("replace-nationality").statement["en"]
    assert changed.sha256 != shipped("selection").sha256


def test_the_hash_is_of_the_content_not_the_layout(tmp_path: Path) -> None:
    same = tmp_path / "same.yaml"
    same.write_text("# a comment added\n" + SELECTION.replace("\n", "\r\n"), "utf-8")
    assert load_ruleset(same).sha256 == shipped("selection").sha256
    assert load_ruleset(HERE / "selection.yaml").sha256 == shipped("selection").sha256
    reworded = copy_with(tmp_path, "Unaccompanied minors are always heard in person.",
                         "Unaccompanied minors are heard in person.")
    assert load_ruleset(reworded).sha256 != shipped("selection").sha256
    assert shipped("selection").sha256 != shipped("handoff").sha256


BAD = [
    # (what to replace, with what, rule id named, words in the reason)
    ("condition: {field: nv_signal, op: eq, value: true}",
     "condition: {field: nv_signal, op: equals, value: true}", "nv-signal", "unknown operator"),
    ("condition: {field: nv_signal, op: eq, value: true}",
     "condition: {field: nv_sginal, op: eq, value: true}", "nv-signal", "not a declared input"),
    ("condition: {field: nv_signal, op: eq, value: true}",
     "condition: {field: nv_signal, op: eq, value: yes}", "nv-signal", "write true or false"),
    ("condition: {field: dublin_claim, op: eq, value: true}",
     "condition: {field: dublin_claim, op: lt, value: true}", "dublin", "does not apply"),
    ("condition: {field: lawyer_consent, op: eq, value: no}",
     "condition: {field: lawyer_consent, op: eq, value: maybe}", "no-consent",
     "not a value of lawyer_consent"),
    ("condition: {age_of: date_of_birth, op: lt, value: 15}",
     "condition: {age_of: nationality, op: lt, value: 15}", "child-under-15", "not a date"),
    ("condition: {age_of: date_of_birth, op: lt, value: 15}",
     "condition: {age_of: date_of_birth, op: lt, value: fifteen}", "child-under-15",
     "whole number"),
    ("condition: {field: nationality, op: in, list: replace_nationalities}",
     "condition: {field: nationality, op: in, list: replace_list}", "replace-nationality",
     "not in lists"),
    ("    route: replace\n", "    route: sideways\n", "replace-nationality", "not one of routes"),
    ("  - id: dublin\n    kind: exclude", "  - id: dublin\n    kind: forbid", "dublin", "kind"),
    ("  - id: subsequent\n", "  - id: dublin\n", "dublin", "used twice"),
    ("    source: DOMAIN.md Eligibility (default policy)\n\n  - id: subsequent",
     "\n  - id: subsequent", "safe-country", "missing source"),
    ("condition: {field: further_hearing_held, op: eq, value: true}",
     "condition: {any: []}", "heard-already", "non-empty list"),
    ("condition: {field: medical_unfit, op: eq, value: true}",
     "condition: {not: {field: medical_unfit, op: eq, value: true}, field: x}",
     "medical-unfit", "stands alone"),
    ("      en: A pending Dublin claim excludes the written hearing.\n", "", "dublin",
     "needs a text in en"),
    ("condition: {field: nv_signal, op: eq, value: true}",
     "condition: {field: nv_signal, op: eq, value: true}\n    eval: __import__('os')",
     "nv-signal", "unknown key(s) eval"),
]


@pytest.mark.parametrize(("old", "new", "rule_id", "words"), BAD,
                         ids=[f"{b[2]}:{b[3]}" for b in BAD])
def test_an_invalid_rule_is_refused_with_file_rule_and_reason(
    tmp_path: Path, old: str, new: str, rule_id: str, words: str
) -> None:
    path = copy_with(tmp_path, old, new, "bad.yaml")
    with pytest.raises(RuleFileError) as caught:
        load_ruleset(path)
    error = caught.value
    assert error.file == str(path) and error.rule_id == rule_id
    assert words in error.reason
    assert str(error).startswith(f"{path}: rule {rule_id}: ")


@pytest.mark.parametrize(("old", "new", "words"), [
    ("replace_nationalities: [SYR, YEM, TUR, XXA]",
     "replace_nationalities: [SYR, YEM, TUR, XXA, ZZZ]", "ZZZ' is not an ISO 3166-1"),
    ('version: "2026.1"', "version: 2026.1", "version must be a non-empty text"),
    ("routes: [prepare, replace]", "routes: []", "routes must be a non-empty list"),
    ("id: selection\n", "id: selection\nid: again\n", "duplicate key 'id'"),
    ("    type: country\n", "    type: nation\n", "inputs.nationality.type 'nation'"),
])
def test_an_invalid_file_part_is_refused_with_file_and_reason(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    path = copy_with(tmp_path, old, new, "bad.yaml")
    with pytest.raises(RuleFileError) as caught:
        load_ruleset(path)
    assert caught.value.file == str(path)
    assert words in str(caught.value)


def test_unreadable_and_non_yaml_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="cannot be read"):
        load_ruleset(tmp_path / "missing.yaml")
    with pytest.raises(RuleFileError, match="not valid YAML at line 1"):
        parse_ruleset("id: [unclosed", "x.yaml")
    with pytest.raises(RuleFileError, match="must be a mapping"):
        parse_ruleset("- just\n- a list\n", "x.yaml")


def test_yaml_tags_that_build_objects_are_refused() -> None:
    text = SELECTION.replace('version: "2026.1"',
                             "version: !!python/object/apply:os.getcwd []")
    with pytest.raises(RuleFileError, match="not valid YAML"):
        parse_ruleset(text, "evil.yaml")
