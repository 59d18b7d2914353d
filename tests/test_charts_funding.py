"""The Warsaw Initiative Fund (pfp_data.charts.funding): averages, never yearly values."""

import pytest

import pfp_data
from pfp_data import charts


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


def test_what_if_param_is_bound():
    d = charts.funding_per_partner_chart(what_if_total=30).to_dict()
    params = [p for p in d.get("params", []) if "bind" in p]
    assert params and params[0]["value"] == 30
    assert params[0]["bind"]["name"].startswith("What-if yearly total")
