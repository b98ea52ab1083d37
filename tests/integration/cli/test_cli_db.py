"""``phigate db``: status of every configured store, upgrade, one URL with chosen groups, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Cli


def test_status_before_and_after_upgrade(cli: Cli, workdir: Path) -> None:
    before = cli("db", "status")
    assert before.code == 0, before.err
    assert before.out.count("not created") == 4
    assert not (workdir / "audit.db").exists()  # status never creates a database

    upgraded = cli("db", "upgrade")
    assert upgraded.code == 0, upgraded.err
    assert "audit at audit_0001" in upgraded.out
    assert "vault at vault_0001" in upgraded.out

    after = cli("db", "status")
    assert after.code == 0, after.err
    assert after.out.count("current") == 4


def test_one_url_and_chosen_groups(cli: Cli, workdir: Path) -> None:
    url = f"sqlite:///{workdir / 'vault.db'}"
    assert cli("db", "upgrade", "--url", url, "--group", "vault", "--group", "keys").code == 0
    shown = cli("db", "status", "--url", url, "--group", "vault", "--group", "gateway")
    assert shown.code == 0, shown.err
    assert "vault_0001" in shown.out
    assert "not created" in shown.out  # the gateway group is not in this database


def test_a_database_behind_exits_1(cli: Cli, workdir: Path) -> None:
    import sqlalchemy as sa

    url = f"sqlite:///{workdir / 'old.db'}"
    assert cli("db", "upgrade", "--url", url, "--group", "keys").code == 0
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE phigate_schema_version SET version_num = 'keys_0000'"))
    engine.dispose()
    shown = cli("db", "status", "--url", url, "--group", "keys")
    assert shown.code == 1
    assert "behind" in shown.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--group", "audit"), "--group needs --url"),
        (("--url", "sqlite:///x.db"), "--url needs --group"),
        (("--url", "sqlite:///x.db", "--group", "billing"), "unknown table group(s): billing"),
        (("--url", "nosuchdb://x", "--group", "audit"), "invalid database URL scheme"),
    ],
)
def test_bad_arguments_are_one_line_errors(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("db", "upgrade", *args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
