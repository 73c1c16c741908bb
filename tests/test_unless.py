"""An indicator's `unless`: the need does not raise the level while its one-test condition holds.

The default pack uses it for domestic abuse screened at grade 1 (seed 000 section 3.5: little
evidence of risk, no further action). A condition of more than one test cannot be turned round
into one clause, so it is refused at its line.
"""

from __future__ import annotations

import pytest

from engine.cli import main
from engine.compile import compile_or_refuse
from engine.ir import Test as Check
from engine.ir import field
from engine.pack import load_pack

IND = "rules/indicators.yaml"
GRADE_1 = "    unless:\n      domestic_abuse_risk: {min: 1, max: 1}\n"


def profile(grade: int | None, child_needs: str = "") -> str:
    graded = f", domestic_abuse_risk: {grade}" if grade is not None else ""
    return (
        "referral: {id: R-1, date: 2026-11-20}\n"
        "members:\n"
        f"  - {{id: C1, role: child, age: 5, indicators: [{child_needs}]}}\n"
        "  - {id: P1, role: parent, age: 31}\n"
        f"family: {{indicators: [domestic_abuse]{graded}}}\n"
    )


def level_rules(decision: dict) -> list[str]:
    return [r["rule"] for r in decision["level"]["reasons"]]


@pytest.mark.parametrize("backend", ["durable", "reference"])
@pytest.mark.parametrize(
    ("grade", "needs", "level", "by"),
    [
        (1, "", 1, ["universal"]),
        (1, "speech_language_delay", 2, ["indicator:speech_language_delay"]),
        (None, "", 2, ["indicator:domestic_abuse"]),
        (2, "", 3, ["domestic-abuse-grade-2"]),
    ],
    ids=["grade 1 alone", "grade 1 with another level-2 need", "not graded", "grade 2"],
)
def test_domestic_abuse_at_grade_1_adds_nothing(grade, needs, level, by, backend, engine, read_family):
    decision = engine.decide(read_family(profile(grade, needs)), backend)
    assert decision["level"]["code"] == level
    assert level_rules(decision) == by
    assert decision["safeguarding"]["escalate"] is False


def test_grade_1_is_no_near_miss_of_its_own(engine, read_family):
    misses = engine.decide(read_family(profile(1)))["near_misses"]
    assert any("grade 2" in miss for miss in misses)  # what would change it: the grade-2 rule
    assert not any("unless" in miss or "indicator:domestic_abuse" in miss for miss in misses)


def test_unless_compiles_to_the_opposite_of_its_test(pack):
    rule = next(r for r in pack.rules if r.id == "indicator:domestic_abuse")
    turned = [c for c in rule.clauses if c.negated]
    assert len(turned) == 1 and turned[0].mode == "any"
    assert set(turned[0].tests) == {Check(field("da_risk"), "ge", 2), Check(field("da_risk"), "le", 0)}
    assert turned[0].says == "unless domestic abuse screened at grade 1"


def test_unless_on_a_member_need_with_a_flag_and_an_age(pack_copy, read_family):
    """`unless: {age: {min: 16}}` turns into aged 15 or under; a flag into its opposite."""
    pack_copy.edit(
        IND,
        "    level: 2\n    text: >-\n      Poor attendance",
        "    level: 2\n    unless: {age: {min: 16}}\n    text: >-\n      Poor attendance",
    )
    pack_copy.edit(
        IND,
        "    level: 2\n    text: >-\n      A fixed-term",
        "    level: 2\n    unless: {parent: true}\n    text: >-\n      A fixed-term",
    )
    compiled = compile_or_refuse(load_pack(pack_copy.root))
    absence = next(r for r in compiled.rules if r.id == "indicator:school_absence")
    assert [c.tests for c in absence.clauses if c.negated] == [(Check(field("age"), "le", 15),)]
    exclusion = next(r for r in compiled.rules if r.id == "indicator:fixed_term_exclusion")
    assert [c.tests for c in exclusion.clauses if c.negated] == [(Check(field("parent"), "eq", False),)]


@pytest.mark.parametrize(
    ("unless", "says"),
    [
        ("{domestic_abuse_risk: {min: 1, max: 1}, needs: {count: 2}}", "domestic abuse screened at grade 1; 2 or more"),
        ("{any: [parental_conflict, housing_problems]}", "has one of"),
        ("{}", "this one says: nothing"),
    ],
    ids=["two tests", "one of several needs", "no test"],
)
def test_an_unless_of_more_than_one_test_is_refused_at_its_line(unless, says, pack_copy, capsys):
    line = pack_copy.edit(IND, GRADE_1, f"    unless: {unless}\n")
    code = main(["check", "--pack", str(pack_copy.root)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    file = pack_copy.path(IND).resolve()
    at = [p for p in out if p.startswith(f"{file}:{line}: ")]
    assert len(at) == 1 and "unless can hold one test" in at[0] and says in at[0], "\n".join(out)


def test_diff_names_an_added_or_removed_exception(pack_copy, capsys):
    pack_copy.edit(IND, GRADE_1, "")
    line = pack_copy.line_of(IND, "  - code: domestic_abuse\n")
    assert main(["diff", "default", str(pack_copy.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    path = pack_copy.path(IND)
    assert f"{path}:{line}: indicator domestic_abuse: unless domestic abuse screened at grade 1 → none" in out
