"""Charts drawn when the book is built: inline SVG that a reader sees with no script.

Every chart of the book is drawn by vl-convert (Vega, the renderer the browser would run)
into SVG at build time, twice: as its author laid it out, and laid out again for a phone
(:func:`narrow_spec`: narrower plot, legends below, titles wrapped, fewer ticks, no text
under 10 px). The page carries both; CSS shows the one that fits the column (a container
query in ``static/pfp-charts.css``), so a phone gets a chart drawn for its width instead of
a wide one scaled down to unreadable text.

Each SVG is an image with a name (``role="img"``, ``aria-label``, ``<title>`` and
``<desc>``): the chart's title and one-sentence description. Colours stay as the author
chose them; dark mode re-maps the few that would vanish on a dark page in CSS, for the
static SVG and the live view alike (``static/pfp-charts.css``, from ``pfp_data.palette``).

Only a chart with bound inputs or a selection needs Vega in the browser. Its controls are
written into the page as ordinary, labelled form controls (:func:`controls_html`) next to
the static SVG; its Vega specs (wide and narrow) go into a JSON file of their own under
``_static/charts/``, which the small loader (``static/pfp-charts.js``) fetches together
with vega on the reader's first interaction with the chart, then swaps the live view in
at the same place and size. Charts without either load nothing.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
import textwrap

# The phone layout: the SVG is at most this wide, so it fits a 320 px screen's column
# (the theme's article has 1 rem of padding each side) without being scaled.
NARROW_WIDTH = 280
MIN_FONT = 10  # px: nothing smaller in a chart, wide or narrow
_NUMBER = re.compile(r"-?\d+\.\d+")
_FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")


def label(spec: dict) -> tuple[str, str]:
    """(title, description) of a Vega or Vega-Lite spec, as plain text."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title or "").strip(), str(spec.get("description") or "").strip()


def accessible_name(spec: dict) -> str:
    """'Title. Description' (the SVG's aria-label and a PDF figure's alternative text)."""
    title, description = label(spec)
    return ". ".join(p for p in (title.rstrip(". "), description) if p) or "Chart"


def _walk(node, fn):
    if isinstance(node, dict):
        fn(node)
        for value in node.values():
            _walk(value, fn)
    elif isinstance(node, list):
        for value in node:
            _walk(value, fn)


def _min_fonts(node: dict) -> None:
    for key in _FONT_KEYS:
        if isinstance(node.get(key), (int, float)) and node[key] < MIN_FONT:
            node[key] = MIN_FONT


def legible(spec: dict) -> dict:
    """A Vega-Lite spec with no text under :data:`MIN_FONT` px (a copy)."""
    spec = copy.deepcopy(spec)
    _walk(spec, _min_fonts)
    return spec


def _wrap(text, chars: int):
    """A title as lines of at most ``chars`` characters (a list of lines stays a list)."""
    if isinstance(text, list) and all(isinstance(line, str) for line in text):
        return [part for line in text for part in (textwrap.wrap(line, chars) or [""])]
    if isinstance(text, str) and len(text) > chars:
        return textwrap.wrap(text, chars)
    return text


