"""The built book in a real browser: Debian's Chromium driven by Playwright.

A local HTTP server on 127.0.0.1 serves _build/html; every page is opened and must draw
every chart, react to every chart control, make no request to any other origin, log no
console error and fetch nothing that 404s. Internal links and anchors must resolve.

Without Chromium the tests skip with a loud reason, or fail when PFP_REQUIRE_BROWSER=1
(CI sets it).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import book_checks  # noqa: E402
from test_book import ROOT, ensure_built  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.book]

CHROMIUM = os.environ.get("PFP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# Wraps vegaEmbed as soon as the vendored script defines it, to keep each chart's view:
# the test then reads what the chart drew (view.toSVG) whatever renderer the page uses.
CAPTURE_VIEWS = """
window.__pfpViews = [];
window.__pfpEmbedErrors = [];
(function () {
  let wrapped;
  Object.defineProperty(window, 'vegaEmbed', {
    configurable: true,
    get() { return wrapped; },
    set(fn) {
      const embed = function (el, spec, opt) {
        return fn(el, spec, opt).then(res => {
          window.__pfpViews.push({el: el, view: res.view});
          return res;
        }, err => { window.__pfpEmbedErrors.push(String(err)); throw err; });
      };
      Object.assign(embed, fn);
      wrapped = embed;
    },
  });
})();
"""


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
    site = ROOT / "_build" / "html"
    return [f"{base}/{p.relative_to(site).as_posix()}" for p in book_checks.pages(site)
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
    ctx.add_init_script(CAPTURE_VIEWS)
    page = ctx.new_page()
    log = PageLog(page, base)
    page.goto(url, wait_until="load")
    return ctx, page, log


def _wait_for_charts(page, n_containers):
    if n_containers:
        page.wait_for_function(
            "n => window.__pfpViews.length + window.__pfpEmbedErrors.length >= n "
            "|| document.querySelectorAll('[id^=altair-viz-] .error').length > 0",
            arg=n_containers, timeout=30_000)
    page.wait_for_load_state("networkidle")


DRAWN = """
async (i) => {
  const {el, view} = window.__pfpViews[i];
  await view.runAsync();
  const svg = await view.toSVG();
  const marks = (svg.match(/<(path|rect|circle|line|text|image)\\b/g) || []).length;
  const surface = el.querySelector('svg, canvas');
  return {id: el.id, svg: svg, marks: marks, surface: surface ? surface.tagName : null,
          error: el.querySelector('.error') ? el.querySelector('.error').textContent : null};
}
"""


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

    fonts = ROOT / "_build" / "html" / "_static" / "vendor" / "fontawesome" / "webfonts"
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


def test_every_page_loads_offline_and_draws_its_charts_and_icons(browser, server):
    problems = []
    charts = icons = 0
    cmaps = _font_cmaps()
    for url in _page_urls(server):
        ctx, page, log = _open(browser, url, server)
        try:
            shown = page.evaluate(ICONS)
            icons += len(shown)
            problems += _icon_problems(url, shown, cmaps)
            n = page.locator("[id^=altair-viz-]").count()
            _wait_for_charts(page, n)
            errors = page.evaluate("window.__pfpEmbedErrors")
            for i in range(page.evaluate("window.__pfpViews.length")):
                drawn = page.evaluate(DRAWN, i)
                charts += 1
                if drawn["error"] or not drawn["surface"] or drawn["marks"] == 0:
                    problems.append(f"{url}: chart {drawn['id']} not drawn: {drawn['error']}, "
                                    f"surface={drawn['surface']}, marks={drawn['marks']}")
            if errors or page.evaluate("window.__pfpViews.length") != n:
                drawn_n = page.evaluate("window.__pfpViews.length")
                problems.append(f"{url}: {n} chart containers, {drawn_n} drawn, errors {errors}")
            problems += [f"{url}: request to another origin: {u}" for u in log.offsite]
            problems += [f"{url}: console error: {m}" for m in log.console]
            problems += [f"{url}: {f}" for f in log.failed]
        finally:
            ctx.close()
    assert problems == [], "\n".join(problems)
    assert icons > 0, "no icon found: the icon check saw nothing"
    print(f"{charts} charts drawn, {icons} icons checked")


CONTROLS = """
async (i) => {
  const {el} = window.__pfpViews[i];
  return Array.from(el.querySelectorAll('.vega-bindings input, .vega-bindings select'))
    .map((c, k) => ({k: k, tag: c.tagName, type: c.type, name: c.name}));
}
"""

CHANGE = """
async ([i, k]) => {
  const {el, view} = window.__pfpViews[i];
  const c = el.querySelectorAll('.vega-bindings input, .vega-bindings select')[k];
  if (c.tagName === 'SELECT') {
    c.selectedIndex = (c.selectedIndex + 1) % c.options.length;
  } else if (c.type === 'checkbox') {
    c.checked = !c.checked;
  } else if (c.type === 'radio') {
    const group = el.querySelectorAll(`input[type=radio][name="${c.name}"]`);
    const other = Array.from(group).find(r => !r.checked) || c;
    other.checked = true; other.dispatchEvent(new Event('change', {bubbles: true}));
    other.dispatchEvent(new Event('input', {bubbles: true}));
    await view.runAsync();
    return await view.toSVG();
  } else if (c.type === 'range' || c.type === 'number') {
    const min = Number(c.min || 0), max = Number(c.max || 100), v = Number(c.value);
    c.value = String(v === min ? max : min);
  } else {
    c.value = c.value + 'x';
  }
  c.dispatchEvent(new Event('input', {bubbles: true}));
  c.dispatchEvent(new Event('change', {bubbles: true}));
  await view.runAsync();
  return await view.toSVG();
}
"""


def test_every_chart_control_changes_its_chart(browser, server):
    problems, controls = [], 0
    for url in _page_urls(server):
        ctx, page, log = _open(browser, url, server)
        try:
            n = page.locator("[id^=altair-viz-]").count()
            if not n:
                continue
            _wait_for_charts(page, n)
            for i in range(page.evaluate("window.__pfpViews.length")):
                for control in page.evaluate(CONTROLS, i):
                    controls += 1
                    before = page.evaluate(DRAWN, i)["svg"]
                    after = page.evaluate(CHANGE, [i, control["k"]])
                    if after == before:
                        problems.append(f"{url}: chart {i} control {control} changes nothing")
            problems += [f"{url}: console error: {m}" for m in log.console]
        finally:
            ctx.close()
    assert problems == [], "\n".join(problems)
    print(f"{controls} chart controls checked")


def test_search_works_offline(browser, server):
    ctx, page, log = _open(browser, f"{server}/search.html?q=Partnership", server)
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        assert page.locator("#search-results ul.search li").count() > 0
        assert log.offsite == [] and log.console == []
    finally:
        ctx.close()


def test_internal_links_and_anchors_resolve(server):
    """Every relative link leads to a file the server has, and every #anchor exists there."""
    site = ensure_built()
    ids_cache: dict[str, set[str]] = {}
    problems = []

    def ids_of(path: str) -> set[str]:
        if path not in ids_cache:
            doc = book_checks.soup(site / path)
            ids_cache[path] = {el["id"] for el in doc.find_all(id=True)} | {
                el["name"] for el in doc.find_all("a", attrs={"name": True})}
        return ids_cache[path]

    checked = set()
    for page in book_checks.pages(site):
        rel = page.relative_to(site).as_posix()
        for a in book_checks.soup(page).find_all("a", href=True):
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
