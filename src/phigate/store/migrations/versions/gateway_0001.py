"""The gateway's credentials: API keys, MFA enrolments, sessions and break-glass grants.

Revision ID: gateway_0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from phigate.store.migrations import create_missing_table

revision = "gateway_0001"
down_revision = None
branch_labels = ("gateway",)
depends_on = None


def upgrade() -> None:
    """Create the group's tables that do not exist yet."""
    create_missing_table(
        "phigate_gateway_api_keys",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("prefix", sa.String(32), nullable=False),
        sa.Column("hash", sa.String(255), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rotated_to", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_phigate_gateway_api_keys"),
        sa.UniqueConstraint("prefix", name="uq_phigate_gateway_api_keys_prefix"),
        sa.Index("ix_phigate_gateway_api_keys_name", "name"),
    )
    create_missing_table(
        "phigate_gateway_mfa",
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("wrapped_secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_step", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject", name="pk_phigate_gateway_mfa"),
    )
    create_missing_table(
        "phigate_gateway_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_phigate_gateway_sessions"),
        sa.Index("ix_phigate_gateway_sessions_subject", "subject"),
    )
    create_missing_table(
        "phigate_gateway_break_glass",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("use_case", sa.String(200), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("reason", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_phigate_gateway_break_glass"),
        sa.Index("ix_phigate_gateway_break_glass_subject", "subject"),
    )


def downgrade() -> None:
    """Drop the group's tables (and their data)."""
    for table in (
        "phigate_gateway_break_glass",
        "phigate_gateway_sessions",
        "phigate_gateway_mfa",
        "phigate_gateway_api_keys",
    ):
        op.drop_table(table)
