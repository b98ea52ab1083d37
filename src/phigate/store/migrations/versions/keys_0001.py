"""Wrapped data keys and the master key version that wrapped each.

Revision ID: keys_0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from phigate.store.migrations import create_missing_table

revision = "keys_0001"
down_revision = None
branch_labels = ("keys",)
depends_on = None


def upgrade() -> None:
    """Create the group's tables that do not exist yet."""
    create_missing_table(
        "phigate_data_keys",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("key_id", sa.String(255), nullable=False),
        sa.Column("master_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rewrapped_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_phigate_data_keys"),
    )


def downgrade() -> None:
    """Drop the group's tables (and their data)."""
    op.drop_table("phigate_data_keys")
