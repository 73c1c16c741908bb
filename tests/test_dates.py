"""Dated values: one pack holds the values before and after a change, and a decision uses those
in force on the referral date. `continuum check` reports gaps, overlaps and impossible ranges."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import pickle

import pytest

from engine.check import check_pack, usable_pack
from engine.cli import main
from engine.compile import compile_or_refuse
from engine.decide import decide, decide_all
from engine.errors import InputError
from engine.evaluate import make_backend
from engine.pack import load_pack
from engine.profile import family_from
from engine.text import parse_text

NEEDS, IND, SAFE, IV, SF = (
    "rules/needs.yaml",
    "rules/indicators.yaml",
    "rules/safeguarding.yaml",
    "pathways/interventions.yaml",
    "rules/supporting_families.yaml",
)
GRADE_2 = "  - rule: domestic-abuse-grade-2\n"


def grade_2_profile(day: str, referral: str = "R-D") -> str:
    return (
        f"referral: {{id: {referral}, date: {day}, consent: true}}\n"
        "members:\n  - {id: C1, role: child, age: 5}\n  - {id: P1, role: parent, age: 30}\n"
        "family: {indicators: [domestic_abuse], domestic_abuse_risk: 2}\n"
    )


def date_grade_2(pack_copy, until: str = "2027-03-31", start: str = "2027-04-01") -> tuple[int, int]:
    """Split the grade 2 rule into level 3 `until` and level 2 `from`; the lines of both entries."""
    path = pack_copy.path(NEEDS)
    text = path.read_text(encoding="utf-8")
    at = text.index(GRADE_2)
    end = text.index("  # There is no rule for grade 1")
    entry = text[at:end]
    before = entry.replace("    level: 3\n", f"    level: 3\n    until: {until}\n")
    after = entry.replace("    level: 3\n", f"    level: 2\n    from: {start}\n")
    path.write_text(text[:at] + before + after + text[end:], encoding="utf-8")
    first = text.count("\n", 0, at) + 1
    return first, first + before.count("\n")


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


# ---------------------------------------------------------------- deciding with dated values


@pytest.fixture
def dated(pack_copy):
    date_grade_2(pack_copy)
    return pack_copy


def test_a_dated_change_decides_differently_either_side_of_its_date(dated):
    pack = usable_pack(dated.root)
    assert pack.changes == (dt.date(2027, 4, 1),)
    assert [str(v.period) for v in pack.views] == ["until 2027-03-31", "from 2027-04-01"]
    for backend in ("durable", "reference"):
        engine = make_backend(backend, pack)
        before = decide(family_from(parse_text(grade_2_profile("2027-03-31"), "f.yaml"), pack), pack, engine)
        after = decide(family_from(parse_text(grade_2_profile("2027-04-01"), "f.yaml"), pack), pack, engine)
        assert (before.level.code, after.level.code) == (3, 2), backend
        assert "domestic-abuse-grade-2" in [r.rule for r in before.level.reasons]
        assert "domestic-abuse-grade-2" in [r.rule for r in after.level.reasons]


def test_one_batch_decides_each_family_on_its_own_date(dated):
    pack = usable_pack(dated.root)
    days = ["2026-11-20", "2027-04-01", "2027-03-31", "2030-01-01"]
    families = [family_from(parse_text(grade_2_profile(d, f"R-{d}"), "f.yaml"), pack) for d in days]
    for backend in ("durable", "reference"):
        decisions = decide_all(families, pack, make_backend(backend, pack))
        assert [d.level.code for d in decisions] == [3, 2, 3, 2]
        assert [d.referral_id for d in decisions] == [f"R-{d}" for d in days]


def triage_json(root, day: str) -> dict:
    profile = root / f"{day}.yaml"
    profile.write_text(grade_2_profile(day), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["triage", str(profile), "--pack", str(root), "--json"]) == 0
    return json.loads(out.getvalue())


def test_the_digest_names_the_files_and_the_decision_names_the_period(dated):
    digest = load_pack(dated.root).digest
    assert digest != load_pack().digest
    before, after = triage_json(dated.root, "2027-03-31"), triage_json(dated.root, "2027-04-01")
    assert before["rulepack"] == {
        "name": "default",
        "version": "2026.1",
        "digest": digest,
        "in_force": {"from": None, "until": "2027-03-31"},
    }
    assert after["rulepack"] == {**before["rulepack"], "in_force": {"from": "2027-04-01", "until": None}}
    assert (before["level"]["code"], after["level"]["code"]) == (3, 2)


def test_an_undated_pack_decides_as_before_with_no_period_in_the_decision():
    pack = compile_or_refuse(load_pack())
    assert (pack.earlier, pack.changes, pack.at(dt.date(1990, 1, 1))) == ((), (), pack)
    family = family_from(parse_text(grade_2_profile("2026-11-20"), "f.yaml"), pack)
    decision = json.loads(decide(family, pack, make_backend("reference", pack)).to_json())
    assert "in_force" not in decision["rulepack"] and decision["level"]["code"] == 3


def test_the_readable_summary_says_which_values_were_in_force(dated, capsys):
    profile = dated.root / "f.yaml"
    profile.write_text(grade_2_profile("2027-04-01"), encoding="utf-8")
    code, out, _ = run(capsys, "triage", str(profile), "--pack", str(dated.root))
    assert code == 0 and "Values in force from 2027-04-01 (this pack holds dated changes)" in out


def test_a_checked_dated_pack_is_kept_with_every_period(dated):
    pack = usable_pack(dated.root)
    pack.at(dt.date(2020, 1, 1)).cache["x"] = object()  # caches are never pickled
    again = pickle.loads(pickle.dumps(pack))
    assert [v.period for v in again.views] == [v.period for v in pack.views]
    assert [len(v.rules) for v in again.views] == [len(v.rules) for v in pack.views]


# ---------------------------------------------------------------- the vocabulary in force


NEW_INDICATOR = """\
  - code: cost_of_living_crisis
    from: 2027-01-01
    label: Cost of living crisis
    domain: family_environment
    met_by: employment-support
    applies_to: family
    level: 2
    text: The family cannot meet basic costs.
    source: {doc: seed-000, section: test}
