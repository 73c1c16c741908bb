"""Profiles that cannot be decided on are refused by `continuum triage`.

A profile that is unreadable, unsafe or inconsistent ends with exit code 2, nothing on standard
output, no program error, and one line per problem on standard error naming the file, the line
where it can be known, the field and what was expected. (These checks were once Gherkin in
features/refusals.feature; the features now hold only policy.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest

from engine.cli import main

NAME = "family.yaml"


@dataclass(frozen=True)
class Case:
    id: str
    profile: str | bytes
    line: int | None = None  # None: the message need not give a line
    field: str | None = None
    says: tuple[str, ...] = ()
    any_line: bool = False  # the message gives some line number


def yaml(text: str) -> str:
    return dedent(text).lstrip("\n")


CASES = [
    Case(
        "not valid YAML",
        yaml("""
            referral:
              id: R-BAD-YAML
              date: 2026-11-20
            members:
              - {id: C1, role: child, age: 4
              - {id: C2, role: child, age: 7}
            """),
        any_line=True,
        says=("not valid YAML or JSON",),
    ),
    Case(
        "a field given twice",
        yaml("""
            referral:
              id: R-BAD-DUPLICATE-KEY
              date: 2026-11-20
              id: R-BAD-OTHER
            members:
              - id: C1
                role: child
                age: 4
            """),
        line=4,
        field="referral.id",
        says=("duplicate key 'id' (first at line 2)",),
    ),
    Case(
        "program code",
        yaml("""
            referral:
              id: !!python/object/apply:os.system ["echo unsafe"]
              date: 2026-11-20
            members:
              - id: C1
                role: child
                age: 4
            """),
        line=2,
        field="referral.id",
        says=("is not accepted",),
    ),
    Case(
        "a field the format does not have",
        yaml("""
            referral:
              id: R-BAD-FIELD
              date: 2026-11-20
            members:
              - id: C1
                role: child
                age: 4
                school: St Mary's
            """),
        line=8,
        field="members[0].school",
        says=("unknown field",),
    ),
    Case(
        "a date that does not exist",
        yaml("""
            referral:
              id: R-BAD-DATE
              date: 2026-11-20
            members:
              - id: C1
                role: child
                date_of_birth: 2026-02-30
            """),
        line=7,
        field="members[0].date_of_birth",
        says=("2026-02-30",),
    ),
    Case(
        "born after the referral date",
        yaml("""
            referral:
              id: R-BAD-UNBORN
              date: 2026-11-20
            members:
              - id: C1
                role: child
                date_of_birth: 2026-11-21
            """),
        line=7,
        field="members[0].date_of_birth",
        says=("after the referral date",),
    ),
    *(
        Case(
            f"age {age}",
            yaml(f"""
                referral:
                  id: R-BAD-AGE
                  date: 2026-11-20
                members:
                  - id: C1
                    role: child
                    age: 4
                  - id: P1
                    role: parent
                    age: {age}
                """),
            line=10,
            field="members[1].age",
            says=(expected,),
        )
        for age, expected in [(-1, "greater than or equal to 0"), (121, "less than or equal to 120")]
    ),
    Case(
        "a date of birth over 120 years ago",
        yaml("""
            referral:
              id: R-BAD-OLD
              date: 2026-11-20
            members:
              - id: C1
                role: child
                age: 4
              - id: P1
                role: other_adult
                date_of_birth: 1905-06-01
            """),
        line=10,
        field="members[1].date_of_birth",
        says=("120",),
    ),
    # An age is a whole number of years and a domestic abuse grade a number from 1 to 4: a "yes"
    # or "true" in their place is a mistake to correct, not a grade or an age of 1.
    *(
        Case(
            f"{field} given as yes or true",
            yaml(f"""
                referral:
                  id: R-BAD-BOOLEAN
                  date: 2026-11-20
                members:
                  - id: C1
                    role: child
                    age: {age}
                family:
                  indicators: [domestic_abuse]
                  domestic_abuse_risk: {grade}
                """),
            line=line,
            field=field,
        )
        for age, grade, line, field in [
            ("true", "2", 7, "members[0].age"),
            ("8", "yes", 10, "family.domestic_abuse_risk"),
        ]
    ),
    Case(
        "an unknown role",
        yaml("""
            referral:
              id: R-BAD-ROLE
              date: 2026-11-20
            members:
              - id: C1
                role: grandchild
                age: 4
            """),
        line=6,
        field="members[0].role",
        says=("'grandchild'",),
    ),
    Case(
        "a misspelt indicator",
        yaml("""
            referral:
              id: R-BAD-INDICATOR
              date: 2026-11-20
            members:
              - id: C1
                role: child
                age: 4
              - id: P1
                role: parent
                age: 30
                indicators: [depresion]
            """),
        line=11,
        field="members[1].indicators",
        says=("unknown indicator 'depresion' (did you mean 'depression_anxiety'?)",),
    ),
    # An adult's need cannot be recorded on a child, a child's need on an adult, and needs of the
    # whole family belong under family, not on one member.
    *(
        Case(
            f"{code} on the wrong member",
            yaml(f"""
                referral:
                  id: R-BAD-HOLDER
                  date: 2026-11-20
                members:
                  - id: C1
                    role: child
                    age: 9
                    indicators: [{child}]
                  - id: P1
                    role: parent
                    age: 35
                    indicators: [{parent}]
                family:
                  indicators: [{family}]
                """),
            line=line,
            field=field,
            says=(message,),
        )
        for code, child, parent, family, line, field, message in [
            (
                "depression_anxiety",
                "depression_anxiety",
                "",
                "",
                8,
                "members[0].indicators",
                "'depression_anxiety' applies to an adult, not to a child",
            ),
            (
                "neglect",
                "",
                "neglect",
                "",
                12,
                "members[1].indicators",
                "'neglect' applies to a child, not to an adult",
            ),
            (
                "housing_problems",
                "housing_problems",
                "",
                "",
                8,
                "members[0].indicators",
                "'housing_problems' applies to the family as a whole, not to a child",
            ),
            (
                "conduct_problems",
                "",
                "",
                "conduct_problems",
                14,
                "family.indicators",
                "'conduct_problems' applies to a child, not to the family as a whole",
            ),
        ]
    ),
    Case(
        "a child's need on a young person who is 18 on the referral date",
        yaml("""
            referral:
              id: R-CG158-18
              date: 2026-11-20
            members:
              - id: C1
                role: child
                date_of_birth: 2008-11-20
                indicators: [conduct_disorder]
              - id: C2
                role: child
                age: 9
            """),
        line=8,
        field="members[0].indicators",
        says=("'conduct_disorder' applies to a child, not to an adult",),
    ),
    Case(
        "two members with the same id",
        yaml("""
            referral:
              id: R-BAD-IDS
              date: 2026-11-20
            members:
              - id: C1
                role: child
                age: 4
              - id: C1
                role: child
                age: 7
            """),
        line=8,
        field="members[1].id",
        says=("duplicate member id 'C1'",),
    ),
    *(
        Case(
            f"domestic abuse grade {grade}",
            yaml(f"""
                referral:
                  id: R-BAD-GRADE
                  date: 2026-11-20
                members:
                  - id: C1
                    role: child
                    age: 4
                family:
                  indicators: [domestic_abuse]
                  domestic_abuse_risk: {grade}
                """),
            line=10,
            field="family.domestic_abuse_risk",
            says=says,
        )
        for grade, says in [(5, ("less than or equal to 4",)), (0, ())]
    ),
    *(
        Case(
            f"a review: {what}",
            yaml(f"""
                referral:
                  id: R-BAD-REVIEW
                  date: 2026-11-20
                  type: {kind}
                {current}
                members:
                  - id: C1
                    role: child
                    age: 4
                """),
            line=line,
            field=field,
            says=(says,),
        )
        for what, kind, current, line, field, says in [
            ("no current help", "review", "", 4, "current", "required when referral.type is review"),
            ("an unknown type", "reveiw", "", 4, "referral.type", "(did you mean 'review'?)"),
            *(
                (f"current {why}", "review", f"current: {{{now}}}", 5, f"current.{key}", says)
                for why, now, key, says in [
                    (
                        "since after the referral",
                        "level: 3, lead: school, since: 2026-11-21",
                        "since",
                        "after the referral date 2026-11-20",
                    ),
                    (
                        "since as a number",
                        "level: 3, lead: school, since: 1763596800",
                        "since",
                        "not as the number 1763596800",
                    ),
                    (
                        "with an unknown lead",
                        "level: 3, lead: shcool, since: 2026-01-05",
                        "lead",
                        "(did you mean 'school'?)",
                    ),
                    ("without its lead", "level: 2, since: 2026-01-05", "lead", "required field is missing"),
                    ("above level 4", "level: 5, lead: null, since: 2026-01-05", "level", "less than or equal to 4"),
                    ("below level 1", "level: 0, lead: null, since: 2026-01-05", "level", "greater than or equal to 1"),
                    ("with a level in words", "level: three, lead: null, since: 2026-01-05", "level", "whole number"),
                ]
            ),
        ]
    ),
    Case("an empty file", b"", says=("empty",)),
    Case(
        "a binary file",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\xff\xfe",
        says=("binary",),
    ),
    Case(
        "adults with no child and no pregnancy",
        yaml("""
            referral:
              id: R-BAD-NO-CHILD
              date: 2026-11-20
            members:
              - id: P1
                role: parent
                age: 30
                indicators: [depression_anxiety]
              - id: P2
                role: carer
                age: 32
                pregnant: false
            """),
        line=4,
        field="members",
        says=("neither a child",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_profile_that_cannot_be_decided_on_is_refused(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = case.profile if isinstance(case.profile, bytes) else case.profile.encode("utf-8")
    (tmp_path / NAME).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    try:
        code = main(["triage", NAME, "--json"])
    except (Exception, SystemExit) as exc:
        pytest.fail(f"continuum crashed instead of refusing: {exc!r}")
    out, err = capsys.readouterr()

    assert code == 2, f"exit code {code}; stderr: {err!r}"
    assert out == "", f"standard output: {out!r}"
    assert err.strip(), "no message on standard error"
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert all(line.startswith(f"{NAME}:") for line in lines), f"every line must name the file: {err!r}"
    if case.line is not None or case.any_line:
        line = str(case.line) if case.line is not None else "[0-9]+"
        assert re.search(rf"^{re.escape(NAME)}:{line}: ", err, re.MULTILINE), f"no line {line}: {err!r}"
    if case.field is not None:
        assert re.search(rf"^\S+: {re.escape(case.field)}: ", err, re.MULTILINE), f"no field {case.field}: {err!r}"
    for text in case.says:
        assert text in err, f"{text!r} not in {err!r}"
