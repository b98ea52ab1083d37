"""Commands for structured data: ``phigate risk`` and ``phigate tabular-schema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]


def _columns(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def risk_command(
    path: Annotated[Path, typer.Argument(help="A CSV or Parquet table (already de-identified).")],
    qi: Annotated[str, typer.Option("--qi", help="Quasi-identifier columns, comma-separated.")],
    sensitive: Annotated[str, typer.Option("--sensitive", help="Sensitive columns for l-diversity.")] = "",
    threshold: Annotated[
        float, typer.Option("--threshold", help="Maximum acceptable risk (0.09, 0.05).")
    ] = 0.09,
    reduce: Annotated[
        Path | None,
        typer.Option("--reduce", help="Generalize/suppress to the threshold; write the CSV here."),
    ] = None,
    max_suppression: Annotated[
        float, typer.Option("--max-suppression", help="Largest share suppressed.")
    ] = 0.05,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Re-identification risk (k, l, prosecutor/journalist/marketer) of the quasi-identifiers left.

    Exits 1 when the table does not meet the threshold (after --reduce, when given).
    """
    import csv
    import io

    from phigate.batch.files import atomic_write, read_input
    from phigate.formats.risk import measure_risk, reduce_risk
    from phigate.formats.tabular import read_table

    table = read_table(read_input(path, name=str(path)), source=str(path))
    rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
    qis, sens = _columns(qi), _columns(sensitive)
    report = measure_risk(rows, qis, sensitive=sens, threshold=threshold)
    steps = None
    if reduce is not None:
        reduced, report = reduce_risk(
            rows, qis, sensitive=sens, threshold=threshold, max_suppression=max_suppression
        )
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=table.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(reduced)
        atomic_write(reduce, buf.getvalue().encode("utf-8"))
        steps = report.steps
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        typer.echo(
            f"records {report.records}  classes {report.classes}  "
            f"k {report.k_anonymity}  l {report.l_diversity}"
        )
        typer.echo(
            f"prosecutor max {report.prosecutor_max:.4f} avg {report.prosecutor_avg:.4f} "
            f"at-risk {report.prosecutor_at_risk:.2%}  journalist max {report.journalist_max:.4f}  "
            f"marketer {report.marketer:.4f}  (population: {report.population_source})"
        )
        for step in steps or ():
            typer.echo(f"  {step}")
        verdict = "meets" if report.meets_threshold else "does NOT meet"
        typer.echo(f"{verdict} the threshold {threshold}")
    if not report.meets_threshold:
        raise typer.Exit(1)


def tabular_schema_command(
    path: Annotated[Path, typer.Argument(help="A CSV or Parquet table.")],
) -> None:
    """Print the column schema phigate infers for a table, as YAML to review, edit and pass back."""
    from phigate.batch.files import read_input
    from phigate.formats.tabular import TabularHandler, schema_yaml

    data = read_input(path, name=str(path))
    kind = "parquet" if data[:4] == b"PAR1" else "csv"
    typer.echo(schema_yaml(TabularHandler(kind).schema_for(data, source=str(path))), nl=False)


def register(app: typer.Typer) -> None:
    """Add ``risk`` and ``tabular-schema``."""
    app.command("risk")(risk_command)
    app.command("tabular-schema")(tabular_schema_command)
