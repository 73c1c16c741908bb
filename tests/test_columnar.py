"""The columnar evaluator decides as the row path does: every shipped pack, on thousands of
synthetic families (some referred over two years) and the packs' own cases, against durable-rules'
decisions; a pack with dated values, and one with more than 64 indicators, likewise."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence

import pytest
import yaml
from test_dates import SAFE, SF, date_grade_2

from engine import ir
from engine.cases import case_files, read_cases
from engine.check import usable_pack
from engine.columnar import Outcomes, Summary, decide_columns, encode, evaluate, explain
from engine.columnar.stages import escalation_rules
from engine.compile import compile_or_refuse
from engine.contract import MAX_MEMBERS
from engine.decide import Decision, decide_all
from engine.evaluate import make_backend
from engine.ir import CompiledPack
from engine.pack import BUNDLED, bundled_pack_dir, load_pack
from engine.profile import Family
from engine.synth import Generator, Seeded, families

COUNT, SPREAD, SEED = 10_000, 2_000, 2027
MISSING = """\
  - rule: missing-from-home
    subject: member
    when:
      any: [missing_episodes]
    from: 2027-10-01
    route: Children's social care front door (MASH), today.
    text: A child who goes missing may be exploited while away.
    source:
      - doc: threshold-documents
        section: 2.5(3)
"""


def decided(fams: Sequence[Family], pack: CompiledPack) -> list[Decision]:
    """The row path's decisions, by durable-rules, in batches."""
    durable = make_backend("durable", pack)
    return [d for k in range(0, len(fams), 1000) for d in decide_all(fams[k : k + 1000], pack, durable)]


def disagreements(fams: Sequence[Family], out: Outcomes, decisions: Sequence[Decision]) -> list[str]:
    """Each family whose columnar outcome differs from its decision, with the parts that differ."""
    differ = []
    for k, (family, decision) in enumerate(zip(fams, decisions, strict=True)):
        got, want = out.summary(k), Summary.of(decision, family)
        if got != want:
            parts = [f.name for f in dataclasses.fields(Summary) if getattr(got, f.name) != getattr(want, f.name)]
            differ.append(f"{family.referral_id}: {', '.join(parts)}: columnar {got}, durable {want}")
    return differ


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_every_shipped_pack_decides_thousands_of_families_as_durable_rules_does(name):
    root = bundled_pack_dir(name)
    pack = compile_or_refuse(load_pack(root))
    # the packs' own cases add what the generator does not make (a parent under 13, an unborn child only):
    # with them, every rule of both packs holds for some family
    cases = sorted({*case_files(bundled_pack_dir("default")), *case_files(root)})
    fams = families(pack, COUNT, SEED) + families(pack, SPREAD, SEED + 1, spread_days=730)
    fams += [c.family for c in read_cases(cases, pack)]
    decisions = decided(fams, pack)
    out = decide_columns(fams, pack)
    assert len(out) == len(fams)
    assert list(out.outcome_count) == [len(d.supporting_families.outcomes) for d in decisions]
    differ = disagreements(fams, out, decisions)
    assert not differ, f"{len(differ)} of {len(fams)} differ, e.g.\n" + "\n".join(differ[:5])
    # the families reach every part of the decision the comparison looks at
    assert set(out.level) == {1, 2, 3, 4} and out.escalate.any() and out.eligible.any()
    assert len(set(out.intervention)) >= 20 and set(out.rank) == {1, 2, 3} and len(set(out.lead)) >= 10


def test_large_families_up_to_the_limit_of_members_decide_alike(pack):
    maker, sizes = Generator(pack, Seeded(SEED)), (2, 9, 20, MAX_MEMBERS)
    fams = []
    for k in range(400):
        draft = maker.draft()
        draft.people = [maker.person(draft, f"P{j}", child=j % 3 != 0) for j in range(sizes[k % len(sizes)])]
        fams.append(draft.family_of())
    differ = disagreements(fams, decide_columns(fams, pack), decided(fams, pack))
    assert not differ, f"{len(differ)} of {len(fams)} differ, e.g.\n" + "\n".join(differ[:5])


