"""Sphinx extension for the course book: no inert widgets, no widget scripts.

ipywidgets controls only work with a running kernel; in the static book they would be
controls that do nothing. Notebook authors tag such cells ``widget`` and put a static
Altair equivalent (a chart with bound inputs) next to them. This extension

- removes the outputs of cells tagged ``widget`` (their code stays visible, so readers
  see how to make the control in JupyterLab or on Binder);
- warns (an error under ``-W``) about any widget output in a cell without that tag, so
  an untagged control cannot slip into the book;
- drops myst-nb's embedded widget state from pages, so no page carries widget data or
  scripts (``nb_ipywidgets_js: {}`` in _config.yml stops the CDN scripts themselves);
- puts under every Altair chart its description as a visible paragraph and the data it
  draws as a table in a collapsed ``<details>`` (see :mod:`pfp_data.chart_text`), so the
  chart's content is there as text for screen readers, search and readers who want the
  numbers;
- compiles every chart's Vega-Lite spec to Vega at build time (vl-convert, the compiler
  Altair itself uses) and draws it with a small loader (``static/pfp-charts.js``) and two
  deferred scripts in the page head, vega and vega-embed. Altair's own HTML would fetch
  vega, then vega-lite, then vega-embed one after the other once the page has loaded,
  and compile each chart in the reader's browser: a quarter of a megabyte more per
  chapter and a slower first picture, for a result that is the same on every visit;
- gives the bibliography list roles that screen readers accept: docutils writes
  ``role="list"`` around entries with the deprecated ``role="doc-biblioentry"`` and
  back-link anchors between them (axe: aria-required-children, aria-deprecated-role);
- drops sphinx-thebe's scripts, which Jupyter Book always adds and which name thebe's CDN
  address; the book has no live-code button (launch_buttons.thebe is false).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

HERE = Path(__file__).resolve().parent
# the pinned chart scripts are listed once, in tools/vendor_js.py
sys.path.insert(0, str(HERE.parent.parent / "tools"))

import vendor_js  # noqa: E402

LOGGER = logging.getLogger(__name__)
WIDGET_TAG = "widget"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CHART_SPEC_CLASS = "pfp-chart-spec"
CHART_LOADER = "pfp-charts.js"
_ALTAIR_DIV = re.compile(r'<div id="(altair-viz-[0-9a-f]+)"></div>')
_ALTAIR_STYLE = re.compile(r"<style>.*?</style>", re.S)


def _is_cell(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"


def _cell_tags(node) -> list[str]:
    return list((node.get("cell_metadata") or {}).get("tags", []))


def _has_widget_view(node) -> bool:
    for child in node.findall(nodes.Element):
        if WIDGET_VIEW in (child.get("classes") or []) or child.get("mime_type") == WIDGET_VIEW:
            return True
        if isinstance(child, nodes.raw) and WIDGET_VIEW in child.astext():
            return True
    return False


def strip_widgets(app, doctree) -> None:
    docname = app.env.docname
    for cell in list(doctree.findall(_is_cell)):
        outputs = [c for c in cell.children if c.get("nb_element") == "cell_code_output"]
        if WIDGET_TAG in _cell_tags(cell):
            for out in outputs:
                cell.remove(out)
        elif any(_has_widget_view(out) for out in outputs):
            LOGGER.warning(
                "cell %s shows an ipywidgets control, which does nothing without a kernel; "
                "tag the cell 'widget' and put a static chart next to it",
                cell.get("cell_index"),
                location=(docname, cell.line),
                type="pfp_book",
                subtype="widget",
            )
    # myst-nb stored this page's widget state (and, with a non-empty nb_ipywidgets_js, the
    # scripts to load) while parsing; no page keeps them.
    meta = getattr(app.env, "nb_metadata", None)
    if meta and docname in meta:
        js = meta[docname].get("js_files", {})
        for key in [k for k in js if k.startswith("ipywidgets")]:
            del js[key]


class ChartError(ValueError):
    pass


def _vegalite_version() -> str:
    """The Vega-Lite version (major.minor) the notebooks' Altair writes specs for."""
    import altair as alt

    return ".".join(alt.VEGALITE_VERSION.split(".")[:2])


