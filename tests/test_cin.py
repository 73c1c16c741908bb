"""Children in Need census codes (rules/cin_codes.yaml): every current code maps to the vocabulary or
is deliberately unmapped, a broken copy is refused at its line, and a compiled pack says what a code gives."""

from __future__ import annotations

import pytest

from engine.cli import main
from engine.contract import CIN_FACTORS, CIN_RETIRED
from engine.ir import CinGives
from engine.pack import load_pack

CIN = "rules/cin_codes.yaml"
PROFILE = "examples/whole-family.yaml"

# The census list of policy-2026.md section 3, written out: a code dropped from engine/contract.py
# or from the pack fails here.
CENSUS = [
    *[f"{n}{who}" for n in range(1, 7) for who in "ABC"],
    *("7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A"),
    *("18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A"),
]
UNMAPPED = {"20", "21"}
JUDGEMENTS = {"4A", "4B", "4C", "13A"}


def test_the_contract_lists_every_current_census_code_and_what_replaced_the_retired_ones():
    assert list(CIN_FACTORS) == CENSUS
    assert {code: by for code, (_, by) in CIN_RETIRED.items()} == {"18A": ("18B", "18C"), "19A": ("19B", "19C")}


def test_the_default_pack_lists_every_current_code_once_in_census_order():
    assert [e.code for e in load_pack().models[CIN].codes] == CENSUS


@pytest.mark.parametrize("code", CENSUS)
def test_every_current_code_maps_or_is_deliberately_unmapped(code, pack):
    info = pack.cin(code)
    if code in UNMAPPED:
        assert info.gives == () and info.unmapped
    else:
        assert info.gives and info.unmapped is None
    for given in info.gives:
        assert given.indicator in pack.indicators
    assert info.source == f"CIN census guide factors identified at the end of assessment, code {code}"
    assert (info.note or "").startswith("A judgement") == (code in JUDGEMENTS)


@pytest.mark.parametrize(
    ("code", "gives"),
    [
        ("1A", [("alcohol_misuse", "child")]),
        ("1B", [("alcohol_misuse", "parent")]),
        ("1C", [("alcohol_misuse", "other_adult")]),
        ("3A", [("domestic_abuse", "family")]),
        ("3B", [("domestic_abuse", "family")]),
        ("4A", [("low_mood_anxiety", "child")]),
        ("4B", [("depression_anxiety", "parent")]),
        ("6B", [("physical_disability_illness", "parent")]),
        ("8E", [("privately_fostered", "child")]),
        ("13A", [("criminal_exploitation_risk", "child")]),
        ("14A", [("antisocial_behaviour", "child")]),
        ("18B", [("physical_abuse", "child")]),
        ("18C", [("physical_abuse", "child")]),
        ("19C", [("sexual_abuse", "child")]),
        ("24A", [("criminal_exploitation_risk", "child")]),
    ],
)
def test_a_code_gives_its_indicators_on_whom(code, gives, pack):
    assert pack.cin(code).gives == tuple(CinGives(i, on) for i, on in gives)


def test_the_lookup_says_why_a_code_gives_nothing_or_is_not_a_census_code(pack):
    assert pack.cin("21").unmapped == "The assessment found no factors, so the code gives no indicator."
    with pytest.raises(LookupError, match=r"'18A' \(physical abuse\) is no longer used .*: use 18B .* or 18C "):
        pack.cin("18A")
    with pytest.raises(LookupError, match=r"'19A' .* use 19B \(sexual abuse by a child\) or 19C"):
        pack.cin("19A")
    with pytest.raises(LookupError, match=r"^'25A' is not a Children in Need census factor code$"):
        pack.cin("25A")
    with pytest.raises(LookupError, match=r"did you mean '1B'"):
        pack.cin("1b")
    assert pack.cin("8B").unverified and not pack.cin("1B").unverified


