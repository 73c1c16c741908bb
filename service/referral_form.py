"""The referral form: its fields to a family profile (contract section 2) and back, and the engine's
refusals as messages linked to the fields they are about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine import api

from .words import role_words

MEMBER_ROWS = 6
HOLDERS = {"child": "child", "adult": "adult", "any": "anyone"}
GRADES = [
    ("", "Not screened, or no grade given"),
    ("1", "Grade 1: little evidence of risk of harm"),
    ("2", "Grade 2: potential for further harm (single or multi-agency assessment and support)"),
    ("3", "Grade 3: demonstrable harm or risk of harm (social work assessment)"),
    ("4", "Grade 4: evident serious harm, or already known to social care"),
]


@dataclass
class MemberRow:
    """One member's row of the form, as typed."""

    id: str = ""
    role: str = ""
    dob: str = ""
    age: str = ""
    pregnant: bool = False
    ind: set[str] = field(default_factory=set)

    def used(self) -> bool:
        return bool(self.id or self.role or self.dob or self.age or self.pregnant or self.ind)


@dataclass
class FormValues:
    """Everything the form holds, as typed (strings), so a refused form is shown again as it was."""

    ref_id: str = ""
    ref_date: str = ""
    source: str = ""
    consent: str = ""
    members: list[MemberRow] = field(default_factory=lambda: [MemberRow() for _ in range(MEMBER_ROWS)])
    family_ind: set[str] = field(default_factory=set)
    da_risk: str = ""
    involved: set[str] = field(default_factory=set)
    preferred_lead: str = ""


