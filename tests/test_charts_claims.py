"""The article's claims, checked (pfp_data.charts.claims)."""

import json

import pfp_data
from pfp_data import charts


def test_verdict_counts_add_up():
    counts = charts.verdict_counts()
    assert counts["claims"].sum() == len(pfp_data.claims())
    assert list(counts["verdict"]) == charts.VERDICT_ORDER
    description = charts.verdict_chart().to_dict()["description"]
    assert f"the {len(pfp_data.claims())} checked claims" in description


def test_both_ways_chart_states_the_three_counts_of_the_last_day():
    from pfp_data import article

    last = article.count_series_both_ways().iloc[-1]
    description = charts.both_ways_chart().to_dict()["description"]
    assert f"give {last['as_printed']} with blank" in description
    assert f"checked data give {last['checked']}." in description


def test_claim_table_filters_without_a_kernel():
    spec = charts.claim_table_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert {"verdict_filter", "section_filter"} <= set(params)
    assert params["verdict_filter"]["bind"]["input"] == "select"
    assert params["verdict_filter"]["bind"]["name"].strip()
    assert "verdict_filter" in json.dumps(spec["hconcat"])
    assert spec["title"]["subtitle"].startswith("Choose a verdict")


def test_claim_html_shows_values_verdict_and_evidence():
    html = charts.claim_html("A10")
    result = pfp_data.check_claim("A10")
    assert html.startswith("<h4>A10: ")
    assert f"<td>{result.verdict}</td>" in html and "<strong>Evidence</strong>" in html
