"""Front-door urgency (rules/urgency.yaml) and Supporting Families outcomes (rules/supporting_families.yaml)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cli import main
from engine.compile import compile_or_refuse
from engine.contract import OUTCOMES
from engine.decide import decide
from engine.evaluate import make_backend
from engine.pack import load_pack
from engine.profile import family_from
from engine.text import parse_text

URG, SF = "rules/urgency.yaml", "rules/supporting_families.yaml"
CHECKER = Path(__file__).resolve().parents[2] / "shared" / "contract" / "check_examples.py"


def profile(*members: str, family: str = "") -> str:
    """Profile text: members written as flow mappings, e.g. "{id: C1, role: child, age: 9}"."""
    text = "referral: {id: R-U, date: 2026-11-20, consent: true}\nmembers:\n"
    text += "".join(f"  - {m}\n" for m in members)
    return text + (f"family: {family}\n" if family else "")


def decided(text: str, root: Path | None = None) -> dict:
    """The decision (as JSON) for profile text, with the default pack or an edited copy at `root`."""
    pack = compile_or_refuse(load_pack(root))
    family = family_from(parse_text(text, "family.yaml"), pack)
    return json.loads(decide(family, pack, make_backend("reference", pack)).to_json())


def refused(pack_copy, capsys) -> list[str]:
    """`continuum triage` with an edited pack: exit 2, one problem a line, nothing on stdout, no traceback."""
    path = pack_copy.root / "family.yaml"
    path.write_text(profile("{id: C1, role: child, age: 9}"), encoding="utf-8")
    code = main(["triage", str(path), "--pack", str(pack_copy.root)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err
    return err.splitlines()


def at(pack_copy, rel: str, line: int, field: str, message: str) -> str:
    return f"{pack_copy.path(rel).resolve()}:{line}: {field}: {message}"


# ---------------------------------------------------------------- the contract's examples


@pytest.mark.skipif(not CHECKER.exists(), reason="the shared contract is not beside this checkout")
@pytest.mark.parametrize(
    "name",
    [
        "supporting-families-eligible",
        "supporting-families-not",
        "fgm-risk",
        "significant-harm",
        "prebirth-previous-removal",
    ],
)
def test_the_2026_examples_of_urgency_and_supporting_families_hold(name):
    cmd = shutil.which("continuum") or str(Path(sys.executable).with_name("continuum"))
    example = CHECKER.parent / "examples-2026" / f"{name}.yaml"
    result = subprocess.run([sys.executable, str(CHECKER), "--cmd", cmd, str(example)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- urgency


def test_a_level_sets_the_rating_when_nothing_else_applies():
    u = decided(profile("{id: C1, role: child, age: 9, indicators: [school_absence]}"))["urgency"]
    assert (u["rating"], u["respond_within_hours"]) == ("green", 72)
    assert [r["rule"] for r in u["reasons"]] == ["urgency:level-2"]
    looked_after = decided(profile("{id: C1, role: child, age: 9, indicators: [looked_after]}"))["urgency"]
    assert (looked_after["rating"], looked_after["respond_within_hours"]) == ("amber", 24)


def test_raise_rules_name_who_set_the_rating_and_only_the_highest_rating_gives_reasons():
    d = decided(
        profile(
            "{id: C1, role: child, age: 14, indicators: [missing_episodes, criminal_exploitation_risk]}",
            "{id: C2, role: child, age: 12, indicators: [self_harm]}",
            family="{indicators: [eviction_risk]}",
        )
    )
    u = d["urgency"]
    assert (u["rating"], u["respond_within_hours"]) == ("red", 2)
    assert [(r["rule"], r["text"].split(".")[0]) for r in u["reasons"]] == [
        ("urgency:escalation", "Escalated by C1 (exploitation-risk)"),
        ("urgency-exploitation", "C1: Risk of criminal exploitation"),
    ]
    amber = decided(
        profile(
            "{id: C1, role: child, age: 14, indicators: [missing_episodes]}", family="{indicators: [eviction_risk]}"
        )
    )["urgency"]
    assert amber["rating"] == "amber"
    assert [r["text"].split(".")[0] for r in amber["reasons"]] == [
        "C1: Going missing",
        "Family: Risk of eviction or homelessness",
    ]
    assert all(r["source"] for r in amber["reasons"])


def test_an_escalation_is_red_even_when_the_pack_rates_level_4_green(pack_copy):
    pack_copy.edit(URG, "  - level: 4\n    rating: amber", "  - level: 4\n    rating: green")
    looked_after = decided(profile("{id: C1, role: child, age: 9, indicators: [looked_after]}"), pack_copy.root)
    assert looked_after["urgency"]["rating"] == "green"  # the edit took effect
    d = decided(profile("{id: C1, role: child, age: 9, indicators: [significant_harm]}"), pack_copy.root)
    assert d["safeguarding"]["escalate"] is True
    u = d["urgency"]
    assert (u["rating"], u["respond_within_hours"]) == ("red", 2)
    assert [r["rule"] for r in u["reasons"]] == ["urgency:escalation"]
    assert u["reasons"][0]["text"].startswith("Escalated by C1 (significant-harm-abuse-or-neglect).")


def test_no_pack_can_rate_an_escalation_other_than_red(pack_copy, capsys):
    line = pack_copy.edit(URG, "escalation:\n  rating: red", "escalation:\n  rating: amber") + 1
    assert at(pack_copy, URG, line, "escalation.rating", "expected 'red', got the text 'amber'") in refused(
        pack_copy, capsys
    )


def test_the_hours_come_from_the_pack(pack_copy):
    pack_copy.edit(URG, "respond_within_hours: 2", "respond_within_hours: 4")
    d = decided(profile("{id: C1, role: child, age: 9, indicators: [neglect]}"), pack_copy.root)
    assert d["urgency"]["respond_within_hours"] == 4


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "[missing_episodes]",
            "[missing_episode]",
            "rules[1].when.any[0]",
            "unknown indicator 'missing_episode' (did you mean 'missing_episodes'?)",
        ),
        (
            "respond_within_hours: 24",
            "respond_within_hours: 1",
            "ratings.red.respond_within_hours",
            "red must be answered sooner than amber (2 hours is not less than 1)",
        ),
        ("  - level: 3\n", "  - level: 2\n", "levels[2].level", "duplicate level '2' (first at line"),
        ("rule: urgency-eviction", "rule: urgency-going-missing", "rules[3].rule", "duplicate rule"),
    ],
    ids=["unknown indicator", "hours out of order", "level rated twice", "duplicate rule"],
)
def test_a_broken_urgency_file_is_refused_at_its_line(pack_copy, capsys, old, new, field, message):
    line = pack_copy.edit(URG, old, new)
    if field.startswith("ratings.red"):
        line = pack_copy.line_of(URG, "respond_within_hours: 2")
    problems = refused(pack_copy, capsys)
    assert any(p.startswith(at(pack_copy, URG, line, field, message)) for p in problems), problems


def test_a_level_without_a_rating_is_named(pack_copy, capsys):
    pack_copy.edit(URG, "  - level: 3\n", "  - level: 2\n")
    line = pack_copy.line_of(URG, "levels:")
    assert at(pack_copy, URG, line, "levels", "level 3 has no rating") in refused(pack_copy, capsys)


# ---------------------------------------------------------------- Supporting Families


def test_a_development_need_counts_as_early_years_under_5_and_as_education_from_5():
    for age, outcome in ((4, "early_years"), (5, "education")):
        sf = decided(profile(f"{{id: C1, role: child, age: {age}, indicators: [speech_language_delay]}}"))
        assert sf["supporting_families"]["outcomes"] == [outcome]


def test_outcomes_come_in_the_framework_order_once_each_with_who_put_the_family_there():
    sf = decided(
        profile(
            "{id: C1, role: child, age: 14, indicators: [school_absence, criminal_exploitation_risk, offending]}",
            "{id: C2, role: child, age: 9, indicators: [school_absence]}",
            "{id: P1, role: parent, age: 40, indicators: [out_of_work_benefits, criminal_justice]}",
            family="{indicators: [financial_difficulty, bereavement]}",
        )
    )["supporting_families"]
    assert sf["outcomes"] == ["education", "safe_from_abuse", "crime", "financial_stability"]
    assert sf["eligible"] is True
    texts = [r["text"] for r in sf["reasons"]]
    assert texts[0] == "Getting a good education: C1 (School absence); C2 (School absence)."
    assert texts[2] == (
        "Crime prevented and tackled: C1 (Offending, Risk of criminal exploitation); "
        "P1 (Parent in the criminal justice system)."
    )
    assert (
        texts[3] == "Financial stability: P1 (Parent on out-of-work benefits); Family (Financial difficulty or debt)."
    )
    assert texts[-1].startswith("Needs under 4 headline outcomes reach the threshold of 3.")
    assert [r["rule"] for r in sf["reasons"]][-1] == "supporting-families:threshold"


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_outcomes_are_distinct_headline_codes_in_order_and_eligibility_follows_the_threshold(engine, families, data):
    sf = engine.decide(data.draw(families), backend="reference")["supporting_families"]
    assert sf["outcomes"] == [o for o in OUTCOMES if o in sf["outcomes"]]
    assert sf["eligible"] == (len(sf["outcomes"]) >= 3)
    assert len(sf["reasons"]) == len(sf["outcomes"]) + 1


def test_a_family_below_the_threshold_is_told_so():
    sf = decided(profile("{id: C1, role: child, age: 9, indicators: [school_absence]}"))["supporting_families"]
    assert (sf["outcomes"], sf["eligible"]) == (["education"], False)
    assert sf["reasons"][-1]["text"].startswith("Needs under 1 headline outcome fall short of the threshold of 3.")


def test_an_unchecked_mapping_is_a_warning(pack_copy):
    pack_copy.edit(
        SF,
        "  - indicator: school_absence\n    outcomes: [education]\n    source:\n      doc: supporting-families\n",
        "  - indicator: school_absence\n    outcomes: [education]\n    source:\n      doc: supporting-families\n"
        "      verified: false\n      note: recalled, not read\n",
    )
    d = decided(profile("{id: C1, role: child, age: 9, indicators: [school_absence]}"), pack_copy.root)
    assert (
        "Rule 'supporting-families:education' rests on a fact not yet checked against its source: " in d["warnings"][-1]
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "indicator: school_absence",
            "indicator: school_absense",
            "mapping[4].indicator",
            "unknown indicator 'school_absense' (did you mean 'school_absence'?)",
        ),
        (
            "outcomes: [housing]",
            "outcomes: [housin]",
            "mapping[46].outcomes[0]",
            "unknown outcome 'housin' (did you mean 'housing'?)",
        ),
        (
            "  - indicator: speech_language_delay\n    age: {min: 5}",
            "  - indicator: speech_language_delay\n    age: {min: 4}",
            "mapping[9].indicator",
            "'speech_language_delay' is already placed for these ages at line",
        ),
        (
            "  - indicator: housing_problems\n",
            "  - age: {max: 4}\n    indicator: housing_problems\n",
            "mapping[46].age",
            "'housing_problems' is held by the family as a whole, which has no age",
        ),
    ],
    ids=["unknown indicator", "unknown outcome", "overlapping ages", "age on a family indicator"],
)
def test_a_broken_mapping_is_refused_at_its_line(pack_copy, capsys, old, new, field, message):
    line = pack_copy.edit(SF, old, new)
    problems = refused(pack_copy, capsys)
    assert any(p.startswith(at(pack_copy, SF, line, field, message)) for p in problems), problems


def test_an_indicator_left_out_of_the_mapping_must_be_placed(pack_copy, capsys):
    pack_copy.edit(
        SF, "  - indicator: bereavement\n    outcomes: []\n", "  - indicator: not_bereavement\n    outcomes: []\n"
    )
    line = pack_copy.line_of(SF, "mapping:")
    message = "indicator 'bereavement' is not placed: add it with the outcomes it counts under ([] for none)"
    assert at(pack_copy, SF, line, "mapping", message) in refused(pack_copy, capsys)


def test_an_outcome_given_twice_and_one_left_out_are_named(pack_copy, capsys):
    first = pack_copy.edit(SF, "  - code: crime\n", "  - code: housing\n")
    twice = pack_copy.line_of(SF, "  - code: housing\n    label: Secure")
    problems = refused(pack_copy, capsys)
    missing = "outcome 'crime' is missing: the framework has ten headline outcomes"
    assert at(pack_copy, SF, pack_copy.line_of(SF, "outcomes:\n  - code"), "outcomes", missing) in problems
    assert (
        at(pack_copy, SF, twice, "outcomes[8].code", f"duplicate outcome 'housing' (first at line {first})") in problems
    )


# ---------------------------------------------------------------- the readable summary


def test_the_summary_shows_the_urgency_and_supporting_families_briefly(tmp_path, capsys):
    path = tmp_path / "family.yaml"
    path.write_text(
        profile(
            "{id: C1, role: child, age: 14, indicators: [missing_episodes]}", family="{indicators: [eviction_risk]}"
        ),
        encoding="utf-8",
    )
    assert main(["triage", str(path)]) == 0
    out = capsys.readouterr().out
    assert "URGENCY: AMBER (the front door decides within 24 hours)" in out
    assert "- C1: Going missing." in out
    assert "SUPPORTING FAMILIES: not eligible for a whole-family plan" in out
    assert "- Secure housing: Family (Risk of eviction or homelessness)." in out


# ---------------------------------------------------------------- continuum diff


def test_diff_names_changed_hours_ratings_thresholds_and_placements(pack_copy, capsys):
    hours = pack_copy.edit(URG, "respond_within_hours: 24", "respond_within_hours: 12")
    count = pack_copy.edit(SF, "  count: 3", "  count: 4")
    placed = pack_copy.edit(
        SF, "  - indicator: bereavement\n    outcomes: []", "  - indicator: bereavement\n    outcomes: [health]"
    )
    assert main(["diff", "default", str(pack_copy.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{pack_copy.path(URG)}:{hours}: urgency amber: within 24 hours → within 12 hours",
        f"{pack_copy.path(SF)}:{count}: Supporting Families threshold: 3 headline outcomes → 4 headline outcomes",
        f"{pack_copy.path(SF)}:{placed + 1}: Supporting Families placement of bereavement: counts under none → "
        "counts under health",
    ]
