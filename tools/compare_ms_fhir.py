"""Compare phigate's FHIR Safe Harbor rules with Microsoft's anonymizer, element by element.

Microsoft's Tools-for-Health-Data-Anonymization ships Synthea R4 sample bundles and a sample Safe
Harbor config, but no expected outputs for those bundles, and its .NET tool cannot run here. So this
script applies *both rule sets by their rules* to every leaf element of every sample:

- Microsoft: ``configuration-sample.json`` read as ordered FHIRPath rules (first match wins, a rule
  on an ancestor covers its descendants, ``nodesByType``), unmatched elements kept (their default),
  with ``enablePartialDatesForRedact`` / ``...ZipCodes...`` / ``...Ages...`` applied to ``redact``.
- phigate: the shipped ``fhir-safe-harbor`` rule set (default deny).

It also runs phigate's real handler (with the default detector and the ``safe-harbor`` policy) on
every sample and checks the output validates. It writes ``OUT/report.md`` and ``OUT/report.json``:
per element path, what each tool does, and the counts where they differ.

    python tools/compare_ms_fhir.py --repo GIT_DIR [--out out/ms-compare] [--no-run]

``--repo`` is the fetched git directory (a bare mirror is fine); the samples are copied from it into
``OUT/samples/`` at run time and never into the source tree.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from phigate.formats.fhir_model import child_type
from phigate.formats.fhir_rules import FhirRule, FhirRuleSet, Step
from phigate.formats.fields import FieldAction
from phigate.formats.rulefile import RuleFile, RuleSpec, load_rule_file

SAMPLES = "FHIR/samples/fhir-r4-files"
CONFIG = "FHIR/src/Microsoft.Health.Fhir.Anonymizer.R4.CommandLineTool/configuration-sample.json"
_METHODS = {
    "keep": FieldAction.KEEP,
    "redact": FieldAction.REDACT,
    "dateshift": FieldAction.DATE_SHIFT,
    "cryptohash": FieldAction.HASH,
    "encrypt": FieldAction.HASH,
    "perturb": FieldAction.GENERALIZE,
    "substitute": FieldAction.REDACT,
    "generalize": FieldAction.GENERALIZE,
}
_DATE_TYPES = {"date", "dateTime", "instant"}


def git_show(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout


def git_ls(repo: Path, folder: str) -> list[str]:
    out = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "--name-only", f"HEAD:{folder}"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [f"{folder}/{name}" for name in out.split() if name.endswith(".json")]


def ms_rules(config: dict[str, Any]) -> RuleFile:
    """Microsoft's rules as a phigate rule file (default keep, as their engine passes unmatched data)."""
    specs = []
    for rule in config["fhirPathRules"]:
        path: str = rule["path"]
        types = None
        m = re.match(r"^(.*) as ([A-Za-z]+)$", path)
        if m:
            path, types = m.group(1), (m.group(2),)
        specs.append(
            RuleSpec(path=path, type=types, action=_METHODS[rule["method"].lower()], note=rule["method"])
        )
    return RuleFile(
        "ms-configuration-sample", "a2d90ba", "fhir", FieldAction.KEEP, tuple(specs), {}, "", CONFIG
    )


def leaves(resource: dict[str, Any]) -> list[tuple[tuple[Step, ...], str, Any]]:
    """Every primitive of a resource (and of contained / entry resources): chain, path, value."""
    out: list[tuple[tuple[Step, ...], str, Any]] = []

    def walk(value: Any, chain: tuple[Step, ...], model: str | None, path: str) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item, chain, model, path)
        elif isinstance(value, dict):
            if model is None:
                return
            for key, child in value.items():
                if key == "resourceType":
                    continue
                etype = child_type(model, key)
                if etype is None:
                    continue
                if etype.fhir_type == "Resource":
                    for item in child if isinstance(child, list) else [child]:
                        rtype = item.get("resourceType", "") if isinstance(item, dict) else ""
                        walk(item, (*chain, Step(key, rtype, rtype)), rtype, rtype)
                    continue
                walk(child, (*chain, Step(key, etype.fhir_type)), etype.model, f"{path}.{key}")
        else:
            out.append((chain, path, value))

    rtype = resource["resourceType"]
    walk(resource, (Step("", rtype, rtype),), rtype, rtype)
    return out


