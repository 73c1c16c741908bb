"""`continuum import cin`: Children in Need census rows become valid profiles, one per family; every row it
cannot use is reported at its line and column, and a file it cannot read is refused whole."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.decide import decide
from engine.profile import family_from
from engine.text import parse_text

HEADER = "FamilyID,LAchildID,PersonBirthDate,CINreferralDate,AssessmentFactors\n"
GOOD = "F1,C1,2016-04-12,2026-06-01,1B 3A\n"  # line 2 of every small file below


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    """Run `continuum import cin ARGS` in a scratch directory: (exit code, stdout, stderr lines, errors file)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, list[str], list[dict]]:
        code = main(["import", "cin", *args])
        out, err = capsys.readouterr()
        given = [a for a in args if a.startswith("--errors=")]
        csv_name = Path(next(a for a in args if not a.startswith("--"))).stem
        errors = Path(given[0].removeprefix("--errors=") if given else f"{csv_name}.errors.jsonl")
        records = [json.loads(line) for line in errors.read_text().splitlines()] if errors.exists() else []
        return code, out, err.splitlines(), records

    return run


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str = "cin.csv", encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return str(path)

    return write


def profiles(out: str) -> dict[str, dict]:
    return {p["referral"]["id"]: p for p in map(json.loads, out.splitlines())}


def members(profile: dict) -> dict[str, dict]:
    return {m["id"]: m for m in profile["members"]}


# ---------------------------------------------------------------- the sample


def test_the_sample_imports_every_row_into_valid_profiles(run, repo, pack):
    sample = repo / "examples/cin/sample.csv"
    code, out, err, records = run(str(sample))
    with sample.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert code == 0 and records == []
    summary = "40 rows read: 40 imported into 26 profiles, 0 refused, 0 warnings (listed in sample.errors.jsonl)"
    assert err == [f"{sample}: {summary}"]
    lines = out.splitlines()
    assert len(lines) == len({r["FamilyID"] for r in rows}) == 26
    for i, line in enumerate(lines):
        family = family_from(parse_text(line, f"profile {i + 1}"), pack)  # refused: InputError
        assert {p.id for p in family.children} == {r["LAchildID"] for r in rows if r["FamilyID"] == family.referral_id}


def test_the_rows_of_a_family_make_one_profile_with_its_children_its_parent_and_its_family_needs(run, repo):
    code, out, _, _ = run(str(repo / "examples/cin/sample.csv"))
    f19 = profiles(out)["F0019"]
    assert code == 0
    assert [m["id"] for m in f19["members"]] == ["RND101901", "RND101902", "RND101903", "RND101904", "P1"]
    p1 = {"id": "P1", "role": "parent", "age": 18, "indicators": ["alcohol_misuse", "drug_misuse"]}
    assert members(f19)["P1"] == p1
    assert members(f19)["RND101902"]["indicators"] == ["young_carer"]  # 7A, on the child it was recorded for
    assert members(f19)["RND101901"]["indicators"] == []
    assert f19["family"] == {"indicators": ["domestic_abuse"]}  # 3B: domestic abuse is the family's


def test_codes_on_another_adult_add_o1_and_domestic_abuse_goes_to_the_family(run, repo):
    f7 = profiles(run(str(repo / "examples/cin/sample.csv"))[1])["F0007"]
    assert members(f7)["O1"] == {
        "id": "O1",
        "role": "other_adult",
        "age": 18,
        "indicators": ["alcohol_misuse", "depression_anxiety"],
    }
    assert "P1" not in members(f7) and f7["family"]["indicators"] == ["domestic_abuse"]
    # 1C, 4C and 3C are about another adult: nothing on the children
    assert all(m["indicators"] == [] for m in f7["members"] if m["role"] == "child")