def test_a_pack_with_dated_values_decides_each_family_by_the_rules_of_its_referral_date(pack_copy):
    date_grade_2(pack_copy, until="2027-09-30", start="2027-10-01")
    # a trigger from the same day, listed first: the periods number their escalation rules differently
    pack_copy.edit(SAFE, "triggers:\n", "triggers:\n" + MISSING)
    pack = usable_pack(pack_copy.root)
    assert len(pack.views) == 2 and escalation_rules(pack.latest)[0] == "missing-from-home"
    fams = families(pack, SPREAD, SEED, spread_days=730)  # 2026-11-20 to 2028-11-19: both periods
    assert {pack.at(f.as_of).period for f in fams} == {v.period for v in pack.views}
    differ = disagreements(fams, decide_columns(fams, pack), decided(fams, pack))
    assert not differ, f"{len(differ)} of {len(fams)} differ, e.g.\n" + "\n".join(differ[:5])


def test_a_vocabulary_of_more_than_64_indicators_is_held_in_bitsets_of_two_words(pack_copy):
    # every indicator again under a new code, placed in Supporting Families as the original is
    for rel, key, name in (("rules/indicators.yaml", "indicators", "code"), (SF, "mapping", "indicator")):
        doc = yaml.safe_load(pack_copy.path(rel).read_text(encoding="utf-8"))
        doc[key] += [{**copy.deepcopy(entry), name: entry[name] + "_again"} for entry in doc[key]]  # no aliases
        pack_copy.path(rel).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    pack = compile_or_refuse(load_pack(pack_copy.root))
    fams = families(pack, SPREAD, SEED)
    assert len({c for f in fams for m in f.members for c in m.indicators}) > 64
    differ = disagreements(fams, decide_columns(fams, pack), decided(fams, pack))
    assert not differ, f"{len(differ)} of {len(fams)} differ, e.g.\n" + "\n".join(differ[:5])


def test_the_comparison_catches_a_columnar_result_that_misses_a_threshold(pack, read_family):
    # three needs, each pointing to level 2 alone, in two domains, met by three services, one member's:
    # level 3 only because several-needs-across-domains counts them (a threshold: 3 or more)
    family = read_family(
        "referral: {id: R-T, date: 2026-11-20, consent: true}\n"
        "members:\n"
        "  - {id: C1, role: child, age: 9, indicators: [school_absence, conduct_problems]}\n"
        "  - {id: P1, role: parent, age: 35}\n"
        "family: {indicators: [housing_problems]}\n"
    )
    decisions = decided([family], pack)
    assert decisions[0].level.code == 3
    assert [r.rule for r in decisions[0].level.reasons] == ["several-needs-across-domains"]
    assert not disagreements([family], decide_columns([family], pack), decisions)

    def stricter(t: ir.Test) -> ir.Test:
        return dataclasses.replace(t, value=t.value + 1) if t.field.kind == "n_needs" else t

    rules = tuple(
        dataclasses.replace(
            r, clauses=tuple(dataclasses.replace(c, tests=tuple(map(stricter, c.tests))) for c in r.clauses)
        )
        if r.id == "several-needs-across-domains"
        else r
        for r in pack.rules
    )
    broken = dataclasses.replace(pack, rules=rules, cache={})  # the columnar side alone asks for 4 needs
    out = decide_columns([family], broken)
    assert out.level[0] == 2
    assert [d.split(": columnar")[0] for d in disagreements([family], out, decisions)] == ["R-T: level"]


def test_reasons_come_on_demand_from_the_row_path_and_match_the_outcome(pack):
    fams = families(pack, 300, SEED)
    out = evaluate(encode(fams, block=64), pack)  # several blocks: numbered alike, joined in order
    chosen = [0, 7, 299]
    for k, decision in zip(chosen, explain(fams, pack, chosen), strict=True):
        assert decision.referral_id == fams[k].referral_id and decision.level.reasons
        assert Summary.of(decision, fams[k]) == out.summary(k)


def test_an_empty_caseload_has_no_outcomes(pack):
    out = decide_columns([], pack)
    assert len(out) == 0 and list(out.offers) == [0]
