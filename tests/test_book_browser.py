"""The built book in a real browser: Debian's Chromium driven by Playwright.

A local HTTP server on 127.0.0.1 serves _build/html; every page is opened and must show
every chart (drawn when the book was built, also with scripts off), bring every live chart
to life in place on a first interaction, react to every chart control, make no request to
any other origin, log no console error and fetch nothing that 404s. At 320 and 380 px
(phones) and 640 px (a 1280 px window at 200 % zoom) no page scrolls sideways, no chart
text is under 10 px, no control is cut off and no chart text overlaps; in dark mode and
with forced colours chart text keeps 4.5:1. Internal links and anchors must resolve.

Without Chromium the tests skip with a loud reason, or fail when PFP_REQUIRE_BROWSER=1
(CI sets it).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from test_book import ensure_built

from pfp_book import checks
from pfp_book.paths import SITE, TOOLS

pytestmark = [pytest.mark.browser, pytest.mark.book]

CHROMIUM = os.environ.get("PFP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

def _chromium_or_skip():
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return CHROMIUM
    reason = (f"!!! Chromium not found at {CHROMIUM}: the browser tests of the book did NOT run "
              "(apt-get install chromium, or set PFP_CHROMIUM) !!!")
    if os.environ.get("PFP_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " and PFP_REQUIRE_BROWSER=1")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    site = ensure_built()
    handler = functools.partial(_QuietHandler, directory=str(site))
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
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _is_redirect(path):
    """The root index.html only sends the browser on to book/index.html; whatever it had
    started to fetch is cancelled by that navigation, so it is tested on its own."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return len(text) < 1000 and 'http-equiv="Refresh"' in text


def _page_urls(base):
    site = SITE
    return [f"{base}/{p.relative_to(site).as_posix()}" for p in checks.pages(site)
            if not _is_redirect(p)]


def test_root_address_lands_on_the_course(browser, server):
    page = browser.new_page()
    try:
        page.goto(f"{server}/", wait_until="load")
        page.wait_for_url("**/book/index.html", timeout=15_000)
        assert page.title().strip(), "the landing page has no title"
    finally:
        page.close()