def test_a_child_assessed_twice_is_one_member_and_the_family_is_referred_on_its_latest_date(run, repo):
    found = profiles(run(str(repo / "examples/cin/sample.csv"))[1])
    f6 = found["F0006"]
    assert f6["referral"] == {"id": "F0006", "date": "2026-07-20"}
    child = {"id": "RND100601", "role": "child", "date_of_birth": "2009-10-10"}
    assert f6["members"] == [{**child, "indicators": ["low_mood_anxiety", "self_harm"]}]
    assert found["F0016"]["referral"]["date"] == "2026-10-28"  # its children were referred on 2026-04-09 and 2026-10-28


def test_code_21_gives_a_child_with_no_indicators(run, repo):
    f2 = profiles(run(str(repo / "examples/cin/sample.csv"))[1])["F0002"]
    assert f2["members"] == [{"id": "RND100201", "role": "child", "date_of_birth": "2011-09-30", "indicators": []}]
    assert f2["family"] == {"indicators": []}


@pytest.mark.parametrize("cell", ['"1B,3A"', '"1B, 3A"', "1B 3A", '" 1B ,, 3A  "', "1B 3A 1B"])
def test_codes_in_a_cell_are_separated_by_commas_or_spaces(cell, run, write):
    code, out, _, _ = run(write(HEADER + f"F1,C1,2016-04-12,2026-06-01,{cell}\n"))
    f1 = profiles(out)["F1"]
    assert code == 0 and members(f1)["P1"]["indicators"] == ["alcohol_misuse"]
    assert f1["family"]["indicators"] == ["domestic_abuse"]