def effective(rules: FhirRuleSet, chain: tuple[Step, ...]) -> FhirRule | None:
    """The first rule (in file order) that matches the node or any ancestor."""
    best: FhirRule | None = None
    for i in range(1, len(chain) + 1):
        rule = rules.first_match(chain[:i])
        if rule is not None and (best is None or rule.index < best.index):
            best = rule
    return best


def describe_ms(rule: FhirRule | None, chain: tuple[Step, ...], params: dict[str, Any]) -> str:
    if rule is None:
        return "keep (no rule)"
    method = rule.action
    node = chain[-1]
    if method is FieldAction.REDACT:
        if params.get("enablePartialDatesForRedact") and node.fhir_type in _DATE_TYPES:
            return "redact: year kept unless age > 89"
        if params.get("enablePartialZipCodesForRedact") and node.key == "postalCode":
            return "redact: ZIP3 kept (restricted -> 000)"
        if params.get("enablePartialAgesForRedact") and any(s.fhir_type == "Age" for s in chain):
            return "redact: only ages > 89"
        return "redact"
    return {
        FieldAction.HASH: "cryptoHash",
        FieldAction.DATE_SHIFT: "dateShift",
        FieldAction.GENERALIZE: "perturb",
    }.get(method, method.value)


def describe_phigate(rule: FhirRule | None, default: FieldAction, chain: tuple[Step, ...]) -> str:
    if rule is None:
        return f"{default.value} (default deny)"
    if rule.action is FieldAction.GENERALIZE:
        return f"generalize ({rule.how.value if rule.how else 'inferred'})"
    if rule.action is FieldAction.TEXT:
        return "text engine"
    return rule.action.value


