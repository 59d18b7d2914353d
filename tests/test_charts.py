"""The chart builders: valid specs, accessible, palette-only, and honest about the data."""

import json
import re

import pandas as pd
import pytest

import pfp_data
from pfp_data import charts, palette

BUILDERS = {
    "partner_count": charts.partner_count_chart,
    "status_map": charts.status_map,
    "status_map_on_a_day": lambda: charts.status_map("1997-01-01"),
    "years_as_partner": charts.years_as_partner_chart,
    "funding": charts.funding_chart,
    "funding_per_partner": charts.funding_per_partner_chart,
    "timeline_one": lambda: charts.country_timeline_chart("Malta"),
    "timeline_many": lambda: charts.country_timeline_chart(["Sweden", "Russia", "Malta"]),
}
HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")
COLOUR_KEYS = {"color", "fill", "stroke", "range", "value"}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def spec(request):
    return request.param, BUILDERS[request.param]().to_dict()  # to_dict validates


def _walk(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, path)
    else:
        yield path, node


def _views(spec):
    """Every single view (a dict with 'mark'), however deeply layered."""
    if "mark" in spec:
        yield spec
    for child in spec.get("layer", []):
        yield from _views(child)


def _colours(spec):
    found = set()
    for path, value in _walk({k: v for k, v in spec.items() if k != "datasets"}):
        if isinstance(value, str) and HEX.match(value):
            found.add(value.upper())
        elif isinstance(value, str) and path and path[-1] in COLOUR_KEYS - {"value", "range"}:
            found.add(value)  # a named colour such as 'red' would land here
    return found


def test_title_and_description(spec):
    name, d = spec
    title = d["title"]["text"] if isinstance(d["title"], dict) else d["title"]
    assert title.strip(), name
    assert len(d["description"]) > 40, name
    assert d["description"].endswith("."), name
    assert d["width"] <= charts.PAGE_WIDTH


def test_only_palette_colours(spec):
    name, d = spec
    allowed = {c.upper() for c in palette.all_colours()}
    used = _colours(d)
    assert used, f"{name}: no colours set at all, so the default scheme would be used"
    assert used <= allowed, f"{name}: colours outside the palette: {used - allowed}"


def test_every_axis_has_a_title(spec):
    name, d = spec
    for view in _views(d):
        for channel in ("x", "y"):
            enc = view.get("encoding", {}).get(channel)
            if not enc or "field" not in enc or enc.get("scale") is None and "scale" in enc:
                continue
            if enc.get("axis", {}) is None:
                continue
            title = enc.get("title") or enc.get("axis", {}).get("title")
            assert title, f"{name}: {channel} axis of a {view['mark']} layer has no title"


def test_status_has_a_second_cue(spec):
    """Wherever status is coloured, a shape encodes it too (not hue alone)."""
    name, d = spec
    views = list(_views(d))
    coloured = [v for v in views if v.get("encoding", {}).get("color", {}).get("field", "")
                in ("status_label", "span_label")]
    if coloured:
        shaped = [v for v in views if "shape" in v.get("encoding", {})
                  and v["encoding"]["shape"].get("field") in ("status_label", "span_label")]
        assert shaped, f"{name}: status told by colour only"
        assert all("tooltip" in v["encoding"] for v in coloured)


def test_map_is_interactive_without_a_kernel_and_fetches_nothing():
    d = charts.status_map().to_dict()
    bound = [p for p in d.get("params", []) if "bind" in p]
    assert bound, "the year slider must be a bound Vega-Lite parameter"
    assert bound[0]["bind"]["input"] == "range"
    assert bound[0]["bind"]["name"].startswith("Year")
    text = json.dumps(d)
    assert '"url"' not in text
    assert "http://" not in text and "https://" not in text.replace(
        d.get("$schema", ""), "")
    # the TopoJSON is inlined exactly once
    assert text.count('"arcs"') - text.count('"arcs": [') <= 1
    assert sum(1 for v in d["datasets"].values() if isinstance(v, dict)
               and v.get("type") == "Topology") == 1
    assert len(text) < 600_000


def test_map_on_a_day_has_no_slider():
    d = charts.status_map("2024-03-07").to_dict()
    assert not [p for p in d.get("params", []) if "bind" in p]
    assert "7 Mar 2024" in d["description"]


def test_what_if_param_is_bound():
    d = charts.funding_per_partner_chart(what_if_total=30).to_dict()
    params = [p for p in _walk_params(d) if "bind" in p]
    assert params and params[0]["value"] == 30


def _walk_params(d):
    yield from d.get("params", [])
    for child in d.get("layer", []):
        yield from _walk_params(child)


def test_status_by_year_agrees_with_partners_on():
    table = charts.status_by_year(1994, 2010)
    for year in (1994, 1999, 2004, 2008):
        n = (table[(table["year"] == year)]["status"] == "partner").sum()
        assert n == len(pfp_data.partners_on(f"{year}-12-31"))
    # Malta: withdrawn from the end of 1996 to the end of 2007, a partner again after
    malta = table[table["iso3"] == "MLT"].set_index("year")["status"]
    assert malta[1996] == "withdrawn" and malta[2007] == "withdrawn"
    assert malta[2008] == "partner" and malta[1995] == "partner"
    assert len(table) == 17 * len(pfp_data.countries())