def test_the_output_is_the_same_every_time_and_wherever_it_goes(run, repo, tmp_path):
    sample = str(repo / "examples/cin/sample.csv")
    first, second = run(sample)[1], run(sample)[1]
    assert run(sample, "--out", "profiles.jsonl")[1] == ""
    assert first == second == (tmp_path / "profiles.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "profiles.errors.jsonl").read_text() == ""  # beside --out, and written even when empty


def test_as_of_sets_every_familys_referral_date_and_refuses_a_child_who_is_18_by_then(run, repo):
    code, out, _, records = run(str(repo / "examples/cin/sample.csv"), "--as-of", "2026-11-20")
    assert {p["referral"]["date"] for p in profiles(out).values()} == {"2026-11-20"}
    reason = (
        "aged 18 on 2026-11-20, the family's referral date (--as-of): an adult, so the child's codes cannot be imported"
    )
    assert (code, records) == (
        1,
        [{"file": records[0]["file"], "line": 26, "field": "PersonBirthDate", "reason": reason, "refused": True}],
    )
    assert [m["id"] for m in profiles(out)["F0016"]["members"]] == ["RND101601"]  # born 2008-11-05


def test_an_imported_profile_is_triaged_from_a_pipe(repo, tmp_path):
    bin_dir = Path(sys.executable).parent
    command = (
        f"{bin_dir / 'continuum'} import cin {repo / 'examples/cin/sample.csv'} | head -n 3 | tail -n 1"
        f" | {bin_dir / 'continuum'} triage - --json"
    )
    result = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    decision = json.loads(result.stdout)
    assert (decision["referral_id"], decision["level"]["code"], decision["safeguarding"]["escalate"]) == (
        "F0003",
        4,
        True,  # 16A, neglect
    )


def test_every_sample_profile_is_decided(run, repo, engine):
    decided = {}
    for line in run(str(repo / "examples/cin/sample.csv"))[1].splitlines():
        family = family_from(parse_text(line, "imported"), engine.pack)
        decided[family.referral_id] = json.loads(decide(family, engine.pack, engine.durable).to_json())
    assert decided["F0002"]["level"]["code"] == 1  # 21: no factors
    assert decided["F0012"]["safeguarding"]["escalate"]  # 22A: FGM
    assert not decided["F0001"]["safeguarding"]["escalate"]


# ---------------------------------------------------------------- rows refused, the rest imported

# (case, the bad line (line 3 of its file), its column, the reason)
REFUSED = [
    ("an unknown code", "F1,C2,2019-09-09,2026-06-01,25A", "AssessmentFactors",
     "'25A' is not a Children in Need census factor code (did you mean '5A'?)"),
    ("a code in lower case", "F1,C2,2019-09-09,2026-06-01,1B 4b", "AssessmentFactors",
     "'4b' is not a Children in Need census factor code (did you mean '4B'?)"),
    ("retired 18A", "F1,C2,2019-09-09,2026-06-01,18A", "AssessmentFactors",
     "census code '18A' (physical abuse) is no longer used from the 2024-25 census: "
     "use 18B (physical abuse by a child) or 18C (physical abuse by an adult)"),
    ("retired 19A", "F1,C2,2019-09-09,2026-06-01,2B 19A", "AssessmentFactors",
     "census code '19A' (sexual abuse) is no longer used from the 2024-25 census: "
     "use 19B (sexual abuse by a child) or 19C (sexual abuse by an adult)"),
    ("no codes", "F1,C2,2019-09-09,2026-06-01,", "AssessmentFactors",
     "no factor codes: write 21 if the assessment found none"),
    ("a date written day first", "F1,C2,14/03/2019,2026-06-01,21", "PersonBirthDate",
     "'14/03/2019' is not a date written YYYY-MM-DD (did you mean 2019-03-14?)"),
    ("a date not in the calendar", "F1,C2,2019-09-09,2026-06-31,21", "CINreferralDate",
     "'2026-06-31' is not a date in the calendar"),
    ("a date that is no date", "F1,C2,2019-09-09,soon,21", "CINreferralDate",
     "'soon' is not a date written YYYY-MM-DD"),
    ("no child id", "F1,,2019-09-09,2026-06-01,21", "LAchildID", "missing: every row needs a child id"),
    ("no family id", ",C2,2019-09-09,2026-06-01,21", "FamilyID", "missing: every row needs a family id"),
    ("no date of birth", "F1,C2,,2026-06-01,21", "PersonBirthDate", "missing: every row needs a date of birth"),
    ("born after the referral", "F1,C2,2026-07-01,2026-06-01,21", "PersonBirthDate",
     "born 2026-07-01, after the referral date 2026-06-01"),
    ("a child id the import gives an adult", "F1,P1,2019-09-09,2026-06-01,21", "LAchildID",
     "'P1' is the id the import gives an adult: use another child id"),
    ("a child id over 100 characters", f"F1,{'C' * 101},2019-09-09,2026-06-01,21", "LAchildID",
     "the child id is 101 characters long; at most 100 are allowed"),
    ("a control character in an id", "F1,C\x1b2,2019-09-09,2026-06-01,21", "LAchildID",
     "the child id holds a control character (U+001B)"),
    ("a child in two families", "F2,C1,2016-04-12,2026-06-01,21", "LAchildID",
     "child 'C1' is in family 'F1' at line 2: a child belongs to one family"),
    ("a child born on two dates", "F1,C1,2016-04-13,2026-06-01,21", "PersonBirthDate",
     "2016-04-13 differs from 2016-04-12, the same child's date of birth at line 2"),
    ("an adult on the family's referral date", "F1,C2,2008-05-01,2026-04-01,21", "PersonBirthDate",
     "aged 18 on 2026-06-01, the family's referral date (the latest referral date of its rows): an adult, "
     "so the child's codes cannot be imported"),
    ("a cell too many", "F1,C2,2019-09-09,2026-06-01,1B,3A", "", "the row has 6 cells; the header names 5 columns "
     '(codes separated by commas go in quotes: "1B,3A")'),
]  # fmt: skip


@pytest.mark.parametrize(("row", "field", "reason"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_row_that_cannot_be_used_is_reported_at_its_line_and_column_and_the_rest_go_through(
    row, field, reason, run, write, pack
):
    path = write(HEADER + GOOD + row + "\n" + "F3,C3,2020-01-01,2026-06-01,21\n")
    code, out, err, records = run(path)
    assert code == 1
    assert records == [{"file": path, "line": 3, "field": field, "reason": reason, "refused": True}]
    assert err[0] == (f"{path}:3: {field}: {reason}" if field else f"{path}:3: {reason}")
    assert err[1].startswith(f"{path}: 3 rows read: 2 imported into 2 profiles, 1 refused, 0 warnings")
    assert sorted(profiles(out)) == ["F1", "F3"]
    assert [m["id"] for m in profiles(out)["F1"]["members"]] == ["C1", "P1"]
    for line in out.splitlines():
        family_from(parse_text(line, "imported"), pack)


def test_a_family_keeps_room_for_two_adults_within_the_50_members_a_profile_may_hold(run, write, pack):
    rows = [f"F1,C{i},2016-04-12,2026-06-01,1B 1C\n" for i in range(49)]
    code, out, _, records = run(write(HEADER + "".join(rows)))
    reason = "family 'F1' already has 48 children, the most a profile holds beside two adults (50 members)"
    assert (code, [(r["line"], r["field"], r["reason"]) for r in records]) == (1, [(50, "LAchildID", reason)])
    assert len(profiles(out)["F1"]["members"]) == 50
    family_from(parse_text(out, "imported"), pack)


def test_a_profile_file_that_cannot_be_written_is_refused(run, repo, tmp_path):
    code, out, err, _ = run(str(repo / "examples/cin/sample.csv"), "--out", str(tmp_path / "no" / "such.jsonl"))
    assert (code, out) == (2, "")
    assert err == [f"{tmp_path / 'no' / 'such.errors.jsonl'}: cannot write: No such file or directory"]


def test_a_referral_after_as_of_is_refused(run, write):
    path = write(HEADER + GOOD + "F1,C2,2019-09-09,2026-12-01,21\n")
    code, _, _, records = run(path, "--as-of", "2026-11-30")
    assert code == 1
    reason = "2026-12-01 is after --as-of 2026-11-30"
    assert records == [{"file": path, "line": 3, "field": "CINreferralDate", "reason": reason, "refused": True}]


def test_every_problem_of_a_row_is_reported_at_once(run, write):
    path = write(HEADER + GOOD + ",C2,2019-13-01,yesterday,1Z\n")
    code, _, _, records = run(path)
    assert code == 1 and [(r["line"], r["field"]) for r in records] == [
        (3, "AssessmentFactors"),
        (3, "CINreferralDate"),
        (3, "FamilyID"),
        (3, "PersonBirthDate"),
    ]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("20", "code 20 (Other factors) gives no indicator, so it is not imported: 'Other' names no particular factor"),
        ("21 1B", "code 21 (no factors identified) stands with other codes: they are imported"),
    ],
)
def test_code_20_or_21_beside_other_codes_is_imported_with_a_warning(cell, reason, run, write):
    path = write(HEADER + f"F1,C1,2016-04-12,2026-06-01,{cell}\n")
    code, out, err, records = run(path)
    assert code == 0 and "F1" in profiles(out)
    assert [(r["line"], r["field"], r["refused"]) for r in records] == [(2, "AssessmentFactors", False)]
    assert records[0]["reason"].startswith(reason)
    assert err[0].startswith(f"{path}:2: AssessmentFactors: warning: {reason}")


def test_the_sample_with_errors_refuses_its_bad_rows_and_imports_the_rest(run, repo, pack):
    sample = repo / "examples/cin/sample-with-errors.csv"
    code, out, err, records = run(str(sample))
    assert code == 1
    refused = {(r["line"], r["field"]) for r in records if r["refused"]}
    assert refused == {
        (3, "AssessmentFactors"),
        (4, "AssessmentFactors"),
        (5, "AssessmentFactors"),
        (7, "LAchildID"),
        (8, "PersonBirthDate"),
        (9, "PersonBirthDate"),
        (10, "PersonBirthDate"),
        (12, "AssessmentFactors"),
        (13, "LAchildID"),
        (14, "AssessmentFactors"),
        (15, ""),
    }
    assert [(r["line"], r["refused"]) for r in records if not r["refused"]] == [(11, False)]
    with sample.open(newline="") as f:
        rows = sum(1 for _ in f) - 1
    imported = sum(len([m for m in p["members"] if m["role"] == "child"]) for p in profiles(out).values())
    assert imported + len({line for line, _ in refused}) == rows == 15  # none dropped unseen
    summary = "15 rows read: 4 imported into 4 profiles, 11 refused, 1 warning"
    summary += " (listed in sample-with-errors.errors.jsonl)"
    assert err[-1] == f"{sample}: {summary}"
    for line in out.splitlines():
        family_from(parse_text(line, "imported"), pack)


# ---------------------------------------------------------------- a file refused whole (exit 2)


@pytest.mark.parametrize(
    ("header", "messages"),
    [
        (
            "FamilyID,LAchildID,PersonBirthDate,CINReferalDate,AssessmentFactors",
            [
                "columns: missing required column 'CINreferralDate' (did you mean 'CINReferalDate'?)",
                "columns: unknown column 'CINReferalDate' (did you mean 'CINreferralDate'?): "
                "rename or ignore it with --columns",
            ],
        ),
        (
            "FamilyID,LAchildID,PersonBirthDate,CINreferralDate",
            ["columns: missing required column 'AssessmentFactors'"],
        ),
        (
            "FamilyID,LAchildID,UPN,PersonBirthDate,CINreferralDate,AssessmentFactors",
            ["columns: unknown column 'UPN': rename or ignore it with --columns"],
        ),
        (
            "FamilyID,LAchildID,PersonBirthDate,CINreferralDate,AssessmentFactors,FamilyID",
            ["columns: columns 'FamilyID' and 'FamilyID' both give FamilyID"],
        ),
        (
            "FamilyID,LAchildID,PersonBirthDate,CINreferralDate,AssessmentFactors,",
            ["columns: column 6 has no name"],
        ),
    ],
    ids=["misspelt", "missing", "unknown", "repeated", "unnamed"],
)
def test_a_file_whose_columns_are_wrong_is_refused_whole_naming_them(header, messages, run, write):
    path = write(header + "\n" + GOOD)
    code, out, err, _ = run(path, "--out", "profiles.jsonl")
    assert (code, out) == (2, "")
    assert err == [f"{path}:1: {m}" for m in messages]
    assert not Path("profiles.jsonl").exists()


CP1252 = (HEADER + GOOD + "F2,Zoë,2016-04-12,2026-06-01,21\n").encode("cp1252")
SAVE = "(save the file as CSV UTF-8)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (CP1252, f":3: not UTF-8 text: byte 0xEB cannot be read {SAVE}"),
        ((HEADER + GOOD).encode("utf-16"), f":1: not UTF-8 text: byte 0xFF cannot be read {SAVE}"),
        ((HEADER + "F1,C1\x00").encode(), f":2: a NUL character: this is UTF-16 or binary, not CSV text {SAVE}"),
        (b"", ": the file is empty: its first line must name the columns"),
        ((HEADER + GOOD + 'F2,"C2,2016-04-12\n').encode(), ":3: cannot be read as CSV (unexpected end of data)"),
    ],
    ids=["windows-1252", "utf-16", "binary", "empty", "open quote"],
)
def test_a_file_that_cannot_be_read_is_refused_whole_at_its_line(content, message, run, write):
    path = write(content)
    code, out, err, _ = run(path)
    assert (code, out) == (2, "")
    assert len(err) == 1 and err[0].startswith(path + message)


