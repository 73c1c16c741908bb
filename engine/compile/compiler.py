"""Pack models -> the intermediate form (engine.ir), checking every reference on the way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, TypeVar

from ..contract import REQUIRED_INDICATORS, REQUIRED_INTERVENTIONS, ROLES
from ..errors import InputError, Problem
from ..ir import (
    STAGES,
    Clause,
    CompiledPack,
    Effect,
    Escalate,
    IndicatorInfo,
    InterventionInfo,
    Lead,
    LevelInfo,
    Offer,
    Origin,
    Period,
    RaiseLevel,
    RankingInfo,
    ReviewInfo,
    Rule,
    ServiceInfo,
    Stage,
    Subject,
    Test,
    field,
    selective_first,
)
from ..pack import LoadedPack
from ..pack.models import Condition, Evidence, IndicatorRef, Range, Source
from ..text import did_you_mean, format_path
from .cin import cin_codes
from .dates import Dates, by_period, first_day, in_force
from .supporting_families import compile_supporting_families
from .urgency import compile_urgency

T = TypeVar("T")

HOLDER_KIND = {"member": "m_", "adults": "a_", "children": "c_", "family": "f_", "anyone": "x_", "primary_child": "p_"}
HOLDER = {
    "member": "",
    "adults": " (an adult)",
    "children": " (a child)",
    "family": " (the family)",
    "anyone": " (anyone in the family)",
    "primary_child": " (the child with the most recorded needs)",
}
DEFAULT_WHO = {
    "member": {"child": "member", "any": "member", "adult": "adults", "family": "family"},
    "family": {"child": "children", "any": "anyone", "adult": "adults", "family": "family"},
}
CAN_HOLD = {  # which holders can carry an indicator of each kind
    "member": {"child", "adult", "any"},
    "adults": {"adult", "any"},
    "children": {"child", "any"},
    "family": {"family"},
    "anyone": {"child", "adult", "any"},
    "primary_child": {"child", "any"},
}
ONLY_FOR: dict[str, tuple[set[Subject], set[Stage]]] = {
    "age": ({"member"}, set(STAGES)),
    "pregnant": ({"member"}, set(STAGES)),
    "parent": ({"member"}, set(STAGES)),
    "first_pregnancy": ({"member"}, set(STAGES)),
    "gestation_weeks": ({"member"}, set(STAGES)),
    "level": ({"member", "family"}, {"intervention", "lead"}),
    "recommended_any": ({"family"}, {"lead"}),
    "primary_child_age": ({"family"}, {"lead"}),
    "preferred_lead_involved": ({"family"}, {"lead"}),
    "has_child": ({"family"}, {"level", "lead"}),
    "escalated": ({"member", "family"}, {"intervention", "lead"}),
}


FLAGS = {  # condition field: (fact field, words when true, words when false)
    "pregnant": ("pregnant", "is expecting a baby", "is not expecting a baby"),
    "parent": ("parent", "is a parent or carer", "is not a parent or carer"),
    "first_pregnancy": ("first_pregnancy", "first pregnancy", "not a first pregnancy"),
    "has_child": ("has_child", "a child is born", "only an unborn child"),
    "escalated": ("escalated", "a safeguarding concern escalates", "no safeguarding concern escalates"),
    "preferred_lead_involved": (
        "pref_involved",
        "the family's preferred practitioner is involved",
        "the family's preferred practitioner is not involved",
    ),
}


def _range_tests(kind: str, r: Range) -> tuple[Test, ...]:
    tests = []
    if r.min is not None:
        tests.append(Test(field(kind), "ge", r.min))
    if r.max is not None:
        tests.append(Test(field(kind), "le", r.max))
    return tuple(tests)


def _negated(t: Test) -> Test | None:
    """The test that holds exactly when `t` does not (None: no single test does)."""
    if t.is_flag:
        return Test(t.field, "eq", not t.value)
    if t.op == "ge":
        return Test(t.field, "le", int(t.value) - 1)
    return Test(t.field, "ge", int(t.value) + 1) if t.op == "le" else None


def _range_words(r: Range, unit: str = "") -> str:
    if r.min is not None and r.max is not None:
        return f"{r.min}{unit}" if r.min == r.max else f"{r.min} to {r.max}{unit}"
    return f"{r.min}{unit} or over" if r.min is not None else f"{r.max}{unit} or under"


class _Compiler:
    """Compiles what is in force on one day (`on`; None: every entry, whatever its dates)."""

    def __init__(self, lp: LoadedPack, on: dt.date | None = None):
        self.lp = lp
        self.m = lp.models
        self.on = on
        self.problems: list[Problem] = []
        self.rules: list[Rule] = []
        self.documents = self.m["rules/documents.yaml"].documents
        every_indicator = self.m["rules/indicators.yaml"].indicators
        every_intervention = self.m["pathways/interventions.yaml"].interventions
        self.indicators = {i.code: i for _, i in self.live(every_indicator)}
        self.interventions = {i.id: i for _, i in self.live(every_intervention)}
        self.ever = {"indicator": {i.code for i in every_indicator}, "intervention": {i.id for i in every_intervention}}

    def live(self, items: Sequence[T]) -> Iterator[tuple[int, T]]:
        """The entries in force on the day being compiled, with their positions in the file."""
        return ((i, item) for i, item in enumerate(items) if in_force(item, self.on))

    def unknown(self, kind: str, key: str, known: dict[str, Any]) -> str:
        if key in self.ever[kind]:
            return f"{kind} '{key}' is not in force while this rule is"
        return f"unknown {kind} '{key}'{did_you_mean(key, known)}"

    # -- reporting
    def origin(self, rel: str, path: tuple) -> Origin:
        doc = self.lp.doc(rel)
        return Origin(doc.name, doc.line_of(path))

    def problem(self, rel: str, path: tuple, message: str) -> None:
        o = self.origin(rel, path)
        self.problems.append(Problem(o.file, o.line, format_path(path), message))

    def unique(self, kind: str, items: Iterable[tuple[str, tuple]], rel: str) -> None:
        first: dict[str, tuple] = {}
        for key, path in items:
            if key in first:
                line = self.origin(rel, first[key]).line
                self.problem(rel, path, f"duplicate {kind} '{key}' (first at line {line})")
            else:
                first[key] = path

    def band_sane(self, ages: tuple[int, int], oldest: int, rel: str, path: tuple) -> None:
        lo, hi = ages
        if lo > hi:
            self.problem(rel, path, f"age band {lo}-{hi} is inverted")
        elif lo < 0 or hi > oldest:
            self.problem(rel, path, f"age band {lo}-{hi} is impossible: ages run from 0 to {oldest} here")

    def cite(self, sources: Sequence[Source], rel: str, path: tuple) -> tuple[str, tuple[str, ...]]:
        parts, unverified = [], []
        for i, s in enumerate(sources):
            doc = self.documents.get(s.doc)
            if doc is None:
                hint = did_you_mean(s.doc, self.documents)
                self.problem(rel, (*path, "source", i, "doc"), f"unknown document '{s.doc}'{hint}")
                continue
            text = f"{doc.cite} {s.section}"
            parts.append(text)
            if not s.verified:
                unverified.append(f"{text}: {s.note or 'not checked against the source'}")
        return "; ".join(parts), tuple(unverified)

    # -- conditions
    def ref(self, ref: IndicatorRef | str, subject: Subject, rel: str, path: tuple) -> tuple[Test, str] | None:
        code, given = (ref, None) if isinstance(ref, str) else (ref.code, ref.who)
        ind = self.indicators.get(code)
        if ind is None:
            self.problem(rel, path, self.unknown("indicator", code, self.indicators))
            return None
        who: str = given or DEFAULT_WHO[subject][ind.applies_to]
        if who == "member" and subject == "family":
            self.problem(rel, path, "who: member is only for rules about one member")
            return None
        if ind.applies_to not in CAN_HOLD[who]:
            self.problem(rel, path, f"'{code}' applies to {ind.applies_to}, so {who} never hold it")
            return None
        return Test(field(HOLDER_KIND[who], code), "eq", True), ind.label + HOLDER[who]

    def condition(self, cond: Condition, subject: Subject, stage: Stage, rel: str, path: tuple) -> list[Clause]:
        for name in cond.model_fields_set:
            subjects, stages = ONLY_FOR.get(name, ({"member", "family"}, set(STAGES)))
            if subject not in subjects or stage not in stages:
                self.problem(rel, (*path, name), f"'{name}' cannot be used in a {subject} rule of the {stage} stage")
        out: list[Clause] = []

        def refs(items: list | None, key: str) -> list[tuple[Test, str]]:
            got = [self.ref(r, subject, rel, (*path, key, i)) for i, r in enumerate(items or [])]
            return [g for g in got if g]

        anys = refs(cond.any, "any")
        if anys:
            out.append(Clause(tuple(t for t, _ in anys), "any", "has one of: " + ", ".join(w for _, w in anys)))
        out += [Clause((t,), "all", f"has {w}") for t, w in refs(cond.all, "all")]
        out += [Clause((Test(t.field, "eq", False),), "all", f"does not have {w}") for t, w in refs(cond.none, "none")]
        if cond.age:
            out.append(Clause(_range_tests("age", cond.age), "all", f"aged {_range_words(cond.age)}"))
        for name, (kind, yes, no) in FLAGS.items():
            value = getattr(cond, name)
            if value is not None:
                out.append(Clause((Test(field(kind), "eq", value),), "all", yes if value else no))
        if g := cond.gestation_weeks:
            tests = ((Test(field("gest_hi"), "ge", g.min),) if g.min is not None else ()) + (
                (Test(field("gest_lo"), "le", g.max),) if g.max is not None else ()
            )
            out.append(Clause(tests, "all", f"pregnancy at {_range_words(g, ' weeks')} (or not recorded)"))
        if d := cond.domestic_abuse_risk:
            tests = _range_tests("da_risk", d) + (() if d.min else (Test(field("da_risk"), "ge", 1),))
            out.append(Clause(tests, "all", f"domestic abuse screened at grade {_range_words(d)}"))
        if n := cond.needs:
            for key, kind, words in (
                ("domains", "n_domains", "domains of need"),
                ("count", "n_needs", "different needs"),
                ("services", "n_services", "services needed to meet them"),
                ("people", "n_people", "family members with needs"),
            ):
                value = getattr(n, key)
                if value is not None:
                    out.append(Clause((Test(field(kind), "ge", value),), "all", f"{value} or more {words}"))
        if cond.level:
            out.append(Clause(_range_tests("level", cond.level), "all", f"level of need {_range_words(cond.level)}"))
        if cond.recommended_any:
            for i, iid in enumerate(cond.recommended_any):
                if iid not in self.interventions:
                    unknown = self.unknown("intervention", iid, self.interventions)
                    self.problem(rel, (*path, "recommended_any", i), unknown)
            tests = tuple(Test(field("rec_", i), "eq", True) for i in cond.recommended_any if i in self.interventions)
            if tests:
                out.append(Clause(tests, "any", "offered " + " or ".join(cond.recommended_any)))
        if cond.primary_child_age:
            tests = (Test(field("has_child"), "eq", True), *_range_tests("primary_age", cond.primary_child_age))
            out.append(Clause(tests, "all", f"the child most in need is aged {_range_words(cond.primary_child_age)}"))
        return out

    def unless(self, cond: Condition, subject: Subject, rel: str, path: tuple) -> Clause | None:
        """An `unless`: its condition turned round, which only a condition of one clause can be
        (the tests of an all-clause become a clause any of whose opposites holds)."""
        before = len(self.problems)
        clauses = self.condition(cond, subject, "level", rel, path)
        if len(clauses) == 1 and (clauses[0].mode == "all" or len(clauses[0].tests) == 1):
            tests = [_negated(t) for t in clauses[0].tests]
            if all(tests):
                mode: Literal["all", "any"] = "any" if len(tests) > 1 else "all"
                return Clause(tuple(t for t in tests if t), mode, f"unless {clauses[0].says}", negated=True)
        if len(self.problems) == before:  # not already refused for what it names
            said = "; ".join(c.says for c in clauses) or "nothing"
            self.problem(
                rel,
                path,
                "unless can hold one test (one indicator, flag or range such as a grade), so that it can be "
                f"turned round; this one says: {said}",
            )
        return None

    # -- rules
    def add(
        self,
        rule_id: str,
        stage: Stage,
        subject: Subject,
        clauses: list[Clause],
        effect: Effect,
        text: str,
        cited: tuple[str, tuple[str, ...]],
        rel: str,
        path: tuple,
    ) -> None:
        self.rules.append(
            Rule(
                len(self.rules),
                rule_id,
                stage,
                subject,
                selective_first(clauses),
                effect,
                text,
                cited[0],
                cited[1],
                self.origin(rel, path),
            )
        )

    def levels(self) -> tuple[dict[int, LevelInfo], str]:
        rel = "rules/levels.yaml"
        lf = self.m[rel]
        self.unique("level code", ((str(lv.code), ("levels", i, "code")) for i, lv in enumerate(lf.levels)), rel)
        if sorted(lv.code for lv in lf.levels) != [1, 2, 3, 4]:
            self.problem(rel, ("levels",), "the levels must be exactly codes 1, 2, 3 and 4")
        out = {}
        for i, lv in enumerate(lf.levels):
            cited = self.cite(lv.source, rel, ("levels", i))[0]
            out[lv.code] = LevelInfo(
                lv.code, lv.name, lv.description, lv.response, lv.lead_professional, cited, lv.lead_title
            )
        return out, lf.universal_text

    def indicator_rules(self) -> dict[str, IndicatorInfo]:
        rel = "rules/indicators.yaml"
        f = self.m[rel]
        for name, d in f.domains.items():
            self.cite(d.source, rel, ("domains", name))
        missing = {"child_development", "parenting_capacity", "family_environment"} - set(f.domains)
        if missing:
            self.problem(rel, ("domains",), f"domains missing: {', '.join(sorted(missing))}")
        for name, svc in f.services.items():
            self.cite(svc.source, rel, ("services", name))
        out = {}
        for i, ind in self.live(f.indicators):
            path = ("indicators", i)
            if ind.met_by not in f.services:
                hint = did_you_mean(ind.met_by, f.services)
                self.problem(rel, (*path, "met_by"), f"unknown service '{ind.met_by}'{hint}: add it under `services`")
            subject: Subject = "family" if ind.applies_to == "family" else "member"
            holds = field("f_" if subject == "family" else "m_", ind.code)
            clauses = [Clause((Test(holds, "eq", True),), "all", f"has {ind.label}")]
            if ind.unless is not None:
                unless = self.unless(ind.unless, subject, rel, (*path, "unless"))
                clauses += [unless] if unless else []
            self.add(
                f"indicator:{ind.code}",
                "level",
                subject,
                clauses,
                RaiseLevel(ind.level),
                ind.text,
                self.cite(ind.source, rel, path),
                rel,
                path,
            )
            out[ind.code] = IndicatorInfo(ind.code, ind.label, ind.domain, ind.applies_to, ind.level, ind.met_by)
        return out

    def level_rules(self) -> None:
        rel = "rules/needs.yaml"
        for key in ("combinations", "circumstances"):
            for i, r in self.live(getattr(self.m[rel], key)):
                path = (key, i)
                clauses = self.condition(r.when, r.subject, "level", rel, (*path, "when"))
                self.add(
                    r.rule,
                    "level",
                    r.subject,
                    clauses,
                    RaiseLevel(r.level),
                    r.text,
                    self.cite(r.source, rel, path),
                    rel,
                    path,
                )
        rel = "rules/safeguarding.yaml"
        for i, t in self.live(self.m[rel].triggers):
            path = ("triggers", i)
            clauses = self.condition(t.when, t.subject, "level", rel, (*path, "when"))
            self.add(
                t.rule,
                "level",
                t.subject,
                clauses,
                Escalate(t.route),
                t.text,
                self.cite(t.source, rel, path),
                rel,
                path,
            )

    def bands(self) -> dict[str, Any]:
        rel = "rules/age_bands.yaml"
        bands = self.m[rel].bands
        self.unique("age band", ((b.id, ("bands", i, "id")) for i, b in enumerate(bands)), rel)
        for i, b in enumerate(bands):
            self.cite(b.source, rel, ("bands", i))
            self.band_sane(b.ages, 120, rel, ("bands", i, "ages"))
        return {b.id: b for b in bands}

    def intervention_rules(self, bands: dict[str, Any]) -> dict[str, InterventionInfo]:
        rel = "pathways/interventions.yaml"
        items = self.m[rel].interventions
        out = {}
        for i, iv in self.live(items):
            path = ("interventions", i)
            lo, hi = iv.ages
            self.band_sane(iv.ages, 17 if iv.member == "child" else 120, rel, (*path, "ages"))
            band_label = None
            if iv.band is not None:
                band = bands.get(iv.band)
                if band is None:
                    self.problem(rel, (*path, "band"), f"unknown age band '{iv.band}'{did_you_mean(iv.band, bands)}")
                else:
                    band_label = f"{band.label}, ages {band.ages[0]}-{band.ages[1]} ({band.recommendation})"
                    if not (band.ages[0] <= lo and hi <= band.ages[1]):
                        self.problem(
                            rel,
                            (*path, "ages"),
                            f"ages {lo}-{hi} lie outside band '{iv.band}' ({band.ages[0]}-{band.ages[1]})",
                        )
            if iv.member == "expectant_mother" and iv.whole_family:
                self.problem(rel, (*path, "whole_family"), "a programme for an expectant mother is not whole-family")
            cited, unverified = self.cite(iv.source, rel, path)
            ev_unverified = () if iv.evidence.verified else (f"{iv.name} evidence: {iv.evidence.note or 'unverified'}",)
            out[iv.id] = InterventionInfo(
                iv.id,
                iv.name,
                iv.ages,
                _evidence(iv.evidence),
                iv.delivered_by,
                iv.whole_family,
                band_label,
                cited,
                unverified + ev_unverified,
                iv.format,
                iv.alternatives,
                iv.evidence.eif,
                iv.evidence.cost,
                iv.evidence.benefit_per_pound,
            )
            if iv.format not in self.m[rel].ranking.formats:
                formats = self.m[rel].ranking.formats
                hint = did_you_mean(iv.format, formats)
                self.problem(rel, (*path, "format"), f"unknown format '{iv.format}'{hint}: list it in ranking.formats")
            who = (
                Clause((Test(field("child"), "eq", True),), "all", "is a child")
                if iv.member == "child"
                else Clause((Test(field("pregnant"), "eq", True),), "all", "is expecting a baby")
            )
            ages = Clause((Test(field("age"), "ge", lo), Test(field("age"), "le", hi)), "all", f"aged {lo} to {hi}")
            levels = sorted(set(iv.levels))
            if levels == list(range(levels[0], levels[-1] + 1)):
                tests: tuple[Test, ...] = (
                    Test(field("level"), "ge", levels[0]),
                    Test(field("level"), "le", levels[-1]),
                )
                level_clause = Clause(
                    tests, "all", f"level of need {_range_words(Range(min=levels[0], max=levels[-1]))}"
                )
            else:
                level_clause = Clause(
                    tuple(Test(field("level"), "eq", v) for v in levels),
                    "any",
                    "level of need " + " or ".join(map(str, levels)),
                )
            for j, offer in self.live(iv.offer_when):
                opath = (*path, "offer_when", j)
                clauses = [
                    who,
                    ages,
                    level_clause,
                    *self.condition(offer.when, "member", "intervention", rel, (*opath, "when")),
                ]
                text, unv = self.cite(offer.source, rel, opath)
                self.add(
                    offer.rule,
                    "intervention",
                    "member",
                    clauses,
                    Offer(iv.id),
                    offer.text,
                    (text, unv + unverified + ev_unverified),
                    rel,
                    opath,
                )
        return out

    def reviews(self) -> dict[str, ReviewInfo]:
        """What a review's decision says; the step-down warning must ask for a named contact (contract section 3)."""
        rel = "rules/reviews.yaml"
        out = {}
        for key, said in self.m[rel]:
            cited, unverified = self.cite(said.source, rel, (key,))
            out[key] = ReviewInfo(said.text, cited, unverified, getattr(said, "warning", None))
        if "contact" not in out["keep_progress"].text.lower():
            message = "must ask for a named contact, so no family is cut adrift at a step down (contract section 3)"
            self.problem(rel, ("keep_progress", "text"), message)
        return out

    def required(self, indicators: dict[str, IndicatorInfo], interventions: dict[str, InterventionInfo]) -> None:
        """The contract's starter vocabulary and catalogue: a pack may add to them, never remove."""
        rel = "rules/indicators.yaml"
        for code, applies in REQUIRED_INDICATORS.items():
            info = indicators.get(code)
            if info is None:
                self.problem(
                    rel,
                    ("indicators",),
                    f"indicator '{code}' is missing: every pack must define it (contract section 2)",
                )
            elif info.applies_to != applies:
                at = next(i for i, ind in self.live(self.m[rel].indicators) if ind.code == code)
                self.problem(
                    rel,
                    ("indicators", at, "applies_to"),
                    f"'{code}' must apply to {applies}, as contract section 2 says (got {info.applies_to})",
                )
        rel = "pathways/interventions.yaml"
        for iid in REQUIRED_INTERVENTIONS:
            if iid not in interventions:
                self.problem(
                    rel,
                    ("interventions",),
                    f"intervention '{iid}' is missing: every pack must offer it (contract section 3)",
                )

    def ranking(self) -> RankingInfo:
        rel = "pathways/interventions.yaml"
        r = self.m[rel].ranking
        self.unique("format", ((f, ("ranking", "formats", i)) for i, f in enumerate(r.formats)), rel)
        cited = self.cite(r.source, rel, ("ranking",))[0]
        return RankingInfo(tuple(r.formats), tuple(r.then), r.most_per_member, r.text, cited)

    def lead_rules(self) -> None:
        rel = "pathways/lead_professional.yaml"
        for i, r in self.live(self.m[rel].rules):
            path = ("rules", i)
            clauses = self.condition(r.when, "family", "lead", rel, (*path, "when"))
            cited = self.cite(r.source, rel, path)
            if r.role == "preferred":
                for k, role in enumerate(ROLES):
                    pick = Clause((Test(field("pref_", role), "eq", True),), "all", f"the family prefers the {role}")
                    lead = Lead(role, (i, k), r.title)
                    self.add(r.rule, "lead", "family", [*clauses, pick], lead, r.text, cited, rel, path)
            elif r.roles:
                kind, words = (
                    ("meets_", "works with the family on one of its needs")
                    if r.only_involved
                    else (
                        "inv_",
                        "is involved",
                    )
                )
                for k, role in enumerate(r.roles):
                    inv = Clause((Test(field(kind, role), "eq", True),), "all", f"the {role} {words}")
                    lead = Lead(role, (i, k), r.title)
                    self.add(r.rule, "lead", "family", [*clauses, inv], lead, r.text, cited, rel, path)
                if not r.only_involved:
                    lead = Lead(r.roles[0], (i, len(r.roles)), r.title)
                    self.add(r.rule, "lead", "family", clauses, lead, r.text, cited, rel, path)
            else:
                assert r.role is not None
                lead = Lead(r.role, (i, 0), r.title)
                self.add(r.rule, "lead", "family", clauses, lead, r.text, cited, rel, path)


