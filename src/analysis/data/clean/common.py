"""Shared reading and parsing for the cleaners: strict CSV reading with one-line errors, exact number parsing.

Row numbers in errors are file line numbers (the header is line 1), so a user can open the file at that line.
"""
from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.data.snapshot import read_meta, snapshot_files
from analysis.errors import DataError

MISSING_MARKERS = (":", "..", ".", "-")  # Eurostat ':', SSB '..' and '.', StatBank '..'
TIDY_COLUMNS = ["year", "geo_code", "geography", "geo_level", "indicator", "value", "value_as_printed", "unit",
                "note", "source_url", "source_title", "publisher", "date_accessed"]
OUTPUT_COLUMNS = ["year", "geo_code", "geography", "geo_level", "sector", "indicator", "value", "value_as_printed",
                  "unit", "flag", "note", "source_url", "source_title", "publisher", "date_accessed", "source_id"]
_NUMBER = re.compile(r"[-−]?\d[\d\u00a0\u202f .,]*")


def rel(path: Path) -> str:
    """A snapshot's path relative to the project root (for messages and source ids)."""
    try:
        return str(Path(path).resolve().relative_to(paths.root()))
    except ValueError:
        return str(path)


def dataset_snapshots(publisher: str, dataset: str, *, verbatim: bool = False) -> list[Path]:
    """The snapshots of one dataset, oldest first; verbatim=False gives the tidy files, True the publisher files
    kept beside them for cross-checks."""
    folder = paths.raw_dir() / publisher / dataset
    found = [p for p in snapshot_files(folder) if snapshot_kind(read_meta(p)) == ("verbatim" if verbatim else "tidy")]
    return sorted(found, key=lambda p: _age(p, read_meta(p)))


def snapshot_kind(meta: dict) -> str:
    """What a snapshot is, from its sidecar: the API whose answer it holds (statbank, pxweb, eurostat), 'verbatim'
    (a publisher's file kept beside a compiled copy for cross-checks), 'tidy' (a compiled CSV) or its format."""
    if meta.get("api"):
        return str(meta["api"])
    if meta.get("verbatim"):
        return "verbatim"
    fmt = str(meta.get("format") or "")
    return "tidy" if fmt == "csv" else fmt or "unknown"


def _age(path: Path, meta: dict) -> tuple[str, str, str]:
    return (str(meta.get("date_accessed") or ""), str(meta.get("datetime_accessed") or ""), path.name)


def newest_snapshot(decl) -> tuple[Path, str]:
    """The newest snapshot of a declared table, whatever its kind, and that kind.

    Cross-check companions (verbatim publisher files kept beside a compiled copy) are not candidates; any other
    file is, so a snapshot the table cannot be built from is an error naming it, never passed over."""
    folder = paths.raw_dir() / decl.folder / decl.name
    found = [(p, read_meta(p)) for p in snapshot_files(folder)]
    candidates = sorted(((p, m) for p, m in found if snapshot_kind(m) != "verbatim"), key=lambda pm: _age(*pm))
    if not candidates:
        raise DataError("no snapshot found", file=rel(folder),
                        valid=f"a file with its .meta.json sidecar: {decl.valid_kinds()}")
    path, meta = candidates[-1]
    kind = snapshot_kind(meta)
    if kind not in decl.readers:
        raise DataError(f"newest snapshot is {kind!r}, which {decl.name} cannot be built from", file=rel(path),
                        valid=f"{decl.valid_kinds()}; move the file out of data/raw or save a new snapshot")
    return path, kind


def decode(path: Path) -> str:
    """The file's text; latin-1, HTML and empty files are refused with a message saying what is valid."""
    content = path.read_bytes()
    if not content.strip():
        raise DataError("empty file", file=rel(path), valid="a CSV file with a header line and data rows")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise DataError(f"not UTF-8 (byte 0x{content[exc.start]:02x}; a Latin-1 or Windows-1252 file?)",
                        file=rel(path), row=line, valid="UTF-8 text; re-save the file as UTF-8") from None
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")) or "<html" in head:
        raise DataError("HTML page instead of data (an error or login page saved as a file?)", file=rel(path),
                        valid="the CSV file itself")
    return text


