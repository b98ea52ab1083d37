"""``phigate serve --workers N``: which settings several worker processes may share, and a worker's app."""

from __future__ import annotations

import gc
import inspect
from pathlib import Path
from typing import Any

import pytest

from phigate.config import Settings
from phigate.crypto.keys import LocalKeyFile
from phigate.errors import ConfigError
from phigate.gateway.serve import SETTINGS_ENV, check_workers, uvicorn_config, worker_app


def settings_for(tmp_path: Path, **gateway: Any) -> Settings:
    return Settings.model_validate(
        {
            "keys": {"key_file": str(tmp_path / "k.key")},
            "audit": {"store": f"sqlite:///{tmp_path}/audit.db"},
            "gateway": {"store_url": f"sqlite:///{tmp_path}/gw.db", **gateway},
        }
    )


def test_one_worker_needs_nothing_shared(tmp_path: Path) -> None:
    check_workers(settings_for(tmp_path), 1)


def test_workers_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        check_workers(settings_for(tmp_path), 0)


def test_several_workers_need_shared_rate_limits(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="redis_url"):
        check_workers(settings_for(tmp_path), 2)  # the default limits, counted in memory
    check_workers(settings_for(tmp_path, rate_limit={"per_key": 0, "per_user": 0}), 2)
    check_workers(settings_for(tmp_path, rate_limit={"redis_url": "redis://127.0.0.1:6379/0"}), 2)


def test_several_workers_cannot_share_an_in_memory_store(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, store_url="sqlite://", rate_limit={"per_key": 0, "per_user": 0})
    with pytest.raises(ConfigError, match="in-memory"):
        check_workers(settings, 2)


@pytest.mark.anyio
async def test_worker_app_needs_the_parents_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(SETTINGS_ENV, raising=False)
    with pytest.raises(ConfigError, match=SETTINGS_ENV):
        worker_app()
    LocalKeyFile.create(tmp_path / "k.key")
    monkeypatch.setenv(SETTINGS_ENV, settings_for(tmp_path).model_dump_json())
    try:
        app = worker_app()
        assert gc.get_freeze_count() > 0  # what the worker built is out of the collector's reach
    finally:
        gc.unfreeze()
    assert app.state.handler.settings.store_url == f"sqlite:///{tmp_path}/gw.db"
    for close in app.state.components.closers:
        result = close()
        if inspect.isawaitable(result):
            await result


def test_config_for_workers_loads_the_factory() -> None:
    config = uvicorn_config(
        "phigate.gateway.serve:worker_app", "127.0.0.1", 0, None, None, "warning", workers=3
    )
    assert (config.workers, config.factory) == (3, True)
