"""Profile validation (contract section 2): each refusal names the line and field, and ages are right."""

from __future__ import annotations

import calendar
import datetime as dt
import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.profile import age_on

BASE = """\
referral:
  id: R-2026-0001
  date: 2026-11-20
  source: school
members:
  - id: C1
    role: child
    date_of_birth: 2019-05-02
    indicators: [conduct_problems]
  - id: P1
    role: parent
    age: 34
    indicators:
      - depression_anxiety
      - alcohol_misuse
family:
  indicators: [housing_problems]
  domestic_abuse_risk: 2
  involved: [school]
"""


def changed(line: int, text: str) -> str:
    """BASE with one line replaced (or, one past the end, added)."""
    lines = BASE.splitlines()
    lines[line - 1 : line] = [text]
    return "\n".join(lines) + "\n"


# (case, line changed, its new text, line reported, field, words the message must hold)
REFUSALS = [
    ("birth after referral", 8, "    date_of_birth: 2026-11-21", 8, "members[0].date_of_birth", ["after the referral"]),
    ("negative age", 12, "    age: -1", 12, "members[1].age", ["0"]),
    ("age over 120", 12, "    age: 121", 12, "members[1].age", ["120"]),
    ("born over 120 years ago", 8, "    date_of_birth: 1905-11-19", 8, "members[0].date_of_birth", ["121", "120"]),
    ("unknown role", 11, "    role: uncle", 11, "members[1].role", ["'uncle'", "other_adult"]),
    (
        "unknown indicator",
        14,
        "      - depresion",
        14,
        "members[1].indicators",
        ["unknown indicator 'depresion'", "(did you mean 'depression_anxiety'?)"],
    ),
    ("child indicator on an adult", 15, "      - school_absence", 15, "members[1].indicators", ["school_absence"]),
    ("adult indicator on a child", 9, "    indicators: [depression_anxiety]", 9, "members[0].indicators", ["adult"]),
    ("family indicator on a member", 9, "    indicators: [domestic_abuse]", 9, "members[0].indicators", ["family"]),
    ("member indicator on the family", 17, "  indicators: [neglect]", 17, "family.indicators", ["neglect"]),
    ("duplicate member id", 10, "  - id: C1", 10, "members[1].id", ["duplicate", "'C1'"]),
    ("parent aged 8", 12, "    age: 8", 12, "members[1].age", ["parent", "10"]),
    ("gestation without pregnancy", 15, "    gestation_weeks: 12", 15, "members[1].gestation_weeks", ["pregnant"]),
    ("domestic abuse grade 0", 18, "  domestic_abuse_risk: 0", 18, "family.domestic_abuse_risk", ["1"]),
    ("domestic abuse grade 5", 18, "  domestic_abuse_risk: 5", 18, "family.domestic_abuse_risk", ["4"]),
    (
        "domestic abuse grade yes",
        18,
        "  domestic_abuse_risk: yes",
        18,
        "family.domestic_abuse_risk",
        ["whole number", "'yes'"],
    ),
    ("age given as true", 12, "    age: true", 12, "members[1].age", ["whole number", "true"]),
    ("unknown referral field", 4, "  name: Jane Smith", 4, "referral.name", ["unknown field"]),
    ("unknown member field", 15, "    nhs_number: 4857773456", 15, "members[1].nhs_number", ["unknown field"]),
    ("unknown family field", 19, "  address: 1 High Street", 19, "family.address", ["unknown field"]),
    ("unknown top-level field", 20, "school: St Mary's", 20, "school", ["unknown field"]),
    ("unknown lead role", 19, "  involved: [teacher]", 19, "family.involved[0]", ["'teacher'", "school"]),
    ("date not a date", 3, "  date: 20/11/2026", 3, "referral.date", ["date"]),
    ("both birth date and age", 9, "    age: 7", 6, "members[0]", ["one of date_of_birth or age"]),
]


def test_the_base_profile_is_valid(read_family):
    family = read_family(BASE)
    assert [(p.id, p.age, p.is_child) for p in family.members] == [("C1", 7, True), ("P1", 34, False)]
    assert family.domestic_abuse_risk == 2 and family.involved == ("school",)


@pytest.mark.parametrize(
    ("line", "text", "at", "field", "words"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS]
)
def test_each_refusal_names_file_line_field_and_what_was_expected(line, text, at, field, words, refusal):
    [problem] = refusal(changed(line, text))
    prefix = f"family.yaml:{at}: {field}: "
    assert problem.startswith(prefix), problem
    for word in words:
        assert word in problem.removeprefix(prefix), problem


