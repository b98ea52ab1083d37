"""The gateway's tables on the shared store: service API keys, MFA enrolments, sessions, break-glass.

Secrets are never stored in the clear: API keys as argon2 hashes (found by a short non-secret prefix),
session tokens as SHA-256 digests, TOTP secrets and break-glass reasons wrapped by the key provider.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, LargeBinary, String, Table

from phigate.store.tables import metadata

__all__ = ["api_keys", "break_glass_grants", "mfa_enrolments", "sessions"]

api_keys = Table(
    "phigate_gateway_api_keys",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("prefix", String(32), nullable=False, unique=True),
    Column("hash", String(255), nullable=False),
    Column("name", String(200), nullable=False, index=True),
    Column("role", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("rotated_to", String(40), nullable=True),
)

mfa_enrolments = Table(
    "phigate_gateway_mfa",
    metadata,
    Column("subject", String(400), primary_key=True),
    Column("wrapped_secret", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_step", Integer, nullable=False, default=0),
)

sessions = Table(
    "phigate_gateway_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("subject", String(400), nullable=False, index=True),
    Column("role", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
)

break_glass_grants = Table(
    "phigate_gateway_break_glass",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("subject", String(400), nullable=False, index=True),
    Column("role", String(100), nullable=False),
    Column("use_case", String(200), nullable=False),
    Column("purpose", String(20), nullable=False),
    Column("reason", LargeBinary, nullable=False),  # wrapped by the key provider
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
