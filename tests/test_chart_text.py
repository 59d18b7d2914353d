"""The text under each chart in the book (pfp_book.chart_text): description and data
tables read back from the spec."""

import json
from html.parser import HTMLParser

import pytest

from pfp_book import chart_text
from pfp_data import charts


def _notebook_html(chart):
    return chart._repr_mimebundle_()["text/html"]  # what a notebook cell stores


@pytest.mark.parametrize("to_html", [_notebook_html, lambda chart: chart.to_html()])
@pytest.mark.parametrize("build", [charts.funding_chart, charts.partner_count_chart,
                                   charts.years_as_partner_chart,
                                   charts.objectives_chart])
def test_spec_read_back_from_altair_html_is_the_chart(build, to_html):
    chart = build()
    spec = chart_text.spec_from_html(to_html(chart))
    assert spec is not None
    assert spec["description"] == chart.to_dict()["description"]
    assert chart_text.title(spec) == chart_text.title(chart.to_dict())


def test_no_spec_in_plain_html():
    assert chart_text.spec_from_html("<p>no chart here</p>") is None
    assert chart_text.spec_from_html("vegaEmbed })( not json") is None


def test_tables_hold_every_plotted_row():
    spec = charts.years_as_partner_chart().to_dict()
    (columns, rows), *_ = chart_text.tables(spec)
    expected = charts.years_as_partner_chart().data
    assert len(rows) == len(expected)
    assert {"country", "years"} <= set(columns)


def test_map_shapes_are_not_a_table_but_the_statuses_are():
    spec = charts.status_map("2004-12-31").to_dict()
    found = chart_text.tables(spec)
    assert found, "the map's status table is missing"
    for columns, _rows in found:
        assert "objects" not in columns and "arcs" not in columns
    assert any("status" in columns for columns, _ in found)


def test_inline_values_are_found_and_duplicates_dropped():
    rows = [{"a": 1, "b": "2001-01-01T00:00:00"}]
    spec = {"datasets": {"d": rows}, "layer": [{"data": {"values": rows}},
                                                {"data": {"values": [{"c": None}]}}]}
    found = chart_text.tables(spec)
    assert [cols for cols, _ in found] == [["a", "b"], ["c"]]


def test_details_html_escapes_and_shortens_midnight_dates():
    spec = {"title": {"text": "A <b> title"},
            "datasets": {"d": [{"when": "2001-01-01T00:00:00", "n": 3.0, "x": "<i>"}]}}
    out = chart_text.data_details_html(spec)
    assert out.startswith('<details class="pfp-chart-data">')
    assert "A &lt;b&gt; title" in out and "<b>" not in out
    assert "<td>2001-01-01</td><td>3</td><td>&lt;i&gt;</td>" in out
    assert '<th scope="col">when</th>' in out
    assert "(1 rows)" in out or "(1 row" in out


def test_chart_without_table_data_gets_no_details():
    assert chart_text.data_details_html({"data": {"url": "x.csv"}}) == ""
    assert chart_text.tables({"datasets": {"t": {"type": "Topology"}}}) == []


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._in = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._in = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self._in)
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in += data


def test_table_values_round_trip_through_html():
    spec = charts.funding_chart().to_dict()
    columns, rows = chart_text.tables(spec)[0]
    parser = _Cells()
    parser.feed(chart_text.table_html(columns, rows, "c"))
    header, *body = parser.rows
    assert header == columns
    col = columns.index("usd_millions_per_year")
    assert [float(r[col]) for r in body] == [r["usd_millions_per_year"] for r in rows]
    json.dumps(rows)  # the spec's data is plain JSON
