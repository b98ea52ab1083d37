"""get_policy, the pseudonymize policy, and the ZIP3 tables."""

from __future__ import annotations

import pytest

from phigate.errors import ConfigError, RegistryError
from phigate.model import Category, Document, Finding
from phigate.policy import POLICIES, Policy, get_policy
from phigate.policy.zip3 import ZIP3_TABLES, Zip3Table, get_zip3_table


def test_registry_and_get_policy() -> None:
    assert set(POLICIES.names()) >= {"safe-harbor", "pseudonymize"}
    policy = get_policy()
    assert isinstance(policy, Policy) and policy.name == "safe-harbor"
    assert get_policy("safe-harbor", zip3_table="census-2010").version.count("census-2010") == 1
    with pytest.raises(RegistryError, match="unknown policy"):
        get_policy("nope")
    with pytest.raises(ConfigError, match="invalid options"):
        get_policy("safe-harbor", colour="red")
    with pytest.raises(ConfigError, match="unknown ZIP3 table"):
        get_policy("safe-harbor", zip3_table="nope")


def test_pseudonymize_policy_rules() -> None:
    policy = get_policy("pseudonymize")
    assert getattr(policy, "requires_secret", False) is True
    findings = [Finding(0, i, i + 1, c, 0.9, "t") for i, c in enumerate(Category)]
    decision = policy.decide(Document.from_text("x" * 40), findings)
    by_category = {a.finding.category: a for a in decision.actions}
    assert by_category[Category.DATE].transform == "date-shift"
    assert by_category[Category.DATE].params == {"unparsed": "redact"}
    assert by_category[Category.AGE].transform == "generalize"
    assert by_category[Category.PHOTO].transform == "redact"
    assert by_category[Category.BIOMETRIC].transform == "redact"
    assert by_category[Category.NAME].transform == "pseudonymize"
    assert by_category[Category.SSN].transform == "pseudonymize"
    strict = get_policy("pseudonymize", unparsed_dates="error")
    assert strict.version != policy.version
    with pytest.raises(ConfigError):
        get_policy("pseudonymize", unparsed_dates="keep")


def test_shipped_zip3_tables() -> None:
    assert len(ZIP3_TABLES["hhs-2000"].prefixes) == 17
    assert len(ZIP3_TABLES["census-2010"].prefixes) == 18
    union = get_zip3_table()
    assert union.name == "union-default" and len(union.prefixes) == 23
    assert union.prefixes == ZIP3_TABLES["hhs-2000"].prefixes | ZIP3_TABLES["census-2010"].prefixes
    assert " ".join(sorted(union.prefixes)) == (
        "036 059 063 102 202 203 204 205 369 556 692 753 772 790 821 823 830 831 878 879 884 890 893"
    )
    digests = {t.digest for t in ZIP3_TABLES.values()}
    assert len(digests) == 3 and all(d.startswith("sha256:") for d in digests)


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ConfigError):
        Zip3Table("bad", "1", "test", frozenset({"12"}))
    with pytest.raises(ConfigError):
        Zip3Table("empty", "1", "test", frozenset())
