"""WCAG 2.1 AA: axe-core on every page of the built book, charts' accessible names,
keyboard access to every bound input, and the notebooks' structure."""

import functools
import http.server
import json
import re
import socketserver
import threading

import pytest
from book_site import render_every_cell

from conftest import chromium_path
from pfp_book.paths import NOTEBOOKS as NOTEBOOK_DIR
from pfp_book.paths import SITE, TOOLS

AXE = TOOLS / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update"]


def book_pages():
    if not SITE.is_dir():
        return []
    return sorted(
        p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
        if not {"_static", "_vendor", "_sources", "_images"} & set(p.parts)
        and not _is_redirect(p)
    )


def _is_redirect(path):
    """The root index.html is a one-line redirect to book/index.html, not a page; the
    browser leaves it at once, and the page it leads to is checked on its own."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return len(text) < 1000 and 'http-equiv="Refresh"' in text


@pytest.fixture(scope="module")
def site_url():
    assert SITE.is_dir(), "build the book first (make book)"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *args: None
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("LOUD SKIP: Debian's chromium is missing; accessibility not checked "
                    "(CI sets PFP_REQUIRE_BROWSER=1 to make this a failure)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(ctx, url):
    """A page as a reader first sees it: charts drawn at build time, nothing live yet."""
    page = ctx.new_page()
    page.goto(url, wait_until="load")
    render_every_cell(page)  # what a reader sees on reaching each cell
    return page


CHARTS_JS = """() => [...document.querySelectorAll('.pfp-chart')].map(fig => {
    const svg = [...fig.querySelectorAll('.pfp-chart-view svg')]
        .find(s => s.getBoundingClientRect().width > 0);
    const out = fig.closest('.cell_output') || fig.parentElement;
    const summary = out.querySelector('.pfp-chart-summary');
    const details = out.querySelector('details.pfp-chart-data');
    return {label: svg && svg.getAttribute('aria-label'),
            role: svg && svg.getAttribute('role'),
            summary: summary && summary.innerText,
            rows: details ? details.querySelectorAll('tbody tr').length : 0,
            headers: details ? details.querySelectorAll('th[scope=col]').length : 0};
})"""
BOUND = "'.vega-bindings input, .vega-bindings select'"
LABELS_JS = f"""() => [...document.querySelectorAll({BOUND})].map(el => {{
    const own = el.labels && el.labels.length ? [...el.labels].map(l => l.innerText).join(' ')
                                              : el.getAttribute('aria-label');
    const group = el.closest('fieldset');
    const legend = group && group.querySelector('legend');
    return ((legend ? legend.innerText + ': ' : '') + (own || '')).trim();
}})"""
GROUPS_JS = f"""() => [...document.querySelectorAll({BOUND})]
    .map((el, i) => el.type === 'radio' ? 'radio:' + el.name : el.tagName + ':' + i)"""
FOCUSED_JS = f"() => [...document.querySelectorAll({BOUND})].indexOf(document.activeElement)"
VALUE_JS = f"""group => {{
    const els = [...document.querySelectorAll({BOUND})];
    if (group.startsWith('radio:')) {{
        const on = els.find(e => e.type === 'radio' && 'radio:' + e.name === group
                                 && e.checked);
        return on ? on.value : null;
    }}
    return els[Number(group.split(':')[1])].value;
}}"""


def keyboard_walk(page):
    """Tab through the page until every control has had the focus once, and try the
    arrow keys on each. A radio group is one tab stop (arrows move inside it), so
    controls are counted by group. Returns (groups wanted, reached, operable)."""
    groups = page.evaluate(GROUPS_JS)
    wanted, reached, operable = set(groups), set(), set()
    for _ in range(400 if groups else 0):
        page.keyboard.press("Tab")
        idx = page.evaluate(FOCUSED_JS)
        if idx < 0 or groups[idx] in reached:
            continue
        group = groups[idx]
        reached.add(group)
        before = page.evaluate(VALUE_JS, group)
        for key in ("ArrowRight", "ArrowLeft", "ArrowDown"):
            page.keyboard.press(key)
            if page.evaluate(VALUE_JS, group) != before:
                operable.add(group)
                break
        if reached == wanted:
            break
    return wanted, reached, operable


# axe on every page as a desktop reader sees it in light mode and as a phone reader sees
# it in dark mode (380 px): both widths and both colour modes. The phone view repeats every
# page and doubles the audit (minutes on two cores), so it is in `make test-slow`.
VIEWS = [pytest.param((1280, "light"), id="1280-light"),
         pytest.param((380, "dark"), id="380-dark", marks=pytest.mark.slow)]


@pytest.fixture(scope="module", params=VIEWS)
def audit(request, browser, site_url):
    """Every page opened in one of VIEWS: axe's violations, what each chart carries, and
    what the keyboard can reach and change (last: it moves controls)."""
    assert AXE.exists(), "axe-core is missing: run `npm ci --prefix tools/axe`"
    width, scheme = request.param
    found = {}
    # one context for the view: pages share its cache of the theme's files, as a
    # reader's browser does (a context per page cost a third of a second each)
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    for rel in book_pages():
        page = open_page(ctx, site_url + rel)
        page.add_script_tag(path=str(AXE))
        # resultTypes: axe builds a selector for every node of every rule it reports;
        # asking only for violations skips that for the passes (the slowest part on a
        # page of chart SVG), and the test reads only violations
        axe = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})", AXE_TAGS)
        found[f"{rel} ({width} px, {scheme})"] = {
            "violations": axe["violations"], "charts": page.evaluate(CHARTS_JS),
            "labels": page.evaluate(LABELS_JS), "keyboard": keyboard_walk(page)}
        page.close()
    ctx.close()
    return found


@pytest.mark.browser
def test_axe_finds_no_wcag_violations(audit):
    assert audit, "the book has no pages"
    problems = []
    for rel, seen in audit.items():
        for violation in seen["violations"]:
            for node in violation["nodes"][:3]:
                problems.append(f"{rel}: {violation['id']} ({violation['impact']}): "
                                f"{' '.join(map(str, node['target']))}")
    assert not problems, f"{len(problems)} violations:\n" + "\n".join(problems[:60])


@pytest.mark.browser
def test_every_chart_has_an_accessible_name_a_text_summary_and_a_data_table(audit):
    missing, charts = [], 0
    for rel, seen in audit.items():
        for info in seen.get("charts", []):
            charts += 1
            if not info["label"] or len(info["label"]) < 20 or info["role"] is None:
                missing.append(f"{rel}: chart without an accessible name ({info})")
            # the accessible name is "title. description"; the visible summary under the
            # chart gives the same description, so sighted and screen-reader users agree
            elif not info["summary"] or not info["label"].endswith(
                    info["summary"].removeprefix("Chart description:").strip()):
                missing.append(f"{rel}: no visible text description next to chart "
                               f"{info['label'][:60]!r}")
            if info["rows"] < 1 or info["headers"] < 1:
                missing.append(f"{rel}: no data table under chart {str(info['label'])[:60]!r}")
    assert charts > 0, "no charts found in the book"
    assert not missing, "\n".join(missing)


@pytest.mark.browser
def test_bound_inputs_are_labelled_and_reachable_by_keyboard(audit):
    problems, inputs = [], 0
    for rel, seen in audit.items():
        for text in seen["labels"]:
            inputs += 1
            if not text.strip():
                problems.append(f"{rel}: a bound input has no visible label")
        wanted, reached, operable = seen["keyboard"]
        if reached != wanted:
            problems.append(f"{rel}: only {len(reached)} of {len(wanted)} controls "
                            "reachable by Tab")
        for group in sorted(reached - operable):
            problems.append(f"{rel}: control {group} does not change with the arrow keys")
    assert inputs > 0, "no bound inputs found in the book"
    assert not problems, "\n".join(problems)


# --- notebooks ---------------------------------------------------------------------------

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
HEADING = re.compile(r"^(#{1,6})\s+\S", re.M)
VAGUE_LINKS = {"here", "click here", "this", "link", "this link", "more", "read more"}


def markdown_cells(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            # headings inside fenced code are not headings
            yield re.sub(r"```.*?```", "", text, flags=re.S)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_headings_and_links(path):
    levels = [len(m.group(1)) for text in markdown_cells(path) for m in HEADING.finditer(text)]
    assert levels.count(1) == 1 and levels[0] == 1, f"{path.name}: needs exactly one H1, first"
    for prev, cur in zip(levels, levels[1:], strict=False):
        assert cur <= prev + 1, f"{path.name}: heading level jumps from {prev} to {cur}"
    for text in markdown_cells(path):
        for alt in re.findall(r"!\[([^\]]*)\]\(", text):
            assert alt.strip(), f"{path.name}: an image without alt text"
        for img in re.findall(r"<img\b[^>]*>", text):
            assert re.search(r'alt="[^"]+"', img), f"{path.name}: <img> without alt"
        for label in re.findall(r"(?<!!)\[([^\]]+)\]\([^)]+\)", text):
            assert label.strip().lower() not in VAGUE_LINKS, f"{path.name}: link text {label!r}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_palette_has_aa_contrast_on_both_page_colours(mode):
    """Marks 3:1 and text 4.5:1 against the book's light page and its dark one, with the
    colours dark mode uses (pfp_data.palette.on_dark, which the chart stylesheet applies)."""
    from pfp_data import palette

    page = "#FFFFFF" if mode == "light" else palette.DARK_BACKGROUND
    shown = (lambda c: c) if mode == "light" else palette.on_dark
    for colour in palette.CATEGORICAL:
        assert palette.contrast_ratio(shown(colour), page) >= 3.0, (mode, colour)
    for status, colour in palette.STATUS_COLORS.items():
        if status != "not_signed":  # background fill, labelled and outlined
            assert palette.contrast_ratio(shown(colour), page) >= 3.0, (mode, status)
    for text in (palette.INK, palette.BLACK):
        assert palette.contrast_ratio(shown(text), page) >= 4.5, (mode, text)
    assert len(set(palette.STATUS_SHAPES.values())) == len(palette.STATUS_SHAPES)


def test_chart_stylesheet_applies_the_dark_palette():
    from pfp_book import drawing
    from pfp_data import palette

    css = drawing.stylesheet()
    for old, new in palette.DARK_MODE.items():
        assert f'[fill="{old}"]' in css and f"fill: {new};" in css, old
    assert "@media (forced-colors: active)" in css and "@media print" in css
