"""The parts the gateway runs on, built from ``Settings`` (or handed in by tests).

Every part is a trust input the request path cannot do without: the detector, the key provider, the
pseudonym vault, the audit sink (with a probe of its store), the upstreams, the credential store and
the rate-limit counter. Building any of them fails loudly; nothing falls back to a weaker default.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.audit.sink import AuditSink
from phigate.config import GatewayVendor, Settings
from phigate.crypto.keys import KeyProvider, check_private_file
from phigate.detection.base import Detector
from phigate.errors import AuditError, KeyAccessError
from phigate.gateway.ratelimit import Counter, MemoryCounter, RedisCounter
from phigate.gateway.upstream.base import Upstream
from phigate.gateway.upstream.http import HttpUpstream
from phigate.vault import PseudonymVault

__all__ = ["Components", "build_components", "engine_probe", "read_api_key_file"]

Closer = Callable[[], Awaitable[None] | None]


@dataclass
class Components:
    """What ``create_app`` needs besides the settings. ``audit_probe`` raises ``AuditError`` when the
    audit store cannot be used; the gateway calls it before anything goes upstream.
    """

    engine: Engine
    keys: KeyProvider
    audit: AuditSink
    audit_probe: Callable[[], None]
    detector: Detector
    vault: PseudonymVault
    upstreams: Mapping[str, Upstream]
    counter: Counter
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    closers: list[Closer] = field(default_factory=list)


def engine_probe(engine: Engine, what: str) -> Callable[[], None]:
    """A check that ``engine``'s audit head can be read (the store is up and holds a log)."""
    from phigate.store.audit_tables import audit_head

    def probe() -> None:
        try:
            with engine.connect() as conn:
                conn.execute(select(audit_head.c.size).limit(1)).first()
        except SQLAlchemyError as exc:
            raise AuditError(f"{what} unavailable ({type(exc).__name__})") from exc

    return probe


def read_api_key_file(path: Path) -> str:
    """A vendor API key from a file readable by its owner only."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise KeyAccessError(f"cannot open vendor API key file {path}: {exc.strerror}") from exc
    try:
        check_private_file(path, fd)
        with os.fdopen(os.dup(fd), "rb") as handle:
            text = handle.read(64 * 1024).decode("utf-8", errors="strict").strip()
    except UnicodeDecodeError as exc:
        raise KeyAccessError(f"vendor API key file {path} is not UTF-8 text") from exc
    finally:
        os.close(fd)
    if not text:
        raise KeyAccessError(f"vendor API key file {path} is empty")
    return text


def build_upstream(vendor: GatewayVendor) -> HttpUpstream:
    """The HTTP upstream of a configured vendor."""
    return HttpUpstream(
        vendor.endpoint,
        api_key=read_api_key_file(vendor.api_key_file) if vendor.api_key_file else None,
        connect_timeout=vendor.connect_timeout_seconds,
        read_timeout=vendor.read_timeout_seconds,
        retries=vendor.retries,
    )


def build_components(settings: Settings) -> Components:
    """Every part from the settings: stores, keys, audit log, vault, detector, upstreams, counter."""
    from phigate.audit.checkpoint import signer_from_seed
    from phigate.audit.log import AuditLog
    from phigate.crypto.keys import PURPOSE_AUDIT_HASH, PURPOSE_AUDIT_SIGNING, provider_from_settings
    from phigate.detection import default_detector
    from phigate.samples import sample_texts
    from phigate.store.datakeys import SqlDataKeyStore
    from phigate.store.engine import make_engine

    gateway = settings.gateway
    engine = make_engine(gateway.store_url)
    key_store_engine = make_engine(settings.keys.store_url) if settings.keys.store_url else engine
    keys = provider_from_settings(settings.keys, store=SqlDataKeyStore(key_store_engine))
    audit_engine = make_engine(settings.audit.store)
    audit = AuditLog(
        audit_engine,
        hmac_key=keys.purpose_key(PURPOSE_AUDIT_HASH),
        signer=signer_from_seed(keys.purpose_key(PURPOSE_AUDIT_SIGNING), origin=settings.audit.origin),
        checkpoint_every=settings.audit.checkpoint_every,
        checkpoint_interval=settings.audit.checkpoint_interval_s,
    )
    vault = PseudonymVault(key_store_engine, keys, audit, tenant=gateway.tenant)
    upstreams = {name: build_upstream(vendor) for name, vendor in gateway.vendors.items()}
    counter: Counter
    closers: list[Closer] = [upstream.aclose for upstream in upstreams.values()]
    if gateway.rate_limit.redis_url:
        redis_counter = RedisCounter(gateway.rate_limit.redis_url, prefix=f"phigate:{gateway.tenant}:rl")
        closers.append(redis_counter.aclose)
        counter = redis_counter
    else:
        counter = MemoryCounter()
    closers.append(audit.close)
    detector = default_detector()
    detector.warm_up(sample_texts())  # before the first request, and before the start-up objects freeze
    return Components(
        engine=engine,
        keys=keys,
        audit=audit,
        audit_probe=engine_probe(audit_engine, "audit store"),
        detector=detector,
        vault=vault,
        upstreams=upstreams,
        counter=counter,
        closers=closers,
    )