def _evidence(e: Evidence) -> str:
    if e.eif is None:
        return "no EIF rating" if e.verified else "EIF rating not confirmed"
    return f"EIF {e.eif}" + ("" if e.verified else " (not confirmed)")


def _compile_period(
    lp: LoadedPack, period: Period, earlier: tuple[CompiledPack, ...]
) -> tuple[CompiledPack, list[Problem]]:
    c = _Compiler(lp, first_day(period) if period.dated else None)
    levels, universal = c.levels()
    indicators = c.indicator_rules()
    c.level_rules()
    interventions = c.intervention_rules(c.bands())
    c.required(indicators, interventions)
    c.lead_rules()
    urgency, supporting_families = compile_urgency(c), compile_supporting_families(c)
    meta = lp.models["rules/pack.yaml"]
    compiled = CompiledPack(
        meta.name,
        meta.version,
        lp.digest,
        meta.effective_from,
        levels,
        universal,
        indicators,
        interventions,
        c.reviews(),
        tuple(c.rules),
        cin_codes(c),
        urgency,
        supporting_families,
        period,
        earlier,
        ranking=c.ranking(),
        services={
            k: ServiceInfo(v.label, tuple(v.roles)) for k, v in lp.models["rules/indicators.yaml"].services.items()
        },
    )
    return compiled, c.problems


