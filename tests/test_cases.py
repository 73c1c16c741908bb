"""A pack's own tests: `cases/*.yaml` and `continuum test` (issue 5, item 3).

The default pack's cases pass on both backends; a copy with one threshold changed fails with the
case file's FILE:LINE and what differed (exit 1); a broken case file is refused with FILE:LINE
(exit 2), every problem in one round.
"""

from __future__ import annotations

import shutil
import textwrap
import tomllib
from pathlib import Path

import pytest
from contract_lists import MANDATORY_CHILD_TRIGGERS

from engine.cases import case_files, read_cases
from engine.check import usable_pack
from engine.cli import main
from engine.errors import InputError
from engine.ir import CompiledPack


def _pack() -> CompiledPack:
    return usable_pack()


@pytest.fixture
def run(capsys):
    """Run `continuum ARGS`: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def pack_with_cases(pack_copy, repo):
    """A working copy of the default pack, with its cases."""
    shutil.copytree(repo / "cases", pack_copy.root / "cases")
    return pack_copy


def write_cases(root: Path, text: str, name: str = "mine.yaml") -> Path:
    path = root / "cases" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert needle in text, needle
    return text[: text.index(needle)].count("\n") + 1


# ---------------------------------------------------------------- the default pack's cases


@pytest.mark.parametrize("backend", ["durable", "reference"])
def test_the_default_pack_passes_its_own_cases(run, repo, backend):
    count = len(read_cases(case_files(repo), _pack()))
    code, out, err = run("test", "--backend", backend)
    assert (code, err) == (0, "")
    assert out == f"{count} cases: {count} passed\n"
    assert count >= 30


def test_the_default_cases_ship_in_the_wheel_and_the_sdist(repo):
    build = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    assert build["targets"]["wheel"]["force-include"]["cases"] == "engine/_pack/cases"
    assert "cases" in build["targets"]["sdist"]["include"]


def test_the_default_cases_cover_every_mandatory_escalation(repo):
    """Contract section 2: every escalation each pack must make has a case that expects it."""
    text = (repo / "cases" / "safeguarding.yaml").read_text(encoding="utf-8")
    for code in (
        *MANDATORY_CHILD_TRIGGERS,
        "domestic_abuse_risk: 4",
        "a parent under 13",
        "a pregnancy under 13",
        "previous_child_removed",
    ):
        assert code in text, code
    cases = read_cases([repo / "cases" / "safeguarding.yaml"], _pack())
    assert all(c.expect.escalate and c.expect.level == [4] for c in cases if "grade 3" not in c.name)


def test_every_default_case_file_names_its_schema_and_explains_the_format(repo):
    for path in case_files(repo):
        head = path.read_text(encoding="utf-8").splitlines()[:12]
        assert head[0] == "# yaml-language-server: $schema=../schema/cases.schema.json", path.name
        assert sum(line.startswith("#") for line in head) >= 6, path.name


# ---------------------------------------------------------------- a changed threshold fails


def test_one_changed_threshold_fails_with_the_case_file_line_and_what_differed(run, pack_with_cases):
    pack_with_cases.edit("rules/needs.yaml", "count: 3", "count: 4")
    levels = pack_with_cases.path("cases/levels.yaml")
    line = line_of(levels, "- name: Three needs across two areas of family life")
    code, out, err = run("test", "--pack", str(pack_with_cases.root))
    assert (code, err) == (1, "")
    failures = out.splitlines()[:-1]
    expected = (
        f"{levels}:{line}: case 'Three needs across two areas of family life call for multi-agency help "
        "(level 3)': expected level 3, got level 2 (by rules indicator:conduct_problems, "
        "indicator:school_absence, indicator:housing_problems)"
    )
    assert expected in failures
    assert out.splitlines()[-1].endswith(f"passed, {len(failures)} failed")
    assert all(f.startswith(str(pack_with_cases.root / "cases")) for f in failures)


def test_a_changed_indicator_level_names_the_programme_that_was_not_offered(run, pack_with_cases):
    indicators = "rules/indicators.yaml"
    at = pack_with_cases.line_of(indicators, "- code: conduct_problems")
    text = pack_with_cases.path(indicators).read_text(encoding="utf-8").splitlines()
    level_line = next(i for i in range(at, at + 10) if text[i].strip() == "level: 2")
    text[level_line] = text[level_line].replace("level: 2", "level: 4")
    pack_with_cases.path(indicators).write_text("\n".join(text) + "\n", encoding="utf-8")
    code, out, _ = run("test", "--pack", str(pack_with_cases.root), "--backend", "reference")
    assert code == 1
    assert "expected level 2, got level 4 (by rule indicator:conduct_problems)" in out
    assert "C3 was not offered incredible-years-preschool" in out  # programmes stop at level 3
    assert "expected lead school, got lead social_worker (by rule lead-social-worker-level-4)" in out


def test_a_failure_names_each_kind_of_difference(run, pack_copy):
    path = write_cases(
        pack_copy.root,
        """\
        cases:
          - name: everything wrong
            members: |
              id | role  | age | indicators
              C1 | child | 9   | conduct_problems
            expect:
              level: [3, 4]
              escalate: true
              lead: null
              offered: {C1: [safecare]}
              not_offered: {C1: [solihull-approach]}
              warnings: [no such warning]
          - name: offered nothing
            members: [{id: C1, role: child, age: 9, indicators: [conduct_problems]}]
            expect: {escalate: false, offered_nothing: [C1]}
        """,
    )
    code, out, _ = run("test", "--pack", str(pack_copy.root))
    assert code == 1
    first, second, summary = out.splitlines()
    assert first == (
        f"{path}:2: case 'everything wrong': expected level 3 or 4, got level 2 (by rule "
        "indicator:conduct_problems); expected a safeguarding escalation, got none; expected no lead "
        "professional, got lead school (by rule lead-baton-school-age); C1 was not offered safecare; "
        "C1 was offered solihull-approach; no warning says 'no such warning'"
    )
    assert second.startswith(f"{path}:13: case 'offered nothing': C1 was offered ")
    assert second.endswith("(expected nothing)")
    assert summary == "2 cases: 0 passed, 2 failed"


def test_named_files_run_instead_of_the_packs_cases(run, repo, tmp_path):
    mine = write_cases(
        tmp_path,
        """\
        date: 2027-02-28
        cases:
          - name: born on 29 February
            members: |
              | id | role  | date_of_birth | indicators       |
              |----|-------|---------------|------------------|
              | C1 | child | 2020-02-29    | conduct_problems |
            expect: {offered: {C1: [incredible-years-school-age]}, not_offered: {C1: [incredible-years-preschool]}}
        """,
    )
    assert run("test", str(mine)) == (0, "1 case: 1 passed\n", "")


def test_a_pack_without_cases_says_so_and_exits_0(run, pack_copy):
    code, out, err = run("test", "--pack", str(pack_copy.root))
    assert (code, err) == (0, "")
    assert out.startswith("0 cases: ") and "holds no case files" in out


def test_a_pack_that_fails_check_is_refused_before_any_case_runs(run, pack_with_cases):
    pack_with_cases.edit("rules/safeguarding.yaml", "min: 4", "min: 5")
    code, out, err = run("test", "--pack", str(pack_with_cases.root))
    assert (code, out) == (2, "")
    assert "safeguarding.yaml" in err


# ---------------------------------------------------------------- broken case files


def refused(run, pack_root: Path) -> list[str]:
    code, out, err = run("test", "--pack", str(pack_root))
    assert (code, out) == (2, ""), err
    assert "Traceback" not in err
    return err.splitlines()


def test_a_broken_case_file_is_refused_with_every_problem_at_its_line(run, pack_copy):
    path = write_cases(
        pack_copy.root,
        """\
        cases:
          - name: a misspelt column
            members: |
              id | role  | agee | indicators
              C1 | child | 3    | conduct_problems
            expect: {level: 2}
          - name: bad rows
            members: |
              id | role   | age | indicators
              C1 | child  | 3   | conduct_problems
              P1 | parent | 28  | parenting_difficulty | extra
            expect: {level: 5, offered: {C2: [paths], C1: [pahts]}}
          - name: a misspelt indicator
            members:
              - {id: C1, role: child, age: 3, indicators: [depresion]}
            family: {indicators: [neglect]}
            expect: {}
          - name: no members
            members: []
            expect: {lead: schol}
            surname: Smith
        """,
    )
    assert refused(run, pack_copy.root) == [
        f"{path}:4: cases[0].members: unknown column 'agee' (did you mean 'age'?)",
        f"{path}:11: cases[1].members[1]: this row has 5 cells; the header has 4",
        f"{path}:12: cases[1].expect.level: a level is 1, 2, 3 or 4, not 5",
        f"{path}:15: cases[2].members[0].indicators: unknown indicator 'depresion' (did you mean "
        "'depression_anxiety'?)",
        f"{path}:16: cases[2].family.indicators: 'neglect' applies to a child, not to the family as a whole",
        f"{path}:17: cases[2].expect: say what the decision must show: level, escalate, lead, offered, "
        "not_offered, offered_nothing, first, warnings, title, urgency, sf_eligible or direction",
        f"{path}:19: cases[3].members: give the members as a table (a header row, then one row per member) "
        "or as a list",
        f"{path}:20: cases[3].expect.lead: unknown role 'schol' (did you mean 'school'?); roles: midwife, "
        "family_nurse, health_visitor, school_nurse, school, early_help_practitioner, youth_justice_worker, "
        "social_worker, camhs_practitioner, gp",
        f"{path}:21: cases[3].surname: unknown field (did you mean 'name'?)",
    ]


def test_expectations_about_unknown_members_or_programmes_are_refused(run, pack_copy):
    path = write_cases(
        pack_copy.root,
        """\
        cases:
          - name: unknown names
            members: |
              id | role  | age | indicators
              C1 | child | 3   | conduct_problems
            expect:
              offered: {C2: [safecare], C1: [pahts, solihull-approach]}
              not_offered: {C1: [solihull-approach]}
              offered_nothing: [C1]
        """,
    )
    assert refused(run, pack_copy.root) == [
        f"{path}:7: cases[0].expect.offered.C1[0]: unknown programme 'pahts' (did you mean 'paths'?)",
        f"{path}:7: cases[0].expect.offered.C2: no member 'C2' in this case (members: C1)",
        f"{path}:8: cases[0].expect.not_offered.C1: solihull-approach also expected to be offered to C1",
        f"{path}:9: cases[0].expect.offered_nothing[0]: C1 is also expected to be offered programmes",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: [\n", "not valid YAML or JSON"),
        ("cases:\n  - name: a\n    name: b\n", "cases[0].name: duplicate key 'name' (first at line 2)"),
        ("cases: []\n", "cases: must list at least one case"),
        ("date: 1763596800\ncases: [{name: a, members: [], expect: {}}]\n", "date: write the date as YYYY-MM-DD"),
        ("- name: a list, not a file of cases\n", "expected a mapping of fields"),
        ("cases:\n  - !!python/object:os.system x\n", "YAML tag '!!python/object:os.system' is not accepted"),
    ],
    ids=["yaml", "duplicate key", "no cases", "number date", "not a mapping", "tag"],
)
def test_unreadable_case_files_are_refused_by_file_and_line(run, pack_copy, text, message):
    path = pack_copy.root / "cases" / "broken.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    (problem,) = refused(run, pack_copy.root)
    assert problem.startswith(f"{path}:") and message in problem


def test_the_referral_date_is_given_once_and_reaches_the_family(pack_copy):
    path = write_cases(
        pack_copy.root,
        """\
        date: 2027-01-05
        cases:
          - name: the file's date
            members: [{id: C1, role: child, date_of_birth: 2024-01-05}]
            expect: {level: 1}
          - name: its own date
            date: 2027-01-04
            members: [{id: C1, role: child, date_of_birth: 2024-01-05}]
            expect: {level: 1}
          - name: a full profile
            referral: {id: R-1, date: 2027-01-03, consent: true}
            members: [{id: C1, role: child, date_of_birth: 2024-01-05}]
            expect: {level: 1}
        """,
    )
    cases = read_cases([path], _pack())
    assert [(c.family.as_of.isoformat(), c.family.members[0].age) for c in cases] == [
        ("2027-01-05", 3),
        ("2027-01-04", 2),
        ("2027-01-03", 2),
    ]
    assert cases[2].family.referral_id == "R-1" and cases[2].family.consent is True
    path.write_text(
        path.read_text(encoding="utf-8").replace("referral: {id: R-1,", "date: 2027-01-01\n    referral: {id: R-1,"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_cases([path], _pack())
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:11: cases[2].date: give the referral date once: as date or as referral.date"
    ]


def test_a_date_of_birth_after_the_referral_date_is_refused_at_the_table_row(pack_copy):
    path = write_cases(
        pack_copy.root,
        """\
        cases:
          - name: born tomorrow
            date: 2026-11-20
            members: |
              id | role   | date_of_birth | indicators
              P1 | parent | 1990-01-01    |
              C1 | child  | 2026-11-21    |
            expect: {level: 1}
        """,
    )
    with pytest.raises(InputError) as caught:
        read_cases([path], _pack())
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:7: cases[0].members[1].date_of_birth: 2026-11-21 is after the referral date 2026-11-20",
    ]
