"""The `continuum` command line (contract sections 1 and 3): triage, --json, stdin, --pack, schema."""

from __future__ import annotations

import io
import json
import sys

import pytest

from engine.cli import main
from engine.contract import ROLES

PROFILE = """\
referral: {id: R-CLI-1, date: 2026-11-20, source: school, consent: true}
members:
  - {id: C1, role: child, date_of_birth: 2021-03-14, indicators: [conduct_problems, speech_language_delay]}
  - {id: C2, role: child, date_of_birth: 2013-04-09, indicators: [school_absence]}
  - {id: P1, role: parent, age: 36, indicators: [drug_misuse]}
family:
  indicators: [domestic_abuse, housing_problems]
  domestic_abuse_risk: 2
  involved: [school]
"""
ESCALATE = (
    "referral: {id: R-CLI-2, date: 2026-11-20}\nmembers:\n  - {id: C1, role: child, age: 9, indicators: [neglect]}\n"
)
UNIVERSAL = "referral: {id: R-CLI-3, date: 2026-11-20}\nmembers:\n  - {id: C1, role: child, age: 2}\n"


@pytest.fixture
def run(tmp_path, capsys):
    """Run `continuum ARGS` on profile text: (exit code, stdout, stderr)."""

    def run(text: str | None, *args: str) -> tuple[int, str, str]:
        path = tmp_path / "family.yaml"
        if text is not None:
            path.write_text(text, encoding="utf-8")
        code = main([args[0], str(path), *args[1:]] if args[0] == "triage" else list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def words(text: str) -> str:
    return " ".join(text.split())


def test_readable_triage_shows_level_lead_interventions_and_near_misses(run):
    code, out, err = run(PROFILE, "triage")
    assert (code, err) == (0, "")
    decision = json.loads(run(PROFILE, "triage", "--json")[1])
    text = words(out)
    assert "supports professional judgement and does not replace it" in text
    assert f"LEVEL OF NEED: 3 - {decision['level']['name']}" in text
    assert f"LEAD PROFESSIONAL (suggested): {decision['lead_professional']['role'].replace('_', ' ')}" in text
    assert decision["interventions"]
    for iv in decision["interventions"]:
        assert f"{iv['member']} #{iv['rank']}: {words(iv['name'])} [{iv['id']}]" in text
    assert "NEAR MISSES" in out
    assert "Would escalate to children's social care if domestic abuse screened at grade 3 (now grade 2)" in text
    for reason in decision["level"]["reasons"]:
        assert reason["rule"] in text


def test_readable_triage_of_an_escalation_puts_the_route_first(run):
    code, out, _ = run(ESCALATE, "triage")
    assert code == 0
    concern, level = out.index("SAFEGUARDING CONCERN"), out.index("LEVEL OF NEED: 4")
    assert concern < level
    assert "MASH" in out[concern:level]
    assert "LEAD PROFESSIONAL (suggested): social worker" in out


def test_readable_triage_without_needs_has_no_near_misses_or_lead(run):
    code, out, _ = run(UNIVERSAL, "triage")
    decision = json.loads(run(UNIVERSAL, "triage", "--json")[1])
    assert code == 0 and decision["level"]["code"] == 1 and decision["near_misses"] == []
    assert "NEAR MISSES" not in out
    assert "LEAD PROFESSIONAL (suggested): none" in out


def test_json_output_has_the_decision_object_of_section_3(run):
    code, out, err = run(PROFILE, "triage", "--json")
    assert (code, err) == (0, "")
    d = json.loads(out)
    assert {"referral_id", "as_of", "rulepack", "level", "safeguarding", "interventions"} <= d.keys()
    assert {"lead_professional", "warnings"} <= d.keys()
    assert (d["referral_id"], d["as_of"]) == ("R-CLI-1", "2026-11-20")
    assert d["rulepack"]["name"] == "default" and d["rulepack"]["digest"].startswith("sha256:")
    assert d["rulepack"]["version"]
    assert d["level"]["code"] in (1, 2, 3, 4) and d["level"]["name"]
    assert d["safeguarding"] == {"escalate": False, "route": None, "reasons": []}
    assert d["lead_professional"]["role"] in ROLES
    assert all(isinstance(w, str) for w in d["warnings"])
    reasons = d["level"]["reasons"] + d["lead_professional"]["reasons"]
    for iv in d["interventions"]:
        assert {"id", "name", "member", "ages", "evidence", "reasons"} <= iv.keys()
        assert len(iv["ages"]) == 2 and iv["ages"][0] <= iv["ages"][1]
        reasons += iv["reasons"]
    for r in reasons:
        assert set(r) == {"rule", "text", "source"} and all(isinstance(v, str) and v.strip() for v in r.values())


def test_dash_reads_the_profile_from_standard_input(run, monkeypatch, capsys):
    from_file = run(PROFILE, "triage", "--json")[1]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PROFILE.encode())))
    assert main(["triage", "-", "--json"]) == 0
    assert capsys.readouterr().out == from_file