def compile_pack(lp: LoadedPack) -> tuple[CompiledPack, list[Problem]]:
    """Compile, returning the problems found; a pack with problems must not be used.

    A pack with dated values compiles once per period between the days its values change; the
    pack returned is the last period's, holding the earlier ones (CompiledPack.at picks one).
    """
    dates = Dates(lp)
    views: list[CompiledPack] = []
    found: list[tuple[Period, list[Problem]]] = []
    periods = dates.periods()
    for period in periods:
        view, problems = _compile_period(lp, period, tuple(views) if period is periods[-1] else ())
        views.append(view)
        found.append((period, problems))
    return views[-1], dates.problems + by_period(found)


def compile_or_refuse(lp: LoadedPack) -> CompiledPack:
    """The compiled pack, or InputError with every problem the compiler found."""
    compiled, problems = compile_pack(lp)
    if problems:
        raise InputError(problems)
    return compiled


class Describer:
    """The compiler's plain words for a pack's conditions and sources, on every entry whatever its
    dates: what `continuum diff` compares."""

    def __init__(self, lp: LoadedPack):
        self._c = _Compiler(lp)

    def condition(self, cond: Condition, subject: Subject, stage: Stage) -> list[Clause]:
        """The clauses a condition compiles to, each with what it says ("aged 3 to 6")."""
        clauses = self._c.condition(cond, subject, stage, "rules/pack.yaml", ())
        self._c.problems.clear()
        return clauses

    def unless(self, cond: Condition, subject: Subject) -> str | None:
        """What an indicator's `unless` says ("unless domestic abuse screened at grade 1")."""
        clause = self._c.unless(cond, subject, "rules/pack.yaml", ())
        self._c.problems.clear()
        return clause.says if clause else None

    def sources(self, sources: Sequence[Source]) -> str:
        cited = self._c.cite(sources, "rules/pack.yaml", ())[0]
        self._c.problems.clear()
        return cited