def read_csv(path: Path, required: list[str]) -> pd.DataFrame:
    """Read a comma-separated file as strings; check header, delimiter, field counts and required columns."""
    text = decode(path)
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise DataError(f"malformed CSV ({exc})", file=rel(path), row=reader.line_num,
                        valid="comma-separated fields; a field with a comma or quote is enclosed in '\"' and its "
                              "quotes doubled") from None
    records = [r for r in records if r]
    header = [h.strip() for h in records[0]]
    if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
        delim = next(d for d in (";", "\t", "|") if d in header[0])
        raise DataError(f"wrong delimiter: the header is one field separated by {delim!r}", file=rel(path), row=1,
                        valid="comma-separated columns " + ", ".join(required))
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", file=rel(path), row=1, column=missing[0],
                        valid="header with " + ", ".join(required))
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        raise DataError("duplicate column name", file=rel(path), row=1, column=dup, valid="unique column names")
    for i, rec in enumerate(records[1:], start=2):
        if len(rec) != len(header):
            what = "truncated line" if len(rec) < len(header) else "too many fields"
            raise DataError(f"{what}: {len(rec)} fields, header has {len(header)}", file=rel(path), row=i,
                            valid=f"{len(header)} comma-separated fields (quote values that contain commas)")
    if len(records) < 2:
        raise DataError("no data rows after the header", file=rel(path), valid="at least one data row")
    _check_row_count(path, len(records) - 1)
    df = pd.DataFrame(records[1:], columns=header, dtype="string")
    df.index = pd.RangeIndex(2, len(df) + 2)  # index = line number in the file
    return df.apply(lambda s: s.str.strip())


def _check_row_count(path: Path, rows: int) -> None:
    """A file cut short (or grown) since its sidecar was written does not match the sidecar's row count."""
    try:
        meta = read_meta(path)
    except DataError:
        return
    expected = meta.get("rows")
    if isinstance(expected, int) and expected != rows:
        raise DataError(f"{rows} data rows but the sidecar says {expected} (truncated or changed file?)",
                        file=rel(path), valid=f"{expected} rows, or save a new snapshot")


def parse_plain_number(text: str, *, where: str, row: int, column: str) -> float:
    """A normalised number ('1324328', '52.3', '-0.5'); NaN for ''. Decimal commas and separators are refused."""
    text = (text or "").strip()
    if text == "":
        return math.nan
    if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", text):
        return float(text)
    hint = "a number with a decimal point and no thousands separator, e.g. 52.3 (keep the printed form in " \
           "value_as_printed)"
    if re.fullmatch(r"[-+]?\d+,\d+", text):
        raise DataError(f"decimal comma in {text!r}", file=where, row=row, column=column, valid=hint)
    raise DataError(f"not a number: {text!r}", file=where, row=row, column=column, valid=hint)


# Number words as printed in Danish and Norwegian sources (a lexicon, not data): 'seks kommuner', 'Alle'.
NUMBER_WORDS = {"en": 1, "et": 1, "ett": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
                "sju": 7, "otte": 8, "åtte": 8, "ni": 9, "ti": 10, "atten": 18, "halvparten": 50,
                "halvdelen": 50, "alle": 100, "samtlige": 100, "trekvart": 0.75,
                "femmer": 5}


def printed_candidates(printed: str) -> list[float]:
    """Every reading of every number in a printed string: Nordic ('1.234,5', '1 324 328'), English, words."""
    out: list[float] = []
    for m in _NUMBER.finditer(printed or ""):
        out.extend(_readings(m.group(0)))
    for word in re.findall(r"[^\W\d_]+", (printed or "").lower()):
        if word in NUMBER_WORDS:
            out.append(float(NUMBER_WORDS[word]))
    return list(dict.fromkeys(out))


def _readings(raw: str) -> list[float]:
    token = re.sub(r"[\u00a0\u202f ]", "", raw.strip().rstrip(".,").replace("−", "-"))
    out = []
    for dec, thou in ((",", "."), (".", ",")):
        whole = token.split(dec)[0]
        if token.count(dec) > 1 or thou in token.partition(dec)[2] or any(len(g) != 3 for g in whole.split(thou)[1:]):
            continue
        try:
            out.append(float(token.replace(thou, "").replace(dec, ".")))
        except ValueError:
            continue
    return list(dict.fromkeys(out))


_SCALE_WORDS = {"mia": 1e9, "milliard": 1e9, "billion": 1e9, "mio": 1e6, "million": 1e6, "millioner": 1e6}


def value_matches_printed(value: float, printed: str) -> bool:
    """True when value is a reading of the printed number, allowing rounding to value's own decimals and a
    scale word in the printed text (mio., mia., milliarder) when the value is given in base units."""
    if math.isnan(value):
        return True
    cands = printed_candidates(printed)
    low = (printed or "").lower()
    scales = [1.0] + [f for w, f in _SCALE_WORDS.items() if w in low]
    if "%" in low or "per cent" in low or "prosent" in low:
        scales.append(1.0)
    decimals = _decimals(value)
    for c in cands:
        for s in scales:
            x = c * s
            if math.isclose(x, value, rel_tol=1e-12, abs_tol=1e-12) or round(x, decimals) == value:
                return True
    return False


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text:
        return 15
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def missing_flag(printed: str, value: float) -> str:
    """'' for a figure; the publisher's marker for a missing value; 'approximate' / 'text' for words."""
    p = (printed or "").strip()
    if not math.isnan(value):
        return ""
    if p in MISSING_MARKERS:
        return p
    if p == "":
        return "not printed"
    return "approximate" if re.search(r"\d", p) else "text"
