"""Reviews: a family re-decided with its updated needs against the help it has now (contract section 2
`current`); a step down needs a named contact and a plan to keep progress (seed 004)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from engine import api

from .auth.who import Who
from .store import Store
from .store.tables import PanelDecision, Referral
from .work import Created, create_referral

CONTACT_LIMIT = 100
PLAN_LIMIT = 4000


class ReviewRefused(Exception):
    """A review that cannot be stored as given: each problem names its field."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


def current_help(store: Store, original: Referral) -> dict[str, Any]:
    """The help the family has now: the panel's level and lead if it decided, else the rules' recommendation."""
    profile = orjson.loads(original.profile)
    since = profile["referral"]["date"]
    with store.read() as s:
        panel = s.query(PanelDecision).filter(PanelDecision.referral_id == original.id).one_or_none()
        if panel is not None:
            return {"level": panel.level, "lead": panel.lead, "since": since}
    return {"level": original.level, "lead": original.lead, "since": since}


def review_profile(profile: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The profile as a review: `referral.type: review` and the help the family has now."""
    referral = {**profile.get("referral", {}), "type": "review"}
    return {**profile, "referral": referral, "current": current}


def step_down_problems(direction: str | None, named_contact: str | None, plan: str | None) -> list[tuple[str, str]]:
    """What a step down still needs (seed 004: no family is cut adrift); nothing for other directions."""
    if direction != "step_down":
        return []
    problems = []
    if not (named_contact or "").strip():
        why = "A step down needs a named contact: the role or team the family can call if problems return"
        problems.append(("named_contact", why))
    if not (plan or "").strip():
        problems.append(("keep_progress_plan", "A step down needs a plan to keep the progress the family has made"))
    return problems


@dataclass(frozen=True)
class Reviewed:
    """The stored review's number, its direction and its decision."""

    id: int
    direction: str | None
    decision: dict[str, Any]


def review(
    store: Store,
    ref: api.LoadedPackRef,
    who: Who,
    original: Referral,
    profile: dict[str, Any],
    named_contact: str | None,
    keep_progress_plan: str | None,
) -> Reviewed:
    """Re-decide the family as a review of `original` and store it (awaiting the panel), or refuse it.

    The decision is made first without storing, so a step down missing its contact or plan leaves no row.
    Raises api.InputError for a profile the engine refuses, ReviewRefused for a step down without its safeguards.
    """
    full = review_profile(profile, current_help(store, original))
    decision = api.decision_data(api.decide(api.read_profile(orjson.dumps(full), ref.pack, "body"), ref.pack))
    direction = (decision.get("change") or {}).get("direction")
    problems = step_down_problems(direction, named_contact, keep_progress_plan)
    if problems:
        raise ReviewRefused(problems)
    contact = (named_contact or "").strip()[:CONTACT_LIMIT] or None
    plan = (keep_progress_plan or "").strip()[:PLAN_LIMIT] or None
    made: Created = create_referral(
        store, ref, who, full, review_of=original.id, named_contact=contact, keep_progress_plan=plan
    )
    return Reviewed(made.id, direction, made.decision)
