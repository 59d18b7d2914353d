"""Charts, tables and small views for the history chapters (origins, neutral states, since 2001).

Every builder returns an Altair chart and never displays it; every chart has a title,
axis titles with units and a ``description`` (the SVG's aria label) written from the
data it shows. Colours come from :mod:`pfp_data.palette` only, and every category is
also told by shape or by a text label. Data helpers return DataFrames so that the
notebooks and the tests can check the numbers the charts draw.
"""

import re

from . import palette
from .errors import PfPDataError

NEUTRAL_STATES = ("Austria", "Finland", "Ireland", "Malta", "Sweden", "Switzerland")

# The article's list of "6 areas of cooperation" (it names seven), in its own order.
ARTICLE_AREAS = (
    "training",
    "exercises",
    "disaster planning and response",
    "science and environmental issues",
    "professionalization",
    "policy planning",
    "relations with civilian government",
)

# Hand-written short labels for the milestones, keyed by (date, event type): the
# descriptions in events() are full sentences, too long to print on a timeline.
_SHORT_LABELS = {
    ("1991-11-08", "milestone"): "Rome summit announces the NACC",
    ("1991-12-20", "milestone"): "NACC meets for the first time",
    ("1993-10-20", "milestone"): "Travemünde: US proposes PfP",
    ("1994-01-10", "milestone"): "Brussels summit launches PfP",
    ("1995-01-01", "milestone"): "CSCE becomes OSCE",
    ("1997-05-30", "milestone"): "EAPC replaces the NACC",
    ("1999-04-24", "milestone"): "Washington summit launches MAP",
    ("2002-11-21", "milestone"): "Prague summit introduces IPAP",
    ("2003-08-11", "milestone"): "NATO takes command of ISAF",
    ("2004-06-28", "milestone"): "Istanbul Cooperation Initiative",
    ("2006-11-29", "milestone"): "Riga: BIH, MNE, SRB invited",
    ("2008-03-20", "milestone"): "Malta decides to return",
    ("2008-04-03", "milestone"): "Bucharest welcomes Malta back",
    ("2008-08-08", "milestone"): "Russo-Georgian war",
    ("2014-04-01", "suspension"): "Russia's cooperation suspended",
    ("2014-12-28", "milestone"): "ISAF mission ends",
    ("2019-02-12", "milestone"): "Prespa Agreement in force",
    ("2024-02-22", "milestone"): "Armenia freezes CSTO role",
    ("2024-03-07", "suspension"): "Belarus listed as suspended",
}

_EVENT_TYPE_LABELS = {
    "milestone": "Milestone",
    "suspension": "Partnership suspended",
    "signature": "Signature",
    "withdrawal": "Withdrawal",
    "reactivation": "Reactivation",
    "nato_accession": "NATO accession",
}
_EVENT_TYPE_COLORS = {
    "milestone": palette.BLUE,
    "suspension": palette.VERMILLION,
    "signature": palette.GREEN,
    "withdrawal": palette.PURPLE,
    "reactivation": palette.BLACK,
    "nato_accession": palette.GREY,
}
_EVENT_TYPE_SHAPES = {
    "milestone": "circle",
    "suspension": "triangle-down",
    "signature": "diamond",
    "withdrawal": "triangle-up",
    "reactivation": "cross",
    "nato_accession": "square",
}


def _alt():
    import altair as alt

    return alt


def _finish(chart, title, description, subtitle=None, width=None, height=None):
    """Title, subtitle, description and size through :func:`pfp_data.charts.finish`.

    Concatenated charts take no top-level width, so they get title and description only.
    """
    alt = _alt()
    from .charts import PAGE_WIDTH, finish

    if isinstance(chart, (alt.VConcatChart, alt.HConcatChart, alt.ConcatChart)):
        if not title or not description:
            raise PfPDataError("A course chart needs a non-empty title and description.")
        return chart.properties(
            title=alt.Title(text=title, subtitle=subtitle or "", anchor="start"),
            description=description,
        )
    return finish(chart, title=title, description=description, subtitle=subtitle,
                  width=width or PAGE_WIDTH, height=height)


