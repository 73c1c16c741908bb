"""`continuum check`: the default pack is clean, and a policy team's broken copy is caught line by line."""

from __future__ import annotations

import pytest

from engine.check import check_pack
from engine.cli import main
from engine.pack import load_pack

IV = "pathways/interventions.yaml"
LEAD = "pathways/lead_professional.yaml"


def check(root, capsys) -> tuple[int, list[str], str]:
    code = main(["check", "--pack", str(root)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_the_default_pack_is_clean(capsys):
    assert check_pack(load_pack())[1] == []
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert "clean" in out and err == ""


def test_an_unchanged_copy_is_clean(pack_copy, capsys):
    code, out, _ = check(pack_copy.root, capsys)
    assert (code, out) == (0, ["pack is clean"])


# (case, file, text to replace, its replacement, field, message) -> FILE:LINE: field: message
BROKEN = [
    (
        "unknown indicator in an offer rule",
        IV,
        "when: {all: [neglect]}",
        "when: {all: [neglectt]}",
        "interventions[9].offer_when[0].when.all[0]",
        "unknown indicator 'neglectt' (did you mean 'neglect'?)",
    ),
    (
        "unknown document",
        "rules/age_bands.yaml",
        "doc: nice-qs59",
        "doc: nice-qs95",
        "bands[0].source[0].doc",
        "unknown document 'nice-qs95' (did you mean 'nice-qs59'?)",
    ),
    (
        "inverted age band",
        "rules/age_bands.yaml",
        "ages: [3, 7]",
        "ages: [7, 3]",
        "bands[0].ages",
        "age band 7-3 is inverted",
    ),
    (
        "impossible band for a child programme",
        IV,
        "ages: [6, 11]\n    levels",
        "ages: [18, 20]\n    levels",
        "interventions[6].ages",
        "age band 18-20 is impossible",
    ),
    (
        "ages outside the CG158 band",
        IV,
        "ages: [3, 6]",
        "ages: [2, 6]",
        "interventions[1].ages",
        "ages 2-6 lie outside band 'cg158-parent-training' (3-11)",
    ),
    (
        "duplicate intervention id",
        IV,
        "- id: safecare",
        "- id: paths",
        "interventions[9].id",
        "duplicate intervention 'paths' (first at line {first})",
    ),
    (
        "duplicate rule id",
        IV,
        "rule: paths-behaviour-or-emotions",
        "rule: iy-school-age-behaviour",
        "interventions[6].offer_when[0].rule",
        "duplicate rule id 'iy-school-age-behaviour' (first at {file}:{first})",
    ),
]
FIRST = {"duplicate intervention id": "- id: paths", "duplicate rule id": "rule: iy-school-age-behaviour"}


@pytest.mark.parametrize(("rel", "old", "new", "field", "message"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_a_broken_copy_is_caught_at_the_line(rel, old, new, field, message, pack_copy, request, capsys):
    case = request.node.callspec.id
    first = pack_copy.line_of(rel, FIRST[case]) if case in FIRST else None
    line = pack_copy.edit(rel, old, new)
    file = pack_copy.path(rel).resolve()
    code, out, err = check(pack_copy.root, capsys)
    assert code == 1, err
    expected = f"{file}:{line}: {field}: " + message.format(file=file, first=first)
    assert any(problem.startswith(expected) for problem in out), "\n".join(out)


def test_a_duplicate_key_makes_the_pack_unreadable(pack_copy, capsys):
    line = pack_copy.edit("rules/pack.yaml", "title:", 'version: "2026.2"\ntitle:')
    code, out, err = check(pack_copy.root, capsys)
    assert (code, out) == (2, [])
    file = pack_copy.path("rules/pack.yaml").resolve()
    assert f"{file}:{line}: version: duplicate key 'version' (first at line {line - 1})" in err.splitlines()


@pytest.mark.parametrize("damage", ["no rules directory", "a missing file", "not YAML"])
def test_an_unreadable_pack_exits_2_and_says_where(damage, pack_copy, capsys):
    needs = pack_copy.path("rules/needs.yaml")
    if damage == "no rules directory":
        for path in sorted(pack_copy.path("rules").iterdir()):
            path.unlink()
        pack_copy.path("rules").rmdir()
        where = str(pack_copy.root.resolve())
    elif damage == "a missing file":
        needs.unlink()
        where = str(needs.resolve())
    else:
        needs.write_text("combinations: [\n", encoding="utf-8")
        where = f"{needs.resolve()}:2"
    code, out, err = check(pack_copy.root, capsys)
    assert (code, out) == (2, [])
    assert err.startswith(where + ": "), err
    assert "Traceback" not in err


def test_an_intervention_that_can_never_be_recommended(pack_copy, capsys):
    pack_copy.edit(IV, "ages: [12, 17]\n    levels: [4]", "ages: [12, 17]\n    levels: [2]")
    line = pack_copy.line_of(IV, "- rule: tfco-looked-after-with-offending")
    code, out, _ = check(pack_copy.root, capsys)
    assert code == 1
    file = pack_copy.path(IV).resolve()
    assert f"{file}:{line}: intervention 'treatment-foster-care-oregon' can never be recommended" in out
    assert (
        f"{file}:{line}: rule 'tfco-looked-after-with-offending' can never apply: no family profile reaches it" in out
    )


def test_a_lead_rule_that_can_never_decide(pack_copy, pack, capsys):
    lead = pack_copy.path(LEAD)
    text = lead.read_text(encoding="utf-8")
    cut = text.index("  - rule: lead-early-help-practitioner")
    lead.write_text(text.replace(text[cut:], "").replace("rules:\n", "rules:\n" + text[cut:] + "\n", 1), "utf-8")
    fallback = pack_copy.line_of(LEAD, "- rule: lead-early-help-practitioner")
    code, out, _ = check(pack_copy.root, capsys)
    assert code == 1
    later = [r for r in dict.fromkeys(r.id for r in pack.stage("lead")) if r != "lead-early-help-practitioner"]
    file = lead.resolve()
    for rule in later:
        line = pack_copy.line_of(LEAD, f"- rule: {rule}\n")
        never = f"rule '{rule}' never decides: rule 'lead-early-help-practitioner' (line {fallback}) always comes first"
        assert f"{file}:{line}: {never}" in out, "\n".join(out)
    # and with the fallback first, an escalation would be led by an early help practitioner
    unsafe = [o for o in out if "makes the early_help_practitioner lead of an escalated case" in o]
    assert [o.split(": rule")[0] for o in unsafe] == [f"{file}:{fallback}"], "\n".join(out)
    assert len(out) == len(later) + 1