def form_vocabulary(ref: api.LoadedPackRef) -> dict[str, Any]:
    """The pack's indicators grouped by assessment domain (members' and the family's), and its lead roles."""
    vocab = api.vocabulary(ref)

    def groups(holders: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for domain, label in vocab["domains"].items():
            items = [
                {**ind, "holder": HOLDERS.get(ind["applies_to"], ind["applies_to"])}
                for ind in vocab["indicators"]
                if ind["domain"] == domain and ind["applies_to"] in holders
            ]
            if items:
                out.append({"domain": domain, "label": label, "indicators": items})
        return out

    return {
        "member_groups": groups(("child", "adult", "any")),
        "family_groups": groups(("family",)),
        "member_roles": [(r, role_words(r)) for r in vocab["member_roles"]],
        "lead_roles": [(r, role_words(r)) for r in vocab["lead_roles"]],
        "grades": GRADES,
        "rows": MEMBER_ROWS,
    }


def _text(form: Any, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _many(form: Any, name: str) -> set[str]:
    return {v.strip()[:80] for v in form.getlist(name) if isinstance(v, str) and v.strip()}


def values_from_form(form: Any) -> FormValues:
    """The posted form's fields (a Starlette FormData), trimmed and bounded."""
    members = [
        MemberRow(
            id=_text(form, f"m{i}_id", 64),
            role=_text(form, f"m{i}_role", 20),
            dob=_text(form, f"m{i}_dob", 20),
            age=_text(form, f"m{i}_age", 10),
            pregnant=form.get(f"m{i}_pregnant") == "yes",
            ind=_many(form, f"m{i}_ind"),
        )
        for i in range(MEMBER_ROWS)
    ]
    return FormValues(
        ref_id=_text(form, "ref_id", 64),
        ref_date=_text(form, "ref_date", 20),
        source=_text(form, "source", 64),
        consent=_text(form, "consent", 3),
        members=members,
        family_ind=_many(form, "family_ind"),
        da_risk=_text(form, "da_risk", 2),
        involved=_many(form, "involved"),
        preferred_lead=_text(form, "preferred_lead", 40),
    )


def _number(text: str) -> int | str:
    # a whole number goes as a number; anything else goes as typed, for the engine to refuse by name
    return int(text) if re.fullmatch(r"[0-9]{1,3}", text) else text


@dataclass(frozen=True)
class Built:
    """A profile from the form, which form row each profile member came from, and the form's own errors."""

    profile: dict[str, Any]
    rows: list[int]
    errors: list[tuple[str, str]]


def profile_from(values: FormValues) -> Built:
    """The family profile the form describes; unused member rows are left out."""
    errors: list[tuple[str, str]] = []
    referral: dict[str, Any] = {"id": values.ref_id, "date": values.ref_date}
    if values.source:
        referral["source"] = values.source
    if values.consent in ("yes", "no"):
        referral["consent"] = values.consent == "yes"
    members, rows = [], []
    for i, m in enumerate(values.members):
        if not m.used():
            continue
        if not m.role:
            errors.append((f"m{i}-role", f"Member {i + 1}: choose a role"))
        if not m.dob and not m.age:
            errors.append((f"m{i}-dob", f"Member {i + 1}: enter a date of birth or an age"))
        member: dict[str, Any] = {"id": m.id, "role": m.role}
        if m.dob:
            member["date_of_birth"] = m.dob
        if m.age:
            member["age"] = _number(m.age)
        if m.pregnant:
            member["pregnant"] = True
        member["indicators"] = sorted(m.ind)
        members.append(member)
        rows.append(i)
    family: dict[str, Any] = {}
    if values.family_ind:
        family["indicators"] = sorted(values.family_ind)
    if values.da_risk in ("1", "2", "3", "4"):
        family["domestic_abuse_risk"] = int(values.da_risk)
    if values.involved:
        family["involved"] = sorted(values.involved)
    if values.preferred_lead:
        family["preferred_lead"] = values.preferred_lead
    profile: dict[str, Any] = {"referral": referral, "members": members}
    if family:
        profile["family"] = family
    return Built(profile, rows, errors)


def values_from_profile(profile: dict[str, Any]) -> FormValues:
    """The form filled in from a stored profile (for a review)."""
    ref = profile.get("referral", {})
    consent = ref.get("consent")
    members = []
    for m in profile.get("members", [])[:MEMBER_ROWS]:
        members.append(
            MemberRow(
                id=str(m.get("id", "")),
                role=str(m.get("role", "")),
                dob=str(m.get("date_of_birth", "") or ""),
                age=str(m["age"]) if m.get("age") is not None else "",
                pregnant=bool(m.get("pregnant")),
                ind=set(m.get("indicators", [])),
            )
        )
    members += [MemberRow() for _ in range(MEMBER_ROWS - len(members))]
    fam = profile.get("family", {})
    risk = fam.get("domestic_abuse_risk")
    return FormValues(
        ref_id=str(ref.get("id", "")),
        ref_date=str(ref.get("date", "")),
        source=str(ref.get("source", "") or ""),
        consent="" if consent is None else ("yes" if consent else "no"),
        members=members,
        family_ind=set(fam.get("indicators", [])),
        da_risk="" if risk is None else str(risk),
        involved=set(fam.get("involved", [])),
        preferred_lead=str(fam.get("preferred_lead", "") or ""),
    )


FIELD_ANCHORS = {
    "referral.id": ("ref-id", "Referral id"),
    "referral.date": ("ref-date", "Referral date"),
    "referral.source": ("source", "Who referred"),
    "referral.consent": ("consent", "Consent"),
    "family.indicators": ("family-ind", "Family needs"),
    "family.domestic_abuse_risk": ("da-risk", "Domestic abuse grade"),
    "family.involved": ("involved", "Practitioners involved"),
    "family.preferred_lead": ("preferred-lead", "The family's preferred lead"),
}
MEMBER_FIELDS = {
    "id": ("id", "id"),
    "role": ("role", "role"),
    "date_of_birth": ("dob", "date of birth"),
    "age": ("age", "age"),
    "pregnant": ("pregnant", "pregnancy"),
    "indicators": ("ind", "needs"),
}


def anchor_of(path: str, rows: list[int]) -> tuple[str, str]:
    """The form element a profile field path is about, and its name in words."""
    m = re.match(r"members\[(\d+)\](?:\.(\w+))?", path)
    if m:
        index = int(m.group(1))
        row = rows[index] if index < len(rows) else 0
        part, words = MEMBER_FIELDS.get(m.group(2) or "id", ("id", "id"))
        return f"m{row}-{part}", f"Member {row + 1} {words}"
    if path == "members" or path.startswith("members"):
        return "m0-id", "Members"
    base = re.sub(r"\[\d+\]$", "", path)
    if base in FIELD_ANCHORS:
        return FIELD_ANCHORS[base]
    if path.startswith("current"):
        return "ref-date", "Date (the family's current help must have started by then)"
    if path.startswith("referral"):
        return "ref-id", "Referral"
    if path.startswith("family"):
        return "family-ind", "Family"
    return "ref-id", "The referral"


def refusal_messages(problems: list[api.Problem], rows: list[int]) -> list[tuple[str, str]]:
    """The engine's refusals as (anchor, message) pairs for the error summary and the fields."""
    out = []
    for p in problems:
        anchor, words = anchor_of(p.field, rows)
        message = p.message[:1].upper() + p.message[1:]
        out.append((anchor, f"{words}: {message}"))
    return out
