"""Entries `continuum diff` compares in rules/urgency.yaml and rules/supporting_families.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..compile.compiler import _range_words
from ..contract import RATINGS

if TYPE_CHECKING:
    from .changes import _Reader


def read_urgency(r: _Reader) -> None:
    """The ratings' hours, the rating of each level, and the rules that raise a rating."""
    rel = "rules/urgency.yaml"
    f = r.lp.models[rel]
    for name in reversed(RATINGS):
        rating = getattr(f.ratings, name)
        e = r.entry("rating", name, f"urgency {name}", rel, ("ratings", name))
        e.add("hours", "hours", f"within {rating.respond_within_hours} hours", ("respond_within_hours",))
        e.add("meaning", "meaning", rating.meaning, ("meaning",), "long")
        r.common(e, rating)
    r.common(r.entry("rating", "escalation", "urgency of an escalation", rel, ("escalation",)), f.escalation)
    for i, lv in enumerate(f.levels):
        e = r.entry("urgency_level", str(lv.level), f"urgency at level {lv.level}", rel, ("levels", i))
        e.add("rating", "rating", lv.rating, ("rating",), "labelled")
        r.common(e, lv)
    for i, rule in enumerate(f.rules):
        said = "has one of: " + ", ".join(rule.when.any)
        e = r.entry("urgency_rule", rule.rule, f"urgency rule {rule.rule}", rel, ("rules", i))
        e.summary = f"{rule.rating} when {said}"
        e.add("rating", "rating", rule.rating, ("rating",), "labelled")
        e.add("when", "condition", said, ("when", "any"))
        r.common(e, rule)


def read_supporting_families(r: _Reader) -> None:
    """The threshold, the headline outcomes' labels, and the outcomes each indicator counts under."""
    rel = "rules/supporting_families.yaml"
    f = r.lp.models[rel]
    e = r.entry("sf_threshold", "threshold", "Supporting Families", rel, ("threshold",))
    e.add("count", "threshold", f"{f.threshold.count} headline outcomes", ("count",), "labelled")
    r.common(e, f.threshold)
    for i, o in enumerate(f.outcomes):
        e = r.entry("outcome", o.code, f"outcome {o.code}", rel, ("outcomes", i))
        e.add("label", "label", o.label, ("label",), "labelled")
        r.common(e, o)
    for i, p in enumerate(f.mapping):
        key = p.indicator + (f" aged {_range_words(p.age)}" if p.age else "")
        e = r.entry("placement", key, f"Supporting Families placement of {key}", rel, ("mapping", i))
        e.summary = "counts under " + (", ".join(p.outcomes) or "none")
        e.add("outcomes", "outcomes", e.summary, ("outcomes",))
        r.common(e, p)
