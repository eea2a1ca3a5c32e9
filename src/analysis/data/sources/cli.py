"""`workbench fetch` and `workbench import`: a live or hand-saved response becomes a dated raw snapshot with its sidecar.

Both validate and parse the whole body before anything is written, so a refused body leaves no file behind.
"""
from __future__ import annotations

import argparse
import re
from datetime import datetime, timezone
from pathlib import Path

from analysis import paths
from analysis.data import sources
from analysis.errors import DataError, ParameterError

FILTER_FORM = "VAR=V1,V2 (e.g. --filter OMRÅDE=000,101 --filter Tid=2022K1)"
_FILTER = re.compile(r"^\s*([^=\s,]+)\s*=\s*(.+?)\s*$")
# A web address as typed: no spaces, line breaks, control characters, quotes or angle brackets, anywhere.
_URL = re.compile(r"\Ahttps?://[^\s\x00-\x1f\x7f\"'<>`\\{}|^]+\Z")


def parse_filters(items: list[str] | None) -> dict[str, list[str]]:
    """Turn ['VAR=v1,v2', …] into {VAR: [v1, v2]}; a malformed or repeated item raises ParameterError."""
    filters: dict[str, list[str]] = {}
    for item in items or []:
        match = _FILTER.match(item)
        values = [v.strip() for v in match.group(2).split(",")] if match else []
        if not match or not all(values):
            raise ParameterError(f"--filter '{item}' is not of the form VAR=V1,V2",
                                 valid=FILTER_FORM)
        name = match.group(1)
        if name in filters:
            raise ParameterError(f"--filter names '{name}' twice; list all its values once",
                                 valid=FILTER_FORM)
        filters[name] = values
    return filters


def slug(text: str) -> str:
    """A folder/file-safe lower-case name: letters, digits, '_', '-', '.'."""
    out = re.sub(r"[^a-z0-9_.-]+", "_", text.strip().lower()).strip("_.")
    return out or "dataset"


def dataset_name(text: str | None, option: str = "--dataset") -> str:
    """The snapshot folder for a --dataset (or table id); ParameterError for '', '.', '..' or a path."""
    raw = text or ""
    if not re.search(r"[A-Za-z0-9]", raw) or any(c in raw for c in "/\\") or raw.strip(" .") == "":
        raise ParameterError(f"{option} {raw!r} is not a folder name",
                             valid="letters, digits, '_', '-' and '.', e.g. --dataset folk1a")
    return slug(raw)


def check_url(url: str) -> str:
    """url if it is a plain http(s) address; ParameterError naming --url otherwise."""
    if not _URL.match(url or ""):
        raise ParameterError(f"--url {url!r} is not a web address (no spaces, line breaks, quotes or < >)",
                             valid="the http(s) address the file was downloaded from")
    return url


def dated_filename(publisher: str, dataset: str, stem: str, ext: str, day: str) -> str:
    """'<stem>_<day>.<ext>', or with _2, _3 … when that name is taken (a snapshot is never overwritten)."""
    folder = paths.raw_dir() / publisher / dataset
    name, n = f"{stem}_{day}.{ext}", 1
    while (folder / name).exists() or (folder / f"{name}.meta.json").exists():
        n += 1
        name = f"{stem}_{day}_{n}.{ext}"
    return name


def declared(module, dataset: str, where: str):
    """The catalogue's declaration of `dataset` (None when undeclared), refusing a declared table that another
    API publishes (its snapshots would be relabelled)."""
    from analysis.data import catalogue
    decl = catalogue.declarations().get(dataset)
    if decl is None:
        return None
    api = decl.official.api if decl.official else None
    if api and api != api_name(module):
        raise ParameterError(f"--dataset {dataset} is declared as {decl.official.cite()} ({api}), not a "
                             f"{module.NAME} table", column="--dataset",
                             valid=f"`workbench import {api} FILE --dataset {dataset}` or another dataset name")
    return decl


def check_publisher(module, parsed: sources.Parsed, where: str, error=ParameterError) -> None:
    """Refuse a response whose own 'source' names another publisher than the API it is saved as."""
    if not sources.names_publisher(module, parsed.source):
        raise error(f"the file's own source is {parsed.source!r}, not {module.PUBLISHER}; a snapshot is never "
                    "relabelled", file=where, valid=f"a {module.NAME} response, or import it with the source "
                                                    f"that published it ({', '.join(sources.SOURCE_NAMES)})")


def api_name(module) -> str:
    """'statbank', 'pxweb' or 'eurostat' for a source module."""
    return module.__name__.rsplit(".", 1)[-1]


def snapshot_meta(module, *, title: str, source_url: str, query, accessed: datetime, notes: str,
                  parsed: sources.Parsed, fetched: bool, decl=None) -> dict:
    """The caller's part of the sidecar (write_snapshot adds sha256, rows and format): publisher and licence from
    the table's declaration (else the API's), and what the response itself states (source, updated)."""
    official = decl.official if decl is not None and decl.official else None
    if official is not None and official.api != api_name(module):
        official = None  # declared without this API: the API's own publisher, never the declaration's
    meta = {"title": title, "publisher": official.publisher if official else module.PUBLISHER,
            "source_url": source_url, "query": query,
            "date_published": _day(parsed.updated), "date_accessed": accessed.date().isoformat(),
            "licence": official.licence if official and official.licence else module.LICENCE, "notes": notes,
            "api": api_name(module), "cells": int(len(parsed.frame)),
            "missing_cells": int((parsed.frame["flag"] != "").sum())}
    if decl is not None:
        meta["dataset"] = decl.name
    if official is not None:
        meta.update(dataset=decl.name, table=official.table, table_page=official.page)
    if parsed.source:
        meta["source_stated"] = parsed.source
    if parsed.updated:
        meta["updated_stated"] = parsed.updated
    if fetched:
        meta["datetime_accessed"] = accessed.isoformat(timespec="seconds")
    else:
        meta["date_imported"] = datetime.now(timezone.utc).date().isoformat()
    if parsed.fmt == "csv":
        meta.update(delimiter=";", header=True, comment=None)
    return meta