def test_an_excel_byte_order_mark_is_read(run, write):
    code, out, _, _ = run(write("\ufeff" + HEADER + GOOD))
    assert code == 0 and list(profiles(out)) == ["F1"]


def test_a_pack_that_does_not_load_is_refused(run, repo):
    code, out, err, _ = run(str(repo / "examples/cin/sample.csv"), "--pack", "famlies-first")
    assert (code, out) == (2, "")
    assert "did you mean 'families-first'" in err[0]


# ---------------------------------------------------------------- an area's own column names


def test_a_columns_file_renames_an_areas_columns(run, repo, tmp_path):
    mapping = tmp_path / "columns.yaml"
    mapping.write_text("columns:\n  Household: FamilyID\n  DOB: PersonBirthDate\nignore: [Team]\n")
    sample = (repo / "examples/cin/sample.csv").read_text()
    renamed = tmp_path / "renamed.csv"
    lines = sample.splitlines()
    rows = [f"{line},North" for line in lines[1:]]
    renamed.write_text("\n".join(["Household,LAchildID,DOB,CINreferralDate,AssessmentFactors,Team", *rows]) + "\n")
    expected = run(str(repo / "examples/cin/sample.csv"))[1]
    code, out, _, _ = run(str(renamed), "--columns", str(mapping))
    assert (code, out) == (0, expected)
    code, out, err, _ = run(str(renamed))
    assert (code, out) == (2, "")
    assert f"{renamed}:1: columns: missing required column 'PersonBirthDate'" in err
    assert f"{renamed}:1: columns: unknown column 'Team': rename or ignore it with --columns" in err


