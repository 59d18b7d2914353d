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
  draws as a table in a collapsed ``<details>`` (see :mod:`pfp_book.chart_text`), so the
  chart's content is there as text for screen readers, search and readers who want the
  numbers;
- draws every chart as SVG at build time (:mod:`pfp_book.compiler`, :mod:`pfp_book.drawing`):
  a wide and a phone layout, named for screen readers, visible with no script; only pages
  with a chart that has controls or a selection load the small loader
  (``static/pfp-charts.js``), which fetches vega from the site itself on the reader's first
  interaction with such a chart; the charts' stylesheet (layouts, dark mode, forced
  colours, print) is written from :mod:`pfp_data.palette`;
- replaces the theme's per-page "print to PDF" entry of the download menu with a link to
  the whole book as one tagged PDF (``tools/build_pdf.py``);
- gives the bibliography list roles that screen readers accept: docutils writes
  ``role="list"`` around entries with the deprecated ``role="doc-biblioentry"`` and
  back-link anchors between them (axe: aria-required-children, aria-deprecated-role);
- drops sphinx-thebe's scripts, which Jupyter Book always adds and which name thebe's CDN
  address; the book has no live-code button (launch_buttons.thebe is false).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from pfp_book import chart_text, compiler, drawing, vendor
from pfp_book.paths import BOOK_PDF, GENERATED_STATIC, PACKAGE, STATIC

LOGGER = logging.getLogger(__name__)
WIDGET_TAG = "widget"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# the modules whose code shapes the doctrees: a change to one must re-read every page
DOCTREE_CODE = ("extension.py", "compiler.py", "chart_text.py", "drawing.py")


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


def prepare_charts(app, doctree) -> None:
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "") or "vegaEmbed" not in raw.astext():
            continue
        try:
            spec, drawn = compiler.compile_chart(raw.astext())
        except compiler.ChartError as err:
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
    """The scripts the loader fetches for a live chart, in order, as addresses relative to
    the loader itself (``_static/``; the vendored copies sit beside it in ``_vendor/``)."""
    return [f"../{vendor.vendored_path(pin)}" for pin in vendor.site_pins()]


_SPEC_SCRIPT = re.compile(
    rf'<script type="application/json" class="{compiler.CHART_SPEC_CLASS}" '
    r'data-file="([^"]+)">(.*?)</script>', re.S)


def add_chart_scripts(app, pagename, templatename, context, doctree) -> None:
    """Pages with charts get the charts' stylesheet; only pages with a live chart load the
    loader (deferred), and their charts' Vega specs move from the page to files of their
    own under ``_static/charts/``, fetched on the reader's first interaction."""
    body = context.get("body") or ""
    if 'class="pfp-chart' not in body:
        return
    app.add_css_file(compiler.CHART_CSS, priority=900)
    found = _SPEC_SCRIPT.findall(body)
    if not found:
        return
    charts = Path(app.outdir) / "_static"
    for name, payload in found:
        target = charts / name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = payload.replace("<\\/", "</")
        json.loads(text)  # a broken spec stops here, not in a reader's browser
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    context["body"] = _SPEC_SCRIPT.sub("", body)
    app.add_js_file(compiler.CHART_LOADER, priority=900, loading_method="defer",
                    **{"data-vega": json.dumps(chart_scripts())})


def link_book_pdf(app, pagename, templatename, context, doctree) -> None:
    """The download menu offers the whole book as one PDF instead of printing the page."""
    pathto = context.get("pathto")
    for group in context.get("header_buttons") or []:
        for i, button in enumerate(group.get("buttons") or []):
            if button.get("label") == "download-pdf-button" and pathto:
                group["buttons"][i] = {
                    "type": "link", "url": pathto(BOOK_PDF.name, 1), "text": "Book .pdf",
                    "tooltip": "Download the whole book as one PDF",
                    "icon": "fas fa-file-pdf", "label": "download-book-pdf-button"}


def write_stylesheet(app) -> None:
    GENERATED_STATIC.mkdir(parents=True, exist_ok=True)
    css = GENERATED_STATIC / compiler.CHART_CSS
    text = drawing.stylesheet()
    if not css.exists() or css.read_text(encoding="utf-8") != text:
        css.write_text(text, encoding="utf-8")
    app.config.html_static_path.append(str(GENERATED_STATIC))


def add_static_path(app) -> None:
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("pfp-book.css", priority=900)


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


def env_version() -> int:
    """Doctrees are cached between builds; a change to the code that shapes them must
    re-read every page, so the environment version follows that code's content."""
    digest = hashlib.sha256()
    for name in DOCTREE_CODE:
        digest.update((PACKAGE / name).read_bytes())
    return int(digest.hexdigest()[:7], 16)


def static_digest() -> str:
    """What the book's own static files hold (its fixed ones and the charts' generated
    stylesheet)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in STATIC.rglob("*") if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(drawing.stylesheet().encode())
    return digest.hexdigest()[:16]


def note_static_files(app, config) -> None:
    # Sphinx copies static files and writes the pages' ?v= checksums only when it writes
    # a page, and writes none when no source changed: an edited pfp-book.css never reached
    # the site. An HTML-category setting that follows their content makes it rewrite
    # every page (from the cached doctrees: nothing is re-read) when one changes.
    config.pfp_static_digest = static_digest()


def setup(app):
    app.add_config_value("pfp_static_digest", "", "html")
    app.connect("config-inited", note_static_files)
    app.connect("builder-inited", add_static_path)
    app.connect("doctree-read", strip_widgets)
    app.connect("doctree-read", prepare_charts)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("html-page-context", add_chart_scripts)
    # after sphinx-book-theme fills the header's buttons (priority 501)
    app.connect("html-page-context", link_book_pdf, priority=600)
    app.connect("builder-inited", write_stylesheet)
    app.connect("env-before-read-docs", drop_thebe, priority=900)
    return {"version": "1.2", "env_version": env_version(),
            "parallel_read_safe": True, "parallel_write_safe": True}