def _day(stamp: str | None) -> str | None:
    """The YYYY-MM-DD part of a dataset's 'updated' stamp, or None."""
    match = re.match(r"^\d{4}-\d{2}-\d{2}", stamp or "")
    return match.group(0) if match else None


def save(module, body: bytes, parsed: sources.Parsed, *, dataset: str, stem: str, meta: dict,
         decl=None) -> Path:
    """Write the snapshot through analysis.data.snapshot.write_snapshot (data file and sidecar), in the declared
    table's folder when it is one."""
    from analysis.data.snapshot import write_snapshot

    folder = decl.folder if decl is not None else module.PUBLISHER_SLUG
    filename = dated_filename(folder, dataset, stem, parsed.ext, meta["date_accessed"])
    return write_snapshot(body, publisher=folder, dataset=dataset, filename=filename, meta=meta)


def run_fetch(args: argparse.Namespace) -> int:
    """Fetch TABLE from the source, validate, parse, and write a new dated snapshot."""
    module = sources.source_module(args.source)
    filters = parse_filters(args.filter)
    dataset = dataset_name(args.table if args.dataset is None else args.dataset)
    decl = declared(module, dataset, "--dataset")
    got = sources.fetch(args.source, args.table, filters, args.lang, refresh=args.refresh, api=args.api)
    check_publisher(module, got.parsed, got.request.full_url())
    req = got.request
    title = got.parsed.title or f"{module.NAME} table {args.table}"
    notes = (f"Fetched with `workbench fetch {args.source} {args.table}`"
             + (" (answer from the local HTTP cache, received at datetime_accessed)" if got.from_cache else "")
             + "." + (" date_published is the dataset's own 'updated' stamp." if got.parsed.updated else ""))
    meta = snapshot_meta(module, title=title, source_url=req.full_url(), query=req.record,
                         accessed=got.accessed, notes=notes, parsed=got.parsed, fetched=True, decl=decl)
    path = save(module, got.body, got.parsed, dataset=dataset, stem=slug(args.table), meta=meta, decl=decl)
    print(f"wrote {path} ({len(got.parsed.frame)} cells, {meta['missing_cells']} missing)")
    if got.from_cache:
        print(f"  answer from the local cache, received {meta['datetime_accessed']}; "
              "use --refresh to ask the API again")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Validate and parse a hand-saved response FILE and write it as a new dated snapshot."""
    module = sources.source_module(args.source)
    check_url(args.url)
    dataset = dataset_name(args.dataset)
    decl = declared(module, dataset, "--dataset")
    body, parsed = sources.read_file(args.source, args.file)
    check_publisher(module, parsed, args.file, error=DataError)
    title = args.title or parsed.title or f"{module.NAME}: {args.dataset}"
    meta = snapshot_meta(module, title=title, source_url=args.url, query=None,
                         accessed=_accessed(args.accessed), notes=f"Imported from a saved file "
                         f"'{Path(args.file).name}' with `workbench import {args.source}`.", parsed=parsed,
                         fetched=False, decl=decl)
    path = save(module, body, parsed, dataset=dataset, stem=dataset, meta=meta, decl=decl)
    print(f"wrote {path} ({len(parsed.frame)} cells, {meta['missing_cells']} missing)")
    return 0


def _accessed(day: str | None) -> datetime:
    if day is None:
        return datetime.now(timezone.utc)
    try:
        return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        raise ParameterError(f"--accessed '{day}' is not a date",
                             valid="YYYY-MM-DD, the day the file was downloaded") from None


def register(subparsers) -> None:
    """Add `fetch` and `import` to the workbench command line."""
    fetch = subparsers.add_parser("fetch", help="fetch a table from a live API into a new raw snapshot")
    fetch.add_argument("source", choices=sources.SOURCE_NAMES)
    fetch.add_argument("table", metavar="TABLE", help="table or dataset id (FOLK1A, 07459, isoc_ciegi_ac)")
    fetch.add_argument("--filter", action="append", metavar="VAR=V1,V2", help="select values of a variable")
    fetch.add_argument("--lang", help="statbank: en|da; pxweb: no|en; eurostat: en|fr|de")
    fetch.add_argument("--dataset", help="snapshot folder name (default: the table id)")
    fetch.add_argument("--refresh", action="store_true", help="ignore the local HTTP cache")
    fetch.add_argument("--api", choices=("v2", "v0"), help="pxweb: PxWebApi 2 (default) or the older v0")
    fetch.set_defaults(func=run_fetch)

    imp = subparsers.add_parser("import", help="turn a response saved by hand into a new raw snapshot")
    imp.add_argument("source", choices=sources.SOURCE_NAMES)
    imp.add_argument("file", metavar="FILE", help="the saved CSV or JSON-stat file")
    imp.add_argument("--dataset", required=True, metavar="NAME", help="snapshot folder name")
    imp.add_argument("--url", required=True, metavar="URL", help="where the file was downloaded from")
    imp.add_argument("--title", help="title for the sidecar (default: from the file)")
    imp.add_argument("--accessed", metavar="YYYY-MM-DD", help="day the file was downloaded (default: today)")
    imp.set_defaults(func=run_import)
