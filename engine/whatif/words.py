"""What each kind of threshold means, in a policy officer's words, and the values it may take."""

from __future__ import annotations

from ..contract import MAX_MEMBERS, OLDEST

# a condition's counts of needs (rules/needs.yaml `needs:`): what the number means
NEEDS = {
    "count": "at least this many different needs",
    "domains": "needs in at least this many areas of family life",
    "services": "needs met by at least this many different services",
    "people": "at least this many family members with needs",
}

# a condition's ranges: (what min means, what max means, lowest allowed, highest allowed)
RANGES: dict[str, tuple[str, str, int, int]] = {
    "age": ("from this age (years)", "up to this age (years)", 0, OLDEST),
    "primary_child_age": ("main child from this age (years)", "main child up to this age (years)", 0, 17),
    "gestation_weeks": ("from this week of pregnancy", "up to this week of pregnancy", 0, 45),
    "domestic_abuse_risk": ("domestic abuse grade at least (1-4)", "domestic abuse grade at most (1-4)", 1, 4),
    "level": ("level of need at least (1-4)", "level of need at most (1-4)", 1, 4),
}

PEOPLE_MOST = MAX_MEMBERS
HOURS_MOST = 24 * 30  # a front door rating answered within a month at the latest
