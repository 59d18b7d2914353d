"""Status over time: partner counts, NATO's accession waves and each state's path.

The spans come from :func:`pfp_data.timeline.country_spans`, which follows the same
rules as :func:`pfp_data.status_on`; this module only draws and words them.
"""

from .. import palette
from ..dates import as_of_date, to_date
from ..errors import PfPDataError
from ..timeline import SPAN_LABELS, SPAN_ORDER, country_spans
from ._base import (
    PAGE_WIDTH,
    TOOLTIP_DATE,
    axis,
    category_scale,
    day,
    finish,
    join_words,
    load_altair,
)

NEUTRAL_STATES = ("Austria", "Finland", "Ireland", "Malta", "Sweden", "Switzerland")

SPAN_WORDS = {"partner": "PfP partner", "suspended": "partner with cooperation suspended",
              "withdrawn": "withdrawn from PfP", "nato_member": "NATO member"}
SPAN_COLORS = {**palette.STATUS_COLORS, "suspended": palette.GREY}
SPAN_SHAPES = {**palette.STATUS_SHAPES, "suspended": "diamond"}


def accession_waves(since="1994-01-10"):
    """NATO accessions of PfP signatories, one row per accession day (a "wave").

    Returns
    -------
    pandas.DataFrame
        ``date``, ``year``, ``states`` (how many joined that day) and ``countries``
        (their names, comma-separated), in date order.
    """
    from .. import events, signatories

    start = to_date(since, name="since")
    ev = events()
    signers = set(signatories()["iso3"])
    acc = ev[(ev["event_type"] == "nato_accession") & ev["iso3"].isin(signers)]
    acc = acc[acc["date"].dt.date >= start]
    waves = (
        acc.sort_values(["date", "country"])
        .groupby("date", as_index=False)
        .agg(states=("iso3", "size"), countries=("country", lambda s: ", ".join(s)))
    )
    waves.insert(1, "year", waves["date"].dt.year.astype("int64"))
    return waves


def country_summary(country):
    """One or two plain sentences on a state's path, from :func:`country_spans`."""
    spans = country_spans([country])
    name = spans["country"].iloc[0]
    parts = []
    for row in spans.itertuples():
        if row.open:
            parts.append(f"{SPAN_WORDS[row.span]} since {day(row.start)}")
        else:
            parts.append(f"{SPAN_WORDS[row.span]} from {day(row.start)} to {day(row.end)}")
    return f"{name}: {'; '.join(parts)} (data as of {day(as_of_date())})."


def partner_count_chart(start="1994-01-01", end=None):
    """Step line of the number of PfP partners, with NATO's accession waves marked."""
    alt = load_altair()
    from ..timeline import partner_counts

    counts = partner_counts(start, end)
    height = 320
    counts["partners"] = counts["partners"].astype("int64")
    first_day, last_day = counts["date"].iloc[0], counts["date"].iloc[-1]
    waves = accession_waves(start)
    waves = waves[waves["date"] <= last_day].reset_index(drop=True)
    # Upright labels along each rule: waves one year apart (2023, 2024) stay legible.
    waves["label"] = [f"{r.year}: {r.states} joined" for r in waves.itertuples()]

    peak = int(counts["partners"].max())
    peak_day = counts.loc[counts["partners"].idxmax(), "date"]
    final = int(counts["partners"].iloc[-1])
    description = (
        f"Step line chart: the number of Partnership for Peace partners went from "
        f"{int(counts['partners'].iloc[0])} on {day(first_day)} to a peak of {peak} "
        f"(first reached on {day(peak_day)}), then fell in steps as partners joined NATO "
        f"in {join_words(str(y) for y in waves['year'])}, to {final} on {day(last_day)}."
    )

    x = alt.X("date:T", axis=axis("Date (year)", format="%Y"),
              scale=alt.Scale(domain=[first_day.isoformat(), last_day.isoformat()]))
    hover = alt.selection_point(name="hover", fields=["date"], nearest=True,
                                on="pointerover", clear="pointerout", empty=False)
    line = alt.Chart(counts).mark_line(interpolate="step-after", color=palette.BLUE,
                                       strokeWidth=2).encode(
        x=x, y=alt.Y("partners:Q", axis=axis("Partners (number of states)"),
                     scale=alt.Scale(domainMin=0)),
    )
    points = alt.Chart(counts).mark_point(color=palette.BLUE, filled=True, size=60).encode(
        x=x, y=alt.Y("partners:Q", axis=axis("Partners (number of states)")),
        opacity=alt.condition(hover, alt.value(1), alt.value(0)),
        tooltip=[alt.Tooltip("date:T", title="From", format=TOOLTIP_DATE),
                 alt.Tooltip("partners:Q", title="Partners")],
    ).add_params(hover)
    rules = alt.Chart(waves).mark_rule(color=palette.VERMILLION, strokeDash=[4, 3]).encode(
        x=alt.X("date:T", axis=axis("Date (year)", format="%Y")),
        tooltip=[alt.Tooltip("date:T", title="NATO accession", format=TOOLTIP_DATE),
                 alt.Tooltip("countries:N", title="States")],
    )
    labels = alt.Chart(waves).mark_text(angle=270, align="left", baseline="top", dx=-4,
                                        dy=3, fontSize=10, color=palette.VERMILLION).encode(
        x=alt.X("date:T", axis=axis("Date (year)", format="%Y")),
        y=alt.value(height - 6), text="label:N",
    )
    chart = alt.layer(line, rules, labels, points)
    return finish(
        chart, title="Partnership for Peace partners over time",
        subtitle="Dashed lines: days on which partners joined NATO. Point at the line "
                 "to read the count.",
        description=description, height=height,
    )