@pytest.mark.parametrize(
    ("edits", "reported"),
    [
        ({14: "      - depresion", 10: "  - id: C1"}, [(10, "members[1].id"), (14, "members[1].indicators")]),
        (
            {7: "    role: kid", 18: "  domestic_abuse_risk: 5"},
            [(7, "members[0].role"), (18, "family.domestic_abuse_risk")],
        ),
    ],
    ids=["vocabulary", "schema"],
)
def test_problems_found_together_are_reported_together_in_line_order(edits, reported, refusal):
    lines = BASE.splitlines()
    for line, text in edits.items():
        lines[line - 1] = text
    problems = refusal("\n".join(lines) + "\n")
    assert [tuple(p.split(": ")[:2]) for p in problems] == [(f"family.yaml:{n}", f) for n, f in reported]


@pytest.mark.parametrize(
    "member",
    [
        "{id: P1, role: parent, age: 30}",
        "{id: P1, role: parent, age: 30, pregnant: false}",
        "{id: Y1, role: child, age: 18}",
        "{id: Y1, role: child, date_of_birth: 2008-11-20}",
    ],
)
def test_a_family_needs_a_child_or_a_pregnant_adult(member, refusal):
    [problem] = refusal(f"referral: {{id: R-1, date: 2026-11-20}}\nmembers:\n  - {member}\n")
    assert problem.startswith("family.yaml:2: members: "), problem
    assert "child" in problem and "pregnant" in problem


def test_a_pregnant_adult_alone_is_a_family(read_family):
    family = read_family(
        "referral: {id: R-1, date: 2026-11-20}\nmembers:\n  - {id: M1, role: parent, age: 22, pregnant: true}\n"
    )
    assert family.members[0].pregnant and not family.children


def test_a_member_aged_18_is_an_adult_whatever_the_role_says(refusal):
    text = "referral: {id: R-1, date: 2026-11-20}\nmembers:\n  - {id: C0, role: child, age: 5}\n"
    text += "  - {id: C1, role: child, date_of_birth: 2008-11-20, indicators: [school_absence]}\n"
    [problem] = refusal(text)
    assert problem.startswith("family.yaml:4: members[1].indicators: "), problem
    assert "school_absence" in problem and "adult" in problem


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ("2019-05-02", "2026-05-01", 6),
        ("2019-05-02", "2026-05-02", 7),
        ("2008-11-21", "2026-11-20", 17),
        ("2008-11-20", "2026-11-20", 18),
        ("2020-02-29", "2021-02-27", 0),
        ("2020-02-29", "2021-02-28", 1),
        ("2020-02-29", "2024-02-28", 3),
        ("2020-02-29", "2024-02-29", 4),
        ("2008-02-29", "2026-02-28", 18),
        ("2008-02-29", "2026-02-27", 17),
        ("2000-02-29", "2100-02-28", 100),
        ("2026-11-20", "2026-11-20", 0),
    ],
)
def test_age_in_whole_years_with_29_february_birthdays_on_28_february(born, on, age):
    assert age_on(dt.date.fromisoformat(born), dt.date.fromisoformat(on)) == age


def _birthdays_passed(born: dt.date, on: dt.date) -> int:
    def birthday(year: int) -> dt.date:
        leapling = (born.month, born.day) == (2, 29) and not calendar.isleap(year)
        return dt.date(year, born.month, 28 if leapling else born.day)

    return sum(1 for year in range(born.year + 1, on.year + 1) if birthday(year) <= on)


@settings(max_examples=300, deadline=None, database=None)
@given(born=st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)), days=st.integers(0, 125 * 366))
def test_age_is_the_number_of_birthdays_passed(born, days):
    on = born + dt.timedelta(days=days)
    assert age_on(born, on) == _birthdays_passed(born, on)


def test_a_29_february_child_turns_18_on_28_february_in_a_profile(read_family, refusal):
    text = "referral: {{id: R-1, date: {on}}}\nmembers:\n  - {{id: C1, role: child, date_of_birth: 2008-02-29}}\n"
    assert read_family(text.format(on="2026-02-27")).members[0].age == 17
    [problem] = refusal(text.format(on="2026-02-28"))
    assert "members" in problem


def test_json_and_yaml_profiles_are_read_alike(read_family):
    as_json = json.dumps(yaml.safe_load(BASE), default=str, indent=2)
    assert read_family(as_json, "family.json") == read_family(BASE)


def test_json_refusals_point_at_the_line(refusal):
    data = yaml.safe_load(changed(14, "      - depresion"))
    text = json.dumps(data, default=str, indent=2)
    line = text.splitlines().index('        "depresion",') + 1
    [problem] = refusal(text, "family.json")
    assert problem.startswith(f"family.json:{line}: members[1].indicators: unknown indicator 'depresion'"), problem
