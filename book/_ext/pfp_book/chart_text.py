"""The text behind a chart: its description and the data it draws, as plain HTML.

A chart is a picture; a reader who cannot see it, or who wants the numbers, needs the
same content as text. The book's Sphinx extension (:mod:`pfp_book.extension`) puts, under
every Altair chart, the chart's description as a visible paragraph and its data as a
table in a collapsed ``<details>`` element. The functions here read both from the
Vega-Lite spec that Altair writes into a notebook's HTML output.

>>> spec = {"title": "Partners", "data": {"values": [{"year": 1994, "n": 23.0}]}}
>>> tables(spec)
[(['year', 'n'], [{'year': 1994, 'n': 23.0}])]
>>> print(table_html(*tables(spec)[0], caption="Partners"))  # doctest: +NORMALIZE_WHITESPACE
<table class="pfp-chart-table"><caption>Partners</caption><thead><tr><th scope="col">year</th><th
scope="col">n</th></tr></thead><tbody><tr><td>1994</td><td>23</td></tr></tbody></table>
"""

import html
import json
import re

_ISO_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?$")
# Where Altair's two HTML templates put the spec: the notebook renderer ends with a call
# of its embedding function on it, ``...})({spec}, {options});``, and ``Chart.to_html``
# assigns it, ``var spec = {spec};``.
_MARKERS = ("var spec = ", "})(")


def spec_from_html(text):
    """The Vega-Lite spec inside Altair's HTML output, or None if there is none."""
    if "vegaEmbed" not in text:
        return None
    decoder = json.JSONDecoder()
    for marker in _MARKERS:
        at = text.rfind(marker)
        while at >= 0:
            try:
                spec, _ = decoder.raw_decode(text[at + len(marker):])
            except json.JSONDecodeError:
                spec = None
            if isinstance(spec, dict):
                return spec
            at = text.rfind(marker, 0, at)
    return None


def title(spec):
    """The chart's title as one string."""
    value = spec.get("title", "")
    if isinstance(value, dict):
        value = value.get("text", "")
    if isinstance(value, list):
        value = " ".join(value)
    return str(value)


def _rows_of(value):
    if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
        return value
    return None  # geographic shapes (TopoJSON) and empty data are not tables


def tables(spec):
    """The tabular datasets a spec draws: a list of ``(columns, rows)``.

    Named datasets come first, in the spec's order, then inline ``data.values``; map
    shapes are left out because they are geometry, not figures a reader can read.
    """
    found, seen = [], set()
    candidates = list((spec.get("datasets") or {}).values())

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "values" in data:
                candidates.append(data["values"])
            for key, child in node.items():
                if key not in ("datasets", "data"):
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    for value in candidates:
        rows = _rows_of(value)
        if rows is None:
            continue
        key = json.dumps(rows, sort_keys=True, default=str)
        if key in seen:
            continue
        seen.add(key)
        columns = []
        for row in rows:
            columns += [c for c in row if c not in columns]
        found.append((columns, rows))
    return found


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    match = _ISO_MIDNIGHT.match(text)
    return match.group(1) if match else text


def table_html(columns, rows, caption):
    """One HTML table with a caption and column headers (read out by screen readers)."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(row.get(c)))}</td>" for c in columns)
        + "</tr>"
        for row in rows
    )
    return (f'<table class="pfp-chart-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def data_details_html(spec):
    """A collapsed ``<details>`` with every table the chart draws; '' if it draws none."""
    found = tables(spec)
    if not found:
        return ""
    name = title(spec) or "this chart"
    parts = []
    for i, (columns, rows) in enumerate(found, 1):
        label = f"Data for “{name}”" + (f", table {i} of {len(found)}" if len(found) > 1 else "")
        # a wide table scrolls inside its own box; axe wants such a box focusable
        parts.append(f'<div class="pfp-chart-table-wrap" style="overflow-x:auto" tabindex="0" '
                     f'role="region" aria-label="{html.escape(label)}">'
                     + table_html(columns, rows, f"{label} ({len(rows)} rows)") + "</div>")
    rows_total = sum(len(rows) for _, rows in found)
    return (f'<details class="pfp-chart-data"><summary>Data behind the chart “{html.escape(name)}”'
            f" ({rows_total} rows)</summary>" + "".join(parts) + "</details>")


__all__ = ["data_details_html", "spec_from_html", "table_html", "tables", "title"]
