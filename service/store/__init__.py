"""The store: referrals, decisions, panel outcomes, reviews, users and the hash-chained audit trail."""

from .db import Store, normal_url

__all__ = ["Store", "normal_url"]
