"""`workbench data verify`, `workbench data build` and `workbench refresh` (refresh.py); fetch and import live in
data/sources/cli.py."""
from __future__ import annotations

import argparse
from collections import Counter

from analysis import paths


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `data` command with its `verify` and `build` subcommands."""
    data = subparsers.add_parser("data", help="check raw snapshots and build processed tables")
    sub = data.add_subparsers(dest="data_command", metavar="SUBCOMMAND")
    verify = sub.add_parser("verify", help="check every snapshot against its .meta.json sidecar")
    verify.set_defaults(func=cmd_verify)
    build = sub.add_parser("build", help="clean, validate and write every processed table")
    build.set_defaults(func=cmd_build)
    data.set_defaults(func=lambda args: data.print_help() or 2)
    from analysis.data import refresh
    refresh.register(subparsers)


def cmd_verify(args: argparse.Namespace) -> int:
    """Print OK with the file count per dataset, or each failing file; exit 1 on any failure."""
    from analysis.data.snapshot import snapshot_files, verify_all
    problems = verify_all()
    for line in problems:
        print(f"FAIL {line}")
    base = paths.raw_dir()
    failing = {line.split(":")[0] for line in problems}
    counts = Counter("/".join(p.relative_to(base).parts[:2]) for p in snapshot_files(base)
                     if str(p.relative_to(base)) not in failing)
    for dataset, n in sorted(counts.items()):
        print(f"OK   {dataset}: {n} file{'s' if n != 1 else ''}")
    if not counts and not problems:
        print(f"no snapshots in {base}")
        return 1
    return 1 if problems else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build every processed table and print their names and row counts."""
    from analysis.data.build import build_all
    from analysis.data.tables import table_meta
    for name in build_all():
        print(f"{name}: {table_meta(name)['rows']} rows")
    return 0