def test_status_by_year_last_year_is_release_date():
    table = charts.status_by_year(2025)
    last = table["date"].max().date()
    assert last == pfp_data.as_of_date()


def test_map_spans_cover_every_year_once():
    table = charts.status_by_year()
    spans = charts._map_spans(table)
    years = sorted(table["year"].unique())
    for iso_name, mine in spans.groupby("atlas_name"):
        covered = sorted(y for r in mine.itertuples() for y in range(r.from_year, r.to_year + 1))
        assert covered == years, iso_name


def test_accession_waves_match_events():
    waves = charts.accession_waves()
    assert waves["year"].tolist() == [1999, 2004, 2009, 2017, 2020, 2023, 2024]
    joined = pfp_data.signatories()["nato_accession"].notna().sum()
    assert waves["states"].sum() == joined


def test_years_as_partner_chart_uses_years_as_partner():
    d = charts.years_as_partner_chart().to_dict()
    ya = pfp_data.years_as_partner()
    assert f"{ya['years'].max():.1f} years" in d["description"]
    assert str(len(ya)) in d["description"]


def test_partner_count_description_is_computed():
    d = charts.partner_count_chart().to_dict()
    counts = pfp_data.partner_counts()
    assert f"peak of {int(counts['partners'].max())}" in d["description"]
    assert f"to {int(counts['partners'].iloc[-1])} on" in d["description"]


def test_funding_periods_are_averages():
    periods = charts.funding_periods()
    fund = pfp_data.funding()
    assert len(periods) == fund[["period_start", "period_end"]].drop_duplicates().shape[0]
    for r in periods.itertuples():
        years = fund[fund["fiscal_year"].between(r.period_start, r.period_end)]
        assert r.fiscal_years == len(years)
        assert (years["usd_millions_per_year"] == r.usd_millions_per_year).all()
    assert (fund["value_kind"] == "period_average").all()
    d = charts.funding_chart().to_dict()
    assert "not yearly values" in d["description"]
    assert d["encoding" if "encoding" in d else "layer"]  # built


def test_funding_per_partner_counts_partners_on_first_day_of_fiscal_year():
    table = charts.funding_per_partner(annual_total=50)
    for r in table.itertuples():
        start = charts.fiscal_year_start(r.fiscal_year)
        assert start.month == 10 and start.year == r.fiscal_year - 1
        assert r.partners == len(pfp_data.partners_on(start))
        assert r.per_partner_usd_millions == pytest.approx(r.usd_millions_per_year / r.partners,
                                                           abs=1e-3)
        assert r.what_if_per_partner == pytest.approx(50 / r.partners, abs=1e-3)


@pytest.mark.parametrize("bad", ["lots", -5, 1e9])
def test_funding_per_partner_rejects_bad_totals(bad):
    with pytest.raises(pfp_data.PfPDataError):
        charts.funding_per_partner(annual_total=bad)


def test_country_spans_follow_the_events():
    malta = charts.country_spans("Malta")
    sig = pfp_data.country("Malta")
    assert malta["span"].tolist() == ["partner", "withdrawn", "partner"]
    assert malta["start"].iloc[0] == sig["pfp_signed"]
    assert malta["start"].iloc[1] == sig["withdrew"]
    assert malta["start"].iloc[2] == sig["reactivated"]
    assert malta["open"].tolist() == [False, False, True]
    sweden = charts.country_spans("SWE")
    assert sweden["span"].tolist() == ["partner", "nato_member"]
    assert sweden["end"].iloc[0] == sweden["start"].iloc[1]
    # spans never overlap and never end before they start
    for frame in (malta, sweden, charts.country_spans(["Russia", "Belarus"])):
        for _, mine in frame.groupby("iso3"):
            assert (mine["end"] >= mine["start"]).all()
            assert (mine["start"].iloc[1:].values == mine["end"].iloc[:-1].values).all()


def test_country_timeline_chart_bad_input():
    with pytest.raises(pfp_data.UnknownCountryError):
        charts.country_timeline_chart("Atlantis")
    with pytest.raises(pfp_data.PfPDataError, match="never signed"):
        charts.country_timeline_chart("Cyprus")
    with pytest.raises(pfp_data.PfPDataError):
        charts.country_timeline_chart([])


def test_status_map_bad_date():
    with pytest.raises(pfp_data.BadDateError):
        charts.status_map("1994-13-01")


def test_every_signatory_has_a_marker_position_on_the_map():
    cents = charts.atlas_centroids().set_index("atlas_name")
    for name in pfp_data.signatories()["country"]:
        atlas_name = pfp_data.country(name)["atlas_name"]
        lon, lat = cents.loc[atlas_name, ["lon", "lat"]]
        assert charts.MAP_LON[0] <= lon <= charts.MAP_LON[1], name
        assert charts.MAP_LAT[0] <= lat <= charts.MAP_LAT[1], name


def test_finish_refuses_a_chart_without_description():
    import altair as alt

    with pytest.raises(pfp_data.PfPDataError):
        charts.finish(alt.Chart(pd.DataFrame({"a": [1]})).mark_point(), title="t",
                      description="")


def test_charts_render_offline():
    """vl-convert runs Vega in-process: a spec that renders has no fetch and no JS error."""
    import vl_convert as vlc
    svg = vlc.vegalite_to_svg(charts.status_map().to_dict())
    assert "<path" in svg and "aria-label" in svg
