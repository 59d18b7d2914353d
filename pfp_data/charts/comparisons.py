"""Side-by-side figures: years as a partner, objectives, activities and groupings.

Each chart compares a handful of values that the reader should weigh against each other,
and says where every value comes from (a single source is marked as such).
"""

from .. import palette
from ..errors import PfPDataError
from ._base import (
    INK,
    PAGE_WIDTH,
    TOOLTIP_DATE,
    axis,
    category_axis,
    day,
    finish,
    load_altair,
)

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


def years_as_partner_chart():
    """Horizontal bars: years from PfP signature to NATO accession, per state."""
    alt = load_altair()
    from ..timeline import years_as_partner

    data = years_as_partner()
    data["years"] = data["years"].astype("float64")
    data["wave"] = data["nato_accession"].dt.year.astype("int64")
    data["label"] = [f"{r.years:.1f} y, joined NATO {r.wave}" for r in data.itertuples()]
    shortest = data.loc[data["years"].idxmin()]
    longest = data.loc[data["years"].idxmax()]
    description = (
        f"Bar chart of the {len(data)} PfP signatories that joined NATO: time as a partner "
        f"ranged from {shortest['years']:.1f} years ({shortest['country']}, NATO "
        f"{shortest['wave']}) to {longest['years']:.1f} years ({longest['country']}, NATO "
        f"{longest['wave']}); the median was {data['years'].median():.1f} years."
    )
    order = data.sort_values(["years", "country"], ascending=[False, True])["country"].tolist()
    y = alt.Y("country:N", sort=order, axis=axis("State"))
    x_axis = axis("Years as a partner before joining NATO (years)")
    bars = alt.Chart(data).mark_bar(color=palette.BLUE).encode(
        x=alt.X("years:Q", axis=x_axis),
        y=y,
        tooltip=[alt.Tooltip("country:N", title="State"),
                 alt.Tooltip("pfp_signed:T", title="Signed PfP", format=TOOLTIP_DATE),
                 alt.Tooltip("nato_accession:T", title="Joined NATO", format=TOOLTIP_DATE),
                 alt.Tooltip("years:Q", title="Years", format=".1f")],
    )
    text = alt.Chart(data).mark_text(align="left", dx=3, fontSize=10,
                                     color=palette.BLACK).encode(
        x=alt.X("years:Q", axis=x_axis), y=y, text="label:N",
    )
    return finish(
        alt.layer(bars, text), title="How long partners waited before joining NATO",
        subtitle="From signing the PfP Framework Document to NATO accession "
                 "(years of 365.25 days); each bar is labelled with its accession year.",
        description=description, width=PAGE_WIDTH - 200, height=18 * len(data),
    )


def objective_counts():
    """How many objectives: as the article says, as the article lists, as the document has."""
    import pandas as pd

    from .. import check_claim, objectives

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


def objectives_chart(width=420):
    """Three bars: the number of objectives the article states, lists and the document has."""
    alt = load_altair()
    data = objective_counts()
    data["label"] = data["objectives"].astype(str) + " (" + data["source"] + ")"
    order = data["count_of"].tolist()
    y = alt.Y("count_of:N", sort=order, axis=category_axis())
    x_title = "Objectives (count)"
    x = alt.X("objectives:Q", title=x_title, scale=alt.Scale(domain=[0, 8]),
              axis=axis(x_title, tickMinStep=1))
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
    text = alt.Chart(data).mark_text(align="left", dx=4, color=INK).encode(
        x=x, y=y, text="label:N"
    )
    fd = int(data["objectives"].iloc[2])
    description = (
        f"Bar chart: the article says there are {int(data['objectives'].iloc[0])} areas and "
        f"lists {int(data['objectives'].iloc[1])}, while the Framework Document sets out {fd}."
    )
    return finish(alt.layer(bars, text), title="How many objectives does the partnership have?",
                  description=description, width=width, height=120)


def activities_chart(width=420):
    """The Austrian and Swedish 1996-97 figures, each bar labelled as single-source.

    Percentages and counts are drawn on separate axes: they are not comparable. A radio
    control (static, no kernel needed) shows Austria, Sweden or both.
    """
    alt = load_altair()
    from .. import activities

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
        y = alt.Y("row:N", sort=None, axis=category_axis(labelLimit=420))
        x = alt.X("value:Q", title=x_title, axis=axis(x_title), scale=alt.Scale(domain=domain))
        bars = base.mark_bar(strokeDash=[4, 2], stroke=INK, strokeWidth=1,
                             fillOpacity=0.75).encode(
            x=x, y=y, color=color,
            tooltip=[alt.Tooltip("row:N", title="Figure"),
                     alt.Tooltip("mark:N", title="Value"),
                     alt.Tooltip("caveat:N", title="Caveat")],
        )
        text = base.mark_text(align="left", dx=4, fontSize=10, color=INK).encode(
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
    return finish(
        chart, title="Austria and Sweden in the partnership, 1996-97 (single source)",
        description=description,
        subtitle="Dashed outlines: every figure comes from one secondary source and is "
                 "unverified.",
    )


def groupings_chart(width=360):
    """Partners' memberships of the EU, the CSTO and GUAM, with the date each is true on."""
    alt = load_altair()
    from .. import groupings

    data = groupings()
    data["role"] = data["role"].astype(str)
    data["role_label"] = data["role"].str.replace("_", " ").str.capitalize()
    data["as_of_text"] = [day(d) for d in data["as_of"]]
    data["caveat"] = data["caveat"].fillna("")
    roles = ["member", "observer", "former_member"]
    role_labels = [r.replace("_", " ").capitalize() for r in roles]
    y = alt.Y("country:N", title="State", sort=alt.EncodingSortField("grouping"),
              axis=axis("State"))
    x_title = "Grouping (as of the date in the tooltip)"
    x = alt.X("grouping:N", title=x_title, axis=axis(x_title, labelAngle=0))
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
    counts = data.groupby("grouping", observed=True).size()
    parts = ", ".join(f"{n} in {g}" for g, n in counts.items())
    description = (
        f"Dot chart of {len(data)} memberships of {data['country'].nunique()} states ({parts}); "
        f"dates range from {day(data['as_of'].min())} to {day(data['as_of'].max())}."
    )
    return finish(
        points, title="Signatories (and Cyprus) in the EU, the CSTO and GUAM",
        description=description,
        subtitle="Click a role in the legend to highlight it; hover for the as-of date and "
                 "caveats.",
        width=width,
    )


__all__ = [
    "ARTICLE_AREAS",
    "activities_chart",
    "groupings_chart",
    "objective_counts",
    "objectives_chart",
    "years_as_partner_chart",
]
