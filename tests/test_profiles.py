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
    ("parent aged 0", 12, "    age: 0", 12, "members[1].age", ["a parent aged 0 is not possible", "10 or over"]),
    ("age with a leading zero", 12, "    age: 034", 12, "members[1].age", ["without leading zeros", "'034'"]),
    ("age in octal", 12, "    age: 0o42", 12, "members[1].age", ["whole number", "'0o42'"]),
    ("consent yes", 4, "  consent: yes", 4, "referral.consent", ["true or false", "'yes'"]),
    ("consent 1", 4, "  consent: 1", 4, "referral.consent", ["true or false", "the number 1"]),
    ("referral date with a time", 3, "  date: 2026-11-20 09:30:00", 3, "referral.date", ["without a time of day"]),
    ("referral date with a T time", 3, "  date: 2026-11-20T09:30:00Z", 3, "referral.date", ["without a time of day"]),
    ("birth date with a time", 8, "    date_of_birth: 2019-05-02 10:00", 8, "members[0].date_of_birth", ["time"]),
    ("referral date as a number", 3, "  date: 1763596800", 3, "referral.date", ["not as the number 1763596800"]),
    ("birth date as 0", 8, "    date_of_birth: 0", 8, "members[0].date_of_birth", ["not as the number 0"]),
    ("a date not in the calendar", 3, "  date: 2026-02-29", 3, "referral.date", ["2026-02-29 is not a date"]),
    ("an escape code in an id", 6, '  - id: "C1\\e[2J"', 6, "members[0].id", ["control character (U+001B)"]),
    ("a line break in an id", 2, '  id: "R-1\\nLEVEL OF NEED: 1"', 2, "referral.id", ["line break (U+000A)"]),
    ("a right-to-left override", 10, '  - id: "P\\u202e1"', 10, "members[1].id", ["U+202E"]),
    ("a blank id", 6, '  - id: "  "', 6, "members[0].id", ["must not be blank"]),
    ("a capitalised unknown key", 4, "  Source: school", 4, "referral.Source", ["unknown field", "'source'"]),
    ("a misspelt key", 8, "    date_of_brith: 2019-05-02", 8, "members[0].date_of_brith", ["'date_of_birth'?"]),
    ("an empty role", 7, "    role:", 7, "members[0].role", ["nothing (an empty value)", "'child'"]),
    ("a misspelt role", 7, "    role: chlid", 7, "members[0].role", ["(did you mean 'child'?)"]),
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
        (
            {7: "    role: kid", 14: "      - depresion", 17: "  indicators: [housing_problem]"},
            [(7, "members[0].role"), (14, "members[1].indicators"), (17, "family.indicators")],
        ),
        (
            {3: "  date: tomorrow", 9: "    indicators: [conduct_problem]", 15: "      - school_absence"},
            [(3, "referral.date"), (9, "members[0].indicators"), (15, "members[1].indicators")],
        ),
    ],
    ids=["vocabulary", "schema", "schema and vocabulary in one round", "no referral date"],
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


def test_a_crafted_id_cannot_draw_on_the_terminal(engine):
    """Ids are refused with control characters; should one reach the summary, it is printed escaped."""
    from engine.decide import decide
    from engine.present.text import render_text
    from engine.profile import Family, Person

    child = Person("C1\x1b[31m", 9, True, False, False, None, frozenset({"neglect"}))
    family = Family(
        "R-1\n\nLEVEL OF NEED: 1 - Universal\x1b[2K", dt.date(2026, 11, 20), None, (child,), frozenset(), None, (), None
    )
    text = render_text(decide(family, engine.pack, engine.reference))
    assert "\x1b" not in text
    assert "\\x1b[31m" in text and "\\x0a\\x0aLEVEL OF NEED: 1" in text
    assert [line for line in text.splitlines() if line.startswith("LEVEL OF NEED")] == [
        line for line in text.splitlines() if line.startswith("LEVEL OF NEED: 4")
    ]


def test_a_problem_prints_control_characters_escaped():
    from engine.errors import Problem

    problem = Problem("family.yaml", 3, "members[0].\x1b[2J", "unknown field \u202e")
    assert str(problem) == "family.yaml:3: members[0].\\x1b[2J: unknown field \\u202e"


def test_numbers_written_as_ids_are_text(read_family):
    family = read_family("referral: {id: 2026001, date: 2026-11-20}\nmembers:\n  - {id: 007, role: child, age: 3}\n")
    assert family.referral_id == "2026001"
    assert family.members[0].id == "007"  # as written: never read as an octal 7


def test_a_json_profile_is_refused_for_its_problem_whatever_else_it_holds(refusal):
    """JSON is read again as YAML for line numbers: tabs and escaped emoji must not get in the way."""
    text = '{\n\t"referral": {"id": "R-1", "date": "2026-11-20", "source": "school \\ud83c\\udfeb"},\n'
    text += '\t"members": [{"id": "C1", "role": "child", "age": 4, "indicators": ["neglet"]}]\n}\n'
    assert refusal(text, "family.json") == [
        "family.json:3: members[0].indicators: unknown indicator 'neglet' (did you mean 'neglect'?)"
    ]