"""


def add_indicator(pack_copy, entry: str) -> None:
    """Add an indicator to the vocabulary, placed under a Supporting Families outcome as every indicator must be."""
    placed = (
        "  - {indicator: cost_of_living_crisis, outcomes: [financial_stability], source: {doc: seed-000, section: t}}\n"
    )
    for rel, text in ((IND, entry), (SF, placed)):
        path = pack_copy.path(rel)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_an_indicator_not_yet_in_force_is_refused_with_its_date(pack_copy):
    add_indicator(pack_copy, NEW_INDICATOR)
    assert check_pack(load_pack(pack_copy.root))[1] == []
    pack = usable_pack(pack_copy.root)
    profile = "referral: {{id: R-1, date: {day}}}\nmembers: [{{id: C1, role: child, age: 4}}]\n"
    profile += "family: {{indicators: [cost_of_living_crisis]}}\n"
    with pytest.raises(InputError) as caught:
        family_from(parse_text(profile.format(day="2026-12-31"), "f.yaml"), pack)
    assert str(caught.value) == (
        "f.yaml:3: family.indicators: indicator 'cost_of_living_crisis' is not in force on the referral "
        "date 2026-12-31: it is in force from 2027-01-01"
    )
    family = family_from(parse_text(profile.format(day="2027-01-01"), "f.yaml"), pack)
    assert decide(family, pack, make_backend("reference", pack)).level.code == 2


def test_an_indicator_no_longer_in_force_says_until_when(pack_copy):
    add_indicator(pack_copy, NEW_INDICATOR.replace("from: 2027-01-01", "until: 2026-12-31"))
    pack = usable_pack(pack_copy.root)
    profile = "referral: {id: R-1, date: 2027-01-01}\nmembers: [{id: C1, role: child, age: 4}]\n"
    with pytest.raises(InputError, match="it is in force until 2026-12-31"):
        family_from(parse_text(profile + "family: {indicators: [cost_of_living_crisis]}\n", "f.yaml"), pack)


# ---------------------------------------------------------------- what check reports


def test_a_dated_copy_is_clean(dated, capsys):
    assert run(capsys, "check", "--pack", str(dated.root)) == (0, ["pack is clean"], [])


def test_a_gap_between_dated_values_is_reported_with_file_and_line(pack_copy, capsys):
    first, later = date_grade_2(pack_copy, start="2027-05-01")
    code, out, _ = run(capsys, "check", "--pack", str(pack_copy.root))
    start = pack_copy.line_of(NEEDS, "from: 2027-05-01")
    assert code == 1
    assert out == [
        f"{pack_copy.path(NEEDS)}:{start}: circumstances[2].from: rule 'domestic-abuse-grade-2' is not in force "
        f"from 2027-04-01 to 2027-04-30 (between line {first} and line {later})"
    ]


def test_overlapping_dated_values_are_reported_with_both_lines(pack_copy, capsys):
    first, later = date_grade_2(pack_copy, start="2027-03-01")
    code, out, _ = run(capsys, "check", "--pack", str(pack_copy.root))
    assert code == 1
    assert out == [
        f"{pack_copy.path(NEEDS)}:{later}: circumstances[2].rule: rule 'domestic-abuse-grade-2': two values in "
        f"force from 2027-03-01 to 2027-03-31 (lines {first} and {later})"
    ]


def test_a_dated_indicator_beside_an_undated_one_overlaps(pack_copy, capsys):
    path = pack_copy.path(IND)
    text = path.read_text(encoding="utf-8")
    at = text.index("  - code: neglect\n")
    end = text.index("  - code:", at + 5)
    copy = text[at:end].replace("  - code: neglect\n", "  - code: neglect\n    from: 2027-04-01\n")
    path.write_text(text[:end] + copy + text[end:], encoding="utf-8")
    first = text.count("\n", 0, at) + 1
    later = text.count("\n", 0, end) + 1
    index = text[:end].count("\n  - code:")  # the copy's place in the list
    code, out, _ = run(capsys, "check", "--pack", str(pack_copy.root))
    assert code == 1
    assert out == [
        f"{path}:{later}: indicators[{index}].code: indicator 'neglect': two values in force from 2027-04-01 "
        f"(lines {first} and {later})"
    ]


def test_undated_duplicates_are_still_refused(pack_copy, capsys):
    path = pack_copy.path(NEEDS)
    text = path.read_text(encoding="utf-8")
    at = text.index(GRADE_2)
    end = text.index("  # There is no rule for grade 1")
    path.write_text(text[:end] + text[at:end] + text[end:], encoding="utf-8")
    first = text.count("\n", 0, at) + 1
    later = text.count("\n", 0, end) + 1
    code, out, _ = run(capsys, "check", "--pack", str(pack_copy.root))
    assert code == 1
    assert out == [
        f"{path}:{later}: circumstances[2].rule: duplicate rule id 'domestic-abuse-grade-2' (first at {path}:{first})"
    ]


def test_an_until_before_its_from_is_reported_and_the_pack_refused(pack_copy, capsys):
    line = pack_copy.edit(NEEDS, GRADE_2, GRADE_2 + "    from: 2027-04-01\n    until: 2027-03-31\n") + 2
    code, out, err = run(capsys, "check", "--pack", str(pack_copy.root))
    assert (code, err) == (1, [])
    where = f"{pack_copy.path(NEEDS)}:{line}: circumstances[1].until"
    assert f"{where}: until 2027-03-31 is before from 2027-04-01: never in force" in out
    profile = pack_copy.root / "f.yaml"
    profile.write_text(grade_2_profile("2027-04-01"), encoding="utf-8")
    code, out, err = run(capsys, "triage", str(profile), "--pack", str(pack_copy.root))
    assert (code, out) == (2, [])
    assert any(f"{pack_copy.path(NEEDS)}:{line}:" in e for e in err) and "Traceback" not in "\n".join(err)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2027-02-30", "2027-02-30 is not a date in the calendar"),
        ("20270401", "write the date as YYYY-MM-DD, not as the number 20270401"),
        ("2027-04-01T10:00:00", "write the date without a time of day"),
        ("next april", "expected a date written as YYYY-MM-DD"),
    ],
)
def test_an_impossible_date_makes_the_pack_unreadable(pack_copy, capsys, written, message):
    line = pack_copy.edit(NEEDS, GRADE_2, GRADE_2 + f"    from: {written}\n") + 1
    code, out, err = run(capsys, "check", "--pack", str(pack_copy.root))
    assert (code, out) == (2, [])
    assert len(err) == 1 and err[0].startswith(f"{pack_copy.path(NEEDS)}:{line}: ") and message in err[0]


def test_an_offer_rule_outside_its_programmes_dates_is_reported(pack_copy, capsys):
    pack_copy.edit(
        IV, "  - id: incredible-years-preschool\n", "  - id: incredible-years-preschool\n    until: 2026-12-31\n"
    )
    line = pack_copy.edit(
        IV, "      - rule: iy-preschool-behaviour\n", "      - rule: iy-preschool-behaviour\n        from: 2027-01-01\n"
    )
    code, out, _ = run(capsys, "check", "--pack", str(pack_copy.root))
    assert code == 1
    assert (
        f"{pack_copy.path(IV)}:{line}: interventions[1].offer_when[0].rule: rule 'iy-preschool-behaviour' is never "
        "in force: its dates (from 2027-01-01) lie outside its programme's"
    ) in out


def test_a_mandatory_escalation_is_proved_in_every_period(pack_copy, capsys):
    line = pack_copy.edit(
        SAFE, "  - rule: sexual-activity-under-13\n", "  - rule: sexual-activity-under-13\n    until: 2027-12-31\n"
    )
    code, out, _ = run(capsys, "check", "--pack", str(pack_copy.root))
    assert code == 1
    broken = [o for o in out if "sexual_activity_under_13" in o]
    assert broken and broken[0].startswith(f"{pack_copy.path(SAFE)}:")
    assert ": from 2028-01-01: no safeguarding trigger escalates sexual_activity_under_13" in broken[0]
    assert line  # the trigger itself is fine until its last day


def test_a_programme_with_dated_ages_offers_by_the_referral_date(pack_copy, capsys):
    text = pack_copy.path(IV).read_text(encoding="utf-8")
    at = text.index("  - id: incredible-years-preschool\n")
    end = text.index("  - id:", at + 5)
    entry = text[at:end]
    old = entry.replace("    ages: [3, 6]\n", "    ages: [3, 6]\n    until: 2027-08-31\n")
    new = entry.replace("    ages: [3, 6]\n", "    ages: [3, 8]\n    from: 2027-09-01\n")
    pack_copy.path(IV).write_text(text[:at] + old + new + text[end:], encoding="utf-8")
    assert run(capsys, "check", "--pack", str(pack_copy.root)) == (0, ["pack is clean"], [])
    pack = usable_pack(pack_copy.root)
    profile = (
        "referral: {{id: R-1, date: {day}, consent: true}}\n"
        "members:\n  - {{id: C1, role: child, age: 7, indicators: [conduct_problems]}}\n"
        "  - {{id: P1, role: parent, age: 30}}\n"
    )
    offered = {}
    for day in ("2027-08-31", "2027-09-01"):
        family = family_from(parse_text(profile.format(day=day), "f.yaml"), pack)
        offered[day] = [i.id for i in decide(family, pack, make_backend("durable", pack)).interventions]
    assert "incredible-years-preschool" not in offered["2027-08-31"]
    assert "incredible-years-preschool" in offered["2027-09-01"]


def test_the_first_and_last_days_of_the_calendar_are_dates_like_any_other(pack_copy, capsys):
    date_grade_2(pack_copy)
    pack_copy.edit(NEEDS, "    until: 2027-03-31\n", "    from: 0001-01-01\n    until: 2027-03-31\n")
    pack_copy.edit(NEEDS, "    from: 2027-04-01\n", "    from: 2027-04-01\n    until: 9999-12-31\n")
    assert run(capsys, "check", "--pack", str(pack_copy.root)) == (0, ["pack is clean"], [])
    pack = usable_pack(pack_copy.root)
    assert pack.changes == (dt.date(2027, 4, 1),)
    assert [
        d.level.code
        for d in decide_all(
            [family_from(parse_text(grade_2_profile(day), "f.yaml"), pack) for day in ("2027-03-31", "9999-12-31")],
            pack,
            make_backend("reference", pack),
        )
    ] == [3, 2]
