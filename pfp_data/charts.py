"""Altair chart builders for the course, and the pure data helpers behind them.

Every builder returns a chart object and never displays it. Every builder goes through
:func:`finish`, which sets a title, a one-sentence ``description`` computed from the
data (Vega-Lite puts it in the SVG's ``aria-label`` for screen readers) and a width
that fits a book page. Colours come only from :mod:`pfp_data.palette`, and status is
always told by a second cue too (shape, text or tooltip), never by hue alone.

Interactive parts (the map's year slider, the funding what-if input) are Vega-Lite
parameters bound to HTML inputs, so they work in a static web page without a kernel.

>>> from pfp_data import charts
>>> chart = charts.partner_count_chart()
>>> chart.to_dict()["description"].startswith("Step line chart")
True
"""

import functools
import json

from . import display, palette
from .dates import as_of_date, to_date
from .errors import PfPDataError

PAGE_WIDTH = 640  # a book page's text column, so charts need no horizontal scrolling
ATLAS_FILE = "atlas_europe_asia.topo.json"
ATLAS_NAME = "pfp-atlas"  # one named dataset, so the ~125 kB TopoJSON is inlined once
FIRST_MAP_YEAR = 1993  # the year before the Framework Document: nobody had signed yet
# The frame of the map (longitude, latitude): Iceland to Kyrgyzstan, Crete to Lapland.
MAP_LON = (-25.0, 80.0)
MAP_LAT = (34.0, 71.0)

display.configure()  # the offline/online chart mode that PFP_OFFLINE asks for

SPAN_ORDER = ["partner", "suspended", "withdrawn", "nato_member"]
SPAN_LABELS = {
    "partner": palette.STATUS_LABELS["partner"],
    "suspended": "Partner, cooperation suspended",
    "withdrawn": palette.STATUS_LABELS["withdrawn"],
    "nato_member": palette.STATUS_LABELS["nato_member"],
}
_SPAN_WORDS = {"partner": "PfP partner", "suspended": "partner with cooperation suspended",
               "withdrawn": "withdrawn from PfP", "nato_member": "NATO member"}
SPAN_COLORS = {**palette.STATUS_COLORS, "suspended": palette.GREY}
SPAN_SHAPES = {**palette.STATUS_SHAPES, "suspended": "diamond"}


def _alt():
    import altair as alt

    return alt


def _day(value):
    """'29 Mar 2004': the format every description and tooltip uses."""
    return f"{value.day} {value:%b %Y}"


