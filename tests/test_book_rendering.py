"""How a page of the book gets to the screen, in Debian's Chromium: the scripts in the
head wait for the parser (pfp_book.headscripts; tests/test_book.py reads the pages for
that), and a code cell is laid out only when it comes near the screen
(content-visibility in pfp-book.css). Both make the first screen
paint sooner (make bench measures by how much); these tests check that neither changes
what a reader sees or can do.
"""

from __future__ import annotations

import book_site
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.book]
server, browser = book_site.server, book_site.browser

# Where every block of the chapter is: its sections' children, the cells and what they
# hold down to the charts and tables. Containment can only move something by changing how
# a cell's margins meet its neighbours' or how its content is laid out, which moves one of
# these.
POSITIONS = """() => Array.from(document.querySelectorAll(
    '.bd-article section > *, .bd-article div.cell, .bd-article div.cell > *,'
    + ' .bd-article div.cell_output > *, .bd-article .pfp-chart, .bd-article table,'
    + ' .bd-article pre')).map(e => {
  const r = e.getBoundingClientRect();
  return [Math.round(r.top + scrollY), Math.round(r.left), Math.round(r.width),
          Math.round(r.height)].join(' ');
})"""
# the containment a rendered `content-visibility: auto` cell has (a skipped one also has
# size containment, with the placeholder height)
CONTAINED = ".bd-article div.cell { content-visibility: visible !important;" \
            " contain: layout paint style !important; }"
LAST_CELL = "() => document.querySelectorAll('.bd-article div.cell').length - 1"
# a skipped cell's box is there; what it holds is not rendered
SHOWN = """k => { const c = document.querySelectorAll('.bd-article div.cell')[k];
  return c.firstElementChild.checkVisibility({contentVisibilityAuto: true}); }"""
LAST_CHART = """() => { const figs = document.querySelectorAll('.bd-article div.cell .pfp-chart');
  const f = figs[figs.length - 1]; f.scrollIntoView();
  return f.closest('div.cell') ? Array.from(document.querySelectorAll('.bd-article div.cell'))
    .indexOf(f.closest('div.cell')) : -1; }"""
LAST_CHART_DRAWN = """() => { const figs = document.querySelectorAll('.bd-article .pfp-chart');
  return Array.from(figs[figs.length - 1].querySelectorAll('.pfp-chart-view svg'))
    .some(s => s.getBoundingClientRect().width > 0); }"""
# Every focusable thing in a cell, focused: does its focus ring (outline) reach past what
# the cell paints (its box plus overflow-clip-margin)? Read with every cell laid out and
# contained (CONTAINED), as each is once the reader is there.
RINGS = """async () => {
  const out = [];
  const sel = 'a[href], button, input, select, summary, [tabindex]:not([tabindex="-1"])';
  for (const cell of document.querySelectorAll('.bd-article div.cell')) {
    const margin = parseFloat(getComputedStyle(cell).overflowClipMargin) || 0;
    const box = cell.getBoundingClientRect();
    for (const el of cell.querySelectorAll(sel)) {
      if (el.getBoundingClientRect().width === 0) continue;
      el.focus({preventScroll: true});
      if (document.activeElement !== el) continue;
      const s = getComputedStyle(el);
      const reach = s.outlineStyle === 'none' ? 0
        : parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
      const r = el.getBoundingClientRect();
      const cut = box.left - margin - (r.left - reach) > 0.5
        || (r.right + reach) - (box.right + margin) > 0.5
        || box.top - margin - (r.top - reach) > 0.5
        || (r.bottom + reach) - (box.bottom + margin) > 0.5;
      out.push({name: el.tagName + ' ' + (el.textContent || '').trim().slice(0, 30),
                cut: cut, reach: reach});
      el.blur();
    }
  }
  return out;
}"""


def test_cells_wait_until_near_the_screen_and_then_look_as_before(browser, server):
    """On every chart page, as a reader with a keyboard: the last cell is not laid out
    when the page opens; scrolling to the last chart lays its cell out and shows the
    chart; laying the cells out contained moves no block of the chapter by a pixel;
    and no focus ring in a cell reaches past what the cell paints (its box plus its
    overflow-clip-margin)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems, checked, rings = [], 0, 0
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        for url in book_site.chart_page_urls(server):
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            last = page.evaluate(LAST_CELL)
            if last < 3:
                problems.append(f"{url}: only {last + 1} code cells")
                page.close()
                continue
            if page.evaluate(SHOWN, last):
                problems.append(f"{url}: the last cell is laid out on opening the page")
            cell = page.evaluate(LAST_CHART)
            try:  # the browser sees the cell come near in one of the next frames
                page.wait_for_function(SHOWN, arg=cell, timeout=5000)
            except PlaywrightTimeout:
                cell = -1
            if cell < 0:
                problems.append(f"{url}: scrolled to the last chart, its cell is not shown")
            elif not page.evaluate(LAST_CHART_DRAWN):
                problems.append(f"{url}: scrolled to the last chart, it is not drawn")
            book_site.render_every_cell(page)
            free = page.evaluate(POSITIONS)
            page.add_style_tag(content=CONTAINED)
            contained = page.evaluate(POSITIONS)
            moved = [i for i, (a, b) in enumerate(zip(free, contained, strict=False))
                     if a != b]
            if len(free) != len(contained) or moved:
                problems.append(f"{url}: containment moves {len(moved)} of {len(free)} "
                                f"elements (first: {free[moved[0]] if moved else ''})")
            page.keyboard.press("Tab")  # focus rings as a keyboard user gets them
            seen = page.evaluate(RINGS)
            rings += sum(1 for s in seen if s["reach"] > 0)
            problems += [f"{url}: focus ring cut off: {s['name']} ({s['reach']:.0f} px)"
                         for s in seen if s["cut"]]
            checked += 1
            page.close()
    finally:
        ctx.close()
    assert checked >= 8, checked
    assert rings >= 8, f"only {rings} focus rings seen: the check looked at nothing"
    assert problems == [], "\n".join(problems)