def _day(value):
    """'1994-10-15' style text for a date, for descriptions and labels."""
    return f"{value.day} {value:%B %Y}"


def short_label(date, event_type, description):
    """A label of at most about 35 characters for one event."""
    key = (f"{date:%Y-%m-%d}", str(event_type))
    if key in _SHORT_LABELS:
        return _SHORT_LABELS[key]
    text = re.split(r" \(|; |: ", str(description))[0].rstrip(".")
    return text if len(text) <= 35 else text[:34].rsplit(" ", 1)[0] + "…"


# ---------------------------------------------------------------------------
# Data helpers
# ---------------------------------------------------------------------------


def milestones(start="1991-01-01", end=None, event_types=("milestone",)):
    """Events of the given types between ``start`` and ``end`` (inclusive), with short labels.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``event_type``, ``label`` (short), ``description``, ``sources``.
    """
    from . import events
    from .dates import as_of_date, to_date

    unknown = sorted(set(event_types) - set(_EVENT_TYPE_LABELS))
    if unknown:
        raise PfPDataError(
            f"Unknown event type(s) {unknown}. Choose from {sorted(_EVENT_TYPE_LABELS)}."
        )
    first, last = to_date(start, name="start"), to_date(end or as_of_date(), name="end")
    if last < first:
        raise PfPDataError(f"end {last} is before start {first}.")
    ev = events()
    keep = ev["event_type"].isin(list(event_types)) & ev["date"].dt.date.between(first, last)
    out = ev[keep].sort_values(["date", "event_type"]).reset_index(drop=True)
    out["event_type"] = out["event_type"].astype(str)
    triples = zip(out["date"], out["event_type"], out["description"], strict=True)
    out["label"] = [short_label(d, t, s) for d, t, s in triples]
    return out[["date", "event_type", "label", "description", "sources"]]


def signatures_1994():
    """Signatures of the Framework Document in 1994, in order, with the running total.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``country``, ``iso3``, ``signed_so_far`` (states that had signed by the
        end of that day) and ``order`` (1 for the first signatory).
    """
    from . import events

    ev = events()
    sig = ev[(ev["event_type"] == "signature") & (ev["date"].dt.year == 1994)]
    sig = sig.sort_values(["date", "country"]).reset_index(drop=True)
    out = sig[["date", "country", "iso3"]].copy()
    out["order"] = range(1, len(out) + 1)
    # Several states signed on the same day: the total counts the whole day.
    out["signed_so_far"] = out.groupby("date")["order"].transform("max")
    return out


def objectives_comparison():
    """The Framework Document's objectives beside the article's list, one row per position.

    Returns
    -------
    pandas.DataFrame
        ``number``, ``framework_objective`` (from :func:`pfp_data.objectives`, empty after
        the fifth) and ``article_item`` (the article's seven items).
    """
    import pandas as pd

    from . import objectives

    obj = objectives().sort_values("number")["short_label"].tolist()
    n = max(len(obj), len(ARTICLE_AREAS))
    return pd.DataFrame(
        {
            "number": range(1, n + 1),
            "framework_objective": pd.array(obj + [pd.NA] * (n - len(obj)), dtype="string"),
            "article_item": pd.array(
                list(ARTICLE_AREAS) + [pd.NA] * (n - len(ARTICLE_AREAS)), dtype="string"
            ),
        }
    )


