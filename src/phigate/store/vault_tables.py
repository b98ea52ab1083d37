"""Pseudonym-vault tables. No column holds a patient identifier, an original value or a pseudonym in
the clear: patients and values are found by keyed hashes, and both sides of a mapping are AES-GCM
envelopes under the patient's scope data key (kept wrapped in ``phigate_data_keys``).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, LargeBinary, String, Table, UniqueConstraint

from phigate.store.tables import metadata

__all__ = ["vault_entries", "vault_scopes"]

#: One row per (tenant, patient): which data key protects that patient's mappings.
vault_scopes = Table(
    "phigate_vault_scopes",
    metadata,
    Column("tenant", String(200), primary_key=True),
    Column("patient_ref", String(64), primary_key=True),  # HMAC of tenant + patient (vault-index key)
    Column("key_name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: One row per mapping. ``value_ref`` and ``pseudonym_ref`` are HMACs under a key derived from the scope
#: data key, so they, too, mean nothing once the scope key is shredded.
vault_entries = Table(
    "phigate_vault_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_name", String(200), nullable=False),
    Column("category", String(40), nullable=False),
    Column("value_ref", String(64), nullable=False),
    Column("pseudonym_ref", String(64), nullable=False),
    Column("original_ct", LargeBinary, nullable=False),
    Column("pseudonym_ct", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("key_name", "value_ref"),
    UniqueConstraint("key_name", "pseudonym_ref"),
)