class PageLog:
    def __init__(self, page, base):
        self.offsite, self.console, self.failed = [], [], []
        origin = urllib.parse.urlsplit(base)

        def on_request(req):
            url = urllib.parse.urlsplit(req.url)
            if url.scheme in ("data", "blob", "about"):
                return
            if (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
                self.offsite.append(req.url)

        page.on("request", on_request)
        page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        page.on("pageerror", lambda e: self.console.append(f"uncaught: {e}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: self.failed.append(f"failed {r.url} {r.failure}"))


def _open(browser, url, base):
    ctx = browser.new_context()
    page = ctx.new_page()
    log = PageLog(page, base)
    page.goto(url, wait_until="load")
    return ctx, page, log


# Every Font Awesome glyph the page shows: the computed ::before/::after content of each
# element drawn in an icon font, and icon elements (<i class="fa-...">) that got none.
ICONS = """
() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of ['::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      const content = cs.content;
      if (/Font Awesome/.test(cs.fontFamily) && content && content !== 'none'
          && content !== 'normal' && content.startsWith('"')) {
        out.push({family: cs.fontFamily, weight: cs.fontWeight, text: JSON.parse(content),
                  where: el.tagName + '.' + String(el.className.baseVal ?? el.className)});
      }
    }
    const cls = String(el.className.baseVal ?? el.className);
    if (el.tagName === 'I' && /(^|\\s)fa-[a-z]/.test(cls)) {
      const content = getComputedStyle(el, '::before').content;
      if (!content || content === 'none' || content === 'normal') {
        out.push({missing: true, where: 'I.' + cls});
      }
    }
  }
  return out;
}
"""


def _font_cmaps():
    from fontTools.ttLib import TTFont

    fonts = SITE / "_static" / "vendor" / "fontawesome" / "webfonts"
    return {key: set(TTFont(fonts / name).getBestCmap()) for key, name in {
        ("brands", "400"): "fa-brands-400.woff2", ("free", "900"): "fa-solid-900.woff2",
        ("free", "400"): "fa-regular-400.woff2"}.items()}


def _icon_problems(url, icons, cmaps):
    problems = []
    for icon in icons:
        if icon.get("missing"):
            problems.append(f"{url}: icon {icon['where']} has no glyph rule (CSS pruned?)")
            continue
        key = ("brands" if "Brands" in icon["family"] else "free", icon["weight"])
        for char in icon["text"]:
            if ord(char) not in cmaps.get(key, set()):
                problems.append(f"{url}: {icon['where']} shows U+{ord(char):04X}, which "
                                f"the {key} icon font lacks")
    return problems


# --- charts: drawn when the book is built, live on the reader's first interaction ---------

CHART_STATE = """
() => Array.from(document.querySelectorAll('.pfp-chart')).map(fig => {
  const svgs = Array.from(fig.querySelectorAll('.pfp-chart-view svg'));
  const shown = svgs.filter(s => s.getBoundingClientRect().width > 0);
  const svg = shown[0];
  const text = s => s ? s.textContent : null;
  return {id: fig.id, live: fig.dataset.live || null, spec: fig.dataset.spec || null,
          shown: shown.length, role: svg ? svg.getAttribute('role') : null,
          label: svg ? svg.getAttribute('aria-label') : null,
          title: svg ? text(svg.querySelector(':scope > title')) : null,
          desc: svg ? text(svg.querySelector(':scope > desc')) : null,
          marks: svg ? svg.querySelectorAll('path, rect, line, circle, text').length : 0,
          svg: svg ? svg.outerHTML : '',
          box: (() => { const r = fig.querySelector('.pfp-chart-view').getBoundingClientRect();
                        return [Math.round(r.x + scrollX), Math.round(r.y + scrollY),
                                Math.round(r.width), Math.round(r.height)]; })()};
})
"""
ALL_LIVE = ("() => [...document.querySelectorAll('.pfp-chart[data-spec]')]"
            ".every(f => f.dataset.live === 'done' || f.dataset.live === 'failed')")


def _go_live(page):
    """Point at every live chart, as a reader's first interaction does, and wait until
    each has swapped its live view in. Returns how many there are."""
    figures = page.locator(".pfp-chart[data-spec]")
    n = figures.count()
    for i in range(n):
        figures.nth(i).scroll_into_view_if_needed()
        figures.nth(i).hover()
    if n:
        page.wait_for_function(ALL_LIVE, timeout=30_000)
    return n


def _chart_problems(url, charts, *, live):
    problems = []
    for c in charts:
        where = f"{url}: chart {c['id']}"
        if c["shown"] != 1:
            problems.append(f"{where}: {c['shown']} pictures shown, expected 1")
        elif c["role"] != "img" or not c["label"] or len(c["label"]) < 20:
            problems.append(f"{where}: no accessible name (role {c['role']!r})")
        elif c["marks"] < 5:
            problems.append(f"{where}: nothing drawn ({c['marks']} marks)")
        if not live and (not c["title"] or not c["desc"]):
            problems.append(f"{where}: the static SVG lacks its <title> or <desc>")
        if live and c["spec"] and c["live"] != "done":
            problems.append(f"{where}: the live view did not start ({c['live']})")
    return problems


def test_every_page_loads_offline_and_draws_its_charts_and_icons(browser, server):
    problems = []
    charts = live_charts = icons = 0
    cmaps = _font_cmaps()
    for url in _page_urls(server):
        ctx, page, log = _open(browser, url, server)
        try:
            shown = page.evaluate(ICONS)
            icons += len(shown)
            problems += _icon_problems(url, shown, cmaps)
            before = page.evaluate(CHART_STATE)
            charts += len(before)
            problems += _chart_problems(url, before, live=False)
            scripts = page.evaluate(
                "performance.getEntriesByType('resource').map(e => e.name)"
                ".filter(n => /(vega[^/]*|pfp-charts)\\.js/.test(n))")
            if before and not any(c["spec"] for c in before) and scripts:
                problems.append(f"{url}: only static charts, yet it loads {scripts}")
            live_charts += _go_live(page)
            after = page.evaluate(CHART_STATE)
            problems += _chart_problems(url, after, live=True)
            for b, a in zip(before, after, strict=True):
                # the browser measures text a pixel differently from vl-convert: 2 px slack
                if a["spec"] and max(abs(x - y) for x, y in zip(a["box"], b["box"],
                                                               strict=True)) > 2:
                    problems.append(f"{url}: chart {a['id']} moved or changed size when it "
                                    f"went live: {b['box']} -> {a['box']}")
            page.wait_for_load_state("networkidle")
            problems += [f"{url}: request to another origin: {u}" for u in log.offsite]
            problems += [f"{url}: console error: {m}" for m in log.console]
            problems += [f"{url}: {f}" for f in log.failed]
        finally:
            ctx.close()
    assert problems == [], "\n".join(problems)
    assert icons > 0, "no icon found: the icon check saw nothing"
    assert charts >= 10 and live_charts >= 3, (charts, live_charts)
    print(f"{charts} charts drawn ({live_charts} went live), {icons} icons checked")


def test_charts_are_there_without_javascript(browser, server):
    """Every chart is an SVG image with its title and description before any script,
    and pages draw in under 0.3 s from a cold start of the page."""
    problems, charts = [], 0
    ctx = browser.new_context(java_script_enabled=False)
    try:
        for url in _page_urls(server):
            page = ctx.new_page()
            page.goto(url, wait_until="domcontentloaded")
            found = page.evaluate(CHART_STATE)
            charts += len(found)
            problems += _chart_problems(url, found, live=False)
            page.close()
    finally:
        ctx.close()
    assert charts >= 10, "no charts found"
    assert problems == [], "\n".join(problems)


CONTROLS = """
() => Array.from(document.querySelectorAll('.pfp-chart [data-signal]')).map((c, k) => ({
  k: k, tag: c.tagName, type: c.type, name: c.name, id: c.id,
  figure: c.closest('.pfp-chart').id,
  value: c.type === 'checkbox' ? String(c.checked) : c.value,
  options: c.tagName === 'SELECT' ? Array.from(c.options).map(o => o.value) : [],
  checked: c.checked}))
"""
LIVE_SVG = """
id => { const f = document.getElementById(id);
        return f.dataset.live === 'done' ? f.querySelector('.pfp-chart-live svg').outerHTML
                                         : null; }
"""


def test_every_chart_control_changes_its_chart(browser, server):
    """A reader picks an option that is not already selected (or moves a slider) on every
    control, before anything has loaded: the chart goes live and shows the choice."""
    problems, controls = [], 0
    for url in _page_urls(server):
        ctx, page, log = _open(browser, url, server)
        try:
            found = page.evaluate(CONTROLS)
            for control in found:
                if control["type"] == "radio" and control["checked"]:
                    continue  # the group's other buttons are clicked
                controls += 1
                fig = control["figure"]
                page.wait_for_function(f"() => document.getElementById('{fig}')"
                                       ".dataset.live !== 'loading'", timeout=30_000)
                before = page.evaluate(LIVE_SVG, fig) or page.evaluate(
                    "id => document.getElementById(id).querySelector('.pfp-chart-view')"
                    ".innerHTML", fig)
                target = page.locator(f"#{fig} [data-signal]").nth(
                    [c for c in found if c["figure"] == fig].index(control))
                target.scroll_into_view_if_needed()
                if control["tag"] == "SELECT":
                    other = next(v for v in control["options"] if v != control["value"])
                    target.select_option(other)
                elif control["type"] in ("radio", "checkbox"):
                    target.click()
                elif control["type"] == "range":
                    target.focus()
                    page.keyboard.press("End" if page.evaluate(
                        "el => el.value === el.min", target.element_handle()) else "Home")
                page.wait_for_function(f"() => document.getElementById('{fig}')"
                                       ".dataset.live === 'done'", timeout=30_000)
                page.wait_for_timeout(50)
                after = page.evaluate(LIVE_SVG, fig)
                if after == before:
                    problems.append(f"{url}: control {control} changes nothing")
            problems += [f"{url}: console error: {m}" for m in log.console]
        finally:
            ctx.close()
    assert problems == [], "\n".join(problems)
    assert controls >= 3, "no chart controls found"
    print(f"{controls} chart controls checked")


# --- phones, zoom, dark mode and forced colours -------------------------------------------

LAYOUT = """
() => {
  const out = {scroll: document.scrollingElement.scrollWidth, width: window.innerWidth,
               small: [], clipped: [], overlaps: []};
  for (const svg of document.querySelectorAll('.pfp-chart svg')) {
    const r = svg.getBoundingClientRect();
    if (r.width === 0) continue;
    const vb = svg.viewBox && svg.viewBox.baseVal;
    const scale = vb && vb.width ? r.width / vb.width : 1;
    const boxes = [];
    for (const t of svg.querySelectorAll('text')) {
      // Vega hides an axis label that would overlap its neighbour (labelOverlap) by
      // drawing it at opacity 0: it is in the SVG but nobody sees it
      const style = getComputedStyle(t);
      if (style.opacity === '0' || style.visibility === 'hidden') continue;
      const size = parseFloat(style.fontSize) * scale;
      if (t.textContent.trim() && size < 9.95) {
        out.small.push(t.textContent.trim().slice(0, 30) + ' ' + size.toFixed(1) + 'px');
      }
      const b = t.getBoundingClientRect();
      if (b.width > 0 && t.textContent.trim()) boxes.push([b, t.textContent.trim()]);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ta] = boxes[i], [b, tb] = boxes[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) out.overlaps.push(ta.slice(0, 20) + ' / ' + tb.slice(0, 20));
      }
    }
  }
  for (const c of document.querySelectorAll('.pfp-controls input, .pfp-controls select,'
                                            + ' .pfp-controls label, .pfp-controls legend')) {
    const r = c.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.left < -1 || r.right > window.innerWidth + 1 || c.scrollWidth > c.clientWidth + 1) {
      out.clipped.push(c.tagName + ' ' + (c.textContent || c.id).trim().slice(0, 30));
    }
  }
  return out;
}
"""


# Two phones (320 px is WCAG's reflow width, 400 % zoom) and a desktop at 200 % zoom
# (640 px); the zoom width repeats every page, so it runs in `make test-slow`.
WIDTHS = [320, 380, pytest.param(640, marks=pytest.mark.slow)]


@functools.cache
def _layouts(browser, server, width):
    """(url, what LAYOUT saw) for every page at ``width`` px, read once for both tests."""
    seen = []
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    try:
        for url in _page_urls(server):
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            seen.append((url, page.evaluate(LAYOUT)))
            page.close()
    finally:
        ctx.close()
    return seen


@pytest.mark.parametrize("width", WIDTHS)
def test_narrow_screens_and_zoom_do_not_scroll_sideways_or_shrink_chart_text(
        browser, server, width):
    """320 and 380 px are phones; 640 px is a 1280 px window at 200 % zoom. No page
    scrolls sideways, no chart text is drawn under 10 CSS px and no control is cut off
    (overlapping chart text is the test below)."""
    problems = []
    for url, seen in _layouts(browser, server, width):
        if seen["scroll"] > seen["width"]:
            problems.append(f"{url}: scrolls sideways ({seen['scroll']} > {width} px)")
        problems += [f"{url}: chart text under 10 px: {s}" for s in seen["small"][:3]]
        problems += [f"{url}: control cut off: {s}" for s in seen["clipped"][:3]]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_narrow_screens_and_zoom_do_not_overlap_chart_text(browser, server, width):
    problems = [f"{url}: overlapping chart text: {s}"
                for url, seen in _layouts(browser, server, width) for s in seen["overlaps"][:3]]
    assert problems == [], "\n".join(problems)


COLOURS = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  let bg = [255, 255, 255];
  for (let el = document.querySelector('.pfp-chart'); el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor;
    if (c && !/rgba\\(.*, 0\\)|transparent/.test(c)) { bg = rgb(c); break; }
  }
  const out = {theme: document.documentElement.dataset.theme, bg: bg, text: [], marks: []};
  for (const svg of document.querySelectorAll('.pfp-chart svg')) {
    if (svg.getBoundingClientRect().width === 0) continue;
    const back = svg.querySelector(':scope > rect');
    const fill = back ? getComputedStyle(back).fill : 'none';
    const chartBg = /none|rgba\\(.*, 0\\)|transparent/.test(fill) ? bg : rgb(fill);
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const r = ratio(rgb(getComputedStyle(t).fill), chartBg);
      if (r < 4.5) out.text.push(t.textContent.trim().slice(0, 25) + ' ' + r.toFixed(2));
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("mode", ["dark", "forced"])
def test_chart_text_keeps_its_contrast_in_dark_mode_and_forced_colours(browser, server, mode):
    problems, pages = [], 0
    ctx = browser.new_context(color_scheme="dark" if mode == "dark" else "light",
                              forced_colors="active" if mode == "forced" else "none")
    try:
        for url in _page_urls(server):
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            if not page.locator(".pfp-chart").count():
                page.close()
                continue
            pages += 1
            seen = page.evaluate(COLOURS)
            if mode == "dark" and seen["theme"] != "dark":
                problems.append(f"{url}: the page did not switch to dark mode")
            problems += [f"{url}: chart text below 4.5:1 ({mode}): {t}" for t in seen["text"][:3]]
            page.close()
    finally:
        ctx.close()
    assert pages > 0
    assert problems == [], "\n".join(problems)


def test_search_works_offline(browser, server):
    ctx, page, log = _open(browser, f"{server}/search.html?q=Partnership", server)
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        assert page.locator("#search-results ul.search li").count() > 0
        assert log.offsite == [] and log.console == []
    finally:
        ctx.close()


def test_internal_links_and_anchors_resolve(server):
    """Every relative link leads to a file the server has, and every #anchor exists there
    (the download menu's link to the book's PDF too: it is printed first if stale)."""
    site = ensure_built()
    # in its own process: Playwright's sync API refuses to run inside this test's event loop
    printed = subprocess.run([sys.executable, str(TOOLS / "build_pdf.py")],
                             capture_output=True, text=True)
    assert printed.returncode == 0, "tools/build_pdf.py failed:\n" + printed.stderr[-2000:]
    ids_cache: dict[str, set[str]] = {}
    problems = []

    def ids_of(path: str) -> set[str]:
        if path not in ids_cache:
            doc = checks.soup(site / path)
            ids_cache[path] = {el["id"] for el in doc.find_all(id=True)} | {
                el["name"] for el in doc.find_all("a", attrs={"name": True})}
        return ids_cache[path]

    checked = set()
    for page in checks.pages(site):
        rel = page.relative_to(site).as_posix()
        for a in checks.soup(page).find_all("a", href=True):
            href = a["href"]
            if urllib.parse.urlsplit(href).scheme or href.startswith("//"):
                continue
            target = urllib.parse.urljoin(f"{server}/{rel}", href)
            parts = urllib.parse.urlsplit(target)
            path = urllib.parse.unquote(parts.path).lstrip("/") or "index.html"
            if path.endswith("/"):
                path += "index.html"
            if path not in checked:
                checked.add(path)
                try:
                    with urllib.request.urlopen(f"{server}/{urllib.parse.quote(path)}") as r:
                        r.read(1)
                except urllib.error.HTTPError as err:
                    problems.append(f"{rel}: link {href} -> {err.code}")
                    continue
            if parts.fragment and path.endswith(".html") and (site / path).is_file():
                if urllib.parse.unquote(parts.fragment) not in ids_of(path):
                    problems.append(f"{rel}: anchor {href} not found in {path}")
    assert problems == [], "\n".join(problems)
