"""The audit log's tables: entries, the one head row, and signed checkpoints.

- ``audit_entries``: one row per event, ``seq`` 1, 2, 3, ... with no gaps. ``body`` is the canonical
  JSON of the entry without its details; ``details`` (purgeable) is the canonical JSON of the details,
  ``details_sha256`` its digest, which the hashed leaf covers; ``entry_hash`` is the keyed chain hash.
- ``audit_head``: the row writers lock (``SELECT ... FOR UPDATE``) to append. It holds the size, the
  last chain hash, the Merkle frontier (the roots of the perfect subtrees, 32 bytes each), how far
  details were purged, and a MAC over all of these.
- ``audit_checkpoints``: signed checkpoint notes, one per tree size.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, LargeBinary, Table, Text

from phigate.store.tables import metadata

__all__ = ["audit_checkpoints", "audit_entries", "audit_head"]

audit_entries = Table(
    "audit_entries",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, index=True),
    Column("body", LargeBinary, nullable=False),
    Column("details", LargeBinary, nullable=True),
    Column("details_sha256", LargeBinary(32), nullable=False),
    Column("entry_hash", LargeBinary(32), nullable=False),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("head_hash", LargeBinary(32), nullable=False),
    Column("frontier", LargeBinary, nullable=False),
    Column("purged_through", BigInteger, nullable=False),
    Column("checkpoint_size", BigInteger, nullable=False),
    Column("mac", LargeBinary(32), nullable=False),
)

audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
)
