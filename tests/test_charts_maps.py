"""The status map (pfp_data.charts.maps) and its year-by-year data."""

import json

import pytest

import pfp_data
from pfp_data import charts, timeline


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


def test_status_runs_cover_every_year_once_and_agree_with_the_table():
    table = charts.status_by_year()
    runs = timeline.status_runs(table)
    years = sorted(table["year"].unique())
    by_state = table.set_index(["country", "year"])
    for name, mine in runs.groupby("country"):
        covered = sorted(y for r in mine.itertuples() for y in range(r.from_year, r.to_year + 1))
        assert covered == years, name
        for r in mine.itertuples():
            assert by_state.loc[(name, r.from_year), "status"] == r.status
            assert by_state.loc[(name, r.to_year), "suspended"] == r.suspended


def test_map_spans_place_a_marker_for_every_signatory():
    spans = charts.map_spans(charts.status_by_year(2000, 2000))
    signers = set(pfp_data.signatories()["country"])
    placed = spans[spans["country"].isin(signers)]
    assert set(placed["country"]) == signers
    assert placed["lon"].notna().all() and placed["lat"].notna().all()
    assert set(spans["suspended_text"]) <= {"yes", "no"}


def test_status_map_bad_date():
    with pytest.raises(pfp_data.BadDateError):
        charts.status_map("1994-13-01")


@pytest.mark.parametrize("first,last", [(1800, 2000), (2010, 2000), (1994, 3000)])
def test_map_years_out_of_range_are_refused(first, last):
    with pytest.raises(pfp_data.PfPDataError, match="Years must run"):
        charts.map_snapshot_dates(first, last)
