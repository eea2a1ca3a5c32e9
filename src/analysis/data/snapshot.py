"""Raw snapshots: a publisher's file kept verbatim in data/raw/<publisher>/<dataset>/ with a provenance sidecar.

A snapshot is never edited in place; a refresh writes a new dated file beside the old one.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

from analysis import paths
from analysis.atomic import UMASK
from analysis.errors import DataError

SIDECAR_SUFFIX = ".meta.json"
REQUIRED_FIELDS = ("title", "publisher", "source_url", "query", "date_published", "date_accessed",
                   "licence", "sha256", "rows", "format", "notes")
# Fields the caller must give; sha256, rows and format are computed by write_snapshot.
CALLER_FIELDS = ("title", "source_url", "query", "date_published", "date_accessed", "licence", "notes")
# Fields that may be null (a snapshot needs a source_url or a query, checked separately).
NULLABLE_FIELDS = {"source_url", "query", "date_published"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def sidecar_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def format_of(filename: str) -> str:
    """The file format named by the file's extension (csv, json, xlsx, …)."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    return suffix or "bin"


def _text(content: bytes, where: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise DataError(f"not UTF-8 text (line {line}, byte {exc.start}); save the file as UTF-8", file=where,
                        valid="UTF-8 encoded text") from None


def count_rows(content: bytes, fmt: str, *, header: bool = True, delimiter: str = ",",
               comment: str | None = "#", where: str = "<content>") -> int:
    """Data records in a file: CSV lines minus comment and header lines, a JSON file's data points or a
    GeoJSON file's features."""
    if fmt in ("json", "geojson"):
        try:
            doc = json.loads(_text(content, where))
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON ({exc.msg} at line {exc.lineno})", file=where, valid="JSON") from None
        if fmt == "geojson":
            return len(doc.get("features") or []) if isinstance(doc, dict) else 0
        return _json_rows(doc)
    if fmt in ("csv", "tsv", "txt"):
        kept = [(i, ln) for i, ln in enumerate(_text(content, where).splitlines(keepends=True), start=1)
                if ln.strip() and not (comment and ln.startswith(comment))]
        reader = csv.reader(io.StringIO("".join(ln for _, ln in kept)), delimiter=delimiter, strict=True)
        try:
            records = list(reader)
        except csv.Error as exc:
            line = kept[min(reader.line_num, len(kept)) - 1][0] if kept else 1
            raise DataError(f"malformed CSV at line {line} ({exc})", file=where,
                            valid="comma-separated fields, quoted with '\"' where needed") from None
        return max(len(records) - (1 if header else 0), 0)
    return 0


def _json_rows(doc) -> int:
    """JSON-stat datasets count their values; other JSON counts the elements of every array."""
    if isinstance(doc, dict) and "value" in doc and "dimension" in doc:
        return len(doc["value"])
    if isinstance(doc, list):
        return len(doc)
    if isinstance(doc, dict):
        return sum(_json_rows(v) for v in doc.values() if isinstance(v, (list, dict)))
    return 0


def _check_caller_meta(meta: dict, where: str) -> None:
    missing = [f for f in CALLER_FIELDS if f not in meta]
    if missing:
        raise DataError(f"sidecar fields missing: {', '.join(missing)}", file=where,
                        valid="meta with " + ", ".join(CALLER_FIELDS))
    empty = [f for f in CALLER_FIELDS if f not in NULLABLE_FIELDS and meta.get(f) in (None, "") and f != "notes"]
    if empty:
        raise DataError(f"sidecar fields empty: {', '.join(empty)}", file=where,
                        valid="a value for " + ", ".join(empty))
    if not meta.get("source_url") and not meta.get("query"):
        raise DataError("a snapshot needs a source_url or an exact query", file=where, column="source_url",
                        valid="a URL or the API query")
    if not _DATE.match(str(meta["date_accessed"])):
        raise DataError(f"date_accessed {meta['date_accessed']!r} is not a date", file=where,
                        column="date_accessed", valid="YYYY-MM-DD")


def build_meta(content: bytes, *, publisher: str, filename: str, meta: dict, where: str) -> dict:
    """The full sidecar: the caller's provenance plus computed sha256, rows and format."""
    _check_caller_meta(meta, where)
    full = dict(meta)
    full.setdefault("publisher", publisher)
    full["format"] = meta.get("format") or format_of(filename)
    full["sha256"] = sha256_bytes(content)
    full["rows"] = count_rows(content, full["format"], header=meta.get("header", True),
                              delimiter=meta.get("delimiter", ","), comment=meta.get("comment", "#"),
                              where=where)
    return full


def write_snapshot(content: bytes, *, publisher: str, dataset: str, filename: str, meta: dict) -> Path:
    """Write data/raw/<publisher>/<dataset>/<filename> and its sidecar; refuse to overwrite an existing one."""
    for label, value in (("publisher", publisher), ("dataset", dataset)):
        if not _SLUG.match(value or ""):
            raise DataError(f"{label} {value!r} is not a folder name", column=label,
                            valid="lower-case letters, digits, '_', '-', '.'")
    if not filename or "/" in filename or filename.startswith(".") or filename.endswith(SIDECAR_SUFFIX):
        raise DataError(f"filename {filename!r} is not a plain file name", column="filename",
                        valid="a name like folk1a_2026-11-27.csv")
    if not content:
        raise DataError("empty content: nothing to save as data", file=filename, valid="a non-empty file")
    target = paths.raw_dir() / publisher / dataset / filename
    side = sidecar_path(target)
    if target.exists() or side.exists():
        raise DataError("snapshot exists and is never overwritten; a refresh writes a new dated filename",
                        file=target, valid=f"a new name such as {Path(filename).stem}_<YYYY-MM-DD>"
                                           f"{Path(filename).suffix}")
    full = build_meta(content, publisher=publisher, filename=filename, meta=meta, where=str(target))
    _write_pair(target, content, side, (json.dumps(full, indent=2, ensure_ascii=False) + "\n").encode())
    return target


def _write_pair(target: Path, content: bytes, side: Path, side_bytes: bytes) -> None:
    """Write both files to temporaries, then rename both; remove the data file if the sidecar fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmps = []
    try:
        for data in (content, side_bytes):
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~UMASK)  # mkstemp makes 0600; a snapshot is readable like any other file
            tmps.append(Path(tmp))
        os.replace(tmps[0], target)
        try:
            os.replace(tmps[1], side)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)


def read_meta(path: str | Path) -> dict:
    """The sidecar of a snapshot (pass the data file or the .meta.json itself)."""
    path = Path(path)
    side = path if path.name.endswith(SIDECAR_SUFFIX) else sidecar_path(path)
    if not side.exists():
        raise DataError("no sidecar", file=side, valid=f"<file>{SIDECAR_SUFFIX} beside every snapshot")
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"sidecar is not valid JSON ({exc})", file=side, valid="a JSON object") from None
    if not isinstance(meta, dict):
        raise DataError("sidecar is not a JSON object", file=side, valid="a JSON object")
    return meta


def snapshot_files(raw_dir: str | Path | None = None) -> list[Path]:
    """Every data file under raw_dir (sidecars, hidden and temporary files excluded), sorted."""
    base = Path(raw_dir) if raw_dir else paths.raw_dir()
    if not base.exists():
        return []
    return sorted(p for p in base.rglob("*") if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX)
                  and not any(part.startswith(".") for part in p.relative_to(base).parts)
                  and p.name != "README.md")


def csv_option_problem(meta: dict) -> str | None:
    """What is wrong with a sidecar's CSV reading options (delimiter, comment, header), or None."""
    delimiter, comment = meta.get("delimiter", ","), meta.get("comment", "#")
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\r\n\"":
        return f"sidecar 'delimiter' is {delimiter!r}, not one character (valid: ',', ';', '|' or a tab)"
    if comment is not None and (not isinstance(comment, str) or not comment or "\n" in comment):
        return f"sidecar 'comment' is {comment!r} (valid: a prefix such as '#', or null)"
    if not isinstance(meta.get("header", True), bool):
        return f"sidecar 'header' is {meta.get('header')!r} (valid: true or false)"
    return None


def verify_file(path: Path, base: Path) -> list[str]:
    """Problems with one snapshot: sidecar, required fields, checksum, row count."""
    rel = path.relative_to(base)
    try:
        meta = read_meta(path)
    except DataError as exc:
        return [f"{rel}: {exc.message}"]
    problems = []
    missing = [f for f in REQUIRED_FIELDS if f not in meta]
    if missing:
        problems.append(f"{rel}: sidecar fields missing: {', '.join(missing)}")
    content = path.read_bytes()
    if "sha256" in meta and meta["sha256"] != sha256_bytes(content):
        problems.append(f"{rel}: checksum mismatch (sidecar {str(meta['sha256'])[:12]}…, "
                        f"file {sha256_bytes(content)[:12]}…): the file was changed after it was saved")
    bad_option = csv_option_problem(meta)
    if bad_option:
        problems.append(f"{rel}: {bad_option}")
    elif "rows" in meta:
        try:
            rows = count_rows(content, meta.get("format") or format_of(path.name), header=meta.get("header", True),
                              delimiter=meta.get("delimiter", ","), comment=meta.get("comment", "#"),
                              where=str(rel))
        except (DataError, csv.Error) as exc:
            problems.append(f"{rel}: cannot count rows: {getattr(exc, 'message', exc)}")
        else:
            if rows != meta["rows"]:
                problems.append(f"{rel}: row count {rows} but sidecar says {meta['rows']}")
    return problems


def verify_all(raw_dir: str | Path | None = None) -> list[str]:
    """Check every snapshot against its sidecar; one line per problem naming the file, [] when all good."""
    base = Path(raw_dir) if raw_dir else paths.raw_dir()
    problems: list[str] = []
    for path in snapshot_files(base):
        problems.extend(verify_file(path, base))
    for side in sorted(base.rglob(f"*{SIDECAR_SUFFIX}")) if base.exists() else []:
        data = side.with_name(side.name[: -len(SIDECAR_SUFFIX)])
        if not data.exists():
            problems.append(f"{side.relative_to(base)}: sidecar without its data file")
    return problems
