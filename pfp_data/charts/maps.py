"""The map of Europe and Central Asia coloured by PfP and NATO status, and its data.

The year slider is a Vega-Lite parameter bound to an HTML input, so it works in a
static web page without a kernel. Outlines and marker positions come from
:mod:`pfp_data.geo`; the TopoJSON is inlined once, as a named dataset.
"""

from .. import palette
from ..dates import as_of_date, to_date
from ..errors import PfPDataError
from ..geo import MAP_LAT, MAP_LON, atlas_centroids, atlas_topology, frame_outline
from ..timeline import status_runs
from ._base import category_scale, day, finish, join_words, load_altair

ATLAS_NAME = "pfp-atlas"  # one named dataset, so the ~125 kB TopoJSON is inlined once
FIRST_MAP_YEAR = 1993  # the year before the Framework Document: nobody had signed yet


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

    from ..timeline import statuses_on

    frames = []
    for year, when in map_snapshot_dates(first, last).items():
        snap = statuses_on(when)
        snap.insert(0, "year", year)
        snap.insert(1, "date", pd.Timestamp(when))
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


def map_spans(table):
    """The map's rows: :func:`pfp_data.timeline.status_runs` with a marker position each."""
    runs = status_runs(table).merge(atlas_centroids(), on="atlas_name", how="left")
    runs["suspended_text"] = runs["suspended"].map({True: "yes", False: "no"}).astype(str)
    runs["status"] = runs["status"].astype(str)
    return runs


def _map_layers(spans, year_param=None):
    """Background, coloured states and status markers of the map."""
    alt = load_altair()

    atlas = alt.NamedData(name=ATLAS_NAME,
                          format=alt.DataFormat(type="topojson", feature="countries"))
    colour = alt.Color("status_label:N", title="Status",
                       scale=category_scale(palette.STATUS_ORDER, palette.STATUS_LABELS,
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
                                                stroke=palette.WHITE, strokeWidth=0.5,
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
                                     alt.value(palette.WHITE)),
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
        .mark_point(clip=True, filled=True, size=45, stroke=palette.WHITE, strokeWidth=1,
                    opacity=1)
        .encode(longitude="lon:Q", latitude="lat:Q", color=colour,
                shape=alt.Shape("status_label:N", title="Status",
                                scale=category_scale(palette.STATUS_ORDER,
                                                     palette.STATUS_LABELS,
                                                     palette.STATUS_SHAPES)),
                tooltip=tooltip)
    )
    if year_param is not None:
        shapes = shapes.transform_calculate(year_shown=year_param.name)
        markers = markers.transform_calculate(year_shown=year_param.name)
    return alt.layer(background, shapes, markers).project(
        type="azimuthalEqualArea", rotate=[-(MAP_LON[0] + MAP_LON[1]) / 2, -52, 0],
        fit=frame_outline(),
    )


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
    alt = load_altair()
    import pandas as pd

    from ..timeline import statuses_on

    slider = date is None if slider is None else bool(slider)
    if slider:
        table = status_by_year()
        start_year = table["year"].max() if date is None else to_date(date).year
        shown = table[table["year"] == start_year]
        when = (f"at the end of {start_year}" if start_year < as_of_date().year
                else f"on {day(as_of_date())}")
        spans = map_spans(table)
    else:
        when_day = to_date(date)
        shown = statuses_on(when_day)
        shown["status_label"] = shown["status"].map(palette.STATUS_LABELS).astype("string")
        when = f"on {day(when_day)}"
        spans = map_spans(shown.assign(year=when_day.year))

    counts = shown["status"].astype(str).value_counts()
    words = {"partner": ("PfP partner", "PfP partners"),
             "nato_member": ("NATO member", "NATO members"),
             "withdrawn": ("withdrawn state", "withdrawn states")}
    parts = [f"{counts.get(k, 0)} {words[k][int(counts.get(k, 0) != 1)]}" for k in words]
    description = (
        f"Map of Europe and Central Asia coloured by status {when}: {join_words(parts)} among "
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
                    f"({years[-1]}: on {day(as_of_date())}). Shapes repeat the status.",
                    "Move the Year slider under the map."]
        title = "Partnership for Peace and NATO, year by year"
    else:
        chart = _map_layers(spans)
        subtitle = "Shapes repeat the status; point at a state for details."
        title = f"Partnership for Peace and NATO {when}"
    chart = finish(chart, title=title, subtitle=subtitle, description=description,
                   height=470)
    return chart.properties(datasets={ATLAS_NAME: atlas_topology()})


__all__ = [
    "ATLAS_NAME",
    "FIRST_MAP_YEAR",
    "map_snapshot_dates",
    "map_spans",
    "status_by_year",
    "status_counts_by_year",
    "status_map",
]
