"""The article's claims, checked: verdicts, the count read three ways, the claim table.

The static views work in the book without a kernel: the claim table is filtered by
inputs bound to Vega-Lite parameters. :func:`claim_html` is one claim's full evidence,
which :func:`pfp_data.widgets.claim_explorer` shows live in JupyterLab.
"""

from .. import palette
from ._base import INK, TOOLTIP_DATE, axis, day, finish, load_altair

VERDICT_ORDER = ["supported", "partly", "stale", "wrong", "unverified"]
VERDICT_COLORS = {
    "supported": palette.BLUE,
    "partly": palette.GREEN,
    "stale": palette.PURPLE,
    "wrong": palette.VERMILLION,
    "unverified": palette.GREY,
}
READING_LABELS = {
    "as_printed": "Article's tables, blanks read as 'not in NATO'",
    "merged_cells_restored": "Article's tables, merged cells restored",
    "checked": "Checked data (34 signatories)",
}


def verdict_counts():
    """Number of claims per verdict, in VERDICT_ORDER."""
    import pandas as pd

    from ..claim_checks import claims

    counts = claims()["verdict"].astype(str).value_counts()
    return pd.DataFrame({"verdict": VERDICT_ORDER,
                         "claims": [int(counts.get(v, 0)) for v in VERDICT_ORDER]})


def verdict_chart():
    """Horizontal bars: how many of the article's claims got each verdict (labelled)."""
    alt = load_altair()
    data = verdict_counts()
    total = int(data["claims"].sum())
    parts = ", ".join(f"{r.claims} {r.verdict}" for r in data.itertuples())
    y = alt.Y("verdict:N", sort=VERDICT_ORDER, axis=axis("Verdict"))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("claims:Q", axis=axis("Claims (number)", tickMinStep=1)),
        y=y,
        color=alt.Color("verdict:N", legend=None,
                        scale=alt.Scale(domain=VERDICT_ORDER,
                                        range=[VERDICT_COLORS[v] for v in VERDICT_ORDER])),
        tooltip=[alt.Tooltip("verdict:N", title="Verdict"),
                 alt.Tooltip("claims:Q", title="Claims")],
    )
    # the count is written at the end of each bar, so the verdict never rests on hue
    labels = alt.Chart(data).mark_text(align="left", dx=4, color=INK).encode(
        x="claims:Q", y=y, text="claims:Q")
    return finish(
        bars + labels, title="How the article's claims fared",
        description=f"Bar chart of the {total} checked claims of the article by verdict: "
                    f"{parts}.",
        height=180,
    )


def both_ways_chart():
    """Step lines: partner counts from the article's tables (two readings) and the data."""
    alt = load_altair()
    from ..article import count_series_both_ways

    wide = count_series_both_ways()
    long = wide.melt(id_vars="date", var_name="source", value_name="partners")
    long["partners"] = long["partners"].astype("int64")
    long["source"] = long["source"].map(READING_LABELS)
    last = wide.iloc[-1]
    order = list(READING_LABELS.values())
    colours = [palette.VERMILLION, palette.PURPLE, palette.BLUE]
    dashes = [[6, 3], [2, 2], [1, 0]]
    description = (
        "Step line chart of the number of partners over time counted three ways. On "
        f"{day(last['date'])} the article's tables give {last['as_printed']} with blank "
        f"dates read as not in NATO and {last['merged_cells_restored']} with the merged "
        f"cells restored, while the checked data give {last['checked']}."
    )
    chart = alt.Chart(long).mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=alt.X("date:T", axis=axis("Date (year)", format="%Y")),
        y=alt.Y("partners:Q", axis=axis("Partners (number of states)"),
                scale=alt.Scale(domainMin=0)),
        color=alt.Color("source:N", title="Counted from",
                        scale=alt.Scale(domain=order, range=colours),
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          labelLimit=0)),
        strokeDash=alt.StrokeDash("source:N", title="Counted from",
                                  scale=alt.Scale(domain=order, range=dashes)),
        tooltip=[alt.Tooltip("source:N", title="Counted from"),
                 alt.Tooltip("date:T", title="From", format=TOOLTIP_DATE),
                 alt.Tooltip("partners:Q", title="Partners")],
    )
    return finish(chart, title="One count, three answers", description=description,
                  subtitle="Line style and colour both tell the sources apart; where lines "
                           "overlap, the counts agree.", height=300)


