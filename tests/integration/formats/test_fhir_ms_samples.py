"""Microsoft's Synthea R4 sample bundles (public samples), when the fetched repository is on this machine.

The samples are not part of phigate's repository: they are read from the git directory named by
``PHIGATE_MS_ANONYMIZER_GIT`` (default: the search tool's mirror path) at test time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

from phigate.audit.sink import NullAuditSink
from phigate.detection import default_detector
from phigate.formats.fhir import FhirHandler
from phigate.formats.fields import FieldKeys
from phigate.pipeline import Pipeline
from phigate.policy import get_policy

pytestmark = pytest.mark.slow
REPO = Path(
    os.environ.get(
        "PHIGATE_MS_ANONYMIZER_GIT", "/work/.mirror/microsoft+Tools-for-Health-Data-Anonymization/repo"
    )
)
TOOL = Path(__file__).resolve().parents[3] / "tools" / "compare_ms_fhir.py"
SMALL = (
    "Carolee951_Sanford861_d88f994a-5efa-421d-9c40-5f116d2114a6.json",
    "hospitalInformation1583281853074.json",
)


@pytest.fixture(scope="module")
def repo() -> Path:
    if not (REPO / "HEAD").exists():
        pytest.skip(f"Microsoft's repository is not fetched at {REPO}")
    return REPO


def _sample(repo: Path, name: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:FHIR/samples/fhir-r4-files/{name}"],
        capture_output=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("name", SMALL)
def test_sample_bundle_round_trip(repo: Path, name: str) -> None:
    data = _sample(repo, name)
    secret = b"ms-sample-test-secret-0123456789"
    pipeline = Pipeline(
        detector=default_detector(), policy=get_policy("safe-harbor"), audit=NullAuditSink(), secret=secret
    )
    handler = FhirHandler(keys=FieldKeys.from_secret(secret))
    docs = handler.parse(data, source=name)
    out = json.loads(handler.render([pipeline.run(d).document for d in docs], original=data))  # validated
    original = json.loads(data)
    assert len(out["entry"]) == len(original["entry"])
    for before, after in zip(original["entry"], out["entry"], strict=True):
        res, new = before["resource"], after["resource"]
        assert new["resourceType"] == res["resourceType"] and new["id"] != res["id"]
        assert after["fullUrl"] == f"urn:uuid:{new['id']}"
        if res["resourceType"] == "Patient":
            assert all(set(n) <= {"use"} for n in new.get("name", []))
            assert new["birthDate"] == res["birthDate"][:4]
            assert all(
                set(a) <= {"state", "country", "postalCode", "use", "type"} for a in new.get("address", [])
            )
            assert "extension" not in new and "telecom" not in new


def test_compare_tool_reports_every_difference(repo: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("compare_ms_fhir", TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.main(["--repo", str(repo), "--out", str(tmp_path), "--no-run"]) == 0
    body = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert body["leaf_elements"] == body["same"] + body["different"] > 100_000
    pairs = {(d["microsoft"], d["phigate"]) for d in body["differences_by_action_pair"]}
    assert ("dateShift", "generalize (year)") in pairs and ("redact", "pseudonymize") in pairs
    assert "| element | Microsoft | phigate | leaves |" in (tmp_path / "report.md").read_text(
        encoding="utf-8"
    )
