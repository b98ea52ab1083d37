"""The one SQLAlchemy ``MetaData`` that every phigate table belongs to.

Each subsystem defines its tables in its own module (``keys_tables``, ``vault_tables``, the audit
tables, the gateway's) on this ``metadata``; the migrations in ``phigate/store/migrations`` create and
change them (see :mod:`phigate.store.schema`), and a test checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import MetaData

__all__ = ["metadata"]

#: Constraint names are fixed, so migrations can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
