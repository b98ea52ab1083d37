"""The pseudonym vault: one scope per (tenant, patient) and the encrypted mappings.

Revision ID: vault_0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from phigate.store.migrations import create_missing_table

revision = "vault_0001"
down_revision = None
branch_labels = ("vault",)
depends_on = None


def upgrade() -> None:
    """Create the group's tables that do not exist yet."""
    create_missing_table(
        "phigate_vault_scopes",
        sa.Column("tenant", sa.String(200), nullable=False),
        sa.Column("patient_ref", sa.String(64), nullable=False),
        sa.Column("key_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "patient_ref", name="pk_phigate_vault_scopes"),
        sa.UniqueConstraint("key_name", name="uq_phigate_vault_scopes_key_name"),
    )
    create_missing_table(
        "phigate_vault_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key_name", sa.String(200), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("value_ref", sa.String(64), nullable=False),
        sa.Column("pseudonym_ref", sa.String(64), nullable=False),
        sa.Column("original_ct", sa.LargeBinary(), nullable=False),
        sa.Column("pseudonym_ct", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_phigate_vault_entries"),
        sa.UniqueConstraint("key_name", "value_ref", name="uq_phigate_vault_entries_key_name_value_ref"),
        sa.UniqueConstraint(
            "key_name", "pseudonym_ref", name="uq_phigate_vault_entries_key_name_pseudonym_ref"
        ),
    )


def downgrade() -> None:
    """Drop the group's tables (and their data)."""
    for table in ("phigate_vault_entries", "phigate_vault_scopes"):
        op.drop_table(table)
