"""The built book on phones, at 200 % zoom, in dark mode and with forced colours, in
Debian's Chromium: at 320 and 380 px (phones) and 640 px (a 1280 px window at 200 % zoom)
no page scrolls sideways, no chart text is under 10 px, no control is cut off and no two
visible chart texts overlap; in dark mode and with forced colours chart text keeps 4.5:1.
Apart from tests/test_book_browser.py so that the two run side by side.
"""

from __future__ import annotations

import functools

import book_site
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.book]
# the shared fixtures, one instance per test module
server, browser = book_site.server, book_site.browser
page_urls, chart_page_urls = book_site.page_urls, book_site.chart_page_urls


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
# (640 px). Each width repeats every page: `make test` reads the common phone (380 px),
# `make test-slow` the narrowest phone and the zoom (CI runs both).
WIDTHS = [pytest.param(320, marks=pytest.mark.slow), 380,
          pytest.param(640, marks=pytest.mark.slow)]


@functools.cache
def _layouts(browser, server, width):
    """(url, what LAYOUT saw) for every page at ``width`` px, read once for both tests."""
    seen = []
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    try:
        for url in page_urls(server):
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            book_site.render_every_cell(page)
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


# dark mode on every make test; forced colours (a second pass over every page) in
# make test-slow
@pytest.mark.parametrize("mode", ["dark", pytest.param("forced", marks=pytest.mark.slow)])
def test_chart_text_keeps_its_contrast_in_dark_mode_and_forced_colours(browser, server, mode):
    problems, pages = [], 0
    ctx = browser.new_context(color_scheme="dark" if mode == "dark" else "light",
                              forced_colors="active" if mode == "forced" else "none")
    try:
        for url in chart_page_urls(server):
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            if not page.locator(".pfp-chart").count():
                problems.append(f"{url}: a chart page with no drawn chart")
                page.close()
                continue
            pages += 1
            book_site.render_every_cell(page)
            seen = page.evaluate(COLOURS)
            if mode == "dark" and seen["theme"] != "dark":
                problems.append(f"{url}: the page did not switch to dark mode")
            problems += [f"{url}: chart text below 4.5:1 ({mode}): {t}" for t in seen["text"][:3]]
            page.close()
    finally:
        ctx.close()
    assert pages > 0
    assert problems == [], "\n".join(problems)
