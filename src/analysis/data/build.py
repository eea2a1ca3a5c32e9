"""Build every processed table from the raw snapshots: clean, validate, reconcile, then write all at once.

Every table is cleaned and validated before anything is written; files go to a staging folder first and are
renamed into data/processed only when all succeeded, so a failure leaves the previous tables untouched.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.data import changes
from analysis.data.clean import Cleaned, Dataset, load_all
from analysis.data.clean.common import newest_snapshot, rel
from analysis.data.schemas import Context, reconcile_population, validate
from analysis.data.snapshot import read_meta, sha256_bytes, verify_all
from analysis.errors import DataError


def build_order(registry: dict[str, Dataset]) -> list[str]:
    """Dataset names with every derived table after the tables it depends on."""
    order: list[str] = []

    def visit(name: str, stack: tuple[str, ...] = ()) -> None:
        if name in order:
            return
        if name in stack:
            raise DataError(f"dependency cycle: {' -> '.join(stack + (name,))}", column="depends_on",
                            valid="tables that do not depend on themselves")
        for dep in registry[name].depends_on:
            visit(dep, stack + (name,))
        order.append(name)

    for name in sorted(registry):
        visit(name)
    return order


def clean_one(ds: Dataset, tables: dict[str, Cleaned]) -> Cleaned:
    """Read a table from its newest snapshot with the reader declared for that snapshot's kind."""
    if "derived" in ds.readers:
        path, kind = None, "derived"
    else:
        path, kind = newest_snapshot(ds)
    cleaned = ds.reader(kind)(path, ds, {d: tables[d] for d in ds.depends_on})
    cleaned.built_from, cleaned.kind = path, kind
    return cleaned


def clean_all(registry: dict[str, Dataset]) -> dict[str, Cleaned]:
    """Run every reader in dependency order."""
    done: dict[str, Cleaned] = {}
    for name in build_order(registry):
        done[name] = clean_one(registry[name], done)
    return done


def validate_all(registry: dict[str, Dataset], cleaned: dict[str, Cleaned]) -> dict[str, pd.DataFrame]:
    """Validate every table against its schema, then the cross-table reconciliation of published totals."""
    ctx = Context(dk_codes=frozenset(cleaned["dk_municipalities"].df["code"]))
    out = {}
    for name in build_order(registry):
        ds = registry[name]
        opts = {"non_negative": ds.non_negative, "year_optional": ds.year_optional} if ds.schema == "tidy" else {}
        out[name] = validate(name, ds.schema, cleaned[name].df, ctx, **opts)
    problems = reconcile_population(out["dk_population"], out["dk_municipalities"])
    if problems:
        raise DataError(f"published totals do not reconcile: {problems[0]}"
                        + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
                        file=rel(cleaned["dk_population"].raw_files[0]),
                        valid="municipalities + Christiansø = All Denmark for every year")
    return out


def table_meta(name: str, ds: Dataset, df: pd.DataFrame, cleaned: Cleaned) -> dict:
    """The table's sidecar: the raw files it came from (path, sha256, licence), schema, rows, columns."""
    raw = []
    for path in cleaned.raw_files:
        meta = read_meta(path)
        raw.append({"path": rel(path), "sha256": sha256_bytes(Path(path).read_bytes()),
                    "title": meta.get("title"), "licence": meta.get("licence")})
    return {"name": name, "schema": ds.schema, "rows": int(len(df)),
            "columns": {c: str(t) for c, t in df.dtypes.items()}, "raw_files": raw,
            "built_from": rel(cleaned.built_from) if cleaned.built_from else None, "snapshot_kind": cleaned.kind,
            "value_checks": cleaned.value_checks, "reader": ds.readers[cleaned.kind]}


def write_tables(tables: dict[str, pd.DataFrame], metas: dict[str, dict]) -> None:
    """Write parquet, csv and meta.json of every table to a staging folder, then rename them into place."""
    out_dir = paths.processed_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        for name, df in tables.items():
            df.to_parquet(staging / f"{name}.parquet", index=False)
            df.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8")
            (staging / f"{name}.meta.json").write_text(json.dumps(metas[name], indent=2, ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
        for path in sorted(staging.iterdir()):
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build_all() -> list[str]:
    """Clean, validate and write every processed table; returns the table names. Raises DataError, writing
    nothing, when any raw file or table fails."""
    problems = verify_all()
    if problems:
        raise DataError(f"snapshot check failed: data/raw/{problems[0]}"
                        + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
                        valid="every raw file matching its .meta.json; see `workbench data verify`")
    registry = load_all()
    cleaned = clean_all(registry)
    tables = validate_all(registry, cleaned)
    metas = {name: table_meta(name, registry[name], df, cleaned[name]) for name, df in tables.items()}
    previous = changes.previous_tables(sorted(tables))
    diff = changes.compute(tables, metas, previous)
    write_tables(tables, metas)
    if diff is not None:  # a rebuild that changes nothing keeps the last record of what changed
        changes.write(diff)
    return sorted(tables)
