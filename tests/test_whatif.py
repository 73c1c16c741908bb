"""What-if: a pack's thresholds listed, one changed in memory and checked, and its impact on a caseload."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from engine.check import usable_pack
from engine.errors import InputError
from engine.pack import resolve_pack
from engine.pack.copy import copy_pack
from engine.pack.files import read_files
from engine.pack.load import load_pack
from engine.synth import families
from engine.text import decode
from engine.whatif import Caseload, apply, thresholds, whatif
from engine.whatif.change import edit
from engine.whatif.find import found_in

LEVEL_3_COUNT = "rules/needs.yaml:combinations.several-needs-across-domains.when.needs.count"
PARENT_UNDER_13 = "rules/safeguarding.yaml:triggers.parent-under-13.when.age.max"
RED_HOURS = "rules/urgency.yaml:ratings.red.respond_within_hours"
PACKS = ("default", "families-first")


def _digest(root: Path) -> dict[str, str]:
    """Every file under a pack folder (and the base it extends), with a hash of its bytes."""
    files = read_files(root)
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in files.paths.values()}


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    return Caseload(families(usable_pack(resolve_pack("default")), 1500, seed=7))


@pytest.mark.parametrize("name", PACKS)
def test_every_threshold_says_where_it_is_what_it_means_and_where_it_comes_from(name):
    listed = thresholds(resolve_pack(name))
    assert len(listed) > 100
    assert len({t.key for t in listed}) == len(listed), "keys must be unique"
    for t in listed:
        assert re.fullmatch(r"[a-z_/]+\.yaml:[A-Za-z0-9_.\-]+", t.key), t.key  # fit for a form field or a URL
        assert Path(t.file).is_file() and t.line > 0, t
        assert t.label and t.source and all(s.doc and s.cite and s.section for s in t.source), t
        assert t.minimum <= t.value <= t.maximum, t
        line = Path(t.file).read_text(encoding="utf-8").splitlines()[t.line - 1]
        assert re.search(rf"(?<![\w.-]){t.value}(?![\w.-])", line), f"{t.key}: {t.value} not on line {t.line}: {line}"


@pytest.mark.parametrize("name", PACKS)
def test_the_level_3_need_count_is_listed_with_its_value_and_source(name):
    by_key = {t.key: t for t in thresholds(resolve_pack(name))}
    t = by_key[LEVEL_3_COUNT]
    assert t.value == 3 and t.minimum == 1 and not t.safeguarding
    assert "Level 3" in t.label and "at least this many different needs" in t.label
    assert Path(t.file).read_text(encoding="utf-8").splitlines()[t.line - 1].strip() == "count: 3"
    assert {s.doc for s in t.source} >= {"hampshire-thresholds"}
    for key in (
        RED_HOURS,
        "rules/supporting_families.yaml:threshold.count",
        "pathways/interventions.yaml:ranking.most_per_member",
    ):
        assert key in by_key


def test_safeguarding_triggers_are_flagged_and_nothing_else_is():
    listed = thresholds(resolve_pack("default"))
    flagged = {t.key for t in listed if t.safeguarding}
    assert PARENT_UNDER_13 in flagged
    assert flagged == {t.key for t in listed if t.key.startswith("rules/safeguarding.yaml:")}


def test_every_threshold_is_found_where_the_edit_would_write_it():
    """The edit finds each number at the place the listing names (it refuses to edit anything else)."""
    root = resolve_pack("default")
    files = read_files(root)
    for f, t in found_in(load_pack(root, files)):
        text = decode(files.data[f.rel], t.file)
        changed = edit(text, f.path, t.value, t.value + 1000)
        before, after = text.splitlines(), changed.splitlines()
        assert len(before) == len(after)
        differ = [k + 1 for k, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert differ == [t.line], t.key


def test_raising_the_level_3_need_count_moves_families_down_and_lowering_it_moves_them_up(caseload):
    root = resolve_pack("default")
    baseline = usable_pack(root)
    higher = whatif(caseload, baseline, LEVEL_3_COUNT, 4, root)
    lower = whatif(caseload, baseline, LEVEL_3_COUNT, 2, root)
    before, up, down = higher["levels"]["before"], higher["levels"]["after"], lower["levels"]["after"]
    assert up[2] < before[2] and up[1] > before[1]  # fewer at level 3, more at level 2
    assert down[2] > before[2] and down[1] < before[1]
    assert higher["levels"]["matrix"][2][1] > 0 and higher["levels"]["matrix"][1][2] == 0  # only ever down
    assert higher["escalations"]["lost"] == 0
    assert higher["change"] | {"file": None} == {
        "key": LEVEL_3_COUNT,
        "label": higher["change"]["label"],
        "file": None,
        "line": 17,
        "before": 3,
        "after": 4,
        "safeguarding": False,
    }
    # the changed pack keeps the pack's name, so the report calls them baseline and proposed
    assert higher["proposed"]["name"] == higher["baseline"]["name"] == "default"
    assert higher["proposed"]["digest"] != higher["baseline"]["digest"]


def test_a_what_if_on_a_pack_that_extends_another_changes_the_base_file_in_memory_only():
    root = resolve_pack("families-first")
    before = _digest(root)
    baseline = usable_pack(root)
    fams = families(baseline, 800, seed=3)
    out = whatif(fams, baseline, LEVEL_3_COUNT, 5, root)
    assert out["levels"]["after"][2] < out["levels"]["before"][2]
    assert out["proposed"]["name"] == "families-first"
    assert _digest(root) == before


def test_the_original_pack_files_are_untouched(tmp_path):
    root = tmp_path / "ours"
    copy_pack(resolve_pack("default"), root)
    before = {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    changed = apply(root, LEVEL_3_COUNT, 4)
    after = {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    assert after == before
    assert changed.digest != usable_pack(root).digest
    assert changed.name == usable_pack(root).name


def test_an_unknown_key_is_refused_with_a_suggestion():
    with pytest.raises(InputError) as exc:
        apply(resolve_pack("default"), LEVEL_3_COUNT.replace("count", "cuont"), 4)
    (p,) = exc.value.problems
    assert p.field == "key" and "no threshold" in p.message and f"did you mean '{LEVEL_3_COUNT}'" in p.message


@pytest.mark.parametrize("value", [0, 57, -1, True, "4"])
def test_a_value_out_of_range_or_not_a_whole_number_is_refused(value):
    with pytest.raises(InputError) as exc:
        apply(resolve_pack("default"), LEVEL_3_COUNT, value)
    (p,) = exc.value.problems
    assert p.field == LEVEL_3_COUNT and p.line == 17
    assert "out of range: give a whole number from 1 to" in p.message or "give a whole number" in p.message


def test_a_change_the_checker_refuses_is_refused_with_the_checkers_reason():
    with pytest.raises(InputError) as exc:
        apply(resolve_pack("default"), RED_HOURS, 100)
    assert any(
        p.field == RED_HOURS and "red must be answered sooner than amber" in p.message for p in exc.value.problems
    )


def test_weakening_a_mandatory_escalation_is_refused():
    with pytest.raises(InputError) as exc:
        apply(resolve_pack("default"), PARENT_UNDER_13, 11)
    messages = [p.message for p in exc.value.problems]
    assert any("every pack must escalate a parent under 13" in m for m in messages), messages


def test_every_weakening_of_a_flagged_threshold_is_refused_or_shows_lost_escalations(caseload):
    root = resolve_pack("default")
    baseline = usable_pack(root)
    tried = 0
    for t in thresholds(root):
        if not t.safeguarding:
            continue
        weaker = t.value + 1 if t.key.endswith(".min") else t.value - 1  # a narrower range escalates fewer
        if not t.minimum <= weaker <= t.maximum:
            continue
        tried += 1
        try:
            out = whatif(caseload, baseline, t.key, weaker, root)
        except InputError:
            continue
        assert out["change"]["safeguarding"] and out["escalations"]["lost"] > 0, t.key
    assert tried >= 2


def test_a_safeguarding_change_the_contract_allows_shows_the_escalations_lost(pack_copy):
    """Grade 3 is not an escalation the contract requires: narrowing it is allowed, and loudly counted."""
    pack_copy.edit("rules/safeguarding.yaml", "min: 3\n        max: 3", "min: 3")
    baseline = usable_pack(pack_copy.root)
    key = "rules/safeguarding.yaml:triggers.domestic-abuse-grade-3.when.domestic_abuse_risk.min"
    out = whatif(families(baseline, 1500, seed=5), baseline, key, 4, pack_copy.root)
    assert out["change"]["safeguarding"] is True
    assert out["escalations"]["lost"] > 0
    assert all("domestic-abuse-grade-3" in " ".join(f["why_before"]) for f in out["escalations"]["lost_families"])


def test_a_baseline_that_is_not_the_pack_in_the_folder_is_refused(caseload):
    with pytest.raises(InputError) as exc:
        whatif(caseload, usable_pack(resolve_pack("families-first")), LEVEL_3_COUNT, 4, resolve_pack("default"))
    assert exc.value.problems[0].field == "baseline"
