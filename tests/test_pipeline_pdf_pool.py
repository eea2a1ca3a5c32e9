"""The runner's PDF workers (pipeline.pdf_pool): a page rendered in a worker is the PDF the runner's own process
would write, and a worker's failure reaches the caller as an error, not a hang or a half-written file."""
from __future__ import annotations

import pytest

from analysis.pipeline import pdf_pool, render

PAGE = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test page (made-up)</title></head>'
        '<body><h1>Test page</h1><p>Made-up text for a test, rendered twice.</p></body></html>')


def test_a_worker_writes_the_same_pdf_as_this_process(tmp_path):
    here = render.render_pdf(PAGE, tmp_path / "here.pdf").read_bytes()
    with pdf_pool.PdfPool(1) as pool:
        there = pool.render_pdf(PAGE, tmp_path / "there.pdf", base_url=tmp_path)
    assert there == tmp_path / "there.pdf"
    assert there.read_bytes() == here


def test_a_failure_in_a_worker_is_raised_in_the_caller_and_leaves_no_file(tmp_path):
    target = tmp_path / "x.pdf"
    target.mkdir()  # a folder where the PDF should go: the worker cannot put the file in place
    with pdf_pool.PdfPool(1) as pool:
        with pytest.raises(OSError):
            pool.render_pdf(PAGE, target)
    assert target.is_dir() and [p.name for p in tmp_path.iterdir()] == ["x.pdf"]  # no temporary file left
