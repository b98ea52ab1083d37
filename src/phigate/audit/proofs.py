"""Build inclusion and consistency proofs from the store, as self-contained JSON documents.

A proof document carries everything an offline checker needs (``phigate.audit.offline``): the entry
(its body and details digest) or the two checkpoints, the proof hashes, and the signed checkpoint
note(s). Proofs are built against the latest checkpoint; they hold O(log n) hashes. Building reads
the leaves up to the checkpoint's size; it trusts nothing it reads, because the checker recomputes.

Format ``phigate-audit-proof/1``::

    {"format": ..., "type": "inclusion", "seq": 17, "tree_size": 5050,
     "entry": {"body": "<canonical JSON text>", "details_sha256": "<hex>"},
     "hashes": ["<hex>", ...], "checkpoint": "<signed note>"}

    {"format": ..., "type": "consistency", "old_size": 1000, "new_size": 5050,
     "hashes": ["<hex>", ...], "old_checkpoint": "<signed note>", "new_checkpoint": "<signed note>"}
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.audit.merkle import consistency_proof, inclusion_proof, leaf_hash
from phigate.audit.offline import PROOF_FORMAT
from phigate.audit.store import raw_entries, store_error
from phigate.errors import AuditError, AuditIntegrityError
from phigate.store.audit_tables import audit_checkpoints, audit_entries

__all__ = ["build_consistency_proof", "build_inclusion_proof"]


def _latest(conn: Connection) -> tuple[int, str]:
    row = conn.execute(
        select(audit_checkpoints.c.size, audit_checkpoints.c.note).order_by(audit_checkpoints.c.size.desc())
    ).first()
    if row is None:
        raise AuditError("the log has no checkpoint yet; run: phigate audit checkpoint")
    return int(row.size), str(row.note)


def _note_at(conn: Connection, size: int) -> str:
    note = conn.scalar(select(audit_checkpoints.c.note).where(audit_checkpoints.c.size == size))
    if note is None:
        raise AuditError(f"no checkpoint at size {size}")
    return str(note)


def _leaf_hashes(conn: Connection, size: int) -> list[bytes]:
    with raw_entries(conn, ("details_sha256", "body"), up_to=size) as rows:
        hashes = [leaf_hash(bytes(digest) + bytes(body)) for digest, body in rows]
    if len(hashes) != size:
        raise AuditIntegrityError(f"the log holds {len(hashes)} of the {size} entries its checkpoint covers")
    return hashes


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """A connection to read proof material, with store and column-type failures as ``AuditError``."""
    try:
        with engine.connect() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise store_error(exc, "read the audit log") from exc
    except (TypeError, ValueError) as exc:  # a column of the wrong type
        raise AuditError("audit entries cannot be read; run: phigate audit verify") from exc


def build_inclusion_proof(engine: Engine, seq: int, at_size: int | None = None) -> dict[str, object]:
    """A proof that entry ``seq`` is in the tree of the checkpoint at ``at_size`` (default: the latest),
    e.g. the checkpoint an auditor already holds.
    """
    with _reading(engine) as conn:
        size, note = _latest(conn) if at_size is None else (at_size, _note_at(conn, at_size))
        if not 1 <= seq <= size:
            newest = conn.scalar(select(func.max(audit_entries.c.seq))) or 0
            if 1 <= seq <= newest:
                raise AuditError(
                    f"entry {seq} is newer than checkpoint {size}; run: phigate audit checkpoint"
                )
            raise AuditError(f"no entry {seq} (the log has {newest})")
        row = conn.execute(
            select(audit_entries.c.body, audit_entries.c.details_sha256).where(audit_entries.c.seq == seq)
        ).one()
        hashes = inclusion_proof(_leaf_hashes(conn, size), seq - 1)
    return {
        "format": PROOF_FORMAT,
        "type": "inclusion",
        "seq": seq,
        "tree_size": size,
        "entry": {"body": bytes(row.body).decode("utf-8"), "details_sha256": bytes(row.details_sha256).hex()},
        "hashes": [h.hex() for h in hashes],
        "checkpoint": note,
    }


def build_consistency_proof(engine: Engine, old_size: int, new_size: int | None = None) -> dict[str, object]:
    """A proof that the checkpoint at ``old_size`` is a prefix of the one at ``new_size`` (or the latest)."""
    with _reading(engine) as conn:
        if new_size is None:
            new_size, new_note = _latest(conn)
        else:
            new_note = _note_at(conn, new_size)
        if not 0 <= old_size <= new_size:
            raise AuditError(f"old size {old_size} must be between 0 and the new size {new_size}")
        old_note = _note_at(conn, old_size)
        hashes = consistency_proof(_leaf_hashes(conn, new_size), old_size)
    return {
        "format": PROOF_FORMAT,
        "type": "consistency",
        "old_size": old_size,
        "new_size": new_size,
        "hashes": [h.hex() for h in hashes],
        "old_checkpoint": old_note,
        "new_checkpoint": new_note,
    }
