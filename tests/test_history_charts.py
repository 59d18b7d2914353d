"""The history chapters' chart builders and data helpers (pfp_data.history_charts)."""

import json
import re

import altair as alt
import pytest

import pfp_data
from pfp_data import history_charts as hc
from pfp_data import palette

BUILDERS = {
    "milestones": lambda: hc.milestones_chart(),
    "milestones_since_1999": lambda: hc.milestones_chart(
        "1999-01-01", event_types=("milestone", "suspension")
    ),
    "signatures_1994": hc.signatures_1994_chart,
    "objectives": hc.objectives_chart,
    "activities": hc.activities_chart,
    "groupings": hc.groupings_chart,
    "timeline_with_year": lambda: hc.timeline_with_year_chart(),
}
# Charts a reader can operate in a static page, without a kernel (the objectives bar chart
# is deliberately plain: three bars need no control).
INTERACTIVE = sorted(set(BUILDERS) - {"objectives"})


def _walk(node):
    """Every (key, value) pair anywhere in a Vega-Lite spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield None, item  # list items, e.g. the colours of a scale's range
            yield from _walk(item)


def _axis_titles(spec):
    """(channel, title) for every x/y encoding that has an axis."""
    out = []
    for key, value in _walk(spec):
        if key == "encoding" and isinstance(value, dict):
            for channel in ("x", "y"):
                enc = value.get(channel)
                if isinstance(enc, dict) and "field" in enc and enc.get("axis", {}) is not None:
                    title = enc.get("title") or (enc.get("axis") or {}).get("title")
                    out.append((channel, title))
    return out


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def built(request):
    chart = BUILDERS[request.param]()
    return request.param, chart, chart.to_dict()


def test_builders_return_charts_not_displays(built):
    name, chart, _ = built
    assert isinstance(chart, alt.TopLevelMixin), name


def test_spec_is_valid_vega_lite(built):
    name, chart, spec = built
    # to_dict() validates against the Vega-Lite schema; a round trip through JSON must too.
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert alt.Chart.from_dict(json.loads(chart.to_json())) is not None


def test_title_and_description(built):
    name, _, spec = built
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert len(title) > 10, name
    description = spec["description"]
    assert description.endswith("."), name
    assert re.search(r"\d", description), f"{name}: description should carry data-derived numbers"


def test_every_axis_has_a_title_with_a_unit_or_is_a_category(built):
    name, _, spec = built
    titles = _axis_titles(spec)
    assert titles, name
    for channel, title in titles:
        if title is None:  # a categorical axis whose tick labels are the titles
            continue
        assert isinstance(title, str) and title, (name, channel)
    quantitative = [t for _, t in titles if t and ("(" in t)]
    assert quantitative, f"{name}: at least one axis title should give its unit in brackets"


def test_only_palette_colours(built):
    name, _, spec = built
    allowed = {c.upper() for c in palette.all_colours()}
    used = {v.upper() for _, v in _walk(spec) if isinstance(v, str) and re.fullmatch(
        r"#[0-9A-Fa-f]{6}", v)}
    assert used, name
    assert used <= allowed, f"{name}: colours outside the palette: {sorted(used - allowed)}"


@pytest.mark.parametrize("name", INTERACTIVE)
def test_interactive_without_a_kernel(name):
    spec = BUILDERS[name]().to_dict()
    params = [v for k, v in _walk(spec) if k == "params" and isinstance(v, list)]
    assert any(params), f"{name}: needs a bound parameter or a selection"


def test_categories_are_not_told_by_hue_alone():
    spec = hc.timeline_with_year_chart().to_dict()
    shapes = [v for k, v in _walk(spec) if k == "shape" and isinstance(v, dict)]
    assert shapes and set(shapes[0]["scale"]["range"]) >= {
        palette.STATUS_SHAPES["partner"], palette.STATUS_SHAPES["nato_member"]}
    spec = hc.milestones_chart("1999-01-01", event_types=("milestone", "suspension")).to_dict()
    shapes = [v for k, v in _walk(spec) if k == "shape" and isinstance(v, dict)]
    assert shapes and len(set(shapes[0]["scale"]["range"])) == 2


# --- data helpers ----------------------------------------------------------------------


def test_signatures_1994_agrees_with_partners_on():
    sig = hc.signatures_1994()
    assert sig["order"].tolist() == list(range(1, len(sig) + 1))
    assert sig["signed_so_far"].is_monotonic_increasing
    assert sig["signed_so_far"].iloc[-1] == len(pfp_data.partners_on("1994-12-31"))
    by_3_august = sig.loc[sig["date"] <= "1994-08-03", "signed_so_far"].max()
    assert by_3_august == len(pfp_data.partners_on("1994-08-03"))
    assert sig.iloc[0]["country"] == pfp_data.signatories().sort_values("pfp_signed").iloc[0][
        "country"
    ]


def test_signatures_chart_description_uses_the_counts():
    description = hc.signatures_1994_chart().to_dict()["description"]
    assert f"{len(pfp_data.partners_on('1994-08-03'))} had signed by 3 August" in description
    assert f"{len(pfp_data.partners_on('1994-10-15'))} by 15 October" in description


def test_objective_counts_come_from_the_data():
    counts = hc.objective_counts().set_index("count_of")["objectives"]
    assert counts["Framework Document, para. 3"] == len(pfp_data.objectives())
    assert counts["Article: items it lists"] == len(hc.ARTICLE_AREAS)
    assert counts["Article: number it states"] == int(pfp_data.check_claim("A10").stated)
    table = hc.objectives_comparison()
    assert table["framework_objective"].notna().sum() == len(pfp_data.objectives())
    assert table["article_item"].notna().sum() == len(hc.ARTICLE_AREAS)


def test_timeline_with_year_reuses_country_timeline_and_adds_a_slider():
    from pfp_data import charts

    base = charts.country_timeline_chart(list(hc.NEUTRAL_STATES)).to_dict()
    spec = hc.timeline_with_year_chart(year=2008).to_dict()
    assert spec["description"] == base["description"]
    assert "Malta" in spec["description"]
    sliders = [p for p in spec["params"] if p.get("name") == "timeline_year"]
    assert sliders and sliders[0]["value"] == 2008 and sliders[0]["bind"]["input"] == "range"
    assert sliders[0]["bind"]["max"] == pfp_data.as_of_date().year


def test_milestones_filters_by_date_and_type():
    ms = hc.milestones("1999-01-01", "2014-12-31", event_types=("milestone", "suspension"))
    ev = pfp_data.events()
    expected = ev[ev["event_type"].isin(["milestone", "suspension"])
                  & ev["date"].between("1999-01-01", "2014-12-31")]
    assert len(ms) == len(expected)
    assert ms["date"].is_monotonic_increasing
    assert ms["label"].str.len().max() <= 40


def test_activities_chart_marks_every_bar_single_source():
    spec = hc.activities_chart().to_dict()
    n = len(pfp_data.activities())
    assert str(n) in spec["description"]
    values = [v for k, v in _walk(spec) if k == "mark" and isinstance(v, str)]
    assert sum("single source" in v for v in values) == n


def test_groupings_chart_counts():
    spec = hc.groupings_chart().to_dict()
    g = pfp_data.groupings()
    assert f"{len(g)} memberships of {g['country'].nunique()} states" in spec["description"]


@pytest.mark.parametrize(
    "call",
    [
        lambda: hc.milestones("2000-01-01", "1999-01-01"),
        lambda: hc.milestones(event_types=("coup",)),
        lambda: hc.timeline_with_year_chart(["Atlantis"]),
        lambda: hc.timeline_with_year_chart(year=1800),
        lambda: hc.milestones_chart("1992-06-01", "1992-07-01"),
        lambda: hc.status_view(value=1800),
    ],
)
def test_bad_input_raises_a_clear_error(call):
    with pytest.raises(pfp_data.PfPDataError):
        call()


def test_status_view_updates_when_the_slider_moves():
    box = hc.status_view(countries=["Malta"], value=1995)
    slider, out = box.children
    assert "Malta: PfP partner" in out.value
    slider.value = 2000
    assert "Malta: Withdrawn" in out.value
    box = hc.status_view(value=2001)
    assert f"<b>{len(pfp_data.partners_on('2001-12-31'))} partners" in box.children[1].value