# (case, text to replace, its replacement, where the problem is, field, message, `check` exit code)
BROKEN = [
    (
        "a code the census does not have",
        "- code: 24A",
        "- code: 25A",
        "- code: 25A",
        "codes[41].code",
        "'25A' is not a Children in Need census factor code",
        1,
    ),
    (
        "a retired code",
        "- code: 18B",
        "- code: 18A",
        "- code: 18A",
        "codes[33].code",
        "census code '18A' (physical abuse) is no longer used from the 2024-25 census: "
        "use 18B (physical abuse by a child) or 18C (physical abuse by an adult)",
        1,
    ),
    (
        "an unknown indicator",
        "{indicator: neglect,",
        "{indicator: neglectt,",
        "neglectt",
        "codes[31].maps_to[0].indicator",
        "unknown indicator 'neglectt' (did you mean 'neglect'?)",
        1,
    ),
    (
        "a family indicator on a child",
        "{indicator: domestic_abuse, on: family}",
        "{indicator: domestic_abuse, on: child}",
        "{indicator: domestic_abuse, on: child}",
        "codes[6].maps_to[0].on",
        "'domestic_abuse' applies to family, not child: write on: family",
        1,
    ),
    (
        "an adult indicator on a child",
        "{indicator: depression_anxiety, on: parent}",
        "{indicator: depression_anxiety, on: child}",
        "{indicator: depression_anxiety, on: child}",
        "codes[10].maps_to[0].on",
        "'depression_anxiety' applies to adult, not child: write on: parent or on: other_adult",
        1,
    ),
    (
        "a code listed twice",
        "- code: 2A",
        "- code: 1A",
        "- code: 1A\n    label: Drug",
        "codes[3].code",
        "duplicate CIN code '1A' (first at line 13)",
        1,
    ),
    (
        "both maps_to and unmapped",
        "- code: 20\n",
        "- code: 20\n    maps_to: [{indicator: neglect, on: child}]\n",
        "- code: 20",
        "codes[37]",
        "give exactly one of maps_to (the indicators the code gives) or unmapped (why none)",
        2,
    ),
    (
        "neither maps_to nor unmapped",
        "    unmapped: The assessment found no factors, so the code gives no indicator.\n",
        "",
        "- code: 21",
        "codes[38]",
        "give exactly one of maps_to (the indicators the code gives) or unmapped (why none)",
        2,
    ),
]


def refusals(root, repo, capsys) -> tuple[list[str], list[str]]:
    """What `triage --pack` (refused: exit 2, nothing on stdout) and `check` (its exit code) say."""
    assert main(["triage", str(repo / PROFILE), "--pack", str(root)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    code = main(["check", "--pack", str(root)])
    checked, check_err = capsys.readouterr()
    return err.splitlines(), [str(code), *checked.splitlines(), *check_err.splitlines()]


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "message", "check_code"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_a_broken_copy_is_refused_at_the_line(old, new, at, field, message, check_code, pack_copy, repo, capsys):
    pack_copy.edit(CIN, old, new)
    expected = f"{pack_copy.path(CIN).resolve()}:{pack_copy.line_of(CIN, at)}: {field}: {message}"
    triaged, checked = refusals(pack_copy.root, repo, capsys)
    assert expected in triaged, "\n".join(triaged)
    assert checked[0] == str(check_code) and expected in checked[1:], "\n".join(checked)


def only_problem(pack_copy, repo, capsys, at: str, field: str, message: str) -> None:
    """The copy is refused by `triage` and `check` with this one problem, at the line where `at` is."""
    expected = f"{pack_copy.path(CIN).resolve()}:{pack_copy.line_of(CIN, at)}: {field}: {message}"
    triaged, checked = refusals(pack_copy.root, repo, capsys)
    assert triaged == [expected] and checked == ["1", expected]


def test_a_current_code_left_out_is_refused(pack_copy, repo, capsys):
    text = pack_copy.path(CIN).read_text(encoding="utf-8")
    pack_copy.edit(CIN, text[text.index("  - code: 7A\n") : text.index("  - code: 8B\n")], "")
    missing = "census code '7A' (young carer) is missing: list it with maps_to or unmapped"
    only_problem(pack_copy, repo, capsys, "codes:\n  - code: 1A", "codes", missing)


def test_diff_names_a_changed_mapping(pack_copy, capsys):
    line = pack_copy.line_of(CIN, "{indicator: low_mood_anxiety, on: child}") - 1
    pack_copy.edit(CIN, "{indicator: low_mood_anxiety, on: child}", "{indicator: serious_mental_health, on: child}")
    assert main(["diff", "default", str(pack_copy.root)]) == 0
    out, err = capsys.readouterr()
    says = "census code 4A: gives low_mood_anxiety on child → gives serious_mental_health on child"
    assert (out.splitlines(), err) == ([f"{pack_copy.path(CIN)}:{line}: {says}"], "")


def test_a_code_must_map_to_an_indicator_in_force_on_every_day(pack_copy, repo, capsys):
    pack_copy.edit(
        "rules/indicators.yaml",
        "  - code: unaccompanied_asylum_seeker\n",
        "  - code: unaccompanied_asylum_seeker\n    until: 2027-03-31\n",
    )
    withdrawn = "from 2027-04-01: indicator 'unaccompanied_asylum_seeker' is not in force"
    at = "{indicator: unaccompanied_asylum_seeker, on: child}"
    # (a contract indicator withdrawn is refused in its own right too; here, the census code's problem)
    expected = (
        f"{pack_copy.path(CIN).resolve()}:{pack_copy.line_of(CIN, at)}: codes[24].maps_to[0].indicator: {withdrawn}"
    )
    triaged, checked = refusals(pack_copy.root, repo, capsys)
    assert expected in triaged and expected in checked and checked[0] == "1"
