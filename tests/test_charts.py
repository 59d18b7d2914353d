"""What every chart builder of pfp_data.charts promises, whatever its subject.

Valid Vega-Lite, a title and a description computed from the data, titled axes,
palette colours only, status never told by hue alone. The subjects' own tests
(test_charts_<subject>.py) check what each chart says.
"""

import json
import os
import re
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest

import pfp_data
from pfp_data import charts, palette

BUILDERS = {
    # timelines
    "partner_count": charts.partner_count_chart,
    "timeline_one": lambda: charts.country_timeline_chart("Malta"),
    "timeline_many": lambda: charts.country_timeline_chart(["Sweden", "Russia", "Malta"]),
    "timeline_with_year": lambda: charts.timeline_with_year_chart(),
    # events
    "milestones": lambda: charts.milestones_chart(),
    "milestones_since_1999": lambda: charts.milestones_chart(
        "1999-01-01", event_types=("milestone", "suspension")),
    "signatures_1994": charts.signatures_1994_chart,
    # maps
    "status_map": charts.status_map,
    "status_map_on_a_day": lambda: charts.status_map("1997-01-01"),
    # funding
    "funding": charts.funding_chart,
    "funding_per_partner": charts.funding_per_partner_chart,
    # comparisons
    "years_as_partner": charts.years_as_partner_chart,
    "objectives": charts.objectives_chart,
    "activities": charts.activities_chart,
    "groupings": charts.groupings_chart,
    # claims
    "verdict": charts.verdict_chart,
    "both_ways": charts.both_ways_chart,
    "claim_table": charts.claim_table_chart,
}
# Charts a reader can operate in a static page, without a kernel (a few plain bar
# charts need no control).
PLAIN = {"objectives", "years_as_partner", "funding", "verdict", "both_ways",
         "timeline_one", "timeline_many", "status_map_on_a_day"}
HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")
COLOUR_KEYS = {"color", "fill", "stroke"}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def built(request):
    chart = BUILDERS[request.param]()
    return request.param, chart, chart.to_dict()  # to_dict validates against the schema


def walk(node, path=()):
    """Every (path, leaf) of a spec; list items keep their parent's path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, path)
    else:
        yield path, node


def encodings(spec):
    """Every encoding block, however deeply layered or concatenated."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "encoding" and isinstance(value, dict):
                yield spec.get("mark"), value
            else:
                yield from encodings(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from encodings(item)


def test_builders_return_charts_not_displays(built):
    name, chart, spec = built
    assert isinstance(chart, alt.TopLevelMixin), name
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert alt.Chart.from_dict(json.loads(chart.to_json())) is not None


def test_title_and_description(built):
    name, _, d = built
    title = d["title"]["text"] if isinstance(d["title"], dict) else d["title"]
    assert len(title.strip()) > 10, name
    assert len(d["description"]) > 40, name
    assert d["description"].endswith("."), name
    assert re.search(r"\d", d["description"]), f"{name}: no number from the data"
    assert d.get("width", 0) <= charts.PAGE_WIDTH


def test_only_palette_colours(built):
    name, _, d = built
    allowed = {c.upper() for c in palette.all_colours()}
    found = set()
    for path, value in walk({k: v for k, v in d.items() if k != "datasets"}):
        if isinstance(value, str) and HEX.match(value):
            found.add(value.upper())
        elif isinstance(value, str) and path and path[-1] in COLOUR_KEYS:
            found.add(value)  # a named colour such as 'red' would land here
    assert found, f"{name}: no colours set at all, so the default scheme would be used"
    assert found <= allowed, f"{name}: colours outside the palette: {found - allowed}"


def axis_groups(spec):
    """Lists of encodings that share their axes: one per single or layered view."""
    if "layer" in spec:
        yield [enc for _, enc in encodings(spec)]
    elif "encoding" in spec:
        yield [spec["encoding"]]
    for key in ("hconcat", "vconcat", "concat"):
        for panel in spec.get(key, []):
            yield from axis_groups(panel)


def test_every_axis_has_a_title_or_names_its_categories(built):
    """A layered view's axis takes its title from any layer, so each view is checked whole."""
    name, _, d = built
    titled = []
    for group in axis_groups(d):
        for channel in ("x", "y"):
            used = [e[channel] for e in group if isinstance(e.get(channel), dict)
                    and "field" in e[channel] and e[channel].get("axis", {}) is not None]
            titles = [e.get("title") or (e.get("axis") or {}).get("title") for e in used]
            if used and not any(titles):
                # only a categorical axis may go untitled: its tick labels are the titles
                assert all(e.get("type") in ("nominal", "ordinal") for e in used), (
                    name, channel)
            titled += [t for t in titles if t]
    assert not titled or any("(" in t for t in titled), (
        f"{name}: at least one axis title should give its unit in brackets")


def test_status_has_a_second_cue(built):
    """Wherever status is coloured, a shape encodes it too (not hue alone)."""
    name, _, d = built
    encs = [enc for _, enc in encodings(d)]
    status = ("status_label", "span_label")
    coloured = [e for e in encs if e.get("color", {}).get("field") in status]
    if coloured:
        shaped = [e for e in encs if e.get("shape", {}).get("field") in status]
        assert shaped, f"{name}: status told by colour only"
        assert all("tooltip" in e for e in coloured)


@pytest.mark.parametrize("name", sorted(set(BUILDERS) - PLAIN))
def test_interactive_without_a_kernel(name):
    spec = BUILDERS[name]().to_dict()
    params = [v for path, v in walk(spec) if path and path[-1] == "name"
              and "params" in path]
    assert params, f"{name}: needs a bound parameter or a selection"


def test_finish_refuses_a_chart_without_description():
    with pytest.raises(pfp_data.PfPDataError):
        charts.finish(alt.Chart(pd.DataFrame({"a": [1]})).mark_point(), title="t",
                      description="")


def test_finish_gives_a_concatenation_title_and_description_but_no_size():
    one = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")
    d = charts.finish(alt.hconcat(one, one), title="Two", description="Two points.",
                      width=300, height=100).to_dict()
    assert d["title"]["text"] == "Two" and d["description"] == "Two points."
    assert "width" not in d and "height" not in d  # Vega-Lite refuses a size on a concat


def test_axis_refuses_an_untitled_axis():
    with pytest.raises(pfp_data.PfPDataError, match="unit"):
        charts.axis("")


def test_importing_charts_changes_no_global_state():
    """Only pfp_data.display.configure() chooses how charts are shown (issue 15)."""
    code = ("import altair as alt; before = (alt.renderers.active, dict(alt.renderers.options));"
            "import pfp_data.charts, pfp_data.widgets;"
            "print(before == (alt.renderers.active, dict(alt.renderers.options)))")
    env = {k: v for k, v in os.environ.items() if k != "PFP_CHARTS"}  # a student's default
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert out.stdout.strip() == "True"


def test_importing_charts_imports_neither_altair_nor_pandas():
    code = "import sys, pfp_data.charts; print('altair' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_charts_render_offline():
    """vl-convert runs Vega in-process: a spec that renders has no fetch and no JS error."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(charts.status_map().to_dict())
    assert "<path" in svg and "aria-label" in svg
