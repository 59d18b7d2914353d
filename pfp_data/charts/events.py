"""Dated events on a timeline: the milestones of the partnership and the 1994 signatures.

Both charts are interactive without a kernel (selections and a slider are Vega-Lite
parameters); their data helpers return DataFrames that the notebooks and tests check.
"""

import re

from .. import palette
from ..errors import PfPDataError
from ._base import INK, axis, day, finish, load_altair

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
    ("2014-09-04", "milestone"): "Wales summit: PII, EOP, DCB",
    ("2014-12-28", "milestone"): "ISAF mission ends",
    ("2019-02-12", "milestone"): "Prespa Agreement in force",
    ("2021-11-19", "suspension"): "Belarus's cooperation suspended",
    ("2022-02-24", "milestone"): "Russia invades Ukraine",
    ("2024-02-22", "milestone"): "Armenia freezes CSTO role",
}

EVENT_TYPE_LABELS = {
    "milestone": "Milestone",
    "suspension": "Partnership suspended",
    "signature": "Signature",
    "withdrawal": "Withdrawal",
    "reactivation": "Reactivation",
    "nato_accession": "NATO accession",
}
EVENT_TYPE_COLORS = {
    "milestone": palette.BLUE,
    "suspension": palette.VERMILLION,
    "signature": palette.GREEN,
    "withdrawal": palette.PURPLE,
    "reactivation": palette.BLACK,
    "nato_accession": palette.GREY,
}
EVENT_TYPE_SHAPES = {
    "milestone": "circle",
    "suspension": "triangle-down",
    "signature": "diamond",
    "withdrawal": "triangle-up",
    "reactivation": "cross",
    "nato_accession": "square",
}


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
    from .. import events
    from ..dates import as_of_date, to_date

    unknown = sorted(set(event_types) - set(EVENT_TYPE_LABELS))
    if unknown:
        raise PfPDataError(
            f"Unknown event type(s) {unknown}. Choose from {sorted(EVENT_TYPE_LABELS)}."
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
    from .. import events

    ev = events()
    sig = ev[(ev["event_type"] == "signature") & (ev["date"].dt.year == 1994)]
    sig = sig.sort_values(["date", "country"]).reset_index(drop=True)
    out = sig[["date", "country", "iso3"]].copy()
    out["order"] = range(1, len(out) + 1)
    # Several states signed on the same day: the total counts the whole day.
    out["signed_so_far"] = out.groupby("date")["order"].transform("max")
    return out



def milestones_chart(start="1991-01-01", end=None, event_types=("milestone",), width=420):
    """A dated timeline of events with labels; hover shows the full description.

    Interactive without a kernel: drag to pan and scroll to zoom the time axis; hovering
    near an event enlarges it and shows its description and sources.
    """
    alt = load_altair()
    data = milestones(start, end, event_types)
    if data.empty:
        raise PfPDataError(f"No events of type {list(event_types)} between {start} and {end}.")
    data["type_label"] = data["event_type"].map(EVENT_TYPE_LABELS)
    data["when"] = [day(d) for d in data["date"]]
    types = [t for t in EVENT_TYPE_LABELS if t in set(data["event_type"])]
    hover = alt.selection_point(fields=["label"], on="pointerover", nearest=True, empty=False)
    zoom = alt.selection_interval(encodings=["x"], bind="scales")
    x = alt.X("date:T", title="Date (year)", axis=axis("Date (year)", format="%Y", labelAngle=0),
              scale=alt.Scale(padding=12))
    # One row per event, labelled on the axis: labels never overlap, however close the dates.
    data["row"] = [f"{d:%Y-%m}  {lab}" for d, lab in zip(data["date"], data["label"], strict=True)]
    y_title = "Event (in date order)"
    y = alt.Y("row:N", title=y_title, sort=list(data["row"]),
              axis=axis(y_title, labelLimit=320, grid=True))
    labels = [EVENT_TYPE_LABELS[t] for t in types]

    def by_type(channel, values):
        # colour and shape tell the same thing, so they share one legend
        return channel("type_label:N", title="Kind of event",
                       scale=alt.Scale(domain=labels, range=[values[t] for t in types]))

    color = by_type(alt.Color, EVENT_TYPE_COLORS)
    shape = by_type(alt.Shape, EVENT_TYPE_SHAPES)
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
    first, last = data["date"].iloc[0], data["date"].iloc[-1]
    description = (
        f"Timeline of {len(data)} events from {day(first)} ({data['label'].iloc[0]}) "
        f"to {day(last)} ({data['label'].iloc[-1]})."
    )
    return finish(
        points, title=f"Milestones, {first.year}-{last.year}", description=description,
        subtitle="Hover over a point for details; drag or scroll on the chart to pan and zoom "
                 "in time.",
        width=width, height=22 * len(data),
    )


def signatures_1994_chart(width=600):
    """Running total of signatures through 1994, with the CRS count (3 August) and mid-October.

    Interactive without a kernel: a slider picks a day of 1994 and the chart prints how
    many states had signed by then; hovering a step shows which state signed.
    """
    alt = load_altair()
    import pandas as pd

    from ..timeline import partners_on

    data = signatures_1994()
    data["day_of_year"] = data["date"].dt.day_of_year
    data["when"] = [day(d) for d in data["date"]]
    checks = pd.DataFrame(
        {
            "date": pd.to_datetime(["1994-08-03", "1994-10-15"]),
            "what": ["3 August (CRS report)", "15 October (mid-October)"],
        }
    )
    checks["signed"] = [len(partners_on(d)) for d in checks["date"]]
    checks["text"] = [f"{n} by {w}" for n, w in zip(checks["signed"], checks["what"], strict=True)]
    day_of_1994 = alt.param(
        name="day_of_1994",
        value=int(data["day_of_year"].max()),
        bind=alt.binding_range(min=1, max=365, step=1, name="Day of 1994 (1-365): "),
    )
    hover = alt.selection_point(fields=["order"], on="pointerover", nearest=True, empty=False)
    x_title = "Date of signature (1994)"
    x = alt.X("date:T", title=x_title, axis=axis(x_title, format="%b"),
              scale=alt.Scale(domain=["1994-01-01", "1994-12-31"]))
    y_title = "States that had signed (count)"
    y = alt.Y("signed_so_far:Q", title=y_title, axis=axis(y_title))
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
        .transform_filter(alt.datum.day_of_year <= day_of_1994)
        .transform_aggregate(signed="max(signed_so_far)", last="max(date)")
        .transform_calculate(
            text="datum.signed + ' states had signed by day ' + day_of_1994 + ' of 1994'"
        )
        .mark_text(align="left", x=5, y=8, fontSize=13, color=INK)
        .encode(text="text:N")
    )
    chart = alt.layer(step, points, check_rules, check_text, picked).add_params(day_of_1994)
    first, last = data.iloc[0], data.iloc[-1]
    description = (
        f"Step chart of the {len(data)} signatures in 1994, from {first['country']} on "
        f"{day(first['date'])} to {last['country']} on {day(last['date'])}; "
        f"{checks['signed'].iloc[0]} had signed by 3 August and "
        f"{checks['signed'].iloc[1]} by 15 October."
    )
    return finish(
        chart, title="Who signed the Partnership for Peace in 1994", description=description,
        subtitle="Move the slider below the chart to read the total on any day; hover a point "
                 "for a state.",
        width=width, height=300,
    )


__all__ = [
    "EVENT_TYPE_COLORS",
    "EVENT_TYPE_LABELS",
    "EVENT_TYPE_SHAPES",
    "milestones",
    "milestones_chart",
    "short_label",
    "signatures_1994",
    "signatures_1994_chart",
]
