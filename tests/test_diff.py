"""`continuum diff PACK_A PACK_B`: what changed between two packs, in policy words, with FILE:LINE."""

from __future__ import annotations

import json

import pytest

from engine.cli import main
from engine.diff import diff_packs
from engine.pack import load_pack

NEEDS, IND, SAFE = "rules/needs.yaml", "rules/indicators.yaml", "rules/safeguarding.yaml"
IV, LEAD = "pathways/interventions.yaml", "pathways/lead_professional.yaml"


def diff(capsys, a, b, *more: str) -> tuple[int, list[str], str]:
    code = main(["diff", str(a), str(b), *more])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def cut(pack_copy, rel: str, start: str, until: str = "  - ") -> str:
    """Remove the entry that starts with `start` (up to the next entry); the text removed."""
    path = pack_copy.path(rel)
    text = path.read_text(encoding="utf-8")
    at = text.index(start)
    end = text.find(until, at + len(start))
    end = len(text) if end < 0 else end
    path.write_text(text[:at] + text[end:], encoding="utf-8")
    return text[at:end]


def test_identical_packs_have_no_policy_changes(pack_copy, capsys):
    assert diff(capsys, "default", pack_copy.root) == (0, ["no policy changes"], "")
    assert diff(capsys, pack_copy.root, pack_copy.root, "--json") == (0, ["[]"], "")


def test_comments_and_layout_are_not_policy(pack_copy, capsys):
    pack_copy.edit(NEEDS, "combinations:\n", "# reviewed by the panel\ncombinations:\n\n")
    assert load_pack(pack_copy.root).digest != load_pack().digest
    assert diff(capsys, "default", pack_copy.root) == (0, ["no policy changes"], "")


def test_a_one_threshold_change_is_described_in_plain_words(pack_copy, capsys):
    line = pack_copy.edit(NEEDS, "        count: 3\n        domains: 2\n", "        count: 4\n        domains: 2\n")
    code, out, err = diff(capsys, "default", pack_copy.root)
    assert (code, err) == (0, "")
    change = "3 or more different needs → 4 or more different needs"
    assert out == [f"{pack_copy.path(NEEDS)}:{line}: several needs across domains: {change}"]


def test_a_dated_change_shows_its_date(pack_copy, capsys):
    path = pack_copy.path(NEEDS)
    text = path.read_text(encoding="utf-8")
    at = text.index("  - rule: domestic-abuse-grade-2\n")
    end = text.index("  # There is no rule for grade 1")
    entry = text[at:end]
    before = entry.replace("    level: 3\n", "    level: 3\n    until: 2027-03-31\n")
    after = entry.replace("    level: 3\n", "    level: 2\n    from: 2027-04-01\n")
    path.write_text(text[:at] + before + after + text[end:], encoding="utf-8")
    line = pack_copy.line_of(NEEDS, "    level: 2\n    from: 2027-04-01\n")
    code, out, _ = diff(capsys, "default", pack_copy.root)
    assert (code, out) == (0, [f"{path}:{line}: domestic abuse grade 2: level 3 → level 2 from 2027-04-01"])
    code, out, _ = diff(capsys, pack_copy.root, pack_copy.root)
    assert out == ["no policy changes"]


def test_many_changes_each_with_its_line(pack_copy, capsys):
    version = pack_copy.edit("rules/pack.yaml", 'version: "2026.1"', 'version: "2026.2"')
    level = pack_copy.edit("rules/levels.yaml", "    name: Targeted early help\n", "    name: Targeted help\n")
    text = pack_copy.path(IND).read_text(encoding="utf-8")
    at = text.index("  - code: offending\n")
    offending = at + text[at:].index("    level: 3\n")
    pack_copy.path(IND).write_text(text[:offending] + "    level: 4\n" + text[offending + 12 :], encoding="utf-8")
    ages = pack_copy.edit(IV, "    ages: [3, 6]\n", "    ages: [3, 8]\n")
    cut(pack_copy, IV, "  - id: paths\n", "  - id:")
    cut(pack_copy, SAFE, "  - rule: pregnancy-under-13\n", "  - rule:")
    youth = cut(pack_copy, LEAD, "  - rule: lead-youth-justice\n", "  - rule:")
    moved = pack_copy.edit(LEAD, "  - rule: lead-family-preference\n", youth + "  - rule: lead-family-preference\n")
    code, out, _ = diff(capsys, "default", pack_copy.root)
    a = load_pack()
    at_a = {rel: a.doc(rel).name for rel in (IV, SAFE)}
    paths = next(i for i, iv in enumerate(a.models[IV].interventions) if iv.id == "paths")
    paths_line = a.doc(IV).line_of(("interventions", paths))
    trigger = next(i for i, t in enumerate(a.models[SAFE].triggers) if t.rule == "pregnancy-under-13")
    b = pack_copy.path
    assert code == 0
    assert out == [
        f"{b('rules/pack.yaml')}:{version}: pack version: 2026.1 → 2026.2",
        f"{b('rules/levels.yaml')}:{level}: level 3 name: Targeted early help → Targeted help",
        f"{b(IND)}:{text.count(chr(10), 0, offending) + 1}: indicator offending: level 3 → level 4",
        f"{at_a[SAFE]}:{a.doc(SAFE).line_of(('triggers', trigger))}: safeguarding trigger pregnancy-under-13 removed",
        f"{b(IV)}:{ages}: Incredible Years Preschool (BASIC) parent programme: ages 3-6 → ages 3-8",
        f"{at_a[IV]}:{paths_line}: programme paths removed",
        f"{b(LEAD)}:{moved}: lead rules: lead-youth-justice moved above lead-family-preference",
    ]


