"""The safeguarding escalations every pack must make (contract section 2), proved by evaluation.

They belong to the product, not to a pack: an edited pack that narrows, reorders or deletes a
rule so that one of these families is not escalated to level 4 with a social worker leading
is refused, with FILE:LINE of the rule that broke it. Each requirement is tried on valid
families only (every age it can happen at, alone and among other needs), so a probe never
proves something by being impossible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..decide import Trace, trace_all
from ..errors import Problem
from ..evaluate.reference import ReferenceBackend
from ..ir import CompiledPack, Escalate, Origin, Rule
from ..synth import Draft

CHILD_HARM = (
    "significant_harm",
    "neglect",
    "physical_abuse",
    "sexual_abuse",
    "emotional_abuse",
    "sexual_activity_under_13",
    "child_protection_plan",
    "female_genital_mutilation",
)
LEAD = "social_worker"
# every age a child can be, the most telling first (the first failure is quoted as the example)
AGES = (9, 12, 15, 5, 2, 0, 17, *(a for a in range(18) if a not in (9, 12, 15, 5, 2, 0, 17)))


@dataclass(frozen=True)
class Requirement:
    """One escalation every pack must make, and the families that prove it."""

    says: str  # "neglect", "a parent under 13"
    fields: frozenset[str]  # fact fields a trigger for it would test
    probes: Callable[[], Iterator[tuple[str, Draft]]]  # (what the family is, the family)
    code: str | None = None  # the indicator it rests on, if any


def _child_with(code: str) -> Callable[[], Iterator[tuple[str, Draft]]]:
    def probes() -> Iterator[tuple[str, Draft]]:
        for age in AGES:
            alone = Draft()
            alone.get("C1", age=age).indicators.add(code)
            yield f"a child aged {age} with {code}", alone
            with_parent = Draft(involved={"school"}, preferred="school")
            with_parent.get("P1", age=30, parent=True)
            with_parent.get("C1", age=age).indicators.add(code)
            yield f"a child aged {age} with {code}, living with a parent", with_parent
            busy = Draft(family={"housing_problems"}, da=1, involved={"school", "health_visitor"})
            busy.family.add("domestic_abuse")
            busy.get("P1", age=30, parent=True).indicators.add("depression_anxiety")
            busy.get("C1", age=age).indicators |= {code, "school_absence"}
            busy.get("C2", age=(age + 5) % 18).indicators.add("conduct_problems")
            yield f"a child aged {age} with {code} among other needs", busy

    return probes


def _grade_four() -> Iterator[tuple[str, Draft]]:
    for age in AGES:
        for recorded in (True, False):
            d = Draft(da=4, family={"domestic_abuse"} if recorded else set())
            d.get("P1", age=30, parent=True)
            d.get("C1", age=age)
            yield f"a family with a child aged {age} and domestic abuse graded 4", d
    unborn = Draft(da=4, family={"domestic_abuse"})
    unborn.get("M1", age=25, pregnant=True)
    yield "an expectant mother with domestic abuse graded 4", unborn


def _young_parent() -> Iterator[tuple[str, Draft]]:
    for age in (10, 11, 12):
        for grandparent in (True, False):
            d = Draft()
            d.get("B1", age=0)
            d.get("M1", age=age, parent=True)
            if grandparent:
                d.get("G1", age=50, parent=True)
            yield f"a parent aged {age} with a baby", d


def _young_pregnancy() -> Iterator[tuple[str, Draft]]:
    for age in (10, 11, 12):
        for as_parent in (False, True):
            d = Draft()
            d.get("Y1", age=age, pregnant=True, first=True, weeks=12, parent=as_parent)
            d.get("G1", age=40, parent=True)
            yield f"a girl aged {age} who is pregnant", d


def _pre_birth() -> Iterator[tuple[str, Draft]]:
    for age in (16, 19, 25, 38):
        for with_child in (False, True):
            d = Draft()
            m = d.get("M1", age=age, pregnant=True, weeks=20, parent=age >= 18)
            m.indicators.add("previous_child_removed")
            if with_child:
                d.get("C1", age=3)
            yield f"an expectant mother aged {age} whose earlier child was removed", d


def requirements() -> list[Requirement]:
    """The escalations of contract section 2, each with its probe families."""
    out = [
        Requirement(code, frozenset({f"m_{code}", f"c_{code}", f"x_{code}"}), _child_with(code), code)
        for code in CHILD_HARM
    ]
    out += [
        Requirement("domestic abuse graded 4", frozenset({"da_risk"}), _grade_four),
        Requirement("a parent under 13", frozenset({"parent", "age"}), _young_parent),
        Requirement("a pregnancy under 13", frozenset({"pregnant", "age"}), _young_pregnancy),
        Requirement(
            "a pregnant member who carries previous_child_removed",
            frozenset({"m_previous_child_removed", "a_previous_child_removed", "x_previous_child_removed"}),
            _pre_birth,
            "previous_child_removed",
        ),
    ]
    return out


def _blame_trigger(pack: CompiledPack, req: Requirement) -> Origin | None:
    triggers = [r for r in pack.stage("level") if isinstance(r.effect, Escalate)]
    named = [r for r in triggers if {f.name for f in r.fields} & req.fields]
    return named[0].origin if named else None


def broken(pack: CompiledPack, safeguarding: Origin, levels: Origin) -> list[Problem]:
    """One problem per rule that breaks a requirement (or per missing trigger), naming what it breaks."""
    backend = ReferenceBackend(pack)
    found: dict[tuple[Origin, str], list[tuple[Requirement, str]]] = {}
    for req in requirements():
        if req.code and req.code not in pack.indicators:
            continue  # the compiler reports the missing indicator on its own
        probes = list(req.probes())
        traces: list[Trace] = trace_all([d.family_of() for _, d in probes], pack, backend)
        for (what, _), trace in zip(probes, traces, strict=True):
            verdict = _judge(pack, req, trace, safeguarding, levels)
            if verdict:
                found.setdefault(verdict, []).append((req, what))
                break
    problems = []
    for (origin, fault), items in found.items():
        says = ", ".join(dict.fromkeys(req.says for req, _ in items))
        example = items[0][1]
        problems.append(
            Problem(
                origin.file,
                origin.line,
                "",
                f"{fault} (for example {example}): every pack must escalate {says} to level 4 with a social "
                "worker leading (contract section 2)",
            )
        )
    return problems


def _judge(
    pack: CompiledPack, req: Requirement, trace: Trace, safeguarding: Origin, levels: Origin
) -> tuple[Origin, str] | None:
    """Where the pack fails this family, and how; None when it escalates as it must."""
    if not trace.escalations:
        origin = _blame_trigger(pack, req)
        if origin:
            return origin, f"this trigger no longer escalates {req.says}"
        return safeguarding, f"no safeguarding trigger escalates {req.says}"
    lead: Rule | None = trace.lead
    if lead is None:
        return levels, "level 4 names no lead professional"
    role = getattr(lead.effect, "role", None)
    if role != LEAD:
        return lead.origin, f"rule '{lead.id}' makes the {role} lead of an escalated case"
    return None