def objective_counts():
    """How many objectives: as the article says, as the article lists, as the document has."""
    import pandas as pd

    from . import check_claim, objectives

    stated = int(check_claim("A10").stated)
    return pd.DataFrame(
        {
            "count_of": [
                "Article: number it states",
                "Article: items it lists",
                "Framework Document, para. 3",
            ],
            "objectives": [stated, len(ARTICLE_AREAS), len(objectives())],
            "source": ["ARTICLE", "ARTICLE", "NATOFD1994"],
        }
    )


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def milestones_chart(start="1991-01-01", end=None, event_types=("milestone",), width=420):
    """A dated timeline of events with labels; hover shows the full description.

    Interactive without a kernel: drag to pan and scroll to zoom the time axis; hovering
    near an event enlarges it and shows its description and sources.
    """
    alt = _alt()
    data = milestones(start, end, event_types)
    if data.empty:
        raise PfPDataError(f"No events of type {list(event_types)} between {start} and {end}.")
    data["type_label"] = data["event_type"].map(_EVENT_TYPE_LABELS)
    data["when"] = [_day(d) for d in data["date"]]
    types = [t for t in _EVENT_TYPE_LABELS if t in set(data["event_type"])]
    hover = alt.selection_point(fields=["label"], on="pointerover", nearest=True, empty=False)
    zoom = alt.selection_interval(encodings=["x"], bind="scales")
    x = alt.X("date:T", title="Date (year)", axis=alt.Axis(format="%Y", labelAngle=0),
              scale=alt.Scale(padding=12))
    # One row per event, labelled on the axis: labels never overlap, however close the dates.
    data["row"] = [f"{d:%Y-%m}  {lab}" for d, lab in zip(data["date"], data["label"], strict=True)]
    y = alt.Y("row:N", title="Event (in date order)", sort=list(data["row"]),
              axis=alt.Axis(labelLimit=320, grid=True))
    labels = [_EVENT_TYPE_LABELS[t] for t in types]

    def by_type(channel, values):
        # colour and shape tell the same thing, so they share one legend
        return channel("type_label:N", title="Kind of event",
                       scale=alt.Scale(domain=labels, range=[values[t] for t in types]))

    color = by_type(alt.Color, _EVENT_TYPE_COLORS)
    shape = by_type(alt.Shape, _EVENT_TYPE_SHAPES)
    tooltip = [
        alt.Tooltip("when:N", title="Date"),
        alt.Tooltip("type_label:N", title="Kind"),
        alt.Tooltip("description:N", title="What happened"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    base = alt.Chart(data).encode(x=x, y=y)
    points = base.mark_point(filled=True, opacity=1).encode(
        color=color,
        shape=shape,
        size=alt.condition(hover, alt.value(220), alt.value(80)),
        tooltip=tooltip,
    ).add_params(hover, zoom)
    chart = points
    first, last = data["date"].iloc[0], data["date"].iloc[-1]
    description = (
        f"Timeline of {len(data)} events from {_day(first)} ({data['label'].iloc[0]}) "
        f"to {_day(last)} ({data['label'].iloc[-1]})."
    )
    return _finish(
        chart,
        f"Milestones, {first.year}-{last.year}",
        description,
        "Hover over a point for details; drag or scroll on the chart to pan and zoom in time.",
        width=width,
        height=22 * len(data),
    )


def signatures_1994_chart(width=600):
    """Running total of signatures through 1994, with the CRS count (3 August) and mid-October.

    Interactive without a kernel: a slider picks a day of 1994 and the chart prints how
    many states had signed by then; hovering a step shows which state signed.
    """
    alt = _alt()
    import pandas as pd

    from .timeline import partners_on

    data = signatures_1994()
    data["day_of_year"] = data["date"].dt.day_of_year
    data["when"] = [_day(d) for d in data["date"]]
    checks = pd.DataFrame(
        {
            "date": pd.to_datetime(["1994-08-03", "1994-10-15"]),
            "what": ["3 August (CRS report)", "15 October (mid-October)"],
        }
    )
    checks["signed"] = [len(partners_on(d)) for d in checks["date"]]
    checks["text"] = [f"{n} by {w}" for n, w in zip(checks["signed"], checks["what"], strict=True)]
    day = alt.param(
        name="day_of_1994",
        value=int(data["day_of_year"].max()),
        bind=alt.binding_range(min=1, max=365, step=1, name="Day of 1994 (1-365): "),
    )
    hover = alt.selection_point(fields=["order"], on="pointerover", nearest=True, empty=False)
    x = alt.X("date:T", title="Date of signature (1994)", axis=alt.Axis(format="%b"),
              scale=alt.Scale(domain=["1994-01-01", "1994-12-31"]))
    y = alt.Y("signed_so_far:Q", title="States that had signed (count)")
    step = alt.Chart(data).mark_line(interpolate="step-after", color=palette.BLUE).encode(x=x, y=y)
    points = alt.Chart(data).mark_point(filled=True, shape="circle", color=palette.BLUE).encode(
        x=x,
        y=y,
        size=alt.condition(hover, alt.value(160), alt.value(40)),
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("when:N", title="Signed on"),
            alt.Tooltip("signed_so_far:Q", title="Signed by end of day"),
        ],
    ).add_params(hover)
    marks = alt.Chart(checks).encode(x="date:T")
    check_rules = marks.mark_rule(color=palette.VERMILLION, strokeDash=[4, 2])
    check_text = marks.mark_text(
        align="right", dx=-4, dy=-6, color=palette.VERMILLION, fontWeight="bold"
    ).encode(y=alt.Y("signed:Q"), text="text:N")
    picked = (
        alt.Chart(data)
        .transform_filter(alt.datum.day_of_year <= day)
        .transform_aggregate(signed="max(signed_so_far)", last="max(date)")
        .transform_calculate(
            text="datum.signed + ' states had signed by day ' + day_of_1994 + ' of 1994'"
        )
        .mark_text(align="left", x=5, y=8, fontSize=13, color="#333333")
        .encode(text="text:N")
    )
    chart = alt.layer(step, points, check_rules, check_text, picked).add_params(day)
    first, last = data.iloc[0], data.iloc[-1]
    description = (
        f"Step chart of the {len(data)} signatures in 1994, from {first['country']} on "
        f"{_day(first['date'])} to {last['country']} on {_day(last['date'])}; "
        f"{checks['signed'].iloc[0]} had signed by 3 August and "
        f"{checks['signed'].iloc[1]} by 15 October."
    )
    return _finish(
        chart,
        "Who signed the Partnership for Peace in 1994",
        description,
        "Move the slider below the chart to read the total on any day; hover a point for a state.",
        width=width,
        height=300,
    )


def objectives_chart(width=420):
    """Three bars: the number of objectives the article states, lists and the document has."""
    alt = _alt()
    data = objective_counts()
    data["label"] = data["objectives"].astype(str) + " (" + data["source"] + ")"
    order = data["count_of"].tolist()
    y = alt.Y("count_of:N", title=None, sort=order)
    x = alt.X("objectives:Q", title="Objectives (count)", scale=alt.Scale(domain=[0, 8]),
              axis=alt.Axis(tickMinStep=1))
    color = alt.Color(
        "source:N",
        title="Source",
        scale=alt.Scale(domain=["ARTICLE", "NATOFD1994"], range=[palette.GREY, palette.BLUE]),
    )
    bars = alt.Chart(data).mark_bar().encode(
        x=x, y=y, color=color,
        tooltip=[alt.Tooltip("count_of:N", title="Count of"),
                 alt.Tooltip("objectives:Q", title="Objectives"),
                 alt.Tooltip("source:N", title="Source")],
    )
    text = alt.Chart(data).mark_text(align="left", dx=4, color="#333333").encode(
        x=x, y=y, text="label:N"
    )
    chart = alt.layer(bars, text)
    fd = int(data["objectives"].iloc[2])
    description = (
        f"Bar chart: the article says there are {int(data['objectives'].iloc[0])} areas and "
        f"lists {int(data['objectives'].iloc[1])}, while the Framework Document sets out {fd}."
    )
    return _finish(chart, "How many objectives does the partnership have?", description,
                   width=width, height=120)


def activities_chart(width=420):
    """The Austrian and Swedish 1996-97 figures, each bar labelled as single-source.

    Percentages and counts are drawn on separate axes: they are not comparable. A radio
    control (static, no kernel needed) shows Austria, Sweden or both.
    """
    alt = _alt()
    from . import activities

    data = activities()
    if not data["single_source"].all():
        raise PfPDataError("activities_chart expects only single-source rows; the data changed.")
    data["row"] = data["country"].astype(str) + " " + data["year"].astype(str) + ": " + \
        data["measure"].astype(str)
    data["mark"] = data["value"].map(lambda v: f"{v:g}") + " " + data["unit"].astype(str) + \
        " · single source (" + data["sources"].astype(str) + ")"
    data["is_percent"] = data["unit"].astype(str).str.startswith("percent")
    countries = sorted(data["country"].astype(str).unique())
    pick = alt.param(
        name="activity_country",
        value="Both",
        bind=alt.binding_radio(options=["Both", *countries], name="Country: "),
    )
    color = alt.Color(
        "country:N",
        title="Country",
        scale=alt.Scale(
            domain=countries, range=[palette.BLUE, palette.VERMILLION][: len(countries)]
        ),
    )

    def panel(frame, x_title, domain):
        base = alt.Chart(frame).transform_filter(
            (pick == "Both") | (alt.datum.country == pick)
        )
        y = alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=420))
        x = alt.X("value:Q", title=x_title, scale=alt.Scale(domain=domain))
        bars = base.mark_bar(strokeDash=[4, 2], stroke="#333333", strokeWidth=1,
                             fillOpacity=0.75).encode(
            x=x, y=y, color=color,
            tooltip=[alt.Tooltip("row:N", title="Figure"),
                     alt.Tooltip("mark:N", title="Value"),
                     alt.Tooltip("caveat:N", title="Caveat")],
        )
        text = base.mark_text(align="left", dx=4, fontSize=10, color="#333333").encode(
            x=x, y=y, text="mark:N"
        )
        return alt.layer(bars, text).properties(width=width)

    pct = data[data["is_percent"]]
    cnt = data[~data["is_percent"]]
    chart = alt.vconcat(
        panel(pct, "Share (percent)", [0, 100]),
        panel(cnt, "Count (activities, operations, people, exercises or objectives)",
              [0, float(cnt["value"].max()) * 1.9]),
    ).add_params(pick)
    description = (
        f"Bar charts of {len(data)} figures for Austria and Sweden in 1996-97, all from one "
        f"source (Ishizuka 2014) with no second source; the largest count is "
        f"{cnt['value'].max():g} {cnt.loc[cnt['value'].idxmax(), 'unit']}."
    )
    return _finish(
        chart,
        "Austria and Sweden in the partnership, 1996-97 (single source)",
        description,
        "Dashed outlines: every figure comes from one secondary source and is unverified.",
    )


