"""Compile an Altair chart's HTML output to a chart drawn at build time.

Altair's HTML would fetch vega, vega-lite and vega-embed once the page has loaded and
draw each chart in the reader's browser: half a megabyte of script and a second or more
before the first picture, and nothing at all without scripts, on paper or in a PDF. The
book reads each chart's Vega-Lite spec from that output and draws it when the book is
built (:mod:`pfp_book.drawing`, with vl-convert, the compiler Altair itself uses): the
page carries the chart as SVG. Only a chart with controls or a selection keeps a Vega
spec, in a file of its own, for the loader (``static/pfp-charts.js``) to bring it to life
on the reader's first interaction.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

from pfp_book import chart_text, drawing
from pfp_book.paths import BUILD

CHART_SPEC_CLASS = "pfp-chart-spec"
CHART_LOADER = "pfp-charts.js"
CHART_CSS = "pfp-charts.css"
_ALTAIR_DIV = re.compile(r'<div id="(altair-viz-[0-9a-f]+)"></div>')
CACHE = BUILD / ".chart-cache"
# a drawing depends on this code too: a change to it draws every chart again
_CODE = hashlib.sha256(
    b"".join(open(m.__file__, "rb").read() for m in (drawing,))).hexdigest()[:12]


class ChartError(ValueError):
    """An Altair output that cannot be read or compiled (the build reports it)."""


def vegalite_version() -> str:
    """The Vega-Lite version (major.minor) the notebooks' Altair writes specs for.

    >>> vegalite_version().count(".")
    1
    """
    import altair as alt

    return ".".join(alt.VEGALITE_VERSION.split(".")[:2])


def _drawn(spec: dict, chart_id: str, version: str) -> tuple[str, dict | None]:
    """drawing.chart_html, kept on disk by spec: drawing every chart takes half a minute,
    and a page re-read with unchanged charts should not pay it again."""
    key = hashlib.sha256(json.dumps([spec, chart_id, version, _CODE], sort_keys=True,
                                    default=str).encode()).hexdigest()[:24]
    path = CACHE / f"{key}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        return cached["html"], cached["live"]
    except (OSError, ValueError, KeyError):
        pass
    try:
        out, live = drawing.chart_html(spec, chart_id, version)
    except ValueError as err:
        raise ChartError(f"Vega-Lite could not compile or draw the chart: {err}") from err
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{chart_id}.tmp")
    tmp.write_text(json.dumps({"html": out, "live": live}), encoding="utf-8")
    tmp.replace(path)
    return out, live


def compile_chart(raw_html: str) -> tuple[dict, str]:
    """(Vega-Lite spec, HTML of the chart drawn as SVG) for one of Altair's HTML outputs;
    a chart with controls or a selection also carries its live specs in a JSON script
    that the extension moves to a file of its own. Raises ChartError when the output
    cannot be read or compiled.

    >>> compile_chart("<p>no chart</p>")
    Traceback (most recent call last):
    ...
    pfp_book.compiler.ChartError: an Altair chart whose spec or container could not be read
    """
    import vl_convert

    spec = chart_text.spec_from_html(raw_html)
    div = _ALTAIR_DIV.search(raw_html)
    if spec is None or div is None:
        raise ChartError("an Altair chart whose spec or container could not be read")
    version = vegalite_version()
    if version not in vl_convert.get_vegalite_versions():
        raise ChartError(f"vl-convert {vl_convert.__version__} cannot compile Vega-Lite "
                         f"{version} (it has {vl_convert.get_vegalite_versions()}); "
                         "pin a vl-convert-python that does")
    out, live = _drawn(spec, div.group(1), version)
    if live is not None:
        payload = json.dumps(live, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        name = drawing.spec_file_name(json.dumps(live, sort_keys=True))
        # "</" inside a script element would end it; JSON reads "<\/" back as "</"
        payload = payload.replace("</", "<\\/")
        out += (f'<script type="application/json" class="{CHART_SPEC_CLASS}" '
                f'data-file="{html.escape(name)}">{payload}</script>')
    return spec, out
