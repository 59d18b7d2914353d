"""ipywidgets views for JupyterLab and Binder, built on :mod:`pfp_data.charts`.

Each function returns a :class:`View` (an ``ipywidgets.VBox``): labelled controls, a
line of text and the chart they drive. Building one needs no browser and no kernel: in
a kernel the chart is displayed in an ``Output`` widget through Altair's active
renderer (see :mod:`pfp_data.display`); elsewhere the ``Output`` holds its Vega-Lite
spec. The view keeps the last chart and text in ``view.chart`` and ``view.text`` so
that tests (and curious students) can see what a change of control produced.

These views need a live kernel. The book shows the static equivalents (Vega-Lite
parameters bound to inputs) that the charts module builds. :func:`status_view` and
:func:`claim_explorer` are plain boxes (a control and an HTML line), no chart.
"""

import ipywidgets as w

from . import charts
from .dates import as_of_date
from .timeline import country_spans

_STYLE = {"description_width": "initial"}  # long labels stay readable, not cut off


class View(w.VBox):
    """A VBox with a short repr (the stored notebook's text stays small and stable)."""

    def __init__(self, name, controls, text, output, rebuild):
        super().__init__(children=[*controls, text, output])
        self.name = name
        self.controls = list(controls)
        self._text = text
        self.output = output
        self._rebuild = rebuild
        self.chart = None
        for control in self.controls:
            control.observe(lambda _change: self.refresh(), names="value")
        self.refresh()

    @property
    def text(self):
        return self._text.value

    def refresh(self):
        """Rebuild the text and chart from the controls' current values."""
        text, chart = self._rebuild(*(c.value for c in self.controls))
        self._text.value = text
        self.chart = chart
        _show(self.output, chart)

    def __repr__(self):
        labels = ", ".join(c.description.strip(": ") for c in self.controls)
        return f"<{self.name}: {labels} (live in JupyterLab with a running kernel)>"


def _show(output, chart):
    """In a kernel, put the chart into the Output widget's model the way Altair's active
    renderer formats it; elsewhere (tests, scripts), store its Vega-Lite spec.

    Writing the model (rather than ``with output: display(chart)``) keeps the chart out
    of the cell's own outputs when no frontend captures it, so nbval and nbclient store
    the same thing, and a re-render replaces the old chart instead of adding to it."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        get_ipython = lambda: None  # noqa: E731
    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        output.outputs = ()
        output.append_display_data(chart)
    else:
        output.outputs = (_bundle(chart),)


def _bundle(chart):
    import altair as alt

    major = alt.SCHEMA_VERSION.lstrip("v").split(".")[0]
    spec = chart.to_dict()
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {f"application/vnd.vegalite.v{major}+json": spec,
                 "text/plain": spec.get("description", "")},
    }


def country_picker(initial="Malta"):
    """A Dropdown of the signatories: the chosen state's timeline and a summary line."""
    from . import signatories

    names = sorted(signatories()["country"].tolist())
    start = country_spans(initial)["country"].iloc[0]  # accepts aliases, checks
    if start not in names:
        from .errors import PfPDataError

        raise PfPDataError(f"{start} never signed the Framework Document; pick a signatory.")
    dropdown = w.Dropdown(options=names, value=start, description="Country: ", style=_STYLE)

    def rebuild(country):
        return charts.country_summary(country), charts.country_timeline_chart(country)

    return View("Country picker", [dropdown], w.HTML(), w.Output(), rebuild)


def map_explorer(year=None):
    """A year slider: the map of statuses at the end of that year."""
    dates = charts.map_snapshot_dates()
    first, last = min(dates), max(dates)
    year = last if year is None else int(year)
    slider = w.IntSlider(value=year, min=first, max=last, step=1,
                         description="Year (status on 31 December): ", style=_STYLE,
                         continuous_update=False, layout=w.Layout(width="560px"))

    def rebuild(chosen):
        day = dates[chosen]
        table = charts.status_by_year(chosen, chosen)
        counts = table["status"].astype(str).value_counts()
        note = "" if day.year < as_of_date().year else f" (data as of {day.isoformat()})"
        text = (f"End of {chosen}{note}: {counts.get('partner', 0)} PfP partners, "
                f"{counts.get('nato_member', 0)} NATO members, "
                f"{counts.get('withdrawn', 0)} withdrawn.")
        return text, charts.status_map(day)

    return View("Map explorer", [slider], w.HTML(), w.Output(), rebuild)


def funding_what_if(annual_total=None):
    """A slider for a what-if yearly total: the money per partner it would mean."""
    periods = charts.funding_periods()
    value = float(periods["usd_millions_per_year"].iloc[0]) if annual_total is None \
        else float(annual_total)
    slider = w.FloatSlider(value=value, min=0, max=100, step=1, readout_format=".0f",
                           description="What-if yearly total (US$ million): ", style=_STYLE,
                           continuous_update=False, layout=w.Layout(width="560px"))

    def rebuild(total):
        table = charts.funding_per_partner(total)
        last = table.iloc[-1]
        text = (f"${total:g} million a year shared by the {last['partners']} partners of "
                f"FY{last['fiscal_year']} would be ${last['what_if_per_partner']:.2f} million "
                f"each (the published average gave ${last['per_partner_usd_millions']:.2f} "
                "million).")
        return text, charts.funding_per_partner_chart(what_if_total=total)

    return View("Funding what-if", [slider], w.HTML(), w.Output(), rebuild)


def status_view(countries=None, start_year=1994, end_year=None, value=None):
    """A labelled year slider that lists partners (or the given states' statuses) on 31 Dec.

    The kernel-backed twin of :func:`pfp_data.charts.timeline_with_year_chart`. Returns
    the widget box: the slider and an HTML line that follows it.
    """
    from . import palette
    from .errors import PfPDataError
    from .timeline import partners_on, status_on

    end_year = end_year or as_of_date().year
    if not start_year <= (value or start_year) <= end_year:
        raise PfPDataError(f"value must be between {start_year} and {end_year}.")
    slider = w.IntSlider(
        value=value or start_year, min=start_year, max=end_year, step=1,
        description="Year:", continuous_update=False, style=_STYLE,
    )
    out = w.HTML()

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
    return w.VBox([slider, out])


def claim_explorer():
    """Pick a claim, see its stated and computed values, verdict, explanation, sources
    and evidence rows (:func:`pfp_data.charts.claim_html`)."""
    from .claim_checks import claims

    options = [(f"{r.id}: {r.topic}", r.id) for r in claims().itertuples()]
    picker = w.Dropdown(options=options, value=options[0][1], description="Claim:",
                        style=_STYLE, layout=w.Layout(width="520px"))
    panel = w.HTML(value=charts.claim_html(picker.value))

    def show(change):
        panel.value = charts.claim_html(change["new"])

    picker.observe(show, names="value")
    return w.VBox([picker, panel])


__all__ = ["View", "claim_explorer", "country_picker", "funding_what_if", "map_explorer",
           "status_view"]