def groupings_chart(width=360):
    """Partners' memberships of the EU, the CSTO and GUAM, with the date each is true on."""
    alt = _alt()
    from . import groupings

    data = groupings()
    data["role"] = data["role"].astype(str)
    data["role_label"] = data["role"].str.replace("_", " ").str.capitalize()
    data["as_of_text"] = [_day(d) for d in data["as_of"]]
    data["caveat"] = data["caveat"].fillna("")
    roles = ["member", "observer", "former_member"]
    role_labels = [r.replace("_", " ").capitalize() for r in roles]
    y = alt.Y("country:N", title="State", sort=alt.EncodingSortField("grouping"))
    x = alt.X("grouping:N", title="Grouping (as of the date in the tooltip)",
              axis=alt.Axis(labelAngle=0))
    legend_pick = alt.selection_point(fields=["role_label"], bind="legend")
    points = alt.Chart(data).mark_point(filled=True, size=140).encode(
        x=x, y=y,
        color=alt.Color("role_label:N", title="Role",
                        scale=alt.Scale(domain=role_labels,
                                        range=[palette.BLUE, palette.GREEN, palette.PURPLE])),
        shape=alt.Shape("role_label:N", title="Role",
                        scale=alt.Scale(domain=role_labels,
                                        range=["circle", "diamond", "triangle-up"])),
        opacity=alt.condition(legend_pick, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("country:N", title="State"),
                 alt.Tooltip("grouping:N", title="Grouping"),
                 alt.Tooltip("role_label:N", title="Role"),
                 alt.Tooltip("as_of_text:N", title="True as of"),
                 alt.Tooltip("caveat:N", title="Caveat")],
    ).add_params(legend_pick)
    chart = points
    counts = data.groupby("grouping", observed=True).size()
    parts = ", ".join(f"{n} in {g}" for g, n in counts.items())
    description = (
        f"Dot chart of {len(data)} memberships of {data['country'].nunique()} states ({parts}); "
        f"dates range from {_day(data['as_of'].min())} to {_day(data['as_of'].max())}."
    )
    return _finish(
        chart,
        "Signatories (and Cyprus) in the EU, the CSTO and GUAM",
        description,
        "Click a role in the legend to highlight it; hover for the as-of date and caveats.",
        width=width,
    )