def test_the_shipped_columns_file_reads_the_shipped_area_extract(run, repo, pack):
    extract, mapping = repo / "examples/cin/area-extract.csv", repo / "examples/cin/columns.yaml"
    code, out, _, records = run(str(extract), "--columns", str(mapping))
    assert (code, records) == (0, [])
    assert sorted(profiles(out)) == ["H-417", "H-418", "H-419", "H-420"]
    for line in out.splitlines():
        family_from(parse_text(line, "imported"), pack)


def test_a_mapped_column_missing_from_the_file_says_what_the_mapping_calls_it(run, write, tmp_path):
    mapping = tmp_path / "columns.yaml"
    mapping.write_text("columns:\n  DOB: PersonBirthDate\n")
    path = write(HEADER.replace("PersonBirthDate", "Born") + GOOD)
    _, _, err, _ = run(path, "--columns", str(mapping))
    assert f"{path}:1: columns: missing required column 'PersonBirthDate' (the columns file names it 'DOB')" in err


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("columns:\n  DOB: PersonBirthdate\n", "2: columns.DOB: expected one of 'FamilyID', 'LAchildID', "
         "'PersonBirthDate', 'CINreferralDate' or 'AssessmentFactors', got the text 'PersonBirthdate' "
         "(did you mean 'PersonBirthDate'?)"),
        ("columns:\n  A: FamilyID\n  B: FamilyID\n", "3: columns.B: 'A' is renamed to FamilyID already: "
         "each census column comes once"),
        ("columns:\n  A: FamilyID\nignore: [A]\n", "3: ignore[0]: 'A' is renamed under columns: too; "
         "a column is either renamed or ignored"),
        ("colums:\n  A: FamilyID\n", "1: colums: unknown field (did you mean 'columns'?)"),
    ],
    ids=["unknown census column", "two to one", "renamed and ignored", "unknown key"],
)  # fmt: skip
def test_a_columns_file_that_cannot_be_used_is_refused_at_its_line(text, problem, run, repo, tmp_path):
    mapping = tmp_path / "columns.yaml"
    mapping.write_text(text)
    code, out, err, _ = run(str(repo / "examples/cin/sample.csv"), "--columns", str(mapping))
    assert (code, out, err) == (2, "", [f"{mapping}:{problem}"])
