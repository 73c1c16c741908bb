"""The one declared table of fact fields: every value a rule can test.

A rule tests fields of a fact; a fact is one member (or the family as a whole) at one stage.
Each field kind is declared here once, with whether it varies per member or is shared by the
whole family, its type, and what it means. Indicator, intervention and role fields are
families of fields, one per code. The compiler, the fact builder, both backends, near misses
and the reachability check all name fields through this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scope = Literal["member", "family"]  # member: differs per member; family: same in every fact
Arg = Literal["indicator", "intervention", "role"]


@dataclass(frozen=True)
class Kind:
    """A declared kind of fact field: where it varies, its type and what it means."""

    key: str  # the field name, or for a family of fields the prefix before the code
    scope: Scope
    type: type  # bool or int
    means: str
    arg: Arg | None = None
    # how a near miss names the current value ("now needs 2"); None for a value no one can act
    # on (an age, the level itself), which is never offered as a near miss
    now: str | None = None


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        # indicators, by who holds them
        Kind("m_", "member", bool, "the member holds the indicator", "indicator"),
        Kind("a_", "family", bool, "an adult (or young parent) holds the indicator", "indicator"),
        Kind("c_", "family", bool, "a child holds the indicator", "indicator"),
        Kind("f_", "family", bool, "the family as a whole holds the indicator", "indicator"),
        Kind("x_", "family", bool, "anyone in the family holds the indicator", "indicator"),
        Kind("p_", "family", bool, "the child with the most recorded needs holds the indicator", "indicator"),
        # the member
        Kind("age", "member", int, "age in whole years on the referral date"),
        Kind("child", "member", bool, "under 18: a child in law, whatever the role"),
        Kind("parent", "member", bool, "a parent or carer by role"),
        Kind("pregnant", "member", bool, "expecting a baby"),
        Kind("first_pregnancy", "member", bool, "expecting a first baby"),
        Kind("gest_lo", "member", int, "weeks of pregnancy, 0 when not recorded"),
        Kind("gest_hi", "member", int, "weeks of pregnancy, 99 when not recorded"),
        # the family
        Kind("da_risk", "family", int, "domestic abuse screening grade, 0 when not graded", now="grade"),
        Kind("n_needs", "family", int, "different needs recorded across the family", now="needs"),
        Kind("n_services", "family", int, "services needed to meet those needs", now="services"),
        Kind("n_domains", "family", int, "assessment domains those indicators fall in", now="domains"),
        Kind("n_people", "family", int, "members with at least one indicator", now="members with needs"),
        Kind("has_child", "family", bool, "a child is born (false: an unborn child only)"),
        Kind("primary_age", "family", int, "age of the child most in need, -1 when none is born"),
        Kind("pref_involved", "family", bool, "the family's preferred practitioner is involved"),
        Kind("inv_", "family", bool, "a practitioner of this role is involved", "role"),
        Kind("pref_", "family", bool, "the family would like this role to lead", "role"),
        Kind("meets_", "family", bool, "a practitioner of this role is involved and meets a need", "role"),
        # worked out by earlier stages
        Kind("level", "family", int, "the level of need (intervention and lead stages)"),
        Kind("escalated", "family", bool, "a safeguarding trigger fired (intervention and lead stages)"),
        Kind("rec_", "family", bool, "the intervention is recommended to someone (lead stage)", "intervention"),
    )
}
HOLDERS = ("m_", "a_", "c_", "f_", "x_", "p_")  # the indicator kinds, in the order a rule names holders


@dataclass(frozen=True, order=True)
class Field:
    """One fact field: a kind, and for a family of fields the code it is about."""

    kind: str
    arg: str = ""

    @property
    def name(self) -> str:
        return self.kind + self.arg

    @property
    def spec(self) -> Kind:
        return KINDS[self.kind]

    @property
    def is_need(self) -> bool:
        """An indicator field: a rule gated on one rules most facts out."""
        return self.kind in HOLDERS

    def __str__(self) -> str:
        return self.name


def field(kind: str, arg: str = "") -> Field:
    """A declared field; an undeclared kind, or a code on a plain field, is a programming error."""
    spec = KINDS[kind]
    if bool(spec.arg) != bool(arg):
        raise ValueError(f"field kind '{kind}' {'needs' if spec.arg else 'takes no'} code")
    return Field(kind, arg)
