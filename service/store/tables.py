"""The store's tables. Times are ISO 8601 UTC strings, so they sort as text and hash the same everywhere."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The store's tables."""


class Setting(Base):
    """A value the service keeps for itself, e.g. the secret its CSRF tokens are signed with."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """A member of staff: a name (not an email), one role, an Argon2 password hash and an API token's hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Session(Base):
    """A browser's login: the sha256 of its cookie's value, never the value itself."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[str] = mapped_column(String(32))


class PackRecord(Base):
    """Every byte of a pack that decided something, kept by digest so a decision can be replayed."""

    __tablename__ = "packs"
    digest: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    snapshot: Mapped[str] = mapped_column(Text)
    first_used_at: Mapped[str] = mapped_column(String(32))


class Referral(Base):
    """A referral (or a review of one) with its profile, the decision the rules gave, and where it stands."""

    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(64))  # the referral's own pseudonymous id
    kind: Mapped[str] = mapped_column(String(8))  # new | review
    review_of: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"))
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    profile: Mapped[str] = mapped_column(Text)
    pack_digest: Mapped[str] = mapped_column(ForeignKey("packs.digest"))
    decision: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    escalate: Mapped[bool] = mapped_column(Boolean)
    urgency: Mapped[str] = mapped_column(String(8))
    respond_by: Mapped[str] = mapped_column(String(32))
    lead: Mapped[str | None] = mapped_column(String(40))
    direction: Mapped[str | None] = mapped_column(String(10))  # at a review: step_up | step_down | same
    named_contact: Mapped[str | None] = mapped_column(String(100))  # at a step-down (seed 004)
    keep_progress_plan: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # awaiting_panel | decided
    __table_args__ = (Index("ix_referrals_status_created", "status", "created_at"),)


class PanelDecision(Base):
    """What a panel decided on a referral: the recommendation accepted, or overridden with a reason."""

    __tablename__ = "panel_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), unique=True)
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(10))  # accept | override
    level: Mapped[int] = mapped_column(Integer)
    lead: Mapped[str | None] = mapped_column(String(40))
    interventions: Mapped[str] = mapped_column(Text)  # JSON: [{member, id}]
    reason: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """One event in the audit trail, linked to the one before by its hash."""

    __tablename__ = "audit"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(100))
    pack_digest: Mapped[str | None] = mapped_column(String(80))
    inputs: Mapped[str] = mapped_column(Text)
    outputs: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (Index("ix_audit_action_subject_at", "action", "subject", "at"),)


class AuditHead(Base):
    """The chain's last entry, written in the same transaction: deleting the newest rows shows."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
