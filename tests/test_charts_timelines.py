"""Status over time (pfp_data.charts.timelines): what the partner-count and timeline charts say."""

import pytest

import pfp_data
from pfp_data import charts, palette


def values_of(key, node):
    """Every value stored under ``key`` anywhere in a spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from values_of(key, v)
    elif isinstance(node, list):
        for item in node:
            yield from values_of(key, item)


def test_accession_waves_match_events():
    waves = charts.accession_waves()
    assert waves["year"].tolist() == [1999, 2004, 2009, 2017, 2020, 2023, 2024]
    joined = pfp_data.signatories()["nato_accession"].notna().sum()
    assert waves["states"].sum() == joined


def test_partner_count_description_is_computed():
    d = charts.partner_count_chart().to_dict()
    counts = pfp_data.partner_counts()
    assert f"peak of {int(counts['partners'].max())}" in d["description"]
    assert f"to {int(counts['partners'].iloc[-1])} on" in d["description"]


def test_country_summary_words_the_spans():
    text = charts.country_summary("Malta")
    release = pfp_data.as_of_date()
    assert text == ("Malta: PfP partner from 26 Apr 1995 to 27 Oct 1996; withdrawn from PfP "
                    "from 27 Oct 1996 to 3 Apr 2008; PfP partner since 3 Apr 2008 "
                    f"(data as of {release.day} {release:%b %Y}).")
    malta = pfp_data.country("Malta")
    assert (malta["pfp_signed"].day, malta["reactivated"].year) == (26, 2008)


def test_country_timeline_chart_bad_input():
    with pytest.raises(pfp_data.UnknownCountryError):
        charts.country_timeline_chart("Atlantis")
    with pytest.raises(pfp_data.PfPDataError, match="never signed"):
        charts.country_timeline_chart("Cyprus")
    with pytest.raises(pfp_data.PfPDataError):
        charts.country_timeline_chart([])


def test_timeline_with_year_reuses_country_timeline_and_adds_a_slider():
    base = charts.country_timeline_chart(list(charts.NEUTRAL_STATES)).to_dict()
    spec = charts.timeline_with_year_chart(year=2008).to_dict()
    assert spec["description"] == base["description"]
    assert "Malta" in spec["description"]
    sliders = [p for p in spec["params"] if p.get("name") == "timeline_year"]
    assert sliders and sliders[0]["value"] == 2008 and sliders[0]["bind"]["input"] == "range"
    assert sliders[0]["bind"]["max"] == pfp_data.as_of_date().year


def test_timeline_tells_status_by_shape_too():
    spec = charts.timeline_with_year_chart().to_dict()
    shapes = list(values_of("shape", spec))
    assert shapes and set(shapes[0]["scale"]["range"]) >= {
        palette.STATUS_SHAPES["partner"], palette.STATUS_SHAPES["nato_member"]}


@pytest.mark.parametrize("call", [
    lambda: charts.timeline_with_year_chart(["Atlantis"]),
    lambda: charts.timeline_with_year_chart(year=1800),
])
def test_bad_input_raises_a_clear_error(call):
    with pytest.raises(pfp_data.PfPDataError):
        call()
