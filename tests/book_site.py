"""The built book served on 127.0.0.1 and a Chromium to read it: the fixtures and helpers
that the browser tests of the book share (tests/test_book_browser.py, tests/test_book_layout.py).

Without Chromium a test that asks for ``browser`` skips with a loud reason, or fails when
PFP_REQUIRE_BROWSER=1 (CI sets it).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from test_book import ensure_built

from pfp_book import checks
from pfp_book.paths import SITE

CHROMIUM = os.environ.get("PFP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def chromium_or_skip():
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return CHROMIUM
    reason = (f"!!! Chromium not found at {CHROMIUM}: the browser tests of the book did NOT run "
              "(apt-get install chromium, or set PFP_CHROMIUM) !!!")
    if os.environ.get("PFP_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " and PFP_REQUIRE_BROWSER=1")
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    site = ensure_built()
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield b
        finally:
            b.close()


# pfp-book.css lays out and paints a code cell only when it comes near the screen
# (content-visibility). A skipped cell's overflow cannot widen the page and axe cannot
# see its colours, so the tests that judge what a reader sees on reaching a cell (layout,
# contrast, axe) render every cell first. tests/test_book_rendering.py checks that the
# skipping itself changes nothing a reader can see.
RENDER_EVERY_CELL = ".bd-article div.cell { content-visibility: visible !important; }"


def render_every_cell(page):
    page.add_style_tag(content=RENDER_EVERY_CELL)


def is_redirect(path):
    """The root index.html only sends the browser on to book/index.html; whatever it had
    started to fetch is cancelled by that navigation, so it is tested on its own."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return len(text) < 1000 and 'http-equiv="Refresh"' in text


def chart_page_urls(base):
    """The pages with a chart (checks.chart_pages, the build's own list): the tests of
    charts read only these; the tests of pages read them all."""
    return [f"{base}/{p.relative_to(SITE).as_posix()}" for p in checks.chart_pages(SITE)
            if not is_redirect(p)]


def page_urls(base):
    site = SITE
    return [f"{base}/{p.relative_to(site).as_posix()}" for p in checks.pages(site)
            if not is_redirect(p)]