def claim_table_chart():
    """A claim table the reader filters with two drop-downs (works without a kernel)."""
    alt = load_altair()
    from ..claim_checks import claims

    table = claims()[["id", "section", "topic", "stated", "computed", "verdict"]].copy()
    table = table.astype(object).where(table.notna(), "–").astype(str)
    table["row"] = range(len(table))
    verdict = alt.param(name="verdict_filter", value="all",
                        bind=alt.binding_select(options=["all", *VERDICT_ORDER],
                                                name="Verdict: "))
    sections = ["all", *dict.fromkeys(table["section"])]
    section = alt.param(name="section_filter", value="all",
                        bind=alt.binding_select(options=sections, name="Part of the article: "))
    keep = ("(verdict_filter == 'all' || datum.verdict == verdict_filter) && "
            "(section_filter == 'all' || datum.section == section_filter)")
    base = alt.Chart(table).transform_filter(keep).transform_window(
        shown="row_number()", sort=[alt.SortField("row")])

    def column(field, title, width):
        return base.mark_text(align="left", baseline="middle", fontSize=11,
                              color=INK).encode(
            x=alt.value(0), y=alt.Y("shown:O", axis=None),
            text=alt.Text(f"{field}:N"),
            tooltip=[alt.Tooltip("id:N", title="Claim"), alt.Tooltip("topic:N", title="Topic"),
                     alt.Tooltip("verdict:N", title="Verdict")],
        ).properties(width=width, title=alt.Title(title, anchor="start", fontSize=12))

    # text must reach 4.5:1 contrast, so the verdict is dark text beside a coloured dot
    verdict_dot = base.mark_point(filled=True, size=60, opacity=1).encode(
        x=alt.value(5), y=alt.Y("shown:O", axis=None),
        color=alt.Color("verdict:N", legend=None,
                        scale=alt.Scale(domain=VERDICT_ORDER,
                                        range=[VERDICT_COLORS[v] for v in VERDICT_ORDER])),
    )
    verdict_text = base.mark_text(align="left", baseline="middle", fontSize=11,
                                  fontWeight="bold", color=INK).encode(
        x=alt.value(14), y=alt.Y("shown:O", axis=None), text="verdict:N")
    verdict_col = (verdict_dot + verdict_text).properties(
        width=90, title=alt.Title("Verdict", anchor="start", fontSize=12))
    chart = alt.hconcat(
        column("id", "Claim", 40), column("topic", "Topic", 250),
        column("stated", "Stated", 80), column("computed", "Computed", 110), verdict_col,
        spacing=4,
    ).add_params(verdict, section).configure_view(stroke=None)
    counts = table["verdict"].value_counts()
    return finish(
        chart, title="The article's claims, checked",
        subtitle="Choose a verdict or a part of the article to filter.",
        description=f"A filterable table of {len(table)} claims with the stated value, the "
                    f"value computed from the data and the verdict; {counts.get('wrong', 0)} "
                    f"are wrong and {counts.get('unverified', 0)} unverified.",
    )


def claim_html(claim_id):
    """One claim's check as an HTML fragment: values, verdict, why, sources, evidence."""
    from html import escape

    from ..claim_checks import check_claim

    result = check_claim(claim_id)
    stated = result.stated if result.stated is not None else "(no single value)"
    computed = result.computed if result.computed is not None else "(cannot be counted)"
    items = [("Stated by the article", stated), ("Computed from the data", computed),
             ("Verdict", result.verdict), ("Why", result.explanation),
             ("Sources", ", ".join(result.sources))]
    rows = "".join(f"<tr><th scope='row'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                   for k, v in items)
    evidence = result.evidence.head(12).to_html(index=False, na_rep="", border=0)
    return (f"<h4>{escape(result.id)}: {escape(result.paraphrase)}</h4>"
            f"<table>{rows}</table><p><strong>Evidence</strong> (first rows)</p>{evidence}")


__all__ = [
    "READING_LABELS",
    "VERDICT_COLORS",
    "VERDICT_ORDER",
    "both_ways_chart",
    "claim_html",
    "claim_table_chart",
    "verdict_chart",
    "verdict_counts",
]