def run_phigate(samples: list[Path]) -> dict[str, Any]:
    """phigate's real handler on each sample: validates, timing, documents, findings."""
    from phigate.audit.sink import NullAuditSink
    from phigate.detection import default_detector
    from phigate.formats.fhir import FhirHandler
    from phigate.formats.fields import FieldKeys
    from phigate.pipeline import Pipeline
    from phigate.policy import get_policy

    secret = b"compare-ms-fhir-secret-012345678"
    pipeline = Pipeline(
        detector=default_detector(), policy=get_policy("safe-harbor"), audit=NullAuditSink(), secret=secret
    )
    handler = FhirHandler(keys=FieldKeys.from_secret(secret))
    results = {}
    for path in samples:
        data = path.read_bytes()
        started = time.perf_counter()
        docs = handler.parse(data, source=path.name)
        out = handler.render([pipeline.run(d).document for d in docs], original=data)
        results[path.name] = {
            "bytes_in": len(data),
            "bytes_out": len(out),
            "seconds": round(time.perf_counter() - started, 3),
            "documents": len(docs),
            "text_segments": sum(len(d.segments) for d in docs),
            "output_validates": True,  # render validates or raises
        }
        (path.parent.parent / "phigate-output").mkdir(exist_ok=True)
        (path.parent.parent / "phigate-output" / path.name).write_bytes(out)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repo", type=Path, required=True, help="git dir of the fetched Microsoft repository"
    )
    parser.add_argument("--out", type=Path, default=Path("out/ms-compare"))
    parser.add_argument(
        "--no-run", action="store_true", help="compare the rules only; skip phigate's handler"
    )
    args = parser.parse_args(argv)
    sample_dir = args.out / "samples"
    sample_dir.mkdir(parents=True, exist_ok=True)
    samples = []
    for name in git_ls(args.repo, SAMPLES):
        target = sample_dir / Path(name).name
        target.write_bytes(git_show(args.repo, name))
        samples.append(target)
    config = json.loads(git_show(args.repo, CONFIG))
    params = config.get("parameters", {})
    ms = FhirRuleSet(ms_rules(config))
    ours_file = load_rule_file("safe-harbor", fmt="fhir")
    ours = FhirRuleSet(ours_file)

    table: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for path in samples:
        bundle = json.loads(path.read_bytes())
        for chain, where, _value in leaves(bundle):
            if chain[-1].key in ("resourceType",):
                continue
            element = (
                re.sub(r"^Bundle\.entry\.resource\.", "", where) if where.startswith("Bundle") else where
            )
            a = describe_ms(effective(ms, chain), chain, params)
            b = describe_phigate(effective(ours, chain), ours_file.default, chain)
            table[element][(a, b)] += 1

    rows = []
    for element, pairs in sorted(table.items()):
        for (a, b), count in sorted(pairs.items()):
            rows.append(
                {"element": element, "microsoft": a, "phigate": b, "count": count, "same": _same(a, b)}
            )
    differing = [r for r in rows if not r["same"]]
    summary = Counter((r["microsoft"], r["phigate"]) for r in differing for _ in range(r["count"]))
    run = {} if args.no_run else run_phigate(samples)
    body = {
        "samples": [p.name for p in samples],
        "microsoft_config": CONFIG,
        "microsoft_rules": len(config["fhirPathRules"]),
        "phigate_rules": {"name": ours_file.name, "version": ours_file.version, "sha256": ours_file.sha256},
        "leaf_elements": sum(r["count"] for r in rows),
        "same": sum(r["count"] for r in rows if r["same"]),
        "different": sum(r["count"] for r in differing),
        "differences_by_action_pair": [
            {"microsoft": a, "phigate": b, "count": n} for (a, b), n in summary.most_common()
        ],
        "rows": rows,
        "phigate_run": run,
    }
    (args.out / "report.json").write_text(json.dumps(body, indent=2), encoding="utf-8")
    lines = [
        "# phigate vs Microsoft FHIR anonymizer (Safe Harbor sample config), element by element",
        "",
        f"Samples: {len(samples)} Synthea R4 bundles from the Microsoft repository. Leaf elements: "
        f"{body['leaf_elements']}; same treatment: {body['same']}; different: {body['different']}.",
        "",
        "## Differences by action pair (leaf counts)",
        "",
        "| Microsoft | phigate | leaves |",
        "|---|---|---|",
        *[
            f"| {d['microsoft']} | {d['phigate']} | {d['count']} |"
            for d in body["differences_by_action_pair"]
        ],
        "",
        "## Differing elements",
        "",
        "| element | Microsoft | phigate | leaves |",
        "|---|---|---|---|",
        *[f"| `{r['element']}` | {r['microsoft']} | {r['phigate']} | {r['count']} |" for r in differing],
    ]
    if run:
        lines += [
            "",
            "## phigate run (real handler, default detector, safe-harbor policy)",
            "",
            "| sample | MB in | MB out | s | resources | text segments | validates |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, r in run.items():
            lines.append(
                f"| {name[:40]} | {r['bytes_in'] / 1e6:.2f} | {r['bytes_out'] / 1e6:.2f} | {r['seconds']} | "
                f"{r['documents']} | {r['text_segments']} | {r['output_validates']} |"
            )
    (args.out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{body['leaf_elements']} leaves: {body['same']} same, {body['different']} different"
        f" -> {args.out}/report.md"
    )
    return 0


def _same(ms: str, ours: str) -> bool:
    """Whether two descriptions amount to the same effect on the released value."""
    removed = ("redact", "redact (default deny)")
    if ms in removed and ours in removed:
        return True
    if ms.startswith("keep") and ours == "keep":
        return True
    if ms == "redact: year kept unless age > 89" and ours == "generalize (year)":
        return True
    if ms == "redact: ZIP3 kept (restricted -> 000)" and ours == "generalize (zip3)":
        return True
    return ms == "cryptoHash" and ours == "pseudonymize"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
