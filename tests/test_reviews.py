"""Reviews (contract sections 2 and 3): `current` in a profile, and the decision's `change`.

A profile may say what help the family has now; the decision compares it with what the rules
suggest: the direction, reasons naming the family's levels and leads, a warning asking for a
named contact at every step down and for a planned handover when the lead changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cli import main
from engine.contract import ROLES
from engine.profile import CurrentHelp

REVIEW = """\
referral: {{id: R-REVIEW, date: 2026-11-20, consent: true, type: review}}
current: {{level: {level}, lead: {lead}, since: 2026-03-01}}
members:
  - {{id: C1, role: child, age: {age}, indicators: [{needs}]}}
  - {{id: P1, role: parent, age: 35}}
family: {{involved: [{involved}]}}
"""


def review(level: int, lead: str, needs: str, involved: str = "school", age: int = 8) -> str:
    return REVIEW.format(level=level, lead=lead, needs=needs, involved=involved, age=age)


@pytest.fixture
def decided(engine, read_family):
    """Profile text -> the decision object, as `continuum triage --json` prints it."""
    return lambda text: engine.decide(read_family(text))


def rules_of(change: dict) -> list[str]:
    return [r["rule"] for r in change["reasons"]]


# ---------------------------------------------------------------- reading `current`


def test_a_review_reaches_the_family_with_its_current_help(read_family):
    family = read_family(review(3, "early_help_practitioner", "conduct_problems"))
    assert family.referral_type == "review"
    assert family.current == CurrentHelp(3, "early_help_practitioner", dt.date(2026, 3, 1))


def test_current_help_is_allowed_on_a_new_referral_and_a_null_lead(read_family):
    text = review(1, "null", "conduct_problems").replace(", type: review", "")
    family = read_family(text)
    assert family.referral_type == "new"
    assert family.current == CurrentHelp(1, None, dt.date(2026, 3, 1))


def test_current_help_since_the_referral_date_itself_is_allowed(read_family):
    family = read_family(review(2, "school", "conduct_problems").replace("since: 2026-03-01", "since: 2026-11-20"))
    assert family.current is not None and family.current.since == family.as_of


def test_every_problem_with_a_review_is_reported_in_one_round(refusal):
    text = review(7, "shcool", "conduct_problms").replace("2026-03-01", "2027-01-01")
    problems = refusal(text)
    assert [p.split(": ")[:2] for p in problems] == [
        ["family.yaml:2", "current.lead"],
        ["family.yaml:2", "current.level"],
        ["family.yaml:4", "members[0].indicators"],
    ]
    # once the schema is satisfied, the date is checked with the vocabulary
    problems = refusal(review(3, "school", "conduct_problms").replace("2026-03-01", "2027-01-01"))
    assert problems == [
        "family.yaml:2: current.since: 2027-01-01 is after the referral date 2026-11-20",
        "family.yaml:4: members[0].indicators: unknown indicator 'conduct_problms' (did you mean 'conduct_problems'?)",
    ]


def test_a_review_without_current_is_refused_beside_other_schema_problems(refusal):
    text = "referral: {id: R-1, date: 2026-11-20, type: review}\nmembers:\n  - {id: C1, role: chld, age: 4}\n"
    assert refusal(text) == [
        "family.yaml:1: current: required when referral.type is review: the help the family has now "
        "(level, lead and since)",
        "family.yaml:3: members[0].role: expected one of 'child', 'parent', 'carer' or 'other_adult', "
        "got the text 'chld' (did you mean 'child'?)",
    ]


def test_a_json_review_is_refused_at_its_line(refusal):
    text = json.dumps(
        {
            "referral": {"id": "R-1", "date": "2026-11-20", "type": "review"},
            "current": {"level": 2, "lead": "school", "since": "2026-12-01"},
            "members": [{"id": "C1", "role": "child", "age": 4}],
        },
        indent=2,
    )
    assert refusal(text, "family.json") == [
        "family.json:10: current.since: 2026-12-01 is after the referral date 2026-11-20"
    ]


# ---------------------------------------------------------------- the decision's change


def test_without_current_the_change_is_null(decided):
    text = review(2, "school", "conduct_problems").replace(", type: review", "").splitlines()
    d = decided("\n".join(line for line in text if not line.startswith("current")) + "\n")
    assert "change" in d and d["change"] is None


def test_a_step_down_names_the_levels_and_leads_and_asks_for_a_named_contact(decided):
    d = decided(review(3, "early_help_practitioner", "conduct_problems"))
    change = d["change"]
    assert (d["level"]["code"], d["lead_professional"]["role"]) == (2, "school")
    assert change["from"] == {"level": 3, "lead": "early_help_practitioner"}
    assert change["to"] == {"level": 2, "lead": "school"}
    assert change["direction"] == "step_down"
    assert rules_of(change) == ["review:step_down", "review:lead_change"]
    first = change["reasons"][0]["text"]
    assert first.startswith("Level 3 → 2: ")
    assert "level 3 (Targeted early help), led by the early help practitioner, since 2026-03-01" in first
    assert "level 2 (Additional needs), led by the school" in first
    assert "one agency" in first  # what level 2 means, from rules/levels.yaml
    assert change["reasons"][0]["source"].startswith("seed 004 ")
    contact = [w for w in d["warnings"] if "contact" in w]
    assert len(contact) == 1 and contact[0].startswith("Level 3 → 2 is a step down.")
    assert "plan" in contact[0] and "progress" in contact[0]


def test_a_lead_change_explains_the_handover_by_the_rule_that_chose_the_new_lead(decided):
    d = decided(review(3, "early_help_practitioner", "conduct_problems"))
    lead_reason = d["lead_professional"]["reasons"][0]
    [handover] = [r for r in d["change"]["reasons"] if r["rule"] == "review:lead_change"]
    assert handover["text"].startswith("The lead passes from the early help practitioner to the school. ")
    assert f"Rule {lead_reason['rule']} suggests the school: {lead_reason['text']}" in handover["text"]
    assert handover["source"].startswith("seed 004 ") and handover["source"].endswith(lead_reason["source"])
    [warning] = [w for w in d["warnings"] if "handover" in w]
    assert warning.startswith("The lead passes from the early help practitioner to the school.")


def test_a_step_down_from_level_4_says_social_care_closes_and_help_goes_on(decided):
    d = decided(review(4, "social_worker", "conduct_problems", "social_worker, school", age=10))
    change = d["change"]
    assert change["direction"] == "step_down" and change["to"]["level"] == 2
    assert rules_of(change) == ["review:step_down", "review:from_social_care", "review:lead_change"]
    closing = change["reasons"][1]["text"]
    assert closing.startswith("Level 4 → 2 (Additional needs): ")
    assert "social care" in closing and "close" in closing
    assert any("contact" in w for w in d["warnings"])


def test_a_step_down_to_level_1_ends_with_no_lead_and_still_a_contact(decided):
    d = decided(review(2, "school", ""))
    change = d["change"]
    assert change["to"] == {"level": 1, "lead": None}
    [handover] = [r for r in change["reasons"] if r["rule"] == "review:lead_change"]
    assert "from the school to no lead professional" in handover["text"]
    assert "Level 1 (Universal) names no lead professional." in handover["text"]
    assert any("contact" in w for w in d["warnings"])


def test_a_step_up_neither_asks_for_a_contact_nor_hands_over_a_lead_that_stays(decided):
    text = review(2, "school", "conduct_problems, school_absence").replace(
        "family: {involved: [school]}", "family: {indicators: [housing_problems], involved: [school]}"
    )
    d = decided(text)
    assert d["change"]["direction"] == "step_up"
    assert d["change"]["to"] == {"level": 3, "lead": "school"}
    assert rules_of(d["change"]) == ["review:step_up"]
    assert d["change"]["reasons"][0]["text"].startswith("Level 2 → 3: ")
    assert not [w for w in d["warnings"] if "contact" in w or "handover" in w]


def test_the_same_help_says_so_and_warns_of_nothing(decided):
    d = decided(review(2, "school", "conduct_problems"))
    assert d["change"]["direction"] == "same"
    assert rules_of(d["change"]) == ["review:same"]
    assert "the rules still suggest level 2" in d["change"]["reasons"][0]["text"]
    assert not [w for w in d["warnings"] if "contact" in w or "handover" in w or "lead now" in w]


def test_no_handover_is_asked_for_when_nobody_leads_now(decided):
    d = decided(review(1, "null", "conduct_problems"))
    assert d["change"]["direction"] == "step_up"
    assert "review:lead_change" in rules_of(d["change"])
    assert not [w for w in d["warnings"] if "handover" in w]


def test_a_current_lead_who_is_not_recorded_as_involved_is_flagged(decided):
    d = decided(review(2, "gp", "conduct_problems"))
    assert any("lead now, the gp, is not among the practitioners recorded as involved" in w for w in d["warnings"])


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_change_always_agrees_with_the_decision(engine, families, data, as_profile, read_family):
    level = data.draw(st.integers(1, 4))
    lead = data.draw(st.sampled_from([None, *ROLES]))
    family = dataclasses.replace(
        data.draw(families), referral_type="review", current=CurrentHelp(level, lead, dt.date(2025, 12, 1))
    )
    assert read_family(as_profile(family)) == family
    d = engine.decide(family)
    assert d == engine.decide(family, "reference")
    change, to = d["change"], d["level"]["code"]
    assert change["from"] == {"level": level, "lead": lead}
    assert change["to"] == {"level": to, "lead": d["lead_professional"]["role"]}
    want = "same" if to == level else ("step_up" if to > level else "step_down")
    assert change["direction"] == want
    assert rules_of(change)[0] == f"review:{want}"
    assert all(r["text"] and r["source"] for r in change["reasons"])
    assert any("contact" in w for w in d["warnings"]) == (want == "step_down")
    assert ("review:from_social_care" in rules_of(change)) == (want == "step_down" and level == 4)
    assert ("review:lead_change" in rules_of(change)) == (lead != d["lead_professional"]["role"])


# ---------------------------------------------------------------- the readable summary


def test_the_readable_summary_shows_the_review(tmp_path, capsys):
    path = tmp_path / "family.yaml"
    path.write_text(review(3, "early_help_practitioner", "conduct_problems"))
    assert main(["triage", str(path)]) == 0
    out = capsys.readouterr().out
    assert "REVIEW: step down, level 3 → 2; lead early help practitioner → school" in out
    assert "[review:step_down; source: seed 004" in out


# ---------------------------------------------------------------- the pack's review words


def check_says(pack_copy, capsys) -> tuple[int, str]:
    code = main(["check", "--pack", str(pack_copy.root)])
    out, err = capsys.readouterr()
    return code, out + err


def test_a_step_down_warning_that_asks_for_no_contact_is_refused(pack_copy, capsys):
    line = pack_copy.edit("rules/reviews.yaml", "one named contact they can call", "someone")
    code, said = check_says(pack_copy, capsys)
    assert code == 1
    assert f"rules/reviews.yaml:{line - 1}: keep_progress.text: must ask for a named contact" in said


def test_review_words_cite_documents_of_the_pack(pack_copy, capsys):
    line = pack_copy.edit("rules/reviews.yaml", "doc: threshold-documents", "doc: threshold-document")
    code, said = check_says(pack_copy, capsys)
    assert code == 1
    assert f"rules/reviews.yaml:{line}: step_up.source[1].doc: unknown document 'threshold-document'" in said


def test_a_pack_without_review_words_is_refused(pack_copy, capsys):
    pack_copy.path("rules/reviews.yaml").unlink()
    code, said = check_says(pack_copy, capsys)
    assert code == 2 and "rules/reviews.yaml: file is missing from the pack" in said


def test_review_words_resting_on_an_unchecked_fact_are_flagged(pack_copy, tmp_path, capsys):
    pack_copy.edit(
        "rules/reviews.yaml",
        "section: para 40 (L432, regular multi-agency reviews of needs, risks and progress)",
        "section: para 40 (L432)\n      verified: false\n      note: recalled, not checked",
    )
    path = tmp_path / "family.yaml"
    path.write_text(review(2, "school", "conduct_problems"))
    assert main(["triage", str(path), "--json", "--pack", str(pack_copy.root)]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert (
        "Rule 'review:same' rests on a fact not yet checked against its source: seed 004 para 40 (L432): "
        "recalled, not checked" in warnings
    )


def test_diff_names_a_change_of_review_words(pack_copy, capsys):
    pack_copy.edit("rules/reviews.yaml", "Plan the handover", "Agree the handover")
    line = pack_copy.line_of("rules/reviews.yaml", "  warning: >-")
    assert main(["diff", "default", str(pack_copy.root)]) == 0
    out = capsys.readouterr().out
    assert f"rules/reviews.yaml:{line}: review words lead change: warning reworded" in out


# ---------------------------------------------------------------- cases


def test_a_case_expects_a_direction_and_fails_when_it_differs(pack_copy, capsys):
    path = pack_copy.path("cases/mine.yaml")
    path.parent.mkdir()
    path.write_text(
        "cases:\n"
        "  - name: still the same\n"
        "    referral: {type: review}\n"
        "    current: {level: 2, lead: school, since: 2026-01-05}\n"
        "    members: |\n"
        "      id | role  | age | indicators\n"
        "      C1 | child | 8   | conduct_problems\n"
        "    expect: {direction: step_down}\n"
        "  - name: no help now\n"
        "    members: |\n"
        "      id | role  | age\n"
        "      C1 | child | 8\n"
        "    expect: {direction: same}\n"
    )
    assert main(["test", "--pack", str(pack_copy.root)]) == 2
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{path}:13: cases[1].expect.direction: a direction needs the help the family has now: give the case `current`"
    ]
    path.write_text(path.read_text().split("  - name: no help now")[0])
    assert main(["test", "--pack", str(pack_copy.root)]) == 1
    out, _ = capsys.readouterr()
    assert f"{path}:2: case 'still the same': expected step down, got same: level 2 → 2" in out
