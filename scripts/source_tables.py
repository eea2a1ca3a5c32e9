"""Rewrite the sources table in README.md and docs/data.md from src/analysis/data/datasets.yaml (one place).

Run after changing a declaration: python scripts/source_tables.py"""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.atomic import write_text
from analysis.data.catalogue import SOURCES_BEGIN, SOURCES_END, sources_table

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "README.md", ROOT / "docs" / "data.md")


def rewrite(path: Path) -> bool:
    """Replace the generated block in path; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(SOURCES_BEGIN), text.index(SOURCES_END) + len(SOURCES_END)
    new = text[:start] + sources_table() + text[end:]
    if new != text:
        write_text(path, new)
    return new != text


if __name__ == "__main__":
    for doc in DOCS:
        print(f"{doc.relative_to(ROOT)}: {'rewritten' if rewrite(doc) else 'in step'}")
    sys.exit(0)
