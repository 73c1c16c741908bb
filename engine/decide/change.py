"""At a review: the help a family has against the help the rules now suggest (the decision's `change`).

The words and sources are the pack's (rules/reviews.yaml); this module names the family's own
levels, leads and dates around them.
"""

from __future__ import annotations

from ..ir import CompiledPack
from ..profile import Family
from .decision import Change, Direction, Help, LeadOut, Reason


def _lead(role: str | None) -> str:
    return f"the {role.replace('_', ' ')}" if role else "no lead professional"


def _help(pack: CompiledPack, level: int, lead: str | None) -> str:
    led = f"led by {_lead(lead)}" if lead else "with no lead professional"
    return f"level {level} ({pack.levels[level].name}), {led}"


def _why_lead(pack: CompiledPack, level: int, lead: LeadOut) -> tuple[str, str]:
    """Why the suggested lead was chosen, and the source of that reason."""
    info = pack.levels[level]
    if lead.reasons:
        first = lead.reasons[0]
        return f"Rule {first.rule} suggests {_lead(lead.role)}: {first.text}", first.source
    if not info.lead_professional:
        return f"Level {level} ({info.name}) names no lead professional.", info.source
    return "No lead professional rule applied: the panel must agree one.", ""


def review(family: Family, pack: CompiledPack, level: int, lead: LeadOut) -> tuple[Change | None, list[str]]:
    """The change from the help the family has to the help suggested, and the warnings it calls for."""
    now = family.current
    if now is None:
        return None, []
    said = pack.reviews
    direction: Direction = "same" if level == now.level else ("step_up" if level > now.level else "step_down")
    text = f"Level {now.level} → {level}: the family has had {_help(pack, now.level, now.lead)}, since {now.since}"
    if direction == "same":
        text += f", and the rules still suggest level {level}."
    else:
        text += f"; the rules now suggest {_help(pack, level, lead.role)}. {pack.levels[level].description}"
    used: list[str] = [direction]
    reasons = [Reason(f"review:{direction}", f"{text} {said[direction].text}", said[direction].source)]
    warnings = []
    if direction == "step_down":
        if now.level == 4:
            used.append("from_social_care")
            text = f"Level 4 → {level} ({pack.levels[level].name}): {said['from_social_care'].text}"
            reasons.append(Reason("review:from_social_care", text, said["from_social_care"].source))
        keep = said["keep_progress"]
        used.append("keep_progress")
        warnings.append(f"Level {now.level} → {level} is a step down. {keep.text} ({keep.source})")
    if lead.role != now.lead:
        handover = said["lead_change"]
        used.append("lead_change")
        why, source = _why_lead(pack, level, lead)
        text = f"The lead passes from {_lead(now.lead)} to {_lead(lead.role)}. {why} {handover.text}"
        reasons.append(Reason("review:lead_change", text, "; ".join(filter(None, [handover.source, source]))))
        if now.lead is not None:
            warning = f"The lead passes from {_lead(now.lead)} to {_lead(lead.role)}. {handover.warning}"
            warnings.append(f"{warning} ({handover.source})")
    if now.lead is not None and now.lead not in family.involved:
        warnings.append(
            f"The family's lead now, {_lead(now.lead)}, is not among the practitioners recorded as involved: "
            "add it to family.involved, so that the lead rules weigh who already knows the family."
        )
    for key in used:
        for note in said[key].unverified:
            warnings.append(f"Rule 'review:{key}' rests on a fact not yet checked against its source: {note}")
    out: Change = {
        "from": Help(now.level, now.lead),
        "to": Help(level, lead.role),
        "direction": direction,
        "reasons": reasons,
    }
    return out, warnings