def timeline_with_year_chart(countries=NEUTRAL_STATES, year=2000):
    """:func:`pfp_data.charts.country_timeline_chart` plus a year slider that draws a line.

    The slider is a Vega-Lite parameter, so it works in a static page without a kernel: it
    is the static twin of :func:`status_view`.
    """
    alt = _alt()
    from .charts import country_timeline_chart
    from .dates import as_of_date

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
            x=alt.X("when:T", axis=alt.Axis(title="Date (year)", format="%Y")),
            tooltip=[alt.Tooltip("when:T", title="Line at", format="%d %b %Y")],
        )
    )
    return (chart + rule).add_params(picked)


# ---------------------------------------------------------------------------
# A live view for JupyterLab (ipywidgets)
# ---------------------------------------------------------------------------


def status_view(countries=None, start_year=1994, end_year=None, value=None):
    """A labelled year slider that lists partners (or the given states' statuses) on 31 Dec.

    Live only with a running kernel (JupyterLab, Binder). Returns the widget box.
    """
    import ipywidgets as widgets

    from .dates import as_of_date
    from .timeline import partners_on, status_on

    end_year = end_year or as_of_date().year
    if not start_year <= (value or start_year) <= end_year:
        raise PfPDataError(f"value must be between {start_year} and {end_year}.")
    slider = widgets.IntSlider(
        value=value or start_year, min=start_year, max=end_year, step=1,
        description="Year:", continuous_update=False,
        style={"description_width": "initial"},
    )
    out = widgets.HTML()

    def day_of(year):
        return min(f"{year}-12-31", f"{as_of_date():%Y-%m-%d}")

    def render(change=None):
        day = day_of(slider.value)
        if countries:
            items = "".join(
                f"<li>{c}: {palette.STATUS_LABELS[status_on(c, day)]}</li>" for c in countries
            )
            out.value = f"<p>Status on {day}:</p><ul>{items}</ul>"
        else:
            frame = partners_on(day)
            names = ", ".join(
                n + (" (suspended)" if s else "")
                for n, s in zip(frame["country"], frame["suspended"], strict=True)
            )
            out.value = f"<p><b>{len(frame)} partners on {day}:</b> {names}</p>"

    slider.observe(render, names="value")
    render()
    return widgets.VBox([slider, out])


__all__ = [
    "ARTICLE_AREAS",
    "NEUTRAL_STATES",
    "activities_chart",
    "groupings_chart",
    "milestones",
    "milestones_chart",
    "objective_counts",
    "objectives_chart",
    "objectives_comparison",
    "short_label",
    "signatures_1994",
    "signatures_1994_chart",
    "status_view",
    "timeline_with_year_chart",
]