def narrow_spec(spec: dict, width: int = NARROW_WIDTH, plot: int | None = None) -> dict:
    """The chart laid out for a phone: plot areas narrowed to fit ``width`` px with their
    axes, side-by-side panels stacked, legends below the plot in columns, long titles and
    axis titles wrapped, about four ticks on a continuous x axis, no text under 10 px."""
    spec = legible(spec)
    if plot is None:
        plot = max(width - 80, 120)  # room for a y axis's labels and title

    def fit(node: dict) -> None:
        if "hconcat" in node:
            node["vconcat"] = node.pop("hconcat")
        if "facet" in node or "repeat" in node:
            node["columns"] = 1
        w = node.get("width")
        if isinstance(w, (int, float)) and w > plot:
            h = node.get("height")
            if isinstance(h, (int, float)) and '"projection"' in json.dumps(node):
                node["height"] = round(h * plot / w)  # a map keeps its proportions
            node["width"] = plot
        title = node.get("title")
        if isinstance(title, dict):
            title["text"] = _wrap(title.get("text"), width // 8)
            if title.get("subtitle"):
                title["subtitle"] = _wrap(title["subtitle"], width // 6)
        elif isinstance(title, str):
            channel = "field" in node or "aggregate" in node
            node["title"] = _wrap(title, plot // 6 if channel else width // 8)
        for key in ("axis", "legend"):
            guide = node.get(key)
            if not isinstance(guide, dict):
                continue
            if isinstance(guide.get("title"), str):
                guide["title"] = _wrap(guide["title"], plot // 6)
            if isinstance(guide.get("labelLimit"), (int, float)):
                guide["labelLimit"] = min(guide["labelLimit"], plot // 2)
            if key == "legend" and guide.get("orient") in ("left", "right"):
                del guide["orient"]

    _walk(spec, fit)
    config = spec.setdefault("config", {})
    config.setdefault("legend", {}).update(
        {"orient": "bottom", "direction": "vertical", "columns": 2, "labelLimit": plot // 2,
         "titleLimit": width})
    config.setdefault("axisX", {}).setdefault("tickCount", 4)
    config.setdefault("axis", {}).setdefault("labelLimit", plot // 2)
    config.setdefault("title", {}).setdefault("limit", width)
    return spec


_PATH_CMD = re.compile(r"([MLZ])([^MLZ]*)")
_PATH_NUM = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


def _tenths(value: int) -> str:
    """A number of tenths as SVG path text: 12 -> '1.2', -6 -> '-.6', 30 -> '3'."""
    sign, value = ("-" if value < 0 else ""), abs(value)
    whole, tenth = divmod(value, 10)
    text = (str(whole) if whole else "") + (f".{tenth}" if tenth else "")
    return sign + (text or "0")


def compact_path(d: str) -> str:
    """A path of straight lines (M, L, Z: what Vega draws for map shapes and lines) in
    relative coordinates rounded to a tenth of a pixel, with repeated points dropped.
    A tenth of a pixel is below what a screen or printer shows; the map's SVG is less
    than half as large for it. Any other path is returned as it was.

    >>> compact_path("M10,20L10.04,20L11.5,19Z")
    'M10,20l1.5-1z'
    """
    if re.search(r"[^MLZ0-9.,\-e\s]", d):
        return d
    out, x, y, start, in_line = [], 0, 0, (0, 0), False
    for cmd, args in _PATH_CMD.findall(d):
        if cmd == "Z":
            out.append("z")
            x, y, in_line = start[0], start[1], False
            continue
        nums = [round(float(n) * 10) for n in _PATH_NUM.findall(args)]
        for j in range(0, len(nums) - 1, 2):
            nx, ny = nums[j], nums[j + 1]
            if cmd == "M" and j == 0:
                out.append(f"M{_tenths(nx)},{_tenths(ny)}")
                start, in_line = (nx, ny), False
            elif (nx, ny) != (x, y):
                dy = _tenths(ny - y)
                seg = _tenths(nx - x) + ("" if dy.startswith("-") else ",") + dy
                if in_line:
                    out.append(("" if seg.startswith("-") else " ") + seg)
                else:
                    out.append("l" + seg)
                    in_line = True
            x, y = nx, ny
    return "".join(out)


def _round_paths(svg: str) -> str:
    return re.sub(r'(\sd=")([^"]*)"', lambda m: m.group(1) + compact_path(m.group(2)) + '"',
                  svg)


_GEOMETRY = re.compile(
    r'(\s(?:transform|x|y|x1|x2|y1|y2|width|height|d|cx|cy|r)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"-?\d*\.\d{2,}")
# attributes Vega writes that change nothing in a picture: the defaults (opacity 1), the
# pointer (a static picture takes no events), an identity transform
_NO_OPS = re.compile(r'\s(?:opacity="1"|pointer-events="none"|transform="translate\(0,0\)")')
# the empty frames Vega writes around every axis and legend
_EMPTY = re.compile(r'<path class="(?:background|foreground)" d="(?:M0,0h0v0h0Z)?"'
                    r'(?: display="none")?/>')


def _tenth(match: re.Match) -> str:
    text = f"{round(float(match.group(0)), 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def compact_svg(drawn: str) -> str:
    """Vega's SVG written shorter, drawing the same: positions rounded to a tenth of a
    pixel, no-op attributes and empty frames dropped, the most used font family set once
    on the root (it is inherited). The primer's page: 474 kB -> 419 kB.

    >>> compact_svg('<svg x="1"><text transform="translate(27.327052,15)" opacity="1" '
    ...             'font-family="sans-serif">1996</text></svg>')
    '<svg font-family="sans-serif" x="1"><text transform="translate(27.3,15)">1996</text></svg>'
    """
    drawn = _GEOMETRY.sub(lambda m: m.group(1) + _LONG_DECIMAL.sub(_tenth, m.group(2)) + '"',
                          drawn)
    drawn = _EMPTY.sub("", _NO_OPS.sub("", drawn))
    families = re.findall(r' font-family="([^"]*)"', drawn)
    if families:
        common = max(sorted(set(families)), key=families.count)
        drawn = drawn.replace(f' font-family="{common}"', "")
        drawn = drawn.replace("<svg ", f'<svg font-family="{common}" ', 1)
    return drawn


def svg(vega: dict, name: str, description: str, variant: str) -> str:
    """One Vega spec drawn as an SVG image named for screen readers (role img, label,
    title and desc); its own marks are hidden from the accessibility tree."""
    import vl_convert

    drawn = vl_convert.vega_to_svg(vega, allowed_base_urls=[])
    drawn = compact_svg(_round_paths(drawn))
    # ids (Vega's clip paths: clip1, clip2, ...) are unique per page only with a prefix
    prefix = "c" + hashlib.sha256(drawn.encode()).hexdigest()[:8] + variant[0]
    drawn = re.sub(r'\sid="([^"]+)"', lambda m: f' id="{prefix}-{m.group(1)}"', drawn)
    drawn = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", drawn)
    drawn = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', drawn)
    # the marks' own ARIA roles and labels: an image's parts are not read out
    drawn = re.sub(r'\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"', "", drawn)
    match = re.match(r'<svg ([^>]*)>', drawn)
    if match is None:
        raise ValueError("vl-convert returned no <svg> element")
    attrs = match.group(1).replace('class="marks" ', "")
    size = re.search(r'width="([\d.]+)" height="([\d.]+)"', attrs)
    head = (f'<svg {attrs} role="img" aria-label="{html.escape(name)}" '
            f'class="pfp-chart-svg pfp-chart-{variant}" data-width="{size.group(1)}" '
            f'data-height="{size.group(2)}" focusable="false">'
            f"<title>{html.escape(name)}</title>"
            + (f"<desc>{html.escape(description)}</desc>" if description else ""))
    return head + drawn[match.end():]


def svg_width(drawn: str) -> float:
    return float(re.search(r'data-width="([\d.]+)"', drawn).group(1))


def _vega(spec: dict, version: str) -> dict:
    import vl_convert

    return vl_convert.vegalite_to_vega(spec, vl_version=version)


def _narrower(spec: dict, factor: float) -> dict:
    spec = copy.deepcopy(spec)

    def scale(node: dict) -> None:
        for key in ("width", "labelLimit"):
            if isinstance(node.get(key), (int, float)):
                node[key] = max(100, int(node[key] * factor))

    _walk(spec, scale)
    return spec


def variants(spec: dict, version: str) -> dict:
    """A Vega-Lite chart drawn for the book: ``{"wide": (vega, svg), "narrow": (vega,
    svg)}``. The narrow layout is drawn again with a narrower plot while its SVG is wider
    than :data:`NARROW_WIDTH` (labels beside bars and legends take room of their own)."""
    name, (_, description) = accessible_name(spec), label(spec)
    wide_spec = legible(spec)
    wide = _vega(wide_spec, version)
    wide_svg = svg(wide, name, description, "wide")
    for _ in range(5):  # no wider than a desktop column: a wide chart is not scaled down
        over = svg_width(wide_svg) / WIDE_WIDTH
        if over <= 1:
            break
        wide_spec = _narrower(wide_spec, 1 / over - 0.05)
        wide = _vega(wide_spec, version)
        wide_svg = svg(wide, name, description, "wide")
    if svg_width(wide_svg) <= NARROW_WIDTH:
        return {"wide": (wide, wide_svg), "narrow": None}
    plot = NARROW_WIDTH - 80
    for _ in range(4):
        narrow = _vega(narrow_spec(spec, plot=plot), version)
        narrow_svg = svg(narrow, name, description, "narrow")
        over = svg_width(narrow_svg) - NARROW_WIDTH
        if over <= 0 or plot <= 100:
            break
        plot = max(100, int(plot - over - 4))
    return {"wide": (wide, wide_svg), "narrow": (narrow, narrow_svg)}


# --- charts that need Vega in the browser ---------------------------------------------

def _signals(vega: dict) -> list[dict]:
    found = []
    _walk(vega, lambda node: found.extend(
        s for s in node.get("signals", []) if isinstance(s, dict)))
    return found


def bound_signals(vega: dict) -> list[dict]:
    """The signals a reader sets with a control (``bind``), in the spec's order."""
    return [s for s in _signals(vega) if isinstance(s.get("bind"), dict)
            and s["bind"].get("input") in ("select", "radio", "range", "checkbox")]


def has_selection(vega: dict) -> bool:
    """True if the chart reacts to the pointer (a Vega-Lite selection: signals with event
    handlers other than the view's own width and height)."""
    return any(s.get("on") for s in _signals(vega)
               if s.get("name") not in ("width", "height"))


def unbound(vega: dict) -> dict:
    """The spec with its ``bind`` entries removed: the page's own controls drive it."""
    vega = copy.deepcopy(vega)
    _walk(vega, lambda node: [s.pop("bind", None) for s in node.get("signals", [])
                              if isinstance(s, dict)])
    return vega


def _value(value) -> str:
    return html.escape(json.dumps(value), quote=True)


def controls_html(signals: list[dict], chart_id: str) -> str:
    """Labelled form controls for a chart's bound signals, written into the page so they
    are there before any script; the loader connects them to the live chart."""
    rows = []
    for k, signal in enumerate(signals):
        bind, name = signal["bind"], signal["name"]
        text = html.escape(str(bind.get("name") or name).strip().rstrip(":").strip())
        ident = f"{chart_id}-control-{k}"
        value = signal.get("value")
        data = f'data-signal="{html.escape(name)}"'
        kind = bind["input"]
        if kind == "select" or kind == "radio":
            options = bind.get("options") or []
            labels = bind.get("labels") or [str(o) for o in options]
            pairs = list(zip(options, labels, strict=False))
            if kind == "select":
                opts = "".join(
                    f'<option value="{_value(o)}"{" selected" if o == value else ""}>'
                    f"{html.escape(str(lab))}</option>" for o, lab in pairs)
                rows.append(f'<div class="vega-bind"><label for="{ident}">'
                            f'<span class="vega-bind-name">{text}</span></label> '
                            f'<select id="{ident}" {data}>{opts}</select></div>')
            else:
                radios = "".join(
                    f'<label class="pfp-radio"><input type="radio" name="{ident}" '
                    f'value="{_value(o)}"{" checked" if o == value else ""} {data}> '
                    f"{html.escape(str(lab))}</label>" for o, lab in pairs)
                rows.append(f'<fieldset class="vega-bind"><legend class="vega-bind-name">'
                            f"{text}</legend>{radios}</fieldset>")
        elif kind == "range":
            lo, hi, step = bind.get("min", 0), bind.get("max", 100), bind.get("step", 1)
            rows.append(
                f'<div class="vega-bind"><label for="{ident}"><span class="vega-bind-name">'
                f'{text}</span></label> <input type="range" id="{ident}" min="{lo}" '
                f'max="{hi}" step="{step}" value="{value}" {data}> '
                f'<output for="{ident}" class="pfp-range-value">{html.escape(str(value))}'
                "</output></div>")
        else:
            rows.append(f'<div class="vega-bind"><label><input type="checkbox" {data}'
                        f'{" checked" if value else ""}> <span class="vega-bind-name">'
                        f"{text}</span></label></div>")
    return f'<div class="vega-bindings pfp-controls">{"".join(rows)}</div>'


def chart_html(spec: dict, chart_id: str, version: str) -> tuple[str, dict | None]:
    """(HTML, live specs) for one chart: a figure with its SVG layouts, and for a chart with
    controls or a selection its controls and ``{"wide": vega, "narrow": vega}``, which the
    extension writes to :func:`spec_file_name` for the loader (None for a static chart)."""
    drawn = variants(spec, version)
    wide, wide_svg = drawn["wide"]
    narrow, narrow_svg = drawn["narrow"] or (None, "")
    signals = bound_signals(wide)
    live = bool(signals) or has_selection(wide)
    classes = ["pfp-chart"]
    if narrow is not None:
        classes.append(fit_class(svg_width(wide_svg)))
    payload = None
    attrs = ""
    if live:
        classes.append("pfp-chart-live-able")
        payload = {"wide": unbound(wide), "narrow": unbound(narrow) if narrow else None}
        name = spec_file_name(json.dumps(payload, sort_keys=True))
        attrs = f' data-spec="{name}"'
    # tabindex: a chart wider than a phone's column scrolls in its own box, and a box
    # that scrolls must take keyboard focus (axe: scrollable-region-focusable)
    out = (f'<figure id="{chart_id}" class="{" ".join(classes)}"{attrs} tabindex="0">'
           f'<div class="pfp-chart-view">{wide_svg}{narrow_svg}</div>'
           + (controls_html(signals, chart_id) if signals else "") + "</figure>")
    return out, payload


# --- the charts' stylesheet ---------------------------------------------------------------

# The wide layout shows while the column is at least as wide as it (charts are drawn no
# wider than a desktop column, WIDE_WIDTH); below that, the narrow one. A container query
# needs a number, not a per-chart value, so widths go in buckets of 20 px.
WIDE_WIDTH = 670  # the article is 688 px wide at 1280 px; room for rounding up to 10 px
_BUCKET = 10


def fit_class(width: float) -> str:
    """The class that switches a chart to its narrow layout below its wide width.

    >>> fit_class(651.5)
    'pfp-fit-660'
    >>> fit_class(660)
    'pfp-fit-660'
    """
    return f"pfp-fit-{int(-(-width // _BUCKET) * _BUCKET)}"


def _colour_rules(scope: str, mapping: dict[str, str]) -> list[str]:
    rules = []
    for old, new in mapping.items():
        spellings = {old, old.lower(), old.upper()}
        if len(old) == 7 and old[1:4].upper() == old[4:7].upper() or old.upper() in (
                "#000000", "#FFFFFF", "#888888", "#DDDDDD"):
            short = "#" + old[1] + old[3] + old[5]
            spellings |= {short, short.lower(), short.upper()}
        names = {"#000000": "black", "#FFFFFF": "white"}
        if old.upper() in names:
            spellings.add(names[old.upper()])
        for attr in ("fill", "stroke"):
            selectors = ", ".join(f'{scope} [{attr}="{s}"]' for s in sorted(spellings))
            rules.append(f"{selectors} {{ {attr}: {new}; }}")
    return rules


def stylesheet() -> str:
    """The book's chart CSS: layouts by column width, dark mode from pfp_data.palette,
    forced colours, the page's own controls and print."""
    from pfp_data import palette

    lines = [
        "/* Written by book/_ext/pfp_book/drawing.py (stylesheet()): do not edit. */",
        ".pfp-chart { container-type: inline-size; margin: 0 0 .5rem; max-width: 100%;"
        " overflow-x: auto; }",
        ".pfp-chart-view svg { display: block; max-width: none; height: auto; }",
        ".pfp-chart-narrow { display: none !important; }",
        ".pfp-chart-view { position: relative; }",
        # vega-embed draws into an inline block, which would add a line's descent below
        ".pfp-chart-live .vega-embed { display: block !important; padding: 0 !important; }",
        ".pfp-controls { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem;"
        " margin: .25rem 0 0; font-size: .9rem; }",
        ".pfp-controls .vega-bind { display: flex; flex-wrap: wrap; align-items: center;"
        " gap: .25rem .5rem; margin: 0; padding: 0; border: 0; min-width: 0; }",
        ".pfp-controls legend { float: left; margin: 0 .5rem 0 0; font-size: inherit;"
        " padding: 0; width: auto; }",
        ".pfp-controls .pfp-radio { margin-right: .5rem; }",
        ".pfp-controls input[type=range] { max-width: 100%; }",
        ".pfp-controls output { min-width: 3ch; font-variant-numeric: tabular-nums; }",
        ".pfp-chart .error { color: #b00020; }",
    ]
    for width in range(200, 1200 + 1, _BUCKET):
        cls = f".pfp-fit-{width}"
        lines.append(f"@container (max-width: {width - 0.02}px) {{ {cls} .pfp-chart-wide"
                     f" {{ display: none !important; }} {cls} .pfp-chart-narrow"
                     " { display: block !important; } }")
    dark = "html[data-theme=dark] .pfp-chart"
    lines += [f"{dark} .pfp-chart-view svg > rect:first-child {{ fill: transparent; }}"]
    lines += _colour_rules(dark, {**palette.DARK_MODE})
    lines += [
        "@media (forced-colors: active) {",
        "  .pfp-chart svg { forced-color-adjust: none; background: Canvas; }",
        "  .pfp-chart svg > rect:first-child { fill: Canvas; }",
        "  .pfp-chart svg text { fill: CanvasText !important; }",
        "  .pfp-chart svg .role-axis-domain line, .pfp-chart svg .role-axis-tick line,"
        " .pfp-chart svg .role-axis-domain path { stroke: CanvasText !important; }",
        "}",
        "@media print {",
        "  .pfp-controls, .vega-bindings, .vega-actions { display: none !important; }",
        "  .pfp-chart { overflow: visible; break-inside: avoid; }",
        "  .pfp-chart-view svg { max-width: 100%; }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def spec_file_name(payload: str) -> str:
    return "charts/" + hashlib.sha256(payload.encode()).hexdigest()[:16] + ".json"


__all__ = ["NARROW_WIDTH", "accessible_name", "bound_signals", "controls_html",
           "has_selection", "label", "legible", "narrow_spec", "spec_file_name", "svg",
           "svg_width", "unbound"]
