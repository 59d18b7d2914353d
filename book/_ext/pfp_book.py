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
- gives the bibliography list roles that screen readers accept: docutils writes
  ``role="list"`` around entries with the deprecated ``role="doc-biblioentry"`` and
  back-link anchors between them (axe: aria-required-children, aria-deprecated-role);
- drops sphinx-thebe's scripts, which Jupyter Book always adds and which name thebe's CDN
  address; the book has no live-code button (launch_buttons.thebe is false).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
WIDGET_TAG = "widget"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


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


def add_chart_text(app, doctree) -> None:
    from pfp_data import chart_text

    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "") or "vegaEmbed" not in raw.astext():
            continue
        spec = chart_text.spec_from_html(raw.astext())
        if spec is None:
            LOGGER.warning("an Altair chart whose spec could not be read; it gets no text "
                           "description or data table", location=raw, type="pfp_book",
                           subtype="chart")
            continue
        extra = []
        description = spec.get("description")
        if description:
            para = nodes.paragraph(classes=["pfp-chart-summary"])
            para += nodes.strong(text="Chart description: ")
            para += nodes.Text(description)
            extra.append(para)
        details = chart_text.data_details_html(spec)
        if details:
            extra.append(nodes.raw("", details, format="html"))
        parent = raw.parent
        at = parent.index(raw)
        for offset, node in enumerate(extra, 1):
            parent.insert(at + offset, node)


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
    app.connect("doctree-read", strip_widgets)
    app.connect("doctree-read", add_chart_text)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("env-before-read-docs", drop_thebe, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
