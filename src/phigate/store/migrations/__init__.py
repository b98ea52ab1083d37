"""Alembic migration scripts of phigate's tables, one branch per group (see :mod:`phigate.store.schema`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["create_missing_table"]


def create_missing_table(name: str, *elements: sa.Column[object] | sa.Constraint | sa.Index) -> None:
    """``op.create_table`` unless the table exists: databases made before migrations already hold it."""
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *elements)