def _join(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def axis(title, **kwargs):
    """An axis with a title; titles name the unit, e.g. 'Partners (number of states)'."""
    if not title:
        raise PfPDataError("Every axis needs a title that names its unit.")
    return _alt().Axis(title=title, **kwargs)


def finish(chart, *, title, description, subtitle=None, width=PAGE_WIDTH, height=None):
    """The one place that gives every course chart its title, description and size.

    Parameters
    ----------
    chart : altair.Chart or altair.LayerChart
    title : str
        Short title shown above the chart.
    description : str
        One sentence that says what the chart shows, computed from its data. Screen
        readers read it instead of the picture.
    subtitle : str or list of str, optional
        Caveats the reader must see next to the marks.
    width, height : int, optional
        In pixels; the width defaults to a book page.
    """
    if not title or not description:
        raise PfPDataError("A course chart needs a non-empty title and description.")
    alt = _alt()
    props = {
        "title": alt.Title(text=title, subtitle=subtitle or "", anchor="start"),
        "description": description,
        "width": width,
    }
    if height is not None:
        props["height"] = height
    return chart.properties(**props)


def _status_scale(field_order, labels, colours):
    alt = _alt()
    domain = [labels[k] for k in field_order]
    return alt.Scale(domain=domain, range=[colours[k] for k in field_order])


def _shape_scale(field_order, labels, shapes):
    alt = _alt()
    return alt.Scale(domain=[labels[k] for k in field_order],
                     range=[shapes[k] for k in field_order])


# ----------------------------------------------------------------------------------
# Data helpers (pure: they return DataFrames and never draw)
# ----------------------------------------------------------------------------------


def accession_waves(since="1994-01-10"):
    """NATO accessions of PfP signatories, one row per accession day (a "wave").

    Returns
    -------
    pandas.DataFrame
        ``date``, ``year``, ``states`` (how many joined that day) and ``countries``
        (their names, comma-separated), in date order.
    """
    from . import events, signatories

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


def map_snapshot_dates(first=FIRST_MAP_YEAR, last=None):
    """The date each map year stands for: 31 December, or the data's release date."""
    import datetime as dt

    release = as_of_date()
    last = release.year if last is None else int(last)
    if not FIRST_MAP_YEAR - 44 <= int(first) <= last <= release.year:
        raise PfPDataError(
            f"Years must run from {FIRST_MAP_YEAR - 44} to {release.year}, first <= last; "
            f"got {first}-{last}."
        )
    return {y: min(dt.date(y, 12, 31), release) for y in range(int(first), last + 1)}


def status_by_year(first=FIRST_MAP_YEAR, last=None):
    """The status of every state in ``countries()`` at the end of each year.

    The last year stands for the data's release date (the year is not over yet).

    Returns
    -------
    pandas.DataFrame
        One row per state and year: ``year``, ``date``, ``country``, ``iso3``,
        ``atlas_name``, ``group``, ``status``, ``status_label`` and ``suspended``.
    """
    import pandas as pd

    from .timeline import statuses_on

    frames = []
    for year, day in map_snapshot_dates(first, last).items():
        snap = statuses_on(day)
        snap.insert(0, "year", year)
        snap.insert(1, "date", pd.Timestamp(day))
        frames.append(snap)
    out = pd.concat(frames, ignore_index=True)
    out["status_label"] = out["status"].map(palette.STATUS_LABELS).astype("string")
    cols = ["year", "date", "country", "iso3", "atlas_name", "group", "status",
            "status_label", "suspended"]
    return out[cols]


def status_counts_by_year(first=FIRST_MAP_YEAR, last=None):
    """How many states of ``countries()`` had each status at the end of each year."""
    table = status_by_year(first, last)
    counts = table.pivot_table(index="year", columns="status", values="iso3",
                               aggfunc="count", observed=False).fillna(0).astype("int64")
    counts.columns = [str(c) for c in counts.columns]
    return counts.reset_index()


@functools.cache
def _atlas():
    from importlib import resources

    path = resources.files("pfp_data") / "data" / ATLAS_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def atlas_topology():
    """The map's TopoJSON topology as a dict (a fresh copy)."""
    return json.loads(json.dumps(_atlas()))


def _rings(topo, geometry):
    """Outer rings of a TopoJSON (Multi)Polygon as lists of (lon, lat)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]

    @functools.cache
    def arc(i):
        x = y = 0
        pts = []
        for dx, dy in topo["arcs"][i]:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        return tuple(pts)

    def ring(indices):
        pts = []
        for i in indices:
            seg = arc(i) if i >= 0 else tuple(reversed(arc(~i)))
            pts.extend(seg if not pts else seg[1:])
        return pts

    polys = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [ring(poly[0]) for poly in polys]


def _centroid(points):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*points, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def _inside_frame(lon, lat):
    return MAP_LON[0] <= lon <= MAP_LON[1] and MAP_LAT[0] <= lat <= MAP_LAT[1]


@functools.cache
def _centroid_table():
    topo = _atlas()
    rows = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        parts = [(_centroid(r), r) for r in _rings(topo, geom)]
        (lon, lat, _), ring = max(parts, key=lambda p: p[0][2])
        if not _inside_frame(lon, lat):
            # Russia's mainland centroid lies in Siberia, off the map: put its marker
            # at the middle of the part of its outline that the map shows.
            seen = [p for p in ring if _inside_frame(*p)]
            if seen:
                lon = sum(p[0] for p in seen) / len(seen)
                lat = sum(p[1] for p in seen) / len(seen)
        rows[geom["properties"]["name"]] = (round(lon, 2), round(lat, 2))
    return rows


def atlas_centroids():
    """A marker position (lon, lat) per atlas feature: its largest polygon's centroid."""
    import pandas as pd

    table = _centroid_table()
    return pd.DataFrame(
        {"atlas_name": list(table), "lon": [v[0] for v in table.values()],
         "lat": [v[1] for v in table.values()]}
    )


def _map_spans(table):
    """Squeeze a year-by-state table into runs of years with the same status."""
    import pandas as pd

    table = table.sort_values(["iso3", "year"])
    key = table["status_label"].astype(str) + "|" + table["suspended"].astype(str)
    new_run = (key != key.groupby(table["iso3"]).shift()) | (
        table["year"] != table.groupby("iso3")["year"].shift() + 1
    )
    table = table.assign(run=new_run.cumsum())
    runs = table.groupby("run", as_index=False).agg(
        country=("country", "first"), atlas_name=("atlas_name", "first"),
        group=("group", "first"), status=("status", "first"),
        status_label=("status_label", "first"), suspended=("suspended", "first"),
        from_year=("year", "min"), to_year=("year", "max"),
    )
    runs = runs.merge(atlas_centroids(), on="atlas_name", how="left")
    runs["suspended_text"] = runs["suspended"].map({True: "yes", False: "no"}).astype(str)
    runs["status"] = runs["status"].astype(str)
    return pd.DataFrame(runs.drop(columns="run"))


def country_spans(countries):
    """Each state's spans as partner, suspended partner, withdrawn and NATO member.

    Parameters
    ----------
    countries : str or list of str
        Names, ISO codes or aliases (see :func:`pfp_data.country`).

    Returns
    -------
    pandas.DataFrame
        ``country``, ``iso3``, ``span`` (partner/suspended/withdrawn/nato_member),
        ``span_label``, ``start``, ``end`` (the data's release date for open spans)
        and ``open`` (True if the span lasts to the release date).
    """
    import pandas as pd

    from . import events
    from .names import name_of, resolve

    if isinstance(countries, str):
        countries = [countries]
    countries = list(countries)
    if not countries:
        raise PfPDataError("Give at least one country, e.g. country_spans(['Malta']).")
    codes = list(dict.fromkeys(resolve(c) for c in countries))
    ev = events()
    ev = ev[ev["iso3"].isin(codes) & (ev["event_type"] != "milestone")]
    release = pd.Timestamp(as_of_date())
    rows = []
    for iso3 in codes:
        mine = ev[ev["iso3"] == iso3].groupby("event_type", observed=True)["date"].min()
        when = {k: mine.get(k) for k in ("signature", "withdrawal", "reactivation",
                                         "suspension", "nato_accession")}
        nato = when["nato_accession"]
        cuts = []  # (date, span that starts then)
        if when["signature"] is not None and (nato is None or when["signature"] < nato):
            cuts.append((when["signature"], "partner"))
            if when["withdrawal"] is not None:
                cuts.append((when["withdrawal"], "withdrawn"))
            if when["reactivation"] is not None:
                cuts.append((when["reactivation"], "partner"))
            if when["suspension"] is not None:
                cuts.append((when["suspension"], "suspended"))
        if nato is not None:
            cuts.append((nato, "nato_member"))
        cuts.sort(key=lambda c: c[0])
        for i, (start, span) in enumerate(cuts):
            end = cuts[i + 1][0] if i + 1 < len(cuts) else release
            rows.append({"country": name_of(iso3), "iso3": iso3, "span": span,
                         "span_label": SPAN_LABELS[span], "start": start, "end": end,
                         "open": i + 1 == len(cuts)})
    if not rows:
        names = _join(name_of(c) for c in codes)
        raise PfPDataError(
            f"{names} never signed the Framework Document nor joined NATO: no timeline "
            "to draw. pfp_data.signatories() lists the states that did."
        )
    out = pd.DataFrame(rows)
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = pd.to_datetime(out["end"])
    return out


def country_summary(country):
    """One or two plain sentences on a state's path, from :func:`country_spans`."""
    spans = country_spans([country])
    name = spans["country"].iloc[0]
    verbs = _SPAN_WORDS
    parts = []
    for row in spans.itertuples():
        if row.open:
            parts.append(f"{verbs[row.span]} since {_day(row.start)}")
        else:
            parts.append(f"{verbs[row.span]} from {_day(row.start)} to {_day(row.end)}")
    return f"{name}: {'; '.join(parts)} (data as of {_day(as_of_date())})."


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
    from . import funding

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

    from . import funding
    from .timeline import partners_on

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


# ----------------------------------------------------------------------------------
# Chart builders
# ----------------------------------------------------------------------------------


def partner_count_chart(start="1994-01-01", end=None):
    """Step line of the number of PfP partners, with NATO's accession waves marked."""
    alt = _alt()
    from .timeline import partner_counts

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
        f"{int(counts['partners'].iloc[0])} on {_day(first_day)} to a peak of {peak} "
        f"(first reached on {_day(peak_day)}), then fell in steps as partners joined NATO "
        f"in {_join(str(y) for y in waves['year'])}, to {final} on {_day(last_day)}."
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
        tooltip=[alt.Tooltip("date:T", title="From", format="%d %b %Y"),
                 alt.Tooltip("partners:Q", title="Partners")],
    ).add_params(hover)
    rules = alt.Chart(waves).mark_rule(color=palette.VERMILLION, strokeDash=[4, 3]).encode(
        x=alt.X("date:T", axis=axis("Date (year)", format="%Y")),
        tooltip=[alt.Tooltip("date:T", title="NATO accession", format="%d %b %Y"),
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


def years_as_partner_chart():
    """Horizontal bars: years from PfP signature to NATO accession, per state."""
    alt = _alt()
    from .timeline import years_as_partner

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
    bars = alt.Chart(data).mark_bar(color=palette.BLUE).encode(
        x=alt.X("years:Q", axis=axis("Years as a partner before joining NATO (years)")),
        y=y,
        tooltip=[alt.Tooltip("country:N", title="State"),
                 alt.Tooltip("pfp_signed:T", title="Signed PfP", format="%d %b %Y"),
                 alt.Tooltip("nato_accession:T", title="Joined NATO", format="%d %b %Y"),
                 alt.Tooltip("years:Q", title="Years", format=".1f")],
    )
    text = alt.Chart(data).mark_text(align="left", dx=3, fontSize=10,
                                     color=palette.BLACK).encode(
        x=alt.X("years:Q", axis=axis("Years as a partner before joining NATO (years)")),
        y=y, text="label:N",
    )
    return finish(
        alt.layer(bars, text), title="How long partners waited before joining NATO",
        subtitle="From signing the PfP Framework Document to NATO accession "
                 "(years of 365.25 days); each bar is labelled with its accession year.",
        description=description, width=PAGE_WIDTH - 200, height=18 * len(data),
    )


def funding_chart():
    """The Warsaw Initiative Fund as the period averages that were published."""
    alt = _alt()

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
        f"{_join(parts)} (nominal dollars)."
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
    alt = _alt()

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


def country_timeline_chart(countries):
    """Gantt-like bars of each state's spans as partner, withdrawn and NATO member."""
    alt = _alt()

    spans = country_spans(countries)
    names = list(dict.fromkeys(spans["country"]))
    lines = []
    for name in names[:6]:
        mine = spans[spans["country"] == name]
        bits = [f"{_SPAN_WORDS[r.span]} from {_day(r.start)}"
                + ("" if r.open else f" to {_day(r.end)}") for r in mine.itertuples()]
        lines.append(f"{name}: {', '.join(bits)}")
    more = f"; and {len(names) - 6} more states" if len(names) > 6 else ""
    description = f"Timeline chart. {'; '.join(lines)}{more}."
    kinds = [k for k in SPAN_ORDER if k in set(spans["span"])] or SPAN_ORDER
    colour = alt.Color("span_label:N", title="Status",
                       scale=_status_scale(kinds, SPAN_LABELS, SPAN_COLORS),
                       legend=alt.Legend(orient="bottom"))
    y = alt.Y("country:N", sort=names, axis=axis("State"))
    x = alt.X("start:T", axis=axis("Date (year)", format="%Y"))
    tooltip = [alt.Tooltip("country:N", title="State"),
               alt.Tooltip("span_label:N", title="Status"),
               alt.Tooltip("start:T", title="From", format="%d %b %Y"),
               alt.Tooltip("end:T", title="To (or data date)", format="%d %b %Y")]
    bars = alt.Chart(spans).mark_bar(height=14).encode(
        x=x, x2="end:T", y=y, color=colour, tooltip=tooltip)
    # A shape at the start of each span repeats the status without colour.
    starts = alt.Chart(spans).mark_point(filled=True, size=70, stroke=palette.BLACK,
                                         strokeWidth=0.8, opacity=1).encode(
        x=x, y=y, color=colour,
        shape=alt.Shape("span_label:N", title="Status",
                        scale=_shape_scale(kinds, SPAN_LABELS, SPAN_SHAPES)),
        tooltip=tooltip)
    title = (f"{names[0]}: Partnership for Peace and NATO timeline" if len(names) == 1
             else "Partnership for Peace and NATO timelines")
    return finish(
        alt.layer(bars, starts), title=title,
        subtitle=f"Bars run from each change of status to the next, or to the data date "
                 f"({_day(as_of_date())}).",
        description=description, height=max(60, 26 * len(names)),
    )


def _map_layers(spans, year_param=None, year=None):
    """Background, coloured states and status markers of the map."""
    alt = _alt()

    atlas = alt.NamedData(name=ATLAS_NAME,
                          format=alt.DataFormat(type="topojson", feature="countries"))
    colour = alt.Color("status_label:N", title="Status",
                       scale=_status_scale(palette.STATUS_ORDER, palette.STATUS_LABELS,
                                           palette.STATUS_COLORS),
                       legend=alt.Legend(orient="bottom"))
    tooltip = [alt.Tooltip("country:N", title="State"),
               alt.Tooltip("status_label:N", title="Status"),
               alt.Tooltip("suspended_text:N", title="Cooperation suspended")]
    if year_param is not None:
        visible = (alt.datum.from_year <= year_param) & (alt.datum.to_year >= year_param)
        tooltip.append(alt.Tooltip("year_shown:O", title="End of year"))
    else:
        visible = "true"

    # the grey land is decoration: hidden from screen readers, which would otherwise
    # meet an unnamed graphic (axe: svg-img-alt); the states and markers carry the data
    background = alt.Chart(atlas).mark_geoshape(fill=palette.LIGHT_GREY, clip=True,
                                                stroke="#FFFFFF", strokeWidth=0.5,
                                                aria=False)
    shapes = (
        alt.Chart(spans)
        .transform_filter(visible)
        .transform_lookup(lookup="atlas_name", from_=alt.LookupData(data=atlas,
                                                                    key="properties.name"),
                          as_="geo")
        .transform_filter("isValid(datum.geo)")
        .mark_geoshape(strokeWidth=0.7, clip=True)
        .encode(shape="geo:G", color=colour, tooltip=tooltip,
                # suspended partnerships get a dashed dark outline (palette's rule)
                stroke=alt.condition("datum.suspended", alt.value(palette.BLACK),
                                     alt.value("#FFFFFF")),
                strokeDash=alt.condition("datum.suspended", alt.value(palette.SUSPENDED_DASH),
                                         alt.value([1, 0])))
    )
    # Markers: the shape repeats the status without colour, and tiny states (Malta)
    # stay visible. States outside the story get no marker.
    markers = (
        alt.Chart(spans)
        .transform_filter("datum.group == 'pfp_signatory' || datum.status != 'not_signed'")
        .transform_filter(visible)
        .transform_filter(
            f"isValid(datum.lon) && datum.lon >= {MAP_LON[0]} && datum.lon <= {MAP_LON[1]} && "
            f"datum.lat >= {MAP_LAT[0]} && datum.lat <= {MAP_LAT[1]}")
        .mark_point(clip=True, filled=True, size=45, stroke="#FFFFFF", strokeWidth=1, opacity=1)
        .encode(longitude="lon:Q", latitude="lat:Q", color=colour,
                shape=alt.Shape("status_label:N", title="Status",
                                scale=_shape_scale(palette.STATUS_ORDER,
                                                   palette.STATUS_LABELS,
                                                   palette.STATUS_SHAPES)),
                tooltip=tooltip)
    )
    if year_param is not None:
        shapes = shapes.transform_calculate(year_shown=year_param.name)
        markers = markers.transform_calculate(year_shown=year_param.name)
    return alt.layer(background, shapes, markers).project(
        type="azimuthalEqualArea", rotate=[-(MAP_LON[0] + MAP_LON[1]) / 2, -52, 0],
        fit=_frame_outline(),
    )


def _frame_outline():
    """The map's frame as a GeoJSON line, for the projection's ``fit``."""
    lons = [MAP_LON[0] + i * (MAP_LON[1] - MAP_LON[0]) / 20 for i in range(21)]
    edge = [[lon, MAP_LAT[0]] for lon in lons] + [[lon, MAP_LAT[1]] for lon in lons[::-1]]
    return {"type": "Feature", "properties": {},
            "geometry": {"type": "LineString", "coordinates": edge + [edge[0]]}}


def status_map(date=None, slider=None):
    """Choropleth of Europe and Central Asia coloured by PfP/NATO status.

    Parameters
    ----------
    date : str or date, optional
        Without it, the map shows the end of each year from 1993 on, with a Year
        slider that works in a static page (a Vega-Lite parameter), starting at the
        data's release year. With it, the map shows that one day.
    slider : bool, optional
        Force the slider on or off (default: on when no date is given).
    """
    alt = _alt()
    import pandas as pd

    from .timeline import statuses_on

    slider = date is None if slider is None else bool(slider)
    if slider:
        table = status_by_year()
        start_year = table["year"].max() if date is None else to_date(date).year
        shown = table[table["year"] == start_year]
        when = (f"at the end of {start_year}" if start_year < as_of_date().year
                else f"on {_day(as_of_date())}")
        spans = _map_spans(table)
    else:
        day = to_date(date)
        shown = statuses_on(day)
        shown["status_label"] = shown["status"].map(palette.STATUS_LABELS).astype("string")
        when = f"on {_day(day)}"
        snap = shown.assign(year=day.year)
        spans = _map_spans(snap)

    counts = shown["status"].astype(str).value_counts()
    words = {"partner": ("PfP partner", "PfP partners"),
             "nato_member": ("NATO member", "NATO members"),
             "withdrawn": ("withdrawn state", "withdrawn states")}
    parts = [f"{counts.get(k, 0)} {words[k][int(counts.get(k, 0) != 1)]}" for k in words]
    description = (
        f"Map of Europe and Central Asia coloured by status {when}: {_join(parts)} among "
        f"the states in the data; other states are light grey."
    )
    if slider:
        years = sorted(pd.unique(table["year"]))
        description += (f" A Year slider under the map shows any year-end from {years[0]} "
                        f"to {years[-1]}.")
        year = alt.param(name="year", value=int(start_year),
                         bind=alt.binding_range(min=int(years[0]), max=int(years[-1]),
                                                step=1, name="Year: "))
        chart = _map_layers(spans, year_param=year).add_params(year)
        subtitle = ["Status on 31 December of the chosen year "
                    f"({years[-1]}: on {_day(as_of_date())}). Shapes repeat the status.",
                    "Move the Year slider under the map."]
        title = "Partnership for Peace and NATO, year by year"
    else:
        chart = _map_layers(spans)
        subtitle = "Shapes repeat the status; point at a state for details."
        title = f"Partnership for Peace and NATO {when}"
    chart = finish(chart, title=title, subtitle=subtitle, description=description,
                   height=470)
    return chart.properties(datasets={ATLAS_NAME: _atlas()})


__all__ = [
    "PAGE_WIDTH",
    "accession_waves",
    "atlas_centroids",
    "atlas_topology",
    "axis",
    "country_spans",
    "country_summary",
    "country_timeline_chart",
    "finish",
    "fiscal_year_start",
    "funding_chart",
    "funding_per_partner",
    "funding_per_partner_chart",
    "funding_periods",
    "map_snapshot_dates",
    "partner_count_chart",
    "status_by_year",
    "status_counts_by_year",
    "status_map",
    "years_as_partner_chart",
]
