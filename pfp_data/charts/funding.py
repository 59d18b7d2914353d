"""The Warsaw Initiative Fund: its published period averages and the money per partner.

The sources publish averages over several fiscal years, not yearly amounts, so the
charts draw periods and say so. The what-if input is a Vega-Lite parameter, live in a
static page without a kernel.
"""

from .. import palette
from ..errors import PfPDataError
from ._base import axis, finish, join_words, load_altair


def funding_periods():
    """The Warsaw Initiative Fund's published period averages, one row per period.

    Returns
    -------
    pandas.DataFrame
        ``period_start``, ``period_end`` (fiscal years), ``fiscal_years`` (count),
        ``usd_millions_per_year`` (the published average), ``usd_millions_total``
        (average times years: what the average implies, not a published total),
        ``label`` and ``sources``.
    """
    from .. import funding

    fund = funding()
    periods = (
        fund.groupby(["period_start", "period_end"], as_index=False)
        .agg(fiscal_years=("fiscal_year", "size"),
             usd_millions_per_year=("usd_millions_per_year", "first"),
             sources=("sources", "first"))
        .sort_values("period_start", ignore_index=True)
    )
    for col in ("period_start", "period_end", "fiscal_years"):
        periods[col] = periods[col].astype("int64")
    periods["usd_millions_per_year"] = periods["usd_millions_per_year"].astype("float64")
    periods["usd_millions_total"] = periods["usd_millions_per_year"] * periods["fiscal_years"]
    periods["label"] = [
        f"average FY{r.period_start}-{r.period_end}: ${r.usd_millions_per_year:g}M a year"
        for r in periods.itertuples()
    ]
    return periods[["period_start", "period_end", "fiscal_years", "usd_millions_per_year",
                    "usd_millions_total", "label", "sources"]]


def fiscal_year_start(fiscal_year):
    """1 October of the previous calendar year: the first day of a US fiscal year."""
    import datetime as dt

    return dt.date(int(fiscal_year) - 1, 10, 1)


def funding_per_partner(annual_total=None):
    """Period-average funding divided by the partners on each fiscal year's first day.

    We count partners on 1 October, the day a US fiscal year's money starts, because
    the fund's money for the year was planned for the partners of that day.

    Parameters
    ----------
    annual_total : float, optional
        A what-if yearly total in US$ millions; adds ``what_if_per_partner``.

    Returns
    -------
    pandas.DataFrame
        ``fiscal_year``, ``fy_start``, ``partners``, ``usd_millions_per_year``,
        ``per_partner_usd_millions`` (and ``what_if_per_partner``).
    """
    import pandas as pd

    from .. import funding
    from ..timeline import partners_on

    fund = funding()
    years = fund["fiscal_year"].astype("int64").tolist()
    starts = [fiscal_year_start(y) for y in years]
    out = pd.DataFrame({
        "fiscal_year": years,
        "fy_start": pd.to_datetime(starts),
        "partners": [len(partners_on(d)) for d in starts],
        "usd_millions_per_year": fund["usd_millions_per_year"].astype("float64").tolist(),
    })
    out["per_partner_usd_millions"] = (out["usd_millions_per_year"] / out["partners"]).round(3)
    if annual_total is not None:
        try:
            total = float(annual_total)
        except (TypeError, ValueError):
            raise PfPDataError(
                f"annual_total must be a number of US$ millions, not {annual_total!r}."
            ) from None
        if not 0 <= total <= 10_000:
            raise PfPDataError(f"annual_total must be 0-10000 (US$ millions), not {total}.")
        out["what_if_per_partner"] = (total / out["partners"]).round(3)
    return out



