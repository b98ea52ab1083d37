"""Key-metadata table: data keys, stored only wrapped by a master key, and which version wrapped them."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, LargeBinary, String, Table

from phigate.store.tables import metadata

__all__ = ["data_keys"]

data_keys = Table(
    "phigate_data_keys",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("wrapped", LargeBinary, nullable=False),
    Column("key_id", String(255), nullable=False),
    Column("master_version", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("rewrapped_at", DateTime(timezone=True), nullable=True),
)
