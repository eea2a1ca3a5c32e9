"""PDFs rendered in worker processes, so that WeasyPrint (pure Python, about a core-second a profile) runs beside
the runner's other work instead of queueing behind one interpreter lock: the runner's threads hand a page to a
worker and wait while a kernel executes the next notebook."""
from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _start_worker() -> None:
    """A worker ignores Ctrl-C (the runner stops it) and builds WeasyPrint's fonts and the house CSS once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from analysis.pipeline import render

    render.warm_pdf()


def _render(html: str, pdf_path: str, base_url: str | None) -> str:
    from analysis.pipeline import render

    return str(render.render_pdf(html, Path(pdf_path), base_url=base_url))


class PdfPool:
    """Up to `size` worker processes (spawned, so no thread or kernel connection of the runner is copied)."""

    def __init__(self, size: int):
        self._ex = ProcessPoolExecutor(max_workers=max(1, size), mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker)

    def render_pdf(self, html: str, pdf_path: Path, *, base_url: str | Path | None = None) -> Path:
        """render.render_pdf in a worker; the calling thread waits (an error in the worker is raised here)."""
        base = None if base_url is None else str(base_url)
        return Path(self._ex.submit(_render, html, str(pdf_path), base).result())

    def close(self, wait: bool = True) -> None:
        """Stop the workers; with wait=False the queued pages are dropped and running ones abandoned."""
        self._ex.shutdown(wait=wait, cancel_futures=not wait)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close(wait=exc[0] is None)
