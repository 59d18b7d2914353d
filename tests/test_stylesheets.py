"""The trimmed style sheets (pfp_book.stylesheets) change nothing a reader sees.

Each page below is opened twice in Chromium: once as built, once with every trimmed
style sheet answered by its package's original. Every element must come out with the
same computed style (layout, colours, fonts, visibility) after the page's scripts ran,
at 1280 px in light mode (make test) and at 380 px in dark mode (make test-slow).
"""

from __future__ import annotations

import pytest
from book_site import browser, server  # noqa: F401  (pytest fixtures)

from pfp_book import stylesheets
from pfp_book.paths import SITE

pytestmark = pytest.mark.browser

# a page of each kind: text with admonitions, tables and code (the theme's navigation and
# header are on every page), the primer (the most code cells and charts), the chapter with
# controls and a map, the search page (its own scripts)
PAGES = ["book/classroom.html", "notebooks/00-working-with-data.html",
         "notebooks/03-expansion.html", "search.html"]

PROPERTIES = ["display", "visibility", "position", "float", "color", "background-color",
              "font-family", "font-size", "font-weight", "font-style", "line-height",
              "text-align", "text-decoration-line", "white-space", "opacity", "z-index",
              "overflow-x", "overflow-y", "box-sizing", "width", "height",
              "margin-top", "margin-right", "margin-bottom", "margin-left",
              "padding-top", "padding-right", "padding-bottom", "padding-left",
              "border-top-width", "border-bottom-width", "border-left-width",
              "border-right-width", "border-top-color", "border-top-style",
              "border-radius", "list-style-type", "content", "fill", "stroke"]

STILL = "*, *::before, *::after {transition: none !important; animation: none !important}"
# every element outside the charts' pictures (no theme rule reaches inside an SVG), as
# one line of values each: thousands of elements come back from the page in one string
STYLES = """(props) => Array.from(document.querySelectorAll('body *'))
  .filter(el => !el.closest('svg') || el.tagName.toLowerCase() === 'svg')
  .map(el => {
    const cs = getComputedStyle(el);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\\s+/)
         .join('.') : '')
      + '\\t' + props.map(p => cs.getPropertyValue(p)).join('\\t');
  }).join('\\n')"""


def _styles(browser, url, width, scheme, originals):  # noqa: F811
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    if originals:
        def answer(route):
            path = route.request.url.split("?")[0]
            for relative, original in originals.items():
                if path.endswith("/" + relative.as_posix()):
                    return route.fulfill(body=original, content_type="text/css; charset=utf-8")
            return route.continue_()

        ctx.route("**/*.css*", answer)
    page = ctx.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        # the theme's transitions (colours fading in when a script sets the colour mode)
        # would make two loads of the same page differ: every style at its end value
        page.add_style_tag(content=STILL)
        # and laid out with its fonts: two frames after the last font arrived
        page.evaluate("document.fonts.ready.then(() => new Promise(r => "
                      "requestAnimationFrame(() => requestAnimationFrame(r))))")
        return [line.split("\t") for line in page.evaluate(STYLES, PROPERTIES).split("\n")]
    finally:
        ctx.close()


def test_the_trimmed_sheets_are_the_ones_in_the_site():
    for relative in stylesheets.originals():
        built = SITE / relative
        assert built.is_file(), f"{relative} is not in the built site"
        assert built.stat().st_size < stylesheets.originals()[relative].stat().st_size, (
            f"{relative} was not trimmed")


# the phone in dark mode doubles the test's time: with the other audits of that view,
# in make test-slow
@pytest.mark.parametrize(("width", "scheme"), [
    (1280, "light"), pytest.param(380, "dark", marks=pytest.mark.slow)])
def test_trimmed_sheets_style_every_element_as_the_originals(browser, server, width, scheme):  # noqa: F811
    originals = {relative: path.read_bytes() for relative, path in stylesheets.originals().items()}
    problems = []
    for page in PAGES:
        url = f"{server}/{page}"
        trimmed = _styles(browser, url, width, scheme, None)
        full = _styles(browser, url, width, scheme, originals)
        assert len(trimmed) == len(full), f"{page}: the page has a different number of elements"
        for (name, *got), (_, *want) in zip(trimmed, full, strict=True):
            for prop, a, b in zip(PROPERTIES, got, want, strict=True):
                if a != b:
                    problems.append(f"{page} {name}: {prop} is {a!r} with the trimmed sheets, "
                                    f"{b!r} with the originals")
    assert not problems, f"{len(problems)} differences, e.g.:\n" + "\n".join(problems[:15])