def test_added_programmes_triggers_and_offer_conditions(pack_copy, capsys):
    text = pack_copy.path(IV).read_text(encoding="utf-8")
    at = text.index("  - id: paths\n")
    end = text.index("  - id:", at + 5)
    copy = text[at:end].replace("  - id: paths\n", "  - id: paths-plus\n").replace("rule: paths-", "rule: paths-plus-")
    pack_copy.path(IV).write_text(text[:end] + copy + text[end:], encoding="utf-8")
    added = pack_copy.line_of(IV, "  - id: paths-plus\n")
    text = pack_copy.path(SAFE).read_text(encoding="utf-8")
    at = text.index("  - rule: pregnancy-under-13\n")
    end = text.index("  - rule:", at + 5)
    trigger = text[at:end].replace("pregnancy-under-13", "pregnancy-under-14").replace("max: 12", "max: 13")
    pack_copy.path(SAFE).write_text(text + trigger, encoding="utf-8")
    new_trigger = pack_copy.line_of(SAFE, "  - rule: pregnancy-under-14\n")
    offer = pack_copy.edit(
        IV,
        "        when: {any: [conduct_problems, conduct_disorder, antisocial_behaviour, adhd]}",
        "        when: {any: [conduct_problems, conduct_disorder, antisocial_behaviour, adhd, autism], age: {min: 4}}",
    )
    code, out, _ = diff(capsys, "default", pack_copy.root)
    assert code == 0
    assert f"{pack_copy.path(SAFE)}:{new_trigger}: safeguarding trigger pregnancy-under-14 added (" in "\n".join(out)
    assert f"{pack_copy.path(IV)}:{added}: programme paths-plus added (ages 6-11, levels 2-3)" in out
    assert f"{pack_copy.path(IV)}:{offer}: offer rule iy-preschool-behaviour: has one of: now also Autism" in out
    assert f"{pack_copy.path(IV)}:{offer}: offer rule iy-preschool-behaviour: now also requires aged 4 or over" in out
    assert not any("offer rule paths-plus" in line for line in out)  # said once, with its programme


def test_json_lists_kind_key_what_before_after_from_file_line(pack_copy, capsys):
    line = pack_copy.edit(NEEDS, "        count: 3\n        domains: 2\n", "        count: 4\n        domains: 2\n")
    cut(pack_copy, IV, "  - id: paths\n", "  - id:")
    code, out, _ = diff(capsys, "default", pack_copy.root, "--json")
    changes = json.loads("\n".join(out))
    assert code == 0 and len(changes) == 2
    assert all({"kind", "key", "what", "before", "after", "from", "file", "line"} <= set(c) for c in changes)
    assert changes[0] == {
        "kind": "rule",
        "key": "several-needs-across-domains",
        "what": "condition",
        "before": "3 or more different needs",
        "after": "4 or more different needs",
        "from": None,
        "until": None,
        "file": str(pack_copy.path(NEEDS)),
        "line": line,
        "text": "several needs across domains: 3 or more different needs → 4 or more different needs",
    }
    assert (changes[1]["kind"], changes[1]["key"], changes[1]["what"]) == ("programme", "paths", "removed")
    assert changes[1]["file"] == load_pack().doc(IV).name


def test_the_pass_takes_loaded_packs(pack_copy):
    pack_copy.edit(NEEDS, "        count: 3\n        domains: 2\n", "        count: 4\n        domains: 2\n")
    (change,) = diff_packs(load_pack(), load_pack(pack_copy.root))
    assert (change.before, change.after, change.start) == (
        "3 or more different needs",
        "4 or more different needs",
        None,
    )


@pytest.mark.parametrize("which", ["a", "b"])
def test_an_unreadable_pack_exits_2_with_file_and_line(pack_copy, capsys, tmp_path, which):
    line = pack_copy.edit(NEEDS, "    level: 3\n", "    level: three\n")
    a, b = (pack_copy.root, "default") if which == "a" else ("default", pack_copy.root)
    code, out, err = diff(capsys, a, b)
    assert (code, out) == (2, [])
    assert err.startswith(f"{pack_copy.path(NEEDS)}:{line}: combinations[0].level: ")
    code, out, err = diff(capsys, tmp_path / "nowhere", "default")
    assert (code, out) == (2, []) and "no such directory" in err and "Traceback" not in err