def country_timeline_chart(countries):
    """Gantt-like bars of each state's spans as partner, withdrawn and NATO member."""
    alt = load_altair()

    spans = country_spans(countries)
    names = list(dict.fromkeys(spans["country"]))
    lines = []
    for name in names[:6]:
        mine = spans[spans["country"] == name]
        bits = [f"{SPAN_WORDS[r.span]} from {day(r.start)}"
                + ("" if r.open else f" to {day(r.end)}") for r in mine.itertuples()]
        lines.append(f"{name}: {', '.join(bits)}")
    more = f"; and {len(names) - 6} more states" if len(names) > 6 else ""
    description = f"Timeline chart. {'; '.join(lines)}{more}."
    kinds = [k for k in SPAN_ORDER if k in set(spans["span"])] or SPAN_ORDER
    colour = alt.Color("span_label:N", title="Status",
                       scale=category_scale(kinds, SPAN_LABELS, SPAN_COLORS),
                       legend=alt.Legend(orient="bottom"))
    y = alt.Y("country:N", sort=names, axis=axis("State"))
    x = alt.X("start:T", axis=axis("Date (year)", format="%Y"))
    tooltip = [alt.Tooltip("country:N", title="State"),
               alt.Tooltip("span_label:N", title="Status"),
               alt.Tooltip("start:T", title="From", format=TOOLTIP_DATE),
               alt.Tooltip("end:T", title="To (or data date)", format=TOOLTIP_DATE)]
    bars = alt.Chart(spans).mark_bar(height=14).encode(
        x=x, x2="end:T", y=y, color=colour, tooltip=tooltip)
    # A shape at the start of each span repeats the status without colour.
    starts = alt.Chart(spans).mark_point(filled=True, size=70, stroke=palette.BLACK,
                                         strokeWidth=0.8, opacity=1).encode(
        x=x, y=y, color=colour,
        shape=alt.Shape("span_label:N", title="Status",
                        scale=category_scale(kinds, SPAN_LABELS, SPAN_SHAPES)),
        tooltip=tooltip)
    title = (f"{names[0]}: Partnership for Peace and NATO timeline" if len(names) == 1
             else "Partnership for Peace and NATO timelines")
    return finish(
        alt.layer(bars, starts), title=title,
        subtitle=f"Bars run from each change of status to the next, or to the data date "
                 f"({day(as_of_date())}).",
        description=description, width=PAGE_WIDTH, height=max(60, 26 * len(names)),
    )


def timeline_with_year_chart(countries=NEUTRAL_STATES, year=2000):
    """:func:`country_timeline_chart` plus a year slider that draws a line.

    The slider is a Vega-Lite parameter, so it works in a static page without a kernel: it
    is the static twin of :func:`pfp_data.widgets.status_view`.
    """
    alt = load_altair()

    last = as_of_date().year
    if not 1994 <= year <= last:
        raise PfPDataError(f"year must be between 1994 and {last}, not {year}.")
    chart = country_timeline_chart(list(countries))
    picked = alt.param(
        name="timeline_year",
        value=year,
        bind=alt.binding_range(min=1994, max=last, step=1, name="Line at 31 December of year: "),
    )
    rule = (
        alt.Chart(alt.Data(values=[{}]))
        .transform_calculate(when="datetime(timeline_year, 11, 31)")
        .mark_rule(color=palette.BLACK, strokeWidth=2)
        .encode(
            x=alt.X("when:T", axis=axis("Date (year)", format="%Y")),
            tooltip=[alt.Tooltip("when:T", title="Line at", format=TOOLTIP_DATE)],
        )
    )
    return (chart + rule).add_params(picked)


__all__ = [
    "NEUTRAL_STATES",
    "SPAN_COLORS",
    "SPAN_SHAPES",
    "SPAN_WORDS",
    "accession_waves",
    "country_summary",
    "country_timeline_chart",
    "partner_count_chart",
    "timeline_with_year_chart",
]
