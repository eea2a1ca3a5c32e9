"""`workbench refresh`: send every declared table's official query to its live API, keep the answers as new dated
snapshots, rebuild the tables and rerun exactly the reports whose inputs changed.

Nothing is half-done: a table whose API cannot be reached or refuses is reported in one line and gets no file;
the answers that did arrive are kept only if every one of them builds into valid tables, otherwise every new
snapshot is removed again and data/processed is left as it was.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from analysis.data import catalogue
from analysis.data.catalogue import Declaration
from analysis.errors import DataError, FetchError, ParameterError, WorkbenchError, suggest


@dataclass
class Failure:
    """One table that could not be refreshed: where, what happened, what to try."""
    table: str
    host: str
    message: str
    hint: str

    def line(self) -> str:
        return f"{self.table}: {self.host}: {self.message}; try: {self.hint}"


def selected(names: list[str] | None) -> list[Declaration]:
    """The declarations to refresh: all with an official query, or the named ones (each must have one)."""
    decls = catalogue.declarations()
    if not names:
        return [d for d in decls.values() if d.refreshable]
    out = []
    for name in names:
        if name not in decls:
            raise ParameterError(f"unknown table '{name}'{suggest(name, list(decls))}", column="TABLE",
                                 valid=", ".join(d.name for d in decls.values() if d.refreshable))
        if not decls[name].refreshable:
            raise ParameterError(f"table '{name}' has no official API query (its figures are copies of "
                                 f"{decls[name].publisher or 'several sources'})", column="TABLE",
                                 valid=", ".join(d.name for d in decls.values() if d.refreshable))
        out.append(decls[name])
    return out


def request_of(decl: Declaration):
    """The exact request the table's official query sends (an ApiRequest)."""
    from analysis.data import sources
    module = sources.source_module(decl.official.api)
    return module, module.build_request(decl.official.table, decl.official.query,
                                        sources.check_lang(module, decl.official.lang))


def describe(decl: Declaration) -> str:
    """'dk_population: POST https://api.statbank.dk/v1/data {…}' — what a refresh would send."""
    _, req = request_of(decl)
    body = f" {json.dumps(req.json, ensure_ascii=False)}" if req.json is not None else ""
    return f"{decl.name}: {req.method} {req.full_url()}{body}"


def hint_for(message: str, decl: Declaration) -> str:
    """What to try after a failed request, from its one-line message."""
    text = message.lower()
    if "connection failed" in text or "no answer within" in text:
        return "check the network connection (this machine may be offline) or run again later"
    if "429" in text:
        return "the API limits requests; wait a few minutes and run again"
    if "http 5" in text:
        return "the API has a problem on its side; run again later"
    if "html page" in text:
        return "a proxy or login page answered instead of the API; check the network settings"
    page = decl.official.page if decl.official else ""
    return f"the official query may be outdated; compare it with {page} and datasets.yaml"


def fetch_one(decl: Declaration, *, session=None, policy=None, timeout=None):
    """Fetch and validate one table's official query: the Fetched answer, or a Failure."""
    from analysis.data import sources
    from analysis.data.sources import cli as sources_cli
    module, req = request_of(decl)
    try:
        got = sources.fetch(decl.official.api, decl.official.table, decl.official.query, decl.official.lang,
                            session=session, policy=policy, timeout=timeout, refresh=True)
        sources_cli.check_publisher(module, got.parsed, got.request.full_url(), error=FetchError)
    except WorkbenchError as exc:
        return Failure(decl.name, urlsplit(req.url).netloc, exc.message, hint_for(exc.message, decl))
    return got


def save_answer(decl: Declaration, got) -> Path:
    """Write one fetched answer as a new dated snapshot of the table, with publisher and licence from the
    declaration and what the answer states itself."""
    from analysis.data import sources
    from analysis.data.sources import cli as sources_cli
    module = sources.source_module(decl.official.api)
    notes = (f"Fetched with `workbench refresh {decl.name}`: the official query of {decl.official.cite()} "
             f"declared in datasets.yaml." + (" date_published is the dataset's own 'updated' stamp."
                                              if got.parsed.updated else ""))
    title = got.parsed.title or f"{decl.official.cite()}"
    meta = sources_cli.snapshot_meta(module, title=title, source_url=got.request.full_url(),
                                     query=got.request.record, accessed=got.accessed, notes=notes,
                                     parsed=got.parsed, fetched=True, decl=decl)
    return sources_cli.save(module, got.body, got.parsed, dataset=decl.name, stem=decl.name, meta=meta, decl=decl)


def remove_snapshots(paths_: list[Path]) -> None:
    """Take back snapshots written by this refresh (data file and sidecar)."""
    from analysis.data.snapshot import sidecar_path
    for path in paths_:
        sidecar_path(path).unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def refresh(names: list[str] | None = None, *, dry_run: bool = False, reports: bool = True,
            only: list[str] | None = None, session=None, policy=None, timeout=None, out=None) -> int:
    """Run a refresh and print what happened; 0 when every table was refreshed, 1 otherwise."""
    out = out or sys.stdout
    decls = selected(names)
    if dry_run:
        for decl in decls:
            print(describe(decl), file=out)
        print(f"dry run: {len(decls)} table{'s' if len(decls) != 1 else ''} would be fetched; nothing was "
              "changed", file=out)
        return 0
    fetched, failures = [], []
    for decl in decls:
        got = fetch_one(decl, session=session, policy=policy, timeout=timeout)
        (failures if isinstance(got, Failure) else fetched).append((decl, got))
    for _, failure in failures:
        print(f"error: {failure.line()}", file=sys.stderr)
    if not fetched:
        print("nothing refreshed; every file is as it was", file=out)
        return 1
    written = [save_answer(decl, got) for decl, got in fetched]
    try:
        from analysis.data.build import build_all
        build_all()
    except WorkbenchError as exc:
        remove_snapshots(written)
        raise DataError(f"refreshed figures do not build, so none were kept: {exc.format()}",
                        valid="every fetched table valid; the previous snapshots and tables are unchanged") from None
    for path in written:
        print(f"wrote {_rel(path)}", file=out)
    if reports:
        from analysis.pipeline import run
        result = run.run(only=only or [])
        print(f"reports: {sum(o.status == 'ok' for o in result.outcomes)} rerun, "
              f"{sum(o.status == 'fresh' for o in result.outcomes)} unchanged", file=out)
        if not result.ok:
            return 1
    return 1 if failures else 0


def _rel(path: Path) -> str:
    from analysis.data.clean.common import rel
    return rel(path)


def register(subparsers) -> None:
    """Add `workbench refresh` to the command line."""
    p = subparsers.add_parser("refresh", help="fetch every declared table's official query, rebuild, rerun "
                                              "the reports whose inputs changed")
    p.add_argument("tables", nargs="*", metavar="TABLE", help="only these tables (default: all with a query)")
    p.add_argument("--dry-run", action="store_true", help="print each URL and query; change nothing")
    p.add_argument("--no-reports", action="store_true", help="rebuild the tables but do not rerun reports")
    p.add_argument("--only", nargs="+", default=[], metavar="STEP",
                   help="rerun only these report steps (default: every report whose inputs changed)")
    p.set_defaults(func=lambda args: refresh(args.tables, dry_run=args.dry_run, reports=not args.no_reports,
                                             only=args.only))
