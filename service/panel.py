"""The multi-agency panel: the week's referrals, and the panel's decision on each (accepted, or overridden
with a reason), kept beside the recommendation and written with its audit entry in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engine import api

from . import words
from .auth.who import Who
from .packs import stored_pack
from .store import Store
from .store.audit import append
from .store.db import now
from .store.tables import PanelDecision, Referral, User
from .work import queue

WEEK = dt.timedelta(days=7)
MAX_REASON = 5000


def role_words(role: str | None) -> str:
    """A lead role in plain words, or that there is none."""
    return words.role_words(role, none="No lead professional")


class NotFound(LookupError):
    """No referral with this number."""


class AlreadyDecided(Exception):
    """The panel has decided on this referral already: a decision is made once."""


class Refused(Exception):
    """The panel's choice cannot be used: each problem by the field it is about. Nothing was stored."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


@dataclass(frozen=True)
class Choice:
    """What the panel chose: accept the recommendation, or override its level, lead or interventions."""

    action: str  # accept | override
    level: int | None = None
    lead: str | None = None
    interventions: list[dict[str, str]] | None = None  # [{member, id}]
    reason: str | None = None

    def as_data(self) -> dict[str, Any]:
        """The choice as the audit trail keeps it."""
        return {
            "action": self.action,
            "level": self.level,
            "lead": self.lead,
            "interventions": self.interventions,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Member:
    """A family member as the panel's form lists them: their age and the programmes open to them."""

    id: str
    age: int
    is_child: bool
    programmes: list[dict[str, Any]]  # {id, name, ages, evidence, recommended, rank}


@dataclass(frozen=True)
class Options:
    """Everything a panel may choose for one referral, and what the rules recommended."""

    levels: list[dict[str, Any]]
    lead_roles: list[str]
    members: list[Member]
    recommendation: dict[str, Any]
    escalate: bool
    programme_names: dict[str, str] = field(default_factory=dict)


def recommendation(decision: dict[str, Any]) -> dict[str, Any]:
    """The parts of a decision a panel accepts or overrides."""
    return {
        "level": decision["level"]["code"],
        "lead": decision["lead_professional"]["role"],
        "lead_title": decision["lead_professional"].get("title"),
        "interventions": [{"member": i["member"], "id": i["id"]} for i in decision["interventions"]],
        "escalate": decision["safeguarding"]["escalate"],
    }


def _pack_of(store: Store, ref: api.LoadedPackRef, digest: str) -> api.CompiledPack:
    return ref.pack if ref.pack.digest == digest else stored_pack(store, digest)


def options(store: Store, ref: api.LoadedPackRef, r: Referral) -> Options:
    """The choices open to the panel on this referral, under the pack that decided it."""
    pack = _pack_of(store, ref, r.pack_digest)
    choices = api.panel_choices(pack)
    family = api.read_profile(r.profile, pack, "profile")
    decision = orjson.loads(r.decision)
    rec = recommendation(decision)
    ranks = {(i["member"], i["id"]): i.get("rank", 0) for i in decision["interventions"]}
    members = []
    for person in family.members:
        mine = []
        for p in choices["programmes"]:
            rank = ranks.get((person.id, p["id"]))
            if rank is not None or p["ages"][0] <= person.age <= p["ages"][1]:
                mine.append({**p, "recommended": rank is not None, "rank": rank})
        # the recommended ones first, best first, then the rest by name
        mine.sort(key=lambda p: (not p["recommended"], p["rank"] or 0, p["name"]))
        members.append(Member(person.id, person.age, person.is_child, mine))
    names = {p["id"]: p["name"] for p in choices["programmes"]}
    return Options(choices["levels"], choices["lead_roles"], members, rec, rec["escalate"], names)


def problems_with(choice: Choice, opts: Options) -> dict[str, str]:
    """Why the choice cannot be used on this referral, by field; empty when it can."""
    out: dict[str, str] = {}
    if choice.action not in ("accept", "override"):
        return {"action": "Choose whether to accept the recommendation or change it"}
    reason = (choice.reason or "").strip()
    if choice.action == "accept":
        for name in ("level", "lead", "interventions"):
            if getattr(choice, name) is not None:
                out[name] = f"Give {name} only when changing the recommendation (action 'override')"
        return out
    if not reason:
        out["reason"] = "Give the reason for changing the recommendation"
    elif len(reason) > MAX_REASON:
        out["reason"] = f"The reason must be {MAX_REASON:,} characters or fewer"
    codes = [lv["code"] for lv in opts.levels]
    if choice.level is not None and choice.level not in codes:
        out["level"] = f"Choose a level from {codes[0]} to {codes[-1]}"
    elif choice.level is not None and opts.escalate and choice.level < 4:
        out["level"] = (
            "A safeguarding concern was escalated on this referral, so it stays at level 4: a panel cannot "
            "lower it. The concern goes to children's social care now."
        )
    if choice.lead is not None and choice.lead not in opts.lead_roles:
        out["lead"] = "Choose a lead professional from the list"
    level = choice.level if choice.level is not None else opts.recommendation["level"]
    lead = choice.lead if choice.lead is not None else opts.recommendation["lead"]
    if "level" not in out and "lead" not in out and level > 1 and lead is None:
        out["lead"] = f"Choose a lead professional: every family at level {level} has one"
    if choice.interventions is not None:
        open_to = {(m.id, p["id"]) for m in opts.members for p in m.programmes}
        bad = [
            f"{i.get('id')} for {i.get('member')}"
            for i in choice.interventions
            if (i.get("member"), i.get("id")) not in open_to
        ]
        if bad:
            out["interventions"] = f"Not a programme open to that member in this pack: {', '.join(bad)}"
    if not out and _outcome(choice, opts) == _outcome(Choice("accept"), opts):
        out["action"] = (
            "The change keeps the recommendation as it is: change the level, the lead or an intervention, or accept it"
        )
    return out


def _outcome(choice: Choice, opts: Options) -> dict[str, Any]:
    """The level, lead and interventions the choice comes to, interventions in the form's order."""
    rec = opts.recommendation
    if choice.action == "accept":
        return {"level": rec["level"], "lead": rec["lead"], "interventions": rec["interventions"]}
    chosen = choice.interventions if choice.interventions is not None else rec["interventions"]
    wanted = {(i["member"], i["id"]) for i in chosen}
    ordered = [{"member": m.id, "id": p["id"]} for m in opts.members for p in m.programmes if (m.id, p["id"]) in wanted]
    level = choice.level if choice.level is not None else rec["level"]
    lead = choice.lead if choice.lead is not None else rec["lead"]
    # level 1 is universal services: no family there has a lead professional (contract section 3)
    return {"level": level, "lead": None if level == 1 else lead, "interventions": ordered}


def decide(store: Store, ref: api.LoadedPackRef, who: Who, referral_id: int, choice: Choice) -> dict[str, Any]:
    """Record the panel's decision, set the referral decided and audit both recommendation and outcome, at once."""
    r = _referral(store, referral_id)
    if r.status != "awaiting_panel":
        raise AlreadyDecided()
    opts = options(store, ref, r)
    problems = problems_with(choice, opts)
    if problems:
        raise Refused(problems)
    outcome = {
        "action": choice.action,
        **_outcome(choice, opts),
        "reason": (choice.reason or "").strip() or None,
    }
    rec = opts.recommendation
    try:
        with store.write() as s:
            row = s.get(Referral, referral_id, with_for_update=True)
            if row is None or row.status != "awaiting_panel":
                raise AlreadyDecided()
            at = now()
            s.add(
                PanelDecision(
                    referral_id=referral_id,
                    decided_by=who.id,
                    decided_at=at,
                    action=choice.action,
                    level=outcome["level"],
                    lead=outcome["lead"],
                    interventions=orjson.dumps(outcome["interventions"]).decode(),
                    reason=outcome["reason"],
                )
            )
            row.status = "decided"
            s.flush()  # a second decision on the same referral fails here, on the unique referral_id
            outputs = {"recommendation": rec, "outcome": outcome}
            append(s, who.name, "panel_decision", str(referral_id), choice.as_data(), outputs, row.pack_digest)
    except IntegrityError:
        raise AlreadyDecided() from None
    return {"referral": referral_id, "decided_at": at, "decided_by": who.name, **outputs}


def _referral(store: Store, referral_id: int) -> Referral:
    with store.read() as s:
        r = s.get(Referral, referral_id)
    if r is None:
        raise NotFound(referral_id)
    return r


def decision_of(store: Store, referral_id: int) -> dict[str, Any] | None:
    """The panel's decision on a referral with the recommendation it was given, or None while it waits."""
    r = _referral(store, referral_id)
    with store.read() as s:
        row = s.scalar(select(PanelDecision).where(PanelDecision.referral_id == referral_id))
        if row is None:
            return None
        by = s.get(User, row.decided_by)
    outcome = {
        "action": row.action,
        "level": row.level,
        "lead": row.lead,
        "interventions": orjson.loads(row.interventions),
        "reason": row.reason,
    }
    return {
        "referral": referral_id,
        "decided_at": row.decided_at,
        "decided_by": by.name if by else None,
        "recommendation": recommendation(orjson.loads(r.decision)),
        "outcome": outcome,
    }


@dataclass(frozen=True)
class Week:
    """The referrals awaiting the panel: received in the last seven days, and those waiting longer."""

    this_week: list[Referral]
    waiting_longer: list[Referral]


def week(store: Store) -> Week:
    """The panel's list, each part most urgent first."""
    since = (dt.datetime.now(dt.UTC) - WEEK).isoformat(timespec="microseconds").replace("+00:00", "Z")
    rows = queue(store, "awaiting_panel")
    return Week([r for r in rows if r.created_at >= since], [r for r in rows if r.created_at < since])
