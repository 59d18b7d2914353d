"""Static checks of the built book in _build/html.

The book is built first (tools/build_book.py) when _build/html is missing or older than any
of its sources; the lead's runner also builds it before pytest. Each check also runs on a
planted bad page, so a checker that silently finds nothing fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pfp_book import checks, compiler, icons, pages, vendor
from pfp_book.paths import ROOT, SITE, TOOLS

# "book" includes the book's own code, book/_ext/pfp_book
SOURCES = ["_config.yml", "_toc.yml", "book", "notebooks", "pfp_data/data", "exercises/student",
           "tools/build_book.py"]

pytestmark = pytest.mark.book


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*") if path.exists() else []
        for f in files:
            if f.is_file() and ".ipynb_checkpoints" not in f.parts:
                newest = max(newest, f.stat().st_mtime)
    return newest


def ensure_built() -> Path:
    """Build the book unless _build/html is newer than every source; fail if the build fails."""
    index = SITE / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest_source() or not (
        SITE / "_vendor" / "manifest.json"
    ).exists():
        result = subprocess.run([sys.executable, str(TOOLS / "build_book.py")],
                                cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail("tools/build_book.py failed:\n" + result.stdout[-4000:]
                        + result.stderr[-4000:])
        index.touch()
    return SITE


@pytest.fixture(scope="session")
def site() -> Path:
    return ensure_built()


# --- the built book -------------------------------------------------------------------------

def test_every_toc_page_is_built(site):
    assert checks.toc_pages_built(site) == []


def test_nothing_is_loaded_from_another_site(site):
    assert checks.offsite_loads(site) == []


def test_chart_pages_load_only_vendored_scripts(site):
    assert checks.chart_scripts_vendored(site) == []


def test_vendored_scripts_and_licences_present(site):
    assert checks.vendored_files(site) == []


def test_vendored_versions_are_what_altair_asks_for():
    asked = vendor.altair_requests()
    for pin in vendor.PINS:
        spec = asked[pin["name"]]
        assert pin["version"] == spec or pin["version"].startswith(spec + "."), (pin, spec)


def test_no_page_carries_widget_scripts(site):
    assert checks.widget_scripts(site) == []


def test_cells_tagged_widget_show_no_output(site):
    for page in checks.pages(site):
        doc = checks.soup(page)
        for cell in doc.select("div.cell.tag_widget"):
            assert not cell.select(".cell_output"), f"{page}: widget cell has an output"


def test_search_index_is_local(site):
    search = (site / "search.html").read_text(encoding="utf-8")
    assert (site / "searchindex.js").is_file()
    assert "searchindex.js" in search


def test_data_files_are_downloadable(site):
    downloads = {p.name for p in (site / "_downloads").rglob("*") if p.is_file()}
    wanted = {r["path"] for r in __import__("pfp_data").descriptor()["resources"]}
    assert wanted | {"datapackage.json"} <= downloads


def test_notebook_download_is_the_ipynb(site):
    for entry in checks.toc_files():
        if (ROOT / f"{entry}.ipynb").exists():
            assert (site / "_sources" / f"{entry}.ipynb").is_file(), entry


# --- generated pages ------------------------------------------------------------------------

def test_generated_pages_are_not_stale():
    stale = pages.stale()
    assert stale == [], f"regenerate with `make book` (pfp_book.pages): {stale}"


def test_chronology_lists_every_event():
    import pfp_data

    text = pages.chronology()
    assert text.count("\n| ") - text.count("\n| date |") - text.count("\n| --- |") == len(
        pfp_data.events()
    )


def test_data_dictionary_lists_every_field():
    import pfp_data

    text = pages.data_dictionary()
    for _, row in pfp_data.data_dictionary().iterrows():
        assert f"| `{row['field']}` |" in text


def test_repository_url_only_in_config():
    url = "pfp-course/partnership-for-peace-in-data"
    assert url in (ROOT / "_config.yml").read_text(encoding="utf-8")
    generated = {Path(rel).name for rel in pages.GENERATED}
    handwritten = [p for p in (ROOT / "book").rglob("*.md") if p.name not in generated
                   or p.parent.name == "page-templates"]
    assert any(p.parent.name == "page-templates" for p in handwritten)
    code = [*TOOLS.glob("*.py"), *(ROOT / "book" / "_ext").rglob("*.py")]
    for page in handwritten + code:
        assert url not in page.read_text(encoding="utf-8"), page


def test_a_fork_changes_every_link_by_editing_config(monkeypatch):
    fork = "https://github.com/some-university/pfp-fork"
    monkeypatch.setattr(pages.links, "repository", lambda: (fork, "term-2027"))
    for rel in ("book/classroom.md", "book/instructor-guide.md", "book/exercises.md"):
        text = pages.GENERATED[rel]()
        assert "pfp-course" not in text, rel
        assert "some-university" in text, rel
    guide = pages.GENERATED["book/instructor-guide.md"]()
    assert "/v2/gh/some-university/pfp-fork/term-2027?" in guide
    assert "git-pull?repo=https%3A%2F%2Fgithub.com%2Fsome-university%2Fpfp-fork" in guide


def test_template_with_a_missing_path_fails_clearly():
    with pytest.raises(ValueError, match="no such file"):
        pages.render_template("{{ binder notebooks/nope.ipynb }}")


# --- the checkers catch what they are for -------------------------------------------------

def _plant(tmp_path, html: str) -> Path:
    (tmp_path / "page.html").write_text(f"<html><head>{html}</head><body></body></html>")
    return tmp_path


@pytest.mark.parametrize("html", [
    '<script src="https://cdn.jsdelivr.net/npm/vega@6"></script>',
    '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">',
    '<img src="http://example.org/x.png">',
    "<script>const u = 'https://unpkg.com/thebe@0.8.2/lib/index.js'</script>",
    "<style>@import url(https://fonts.googleapis.com/css);</style>",
])
def test_offsite_check_catches_planted_load(tmp_path, html):
    assert checks.offsite_loads(_plant(tmp_path, html))


def test_offsite_check_allows_plain_links(tmp_path):
    site = _plant(tmp_path, '<link rel="canonical" href="https://example.org/"><a href="https://x.org">x</a>')
    assert checks.offsite_loads(site) == []


def test_widget_check_catches_require_js(tmp_path):
    site = _plant(tmp_path, '<script src="_static/require.min.js"></script>')
    assert checks.widget_scripts(site)


def test_chart_check_catches_cdn_path(tmp_path):
    site = _plant(tmp_path, '<div id="altair-viz-1"></div><script>const paths = {'
                  '"vega": "https://cdn.jsdelivr.net/npm/vega@6?noext"};</script>')
    assert checks.chart_scripts_vendored(site)


def test_rewrite_points_cdn_addresses_at_vendored_copies(tmp_path):
    import altair as alt

    page = tmp_path / "notebooks" / "ch.html"
    page.parent.mkdir()
    page.write_text(alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q").to_html())
    assert vendor.rewrite_html(tmp_path) == 1
    text = page.read_text()
    assert "cdn.jsdelivr.net" not in text
    for pin in vendor.PINS:
        assert f"../{vendor.vendored_path(pin)}" in text


def test_root_page_is_a_complete_redirect(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Refresh" content="0; url=book/index.html"' in text
    assert '<a href="book/index.html">' in text and "<title>" in text
    assert 'rel="icon" href="_static/favicon.svg"' in text
    assert (site / "_static" / "favicon.svg").exists()


def test_pages_do_not_load_the_font_awesome_script(site):
    # the theme's icons come from its web fonts; the 1.5 MB script would redraw them
    loading = [p.relative_to(site).as_posix() for p in checks.pages(site)
               if "fontawesome.js" in p.read_text(encoding="utf-8")]
    assert loading == []
    css = (site / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert "fa-solid-900.woff2" in css  # what draws the icons instead


def test_tree_fingerprint_sees_source_changes_and_ignores_build_output(tmp_path, monkeypatch):
    import os

    import build_book

    monkeypatch.setattr(build_book, "ROOT", tmp_path)
    (tmp_path / "book").mkdir()
    page = tmp_path / "book" / "page.md"
    page.write_text("# One\n")
    first = build_book.tree_fingerprint()
    for ignored in ("_build/html/index.html", ".venv/bin/python", "tools/axe/node_modules/x.js"):
        (tmp_path / ignored).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / ignored).write_text("output")
    assert build_book.tree_fingerprint() == first
    page.write_text("# Two\n")
    os.utime(page, ns=(1, 1))
    assert build_book.tree_fingerprint() != first


# --- charts compiled at build time (pfp_book.compiler) ------------------------------------

def _altair_html(title="a </script> in a title", bound=False):
    import altair as alt

    from pfp_data import display

    display.configure()  # the embed options the notebooks use
    chart = alt.Chart(alt.Data(values=[{"a": 1, "b": 2}, {"a": 2, "b": 3}])).mark_point().encode(
        x=alt.X("a:Q", title="A (number)"), y=alt.Y("b:Q", title="B (number)")).properties(
        title=title, description="two points", width=640)
    if bound:
        cut = alt.param(name="cut", value=1, bind=alt.binding_range(min=0, max=3, step=1,
                                                                     name="Cut at"))
        chart = chart.add_params(cut).transform_filter("datum.a >= cut")
    bundle = chart._repr_mimebundle_()
    return (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]


def test_a_chart_is_drawn_as_svg_when_the_book_is_built():
    from bs4 import BeautifulSoup

    spec, html = compiler.compile_chart(_altair_html())
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    doc = BeautifulSoup(html, "html.parser")
    figure = doc.find("figure", class_="pfp-chart")
    assert figure["id"].startswith("altair-viz-")
    wide, narrow = figure.select("svg.pfp-chart-wide"), figure.select("svg.pfp-chart-narrow")
    assert len(wide) == 1 and len(narrow) == 1, "a wide and a phone layout"
    for svg in wide + narrow:
        assert svg["role"] == "img"
        assert svg["aria-label"] == "a </script> in a title. two points"
        assert svg.find("title").string == "a </script> in a title. two points"
        assert svg.find("desc").string == "two points"
        assert svg.find_all("path") or svg.find_all("circle")
    assert float(narrow[0]["data-width"]) <= 300 < float(wide[0]["data-width"])
    # a static chart needs no script and no spec in the page
    assert doc.find("script") is None and not figure.has_attr("data-spec")
    assert "vegaEmbed" not in html and "cdn.jsdelivr" not in html


def test_a_chart_with_controls_gets_labelled_controls_and_a_live_spec():
    import json

    from bs4 import BeautifulSoup

    _, html = compiler.compile_chart(_altair_html(bound=True))
    doc = BeautifulSoup(html, "html.parser")
    figure = doc.find("figure", class_="pfp-chart")
    control = figure.select_one("input[type=range][data-signal=cut]")
    assert control is not None and control["min"] == "0" and control["max"] == "3"
    assert doc.find("label", attrs={"for": control["id"]}).get_text(strip=True) == "Cut at"
    node = doc.find("script", class_="pfp-chart-spec")
    assert node["data-file"] == figure["data-spec"]
    # the title's "</script>" cannot end the script element early
    assert "</script>" not in node.string and "<\\/script>" in node.string
    live = json.loads(node.string)
    assert live["wide"]["$schema"].startswith("https://vega.github.io/schema/vega/")
    # the page's own controls drive the live chart: Vega draws none of its own
    assert '"bind"' not in json.dumps(live)


def test_an_unreadable_chart_raises_a_chart_error():
    with pytest.raises(compiler.ChartError, match="could not be read"):
        compiler.compile_chart("<div>vegaEmbed but no spec</div>")


def test_only_pages_with_live_charts_load_the_loader_deferred(site):
    with_charts = checks.chart_pages(site)
    assert len(with_charts) >= 6
    live = static = 0
    for page in with_charts:
        doc = checks.soup(page)
        srcs = [s for s in doc.find_all("script", src=True)
                if "vega" in s["src"] or "pfp-charts" in s["src"]]
        if doc.select(".pfp-chart[data-spec]"):
            live += 1
            assert [s.has_attr("defer") for s in srcs] == [True], page
            assert "vega" in srcs[0]["data-vega"], page
        else:
            static += 1
            assert srcs == [], f"{page}: only static charts, yet it loads {srcs}"
        assert "vega-lite" not in page.read_text(encoding="utf-8").split("<body")[0]
    assert live and static, (live, static)


def test_pages_without_charts_load_no_chart_script(site):
    with_charts = set(checks.chart_pages(site))
    for page in checks.pages(site):
        if page not in with_charts:
            assert "vega" not in "".join(
                s["src"] for s in checks.soup(page).find_all("script", src=True)), page


def test_only_the_search_page_loads_the_search_index(site):
    """The theme would load the 130 kB index and its scripts on every page for a
    search-as-you-type box this book does not switch on (book/_templates/layout.html)."""
    loaders = {}
    for page in checks.pages(site):
        srcs = [s["src"] for s in checks.soup(page).find_all("script", src=True)]
        loaders[page.relative_to(site).as_posix()] = [
            s for s in srcs if "searchindex" in s or "searchtools" in s]
    assert loaders.pop("search.html"), "search.html does not load the search index"
    assert not any(loaders.values()), {p: s for p, s in loaders.items() if s}


def test_chart_check_catches_an_uncompiled_altair_chart(tmp_path):
    site = _plant(tmp_path, _altair_html())
    problems = checks.chart_scripts_vendored(site)
    assert any("uncompiled Altair chart" in p for p in problems), problems


def test_chart_check_catches_missing_loader(tmp_path):
    page = ('<figure class="pfp-chart" id="altair-viz-1" data-spec="charts/x.json"><svg></svg>'
            '</figure><script defer src="_vendor/vega-6.4.0/vega.min.js"></script>')
    problems = checks.chart_scripts_vendored(_plant(tmp_path, page))
    assert any("does not exist" in p for p in problems)
    assert any("expected ['_static/pfp-charts.js']" in p for p in problems)
    assert any("missing spec" in p for p in problems)


# --- icons cut to those in use (pfp_book.icons) --------------------------------------------

def test_icon_fonts_and_css_are_slimmed(site):
    fonts = site / icons.FONT_DIR
    assert (fonts / "fa-solid-900.woff2").stat().st_size < 20_000
    assert (fonts / "fa-brands-400.woff2").stat().st_size < 20_000
    css = (site / icons.THEME_CSS).read_text(encoding="utf-8")
    assert ".fa-github:before" in css and ".fa-magnifying-glass:before" in css
    assert ".fa-dragon:before" not in css  # an icon no page uses
    assert "sourceMappingURL" not in css
    assert icons.missing_icons(site) == []


def test_slimming_again_when_sphinx_copied_nothing_gives_the_same_files(tmp_path, site):
    """A rebuild in which no page changed: Sphinx copies no static file, after the build
    took the slimmed and trimmed ones away. Stage 3 must still write the same fonts and
    sheets, with every icon in use (a build once lost the angle-down glyph this way)."""
    import io
    import shutil

    from fontTools.ttLib import TTFont

    from pfp_book import stylesheets

    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_sources", "*.pdf", "_images"))
    kept = {p.relative_to(copy): p.read_bytes() for p in (copy / "_static").rglob("*")
            if p.is_file() and p.suffix in (".css", ".woff2", ".ttf")}
    icons.remove_slimmed(copy)
    stylesheets.remove_trimmed(copy)
    stylesheets.put_originals(copy)
    icons.slim(copy)
    stylesheets.trim_site(copy)
    assert icons.missing_icons(copy) == []
    again = {p.relative_to(copy): p.read_bytes() for p in (copy / "_static").rglob("*")
             if p.is_file() and p.suffix in (".css", ".woff2", ".ttf")}

    def content(path, data):
        # a subset font carries its creation time: compare the glyphs it maps
        return sorted(TTFont(io.BytesIO(data)).getBestCmap()) if path.suffix != ".css" else data

    changed = sorted(str(p) for p in kept if p not in again
                     or content(p, again[p]) != content(p, kept[p]))
    assert changed == [], f"a second stage 3 wrote other files: {changed}"


def test_prune_css_keeps_used_rules_and_everything_else():
    css = ('.a{color:red}.fa-x:before,.fa-y:before{content:"\\f001"}.fa-z:before{content:"\\f002"}'
           '@media print{.fa-w:before{content:"\\f003"}.b{margin:0}}'
           "\n/*# sourceMappingURL=t.css.map*/")
    out = icons.prune_css(css, {"y"})
    assert out == ('.a{color:red}.fa-x:before,.fa-y:before{content:"\\f001"}'
                   "@media print{.b{margin:0}}\n")


def test_missing_icon_check_catches_a_lost_glyph(tmp_path, site):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site / "_static", copy / "_static")
    (copy / "page.html").write_text('<i class="fab fa-github"></i>')
    assert icons.missing_icons(copy) == []
    source = next(p for p in icons.theme_fonts() if p.name == "fa-brands-400.woff2")
    (copy / icons.FONT_DIR / source.name).write_bytes(
        icons.subset(source.read_bytes(), {0xF113}, "woff2"))  # github-alt, not github
    assert any("U+F09B" in p for p in icons.missing_icons(copy))


HEAD = """<html><head>
<script data-cfasync="false">document.documentElement.dataset.mode = "auto";</script>
<script src="../_static/documentation_options.js?v=1"></script>
<script src="../_static/doctools.js?v=2"></script>
<script data-sd-tabs-storage-prefix="x-" src="../_static/design-tabs.js?v=3"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'p';</script>
<script defer="defer" src="../_static/pfp-charts.js"></script>
<script async src="../_static/other.js"></script>
</head><body><script src="../_static/in-body.js"></script></body></html>"""


def test_head_scripts_are_deferred_and_the_options_written_in():
    from pfp_book import headscripts

    options = "const DOCUMENTATION_OPTIONS = {VERSION: ''};\n"
    assert headscripts.blocking(HEAD.partition("</head>")[0]) == [
        "../_static/documentation_options.js?v=1", "../_static/doctools.js?v=2",
        "../_static/design-tabs.js?v=3"]
    out = headscripts.rewrite(HEAD, options)
    head, _, body = out.partition("</head>")
    assert headscripts.blocking(head) == []
    assert "<script>const DOCUMENTATION_OPTIONS = {VERSION: ''};</script>" in head
    # the options come before the inline script that sets one of them
    assert head.index("const DOCUMENTATION_OPTIONS") < head.index(".pagename")
    assert '<script defer data-sd-tabs-storage-prefix="x-" src=' in head
    assert '<script defer="defer" src="../_static/pfp-charts.js">' in head  # untouched
    assert '<script data-cfasync="false">' in head  # the colour mode runs before paint
    assert body == HEAD.partition("</head>")[2]  # scripts in the body are left alone
    assert headscripts.rewrite(out, options) == out  # a second run changes nothing


def test_head_script_check_catches_a_blocking_script(tmp_path):
    from pfp_book import headscripts

    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "documentation_options.js").write_text("const X = 1;")
    (tmp_path / "page.html").write_text(HEAD)
    found = headscripts.problems(tmp_path)
    assert any("doctools.js" in p for p in found) and any("inlining" in p for p in found)
    assert headscripts.defer_site(tmp_path) == 1
    assert headscripts.problems(tmp_path) == []


def test_no_page_waits_for_a_script_before_it_paints(site):
    """The build's own check (stage 4), on the site the browser tests read."""
    from pfp_book import headscripts

    assert headscripts.problems(site) == []
    page = (site / "notebooks" / "00-working-with-data.html").read_text(encoding="utf-8")
    assert "const DOCUMENTATION_OPTIONS" in page, "the options are not in the page"


def test_the_site_has_the_current_static_files(site):
    """Sphinx copies static files only when it writes a page; the extension makes it
    write every page when one of the book's own static files changes."""
    assert checks.static_copies(site) == []
