"""The built book in a real browser: Debian's Chromium driven by Playwright.

A local HTTP server on 127.0.0.1 serves _build/html (tests/book_site.py); every page is
opened and must show every chart (drawn when the book was built, also with scripts off),
bring every live chart to life in place on a first interaction, react to every chart
control, make no request to any other origin, log no console error and fetch nothing that
404s. Internal links and anchors must resolve. Phones, zoom, dark mode and forced colours
are in tests/test_book_layout.py.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import book_site
import pytest
from test_book import ensure_built

from pfp_book import checks
from pfp_book.paths import SITE

pytestmark = [pytest.mark.browser, pytest.mark.book]
# the shared fixtures, one instance per test module
server, browser = book_site.server, book_site.browser
page_urls, chart_page_urls = book_site.page_urls, book_site.chart_page_urls


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
          // where the chart is in its own cell: a cell far from the screen has a
          // placeholder height until it comes near (content-visibility), so page
          // coordinates shift as the reader scrolls; the swap must keep the chart's place
          box: (() => { const r = fig.querySelector('.pfp-chart-view').getBoundingClientRect();
                        const c = (fig.closest('div.cell') || document.documentElement)
                          .getBoundingClientRect();
                        return [Math.round(r.x - c.x), Math.round(r.y - c.y),
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
    for url in page_urls(server):
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
    """Every chart is an SVG image with its title and description before any script
    (how soon it is drawn is measured by make bench, not here)."""
    problems, charts = [], 0
    ctx = browser.new_context(java_script_enabled=False)
    # the other pages have nothing to show without scripts (the test above opens them all)
    urls = chart_page_urls(server)
    assert len(urls) >= 8, urls
    try:
        for url in urls:
            page = ctx.new_page()
            # "load", not "domcontentloaded": that fires before the style sheets apply,
            # when both layouts of a chart are still shown (a race seen under load)
            page.goto(url, wait_until="load")
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
    for url in chart_page_urls(server):
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

def test_search_works_offline(browser, server):
    ctx, page, log = _open(browser, f"{server}/search.html?q=Partnership", server)
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        assert page.locator("#search-results ul.search li").count() > 0
        assert log.offsite == [] and log.console == []
    finally:
        ctx.close()


def test_internal_links_and_anchors_resolve(server):
    """Every relative link leads to a file the server has, and every #anchor exists there.
    The download menu's link to the book's PDF is left to tests/test_book_pdf.py (make
    test-slow), which prints the PDF and checks that every page's link reaches it."""
    site = ensure_built()
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
            if (urllib.parse.urlsplit(href).scheme or href.startswith("//")
                    or urllib.parse.urlsplit(href).path.endswith(".pdf")):
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
