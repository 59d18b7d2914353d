"""The damaged-table counts and the claim views of chapter 06."""

import json

import pytest

import pfp_data
from pfp_data import article, claim_views, palette


def test_counts_both_ways_reproduce_the_claims_check():
    table = article.counts_both_ways().set_index("date")
    # the article's own figures, as claims.md derived them from its tables
    assert table.loc["1994-10-15", "merged_cells_restored"] == 22
    assert table.loc["2001-12-31", "merged_cells_restored"] == 25
    assert table.loc[str(pfp_data.as_of_date()), "merged_cells_restored"] == 19
    # and the checked figures
    assert table.loc["1994-10-15", "checked"] == len(pfp_data.partners_on("1994-10-15"))
    # reading the blanks as "not in NATO" inflates every count after 1999
    after = table[table.index >= "2004-03-29"]
    assert (after["as_printed"] > after["merged_cells_restored"]).all()


def test_article_table_rows_are_short_by_bulgaria_only():
    status = article.article_status_on("2000-01-01", "merged_cells_restored")
    assert len(status) == 33
    checked = set(pfp_data.signatories()["country"])
    assert checked - set(status["country"]) == {"Bulgaria"}


def test_unknown_reading_is_refused():
    with pytest.raises(pfp_data.PfPDataError, match="merged_cells_restored"):
        article.article_status_on("2000-01-01", "sideways")


def test_verdict_counts_add_up():
    counts = claim_views.verdict_counts()
    assert counts["claims"].sum() == len(pfp_data.claims())
    assert list(counts["verdict"]) == claim_views.VERDICT_ORDER


def spec_colours(spec):
    text = json.dumps(spec)
    import re

    return {c.upper() for c in re.findall(r'"(#[0-9A-Fa-f]{6})"', text)}


@pytest.mark.parametrize(
    "builder", [claim_views.verdict_chart, claim_views.both_ways_chart,
                claim_views.claim_table_chart])
def test_claim_charts_are_described_and_use_the_palette(builder):
    spec = builder().to_dict()
    assert spec["description"] and len(spec["description"]) > 40
    assert spec["title"]
    allowed = {c.upper() for c in palette.all_colours()}
    assert spec_colours(spec) <= allowed


def test_claim_table_filters_without_a_kernel():
    spec = claim_views.claim_table_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert {"verdict_filter", "section_filter"} <= set(params)
    assert params["verdict_filter"]["bind"]["input"] == "select"
    assert params["verdict_filter"]["bind"]["name"].strip()
    assert "verdict_filter" in json.dumps(spec["hconcat"])


def test_claim_explorer_widget_updates_on_pick():
    view = claim_views.claim_explorer()
    picker, panel = view.children
    assert picker.description == "Claim:"
    first = panel.value
    picker.value = "A10"
    assert panel.value != first
    assert "A10" in panel.value and "wrong" in panel.value
