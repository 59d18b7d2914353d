"""How Altair charts are shown: from JavaScript shipped in the environment, by default.

Two modes, chosen by :func:`configure` (or the environment variable ``PFP_CHARTS``):

``offline`` (the default)
    Each chart is shown through Altair's JupyterChart widget with the vega, vega-lite and
    vega-embed code that vl-convert-python bundles, so a chart asks no third party for
    anything, on Binder, on a hub or on a laptop with no network. JupyterLab 4.6 renders
    Vega-Lite only up to v5, so without this an Altair 6 chart falls back to HTML that
    loads vega from a public CDN.
``html``
    Altair's own HTML output. A live notebook in this mode loads vega from a CDN, so it is
    only for producing stored outputs: the course's tools set ``PFP_CHARTS=html`` when they
    execute notebooks for nbval and the book, whose build serves vendored copies instead.

The course environment loads this module as an IPython extension in every kernel (see
``lab-config/`` and ``tools/install_lab_config.py``): it registers a printer for Altair
charts that applies the mode the first time a chart is shown, so a student's own
``alt.Chart(...)`` is drawn offline too, and a kernel that never shows a chart never
imports altair.

>>> sorted(MODES)
['html', 'offline']
"""

import os

from .errors import PfPDataError

ENV_VAR = "PFP_CHARTS"
MODES = ("offline", "html")
DEFAULT_MODE = "offline"
# No "..." actions menu under charts: its "Open in Vega Editor" sends the chart to a
# third-party site, and its toggle has no accessible name (axe: summary-name).
EMBED_OPTIONS = {"actions": False}
# Every Altair chart class (Chart, LayerChart, FacetChart ...) derives from this one.
_CHART_BASE = ("altair.vegalite.v6.api", "TopLevelMixin")


def requested_mode():
    """The mode the environment asks for: ``PFP_CHARTS``, or ``'offline'`` when unset.

    An unknown value is an error rather than a silent fallback, since the fallback would
    be the mode that talks to a CDN.
    """
    value = os.environ.get(ENV_VAR, "").strip().lower()
    if not value:
        return DEFAULT_MODE
    if value not in MODES:
        raise PfPDataError(
            f"{ENV_VAR}={os.environ[ENV_VAR]!r} is not a chart mode; "
            f"use one of {', '.join(MODES)} (or leave it unset for {DEFAULT_MODE!r})."
        )
    return value


def configure(mode=None):
    """Show charts in ``mode`` (default: what :func:`requested_mode` says); return the mode.

    The offline mode needs the ``anywidget`` package (the course's ``lab`` extra).
    """
    import altair as alt

    mode = requested_mode() if mode is None else mode
    if mode not in MODES:
        raise PfPDataError(f"{mode!r} is not a chart mode; use one of {', '.join(MODES)}.")
    offline = mode == "offline"
    alt.JupyterChart.enable_offline(offline)
    if offline:
        alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    else:
        alt.renderers.enable("default", embed_options=EMBED_OPTIONS)
    return mode


def mode():
    """``'offline'`` or ``'html'``, as charts will be shown now."""
    import altair as alt

    return "offline" if alt.renderers.active == "jupyter" else "html"


def _first_chart_printer(formatter):
    def show(chart):
        # The first chart a kernel shows fixes the mode; later charts go straight to
        # Altair, since this printer is removed before it returns.
        formatter.pop(_CHART_BASE[0] + "." + _CHART_BASE[1], None)
        configure()
        return chart._repr_mimebundle_()

    return show


def load_ipython_extension(ipython):
    """Apply the course's chart mode when a kernel first shows an Altair chart."""
    formatter = ipython.display_formatter.mimebundle_formatter
    formatter.for_type_by_name(*_CHART_BASE, _first_chart_printer(formatter))