def test_bad_standard_input_is_refused_by_name(monkeypatch, capsys):
    bad = PROFILE.replace("drug_misuse", "depresion")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad.encode())))
    assert main(["triage", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "<stdin>:5: members[2].indicators: unknown indicator 'depresion' (did you mean 'depression_anxiety'?)\n"
    )


def test_invalid_input_exits_2_and_writes_nothing_else(run, tmp_path):
    code, out, err = run(PROFILE.replace("age: 36,", "age: 36, surname: Smith,"), "triage", "--json")
    assert (code, out) == (2, "")
    assert err == f"{tmp_path / 'family.yaml'}:5: members[2].surname: unknown field\n"
    assert "Traceback" not in err


def test_the_default_pack_is_found_from_any_working_directory(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(UNIVERSAL, "triage", "--json")
    assert code == 0 and json.loads(out)["rulepack"]["name"] == "default"


def test_pack_points_at_a_working_copy(run, pack_copy):
    default = json.loads(run(PROFILE, "triage", "--json")[1])
    pack_copy.edit("rules/levels.yaml", "name: Targeted early help", "name: Team around the family")
    pack_copy.edit("rules/pack.yaml", 'version: "2026.1"', 'version: "2026.1-local"')
    code, out, _ = run(PROFILE, "triage", "--json", "--pack", str(pack_copy.root))
    local = json.loads(out)
    assert code == 0
    assert local["level"]["name"] == "Team around the family"
    assert local["rulepack"]["version"] == "2026.1-local"
    assert local["rulepack"]["digest"] != default["rulepack"]["digest"]
    assert local["interventions"] == default["interventions"]


def test_a_broken_working_copy_is_invalid_input(run, pack_copy):
    pack_copy.path("rules/needs.yaml").unlink()
    code, out, err = run(PROFILE, "triage", "--pack", str(pack_copy.root))
    assert (code, out) == (2, "")
    assert "needs.yaml" in err


def test_schema_writes_a_profile_schema_listing_the_indicator_codes(run, tmp_path, pack):
    out_dir = tmp_path / "schema"
    code, out, _ = run(None, "schema", "--out", str(out_dir))
    assert code == 0
    schema = json.loads((out_dir / "profile.schema.json").read_text(encoding="utf-8"))
    member = schema["$defs"]["Member"]["properties"]["indicators"]["items"]["enum"]
    family = schema["$defs"]["FamilyPart"]["properties"]["indicators"]["items"]["enum"]
    assert set(member) == {c for c, i in pack.indicators.items() if i.applies_to != "family"}
    assert set(family) == {c for c, i in pack.indicators.items() if i.applies_to == "family"}
    assert str(out_dir / "profile.schema.json") in out.splitlines()


def test_the_committed_schema_directory_is_up_to_date(run, tmp_path, repo):
    fresh = tmp_path / "schema"
    assert run(None, "schema", "--out", str(fresh))[0] == 0
    committed = repo / "schema"
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in fresh.iterdir())
    stale = [p.name for p in sorted(fresh.iterdir()) if p.read_bytes() != (committed / p.name).read_bytes()]
    assert not stale, f"run `continuum schema` to refresh: {stale}"


# ---------------------------------------------------------------- named packs, pack init and show, --version


def test_pack_takes_the_name_of_a_bundled_pack(run, repo):
    by_default = run(UNIVERSAL, "triage", "--json")[1]
    code, by_name, _ = run(UNIVERSAL, "triage", "--json", "--pack", "default")
    assert code == 0 and by_name == by_default
    assert run(None, "check", "--pack", "default")[:2] == (0, "pack is clean\n")


def test_a_directory_wins_over_a_bundled_name(run, pack_copy, tmp_path, monkeypatch):
    pack_copy.edit("rules/pack.yaml", 'version: "2026.1"', 'version: "2026.1-local"')
    monkeypatch.chdir(pack_copy.root.parent)
    pack_copy.root.rename(pack_copy.root.parent / "default")
    code, out, _ = run(UNIVERSAL, "triage", "--json", "--pack", "default")
    assert code == 0 and json.loads(out)["rulepack"]["version"] == "2026.1-local"


@pytest.mark.parametrize("command", ["triage", "check", "test", "pack show", "schema"])
def test_an_unknown_pack_name_is_refused_with_a_suggestion(run, command, tmp_path):
    args = [*command.split(), "--pack", "defualt"] + (["--out", str(tmp_path / "s")] if command == "schema" else [])
    code, out, err = run(UNIVERSAL, *args) if command == "triage" else run(None, *args)
    assert (code, out) == (2, "")
    assert err == (
        "--pack: 'defualt' is neither a directory nor a pack that ships with Continuum "
        "(did you mean 'default'?); bundled packs: default, families-first\n"
    )


def test_every_bundled_pack_is_found_by_its_name():
    from engine.pack import BUNDLED, bundled_pack_dir, default_pack_dir, resolve_pack

    assert "default" in BUNDLED and resolve_pack(None) == resolve_pack("default") == default_pack_dir()
    for name in BUNDLED:
        assert (bundled_pack_dir(name) / "rules" / "pack.yaml").is_file(), name


def test_a_missing_directory_is_refused_as_such(run, tmp_path):
    code, out, err = run(None, "check", "--pack", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert err == f"--pack: no such directory '{tmp_path / 'nowhere'}'\n"


def test_version_output(capsys):
    from engine import __version__

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"continuum {__version__}\n"


def test_schema_needs_to_be_told_where_to_write(run, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(["schema"])
    assert done.value.code == 2
    assert "--out" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_pack_init_writes_an_editable_copy_with_cases_and_schemas(run, tmp_path, repo):
    target = tmp_path / "our-pack"
    code, out, err = run(None, "pack", "init", str(target))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in target.iterdir()) == ["cases", "pathways", "rules", "schema"]
    for part in ("rules", "pathways", "cases"):
        for path in (repo / part).glob("*.yaml"):
            assert (target / part / path.name).read_bytes() == path.read_bytes()
    assert (target / "schema" / "cases.schema.json").is_file()
    assert f"continuum test --pack {target}" in out and f"continuum check --pack {target}" in out
    assert run(None, "test", "--pack", str(target))[0] == 0
    assert run(None, "check", "--pack", str(target))[:2] == (0, "pack is clean\n")


def test_pack_init_refuses_a_directory_that_is_not_empty(run, tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("ours", encoding="utf-8")
    code, out, err = run(None, "pack", "init", str(target))
    assert (code, out) == (2, "")
    assert err == f"{target}: is not empty: give a new or empty directory (nothing was written)\n"
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(None, "pack", "init", str(empty), "--from", "default")[0] == 0


def test_pack_init_refuses_a_file(run, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("ours", encoding="utf-8")
    code, out, err = run(None, "pack", "init", str(target))
    assert (code, out, err) == (2, "", f"{target}: is a file: give a new directory for the copy\n")


def test_pack_init_from_an_unknown_pack_is_refused(run, tmp_path):
    code, out, err = run(None, "pack", "init", str(tmp_path / "x"), "--from", "families-frist")
    assert (code, out) == (2, "")
    assert err.startswith("--from: 'families-frist' is neither a directory nor a pack that ships with Continuum")
    assert not (tmp_path / "x").exists()


def test_pack_show_lists_what_the_pack_holds(run, pack):
    code, out, err = run(None, "pack", "show", "--json")
    assert (code, err) == (0, "")
    about = json.loads(out)
    assert (about["name"], about["version"], about["digest"]) == (pack.name, pack.version, pack.digest)
    assert about["effective_from"] == pack.effective_from.isoformat()
    assert [lv["code"] for lv in about["levels"]] == [1, 2, 3, 4]
    assert about["indicators"]["count"] == len(pack.indicators)
    held = {k: set(v) for k, v in about["indicators"].items() if k != "count"}
    assert held == {k: {c for c, i in pack.indicators.items() if i.applies_to == k} for k in held}
    assert [p["id"] for p in about["programmes"]] == list(pack.interventions)
    fnp = about["programmes"][0]
    assert fnp == {"id": "family-nurse-partnership", "name": fnp["name"], "ages": [0, 24], "evidence": "EIF 4+"}
    assert about["cases"]["files"] >= 3 and about["cases"]["count"] >= 30
    code, text, _ = run(None, "pack", "show")
    assert code == 0
    assert text.startswith(f"default {pack.version}: ")
    assert pack.digest in text and f"from {pack.effective_from}" in text
    assert f"{about['cases']['count']} in {about['cases']['files']} files" in text
    for p in about["programmes"]:
        assert p["id"] in text


def test_pack_show_refuses_a_pack_that_fails_check(run, pack_copy):
    pack_copy.edit("rules/safeguarding.yaml", "min: 4", "min: 5")
    code, out, err = run(None, "pack", "show", "--pack", str(pack_copy.root))
    assert (code, out) == (2, "")
    assert "safeguarding.yaml" in err