def funding_chart():
    """The Warsaw Initiative Fund as the period averages that were published."""
    alt = load_altair()

    periods = funding_periods()
    # Fiscal year N is drawn as the interval N-0.5..N+0.5, so a period covers its years.
    periods["x_from"] = periods["period_start"] - 0.5
    periods["x_to"] = periods["period_end"] + 0.5
    periods["mid"] = (periods["x_from"] + periods["x_to"]) / 2
    first, last = int(periods["period_start"].min()), int(periods["period_end"].max())
    parts = [f"${r.usd_millions_per_year:g} million a year on average in FY{r.period_start}-"
             f"{r.period_end}" for r in periods.itertuples()]
    description = (
        f"Chart of period averages, not yearly values: the US Warsaw Initiative Fund spent "
        f"{join_words(parts)} (nominal dollars)."
    )
    x_axis = axis("US fiscal year (FY; FY1996 = 1 Oct 1995-30 Sep 1996)", format="d",
                  values=list(range(first, last + 1)))
    x_scale = alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False)
    x = alt.X("x_from:Q", axis=x_axis, scale=x_scale)
    y = alt.Y("usd_millions_per_year:Q", axis=axis("Average per year (US$ million, nominal)"),
              scale=alt.Scale(domain=[0, float(periods["usd_millions_per_year"].max()) * 1.25]))
    tooltip = [alt.Tooltip("label:N", title="Published figure"),
               alt.Tooltip("usd_millions_total:Q", title="Implied total (US$ million)")]
    segments = alt.Chart(periods).mark_rule(color=palette.BLUE, strokeWidth=5).encode(
        x=x, x2="x_to:Q", y=y, tooltip=tooltip)
    labels = alt.Chart(periods).mark_text(dy=-12, fontSize=11, color=palette.BLACK).encode(
        x=alt.X("mid:Q", axis=x_axis, scale=x_scale),
        y=y, text="label:N")
    return finish(
        alt.layer(segments, labels), title="Warsaw Initiative Fund: published period averages",
        subtitle=["Each line is one average over several fiscal years; yearly amounts were "
                  "not published in these sources.",
                  "A US Department of Defense fund, not a NATO budget; nominal US dollars."],
        description=description, height=260,
    )


def funding_per_partner_chart(what_if_total=None):
    """Average funding per partner each fiscal year, with a what-if total the reader sets.

    Partners are counted on 1 October, the first day of each US fiscal year. The
    what-if line divides a yearly total the reader picks (an input under the chart,
    live in a static page) by the same partner counts.
    """
    alt = load_altair()

    table = funding_per_partner()
    periods = funding_periods()
    default = float(periods["usd_millions_per_year"].iloc[0]) if what_if_total is None \
        else float(what_if_total)
    funding_per_partner(default)  # validates the value with a clear error
    first, last = table.iloc[0], table.iloc[-1]
    description = (
        f"Line chart: the period-average Warsaw Initiative Fund money per partner went from "
        f"${first['per_partner_usd_millions']:.2f} million (FY{first['fiscal_year']}, "
        f"{first['partners']} partners on 1 October) to "
        f"${last['per_partner_usd_millions']:.2f} million (FY{last['fiscal_year']}, "
        f"{last['partners']} partners); a dashed line divides a what-if yearly total "
        f"(initially ${default:g} million) by the same partner counts."
    )
    total = alt.param(
        name="what_if_total", value=default,
        bind=alt.binding_range(min=0, max=100, step=1,
                               name="What-if yearly total (US$ million): "),
    )
    series = ["Published average ÷ partners", "What-if total ÷ partners"]
    chart = (
        alt.Chart(table)
        .transform_calculate(what_if=f"{total.name} / datum.partners")
        .transform_fold(["per_partner_usd_millions", "what_if"], as_=["key", "value"])
        .transform_calculate(
            series=f"datum.key == 'what_if' ? '{series[1]}' : '{series[0]}'")
        .mark_line(point=True)
        .encode(
            x=alt.X("fiscal_year:O", axis=axis("US fiscal year", labelAngle=0)),
            y=alt.Y("value:Q", axis=axis("Money per partner (US$ million a year, nominal)"),
                    scale=alt.Scale(domainMin=0)),
            color=alt.Color("series:N", title="Line",
                            scale=alt.Scale(domain=series,
                                            range=[palette.BLUE, palette.VERMILLION]),
                            legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series,
                                                                  range=[[1, 0], [6, 3]]),
                                      legend=None),
            shape=alt.Shape("series:N", scale=alt.Scale(domain=series,
                                                        range=["circle", "square"]),
                            legend=None),
            tooltip=[alt.Tooltip("fiscal_year:O", title="Fiscal year"),
                     alt.Tooltip("partners:Q", title="Partners on 1 October"),
                     alt.Tooltip("series:N", title="Line"),
                     alt.Tooltip("value:Q", title="US$ million per partner", format=".2f")],
        )
        .add_params(total)
    )
    return finish(
        chart, title="Warsaw Initiative Fund money per partner",
        subtitle=["Period average ÷ partners on 1 October (first day of the fiscal year). "
                  "Averages, nominal US dollars.",
                  "Use the what-if input under the chart to try another yearly total."],
        description=description, height=280,
    )



__all__ = [
    "fiscal_year_start",
    "funding_chart",
    "funding_per_partner",
    "funding_per_partner_chart",
    "funding_periods",
]
