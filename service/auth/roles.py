"""The five roles and what each may do."""

from __future__ import annotations

ROLES: dict[str, str] = {
    "hub_worker": "takes referrals, triages them and reviews families",
    "panel": "decides on referrals at the multi-agency panel",
    "policy": "looks after the rule packs and tries changes to thresholds",
    "auditor": "reads the audit trail (read only)",
    "admin": "adds and removes users",
}
HUB, PANEL, POLICY, AUDITOR, ADMIN = ROLES