def compile_chart(raw_html: str) -> tuple[dict, str]:
    """(Vega-Lite spec, HTML that draws it from a precompiled Vega spec) for one of
    Altair's HTML outputs. Raises ChartError when the output cannot be read or compiled."""
    import vl_convert

    from pfp_data import chart_text

    spec = chart_text.spec_from_html(raw_html)
    div = _ALTAIR_DIV.search(raw_html)
    if spec is None or div is None:
        raise ChartError("an Altair chart whose spec or container could not be read")
    # Altair writes ``})({spec}, {embed options});``: the options follow the spec. They
    # carry actions: false (no menu linking to a third-party editor), so they must be read.
    decoder = json.JSONDecoder()
    tail = raw_html[raw_html.rfind("})(") + 3:]
    try:
        _, end = decoder.raw_decode(tail)
        options, _ = decoder.raw_decode(tail[end:].lstrip(", "))
    except json.JSONDecodeError as err:
        raise ChartError(f"an Altair chart whose embed options could not be read ({err})") \
            from err
    version = _vegalite_version()
    if version not in vl_convert.get_vegalite_versions():
        raise ChartError(f"vl-convert {vl_convert.__version__} cannot compile Vega-Lite "
                         f"{version} (it has {vl_convert.get_vegalite_versions()}); "
                         "pin a vl-convert-python that does")
    try:
        vega = vl_convert.vegalite_to_vega(spec, vl_version=version)
    except ValueError as err:
        raise ChartError(f"Vega-Lite could not compile the chart: {err}") from err
    options = {k: v for k, v in options.items() if k != "mode"}
    # "</" inside a script element would end it; JSON reads "<\/" back as "</"
    payload = json.dumps(vega, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    style = _ALTAIR_STYLE.search(raw_html)
    out = (
        (style.group(0) + "\n" if style else "")
        + f'<div id="{div.group(1)}"></div>\n'
        + f'<script type="application/json" class="{CHART_SPEC_CLASS}" '
        + f'data-target="{div.group(1)}" '
        + f'data-embed="{html.escape(json.dumps(options, sort_keys=True))}">{payload}</script>'
    )
    return spec, out


def prepare_charts(app, doctree) -> None:
    from pfp_data import chart_text

    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "") or "vegaEmbed" not in raw.astext():
            continue
        try:
            spec, drawn = compile_chart(raw.astext())
        except ChartError as err:
            LOGGER.warning("%s; it is left out of the page", err, location=raw,
                           type="pfp_book", subtype="chart")
            raw.parent.remove(raw)
            continue
        extra = [nodes.raw("", drawn, format="html")]
        description = spec.get("description")
        if description:
            para = nodes.paragraph(classes=["pfp-chart-summary"])
            para += nodes.strong(text="Chart description: ")
            para += nodes.Text(description)
            extra.append(para)
        details = chart_text.data_details_html(spec)
        if details:
            extra.append(nodes.raw("", details, format="html"))
        raw.parent.replace(raw, extra)


def chart_scripts() -> list[str]:
    """The scripts a page with charts loads, in order, as paths under ``_static/`` (Sphinx
    puts script paths there; the vendored copies sit beside it in ``_vendor/``)."""
    return [f"../{vendor_js.vendored_path(pin)}" for pin in vendor_js.site_pins()] + [
        CHART_LOADER]


def add_chart_scripts(app, pagename, templatename, context, doctree) -> None:
    """Only pages with charts load the chart scripts; deferred, they download while the
    page is read and run, in order, as soon as it is parsed."""
    if f'class="{CHART_SPEC_CLASS}"' not in (context.get("body") or ""):
        return
    for i, path in enumerate(chart_scripts()):
        app.add_js_file(path, priority=900 + i, loading_method="defer")


def add_static_path(app) -> None:
    app.config.html_static_path.append(str(HERE / "static"))


def fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and "citation-list" in body:
        body = body.replace('<div role="list" class="citation-list">',
                            '<div class="citation-list">')
        context["body"] = body.replace(' role="doc-biblioentry"', "")


def _is_thebe(filename, attributes) -> bool:
    return "thebe" in str(filename or "") or "THEBE_JS_URL" in str(attributes.get("body", ""))


def drop_thebe(app, env, docnames) -> None:
    # sphinx-thebe registers its scripts in this same event (default priority 500)
    app.registry.js_files[:] = [
        (f, a) for f, a in app.registry.js_files if not _is_thebe(f, a)
    ]
    builder_files = getattr(app.builder, "_js_files", None)
    if builder_files is not None:
        builder_files[:] = [
            js for js in builder_files
            if not _is_thebe(getattr(js, "filename", js), getattr(js, "attributes", {}))
        ]


def setup(app):
    app.connect("builder-inited", add_static_path)
    app.connect("doctree-read", strip_widgets)
    app.connect("doctree-read", prepare_charts)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("html-page-context", add_chart_scripts)
    app.connect("env-before-read-docs", drop_thebe, priority=900)
    # Doctrees are cached between builds; a change to this file must re-read every page,
    # so the environment version follows the file's content.
    env_version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:7], 16)
    return {"version": "1.1", "env_version": env_version,
            "parallel_read_safe": True, "parallel_write_safe": True}
