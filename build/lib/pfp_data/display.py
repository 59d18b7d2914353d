"""How Altair charts are shown in JupyterLab: the online default or an offline mode.

JupyterLab 4.6 renders Vega-Lite only up to v5, so an Altair 6 chart falls back to
HTML that loads vega from a CDN. That works on Binder, which has the internet, and is
the default. In a classroom without internet, switch on the offline mode, which shows
each chart through Altair's JupyterChart widget with the JavaScript that
vl-convert-python bundles, so nothing is fetched:

    import pfp_data.display; pfp_data.display.offline()

or start JupyterLab with the environment variable ``PFP_OFFLINE=1`` set; every notebook
that imports ``pfp_data.charts`` then picks it up.
"""

import os

ENV_VAR = "PFP_OFFLINE"
_TRUE = {"1", "true", "yes", "on"}
# No "..." actions menu under charts: its "Open in Vega Editor" sends the chart to a
# third-party site, and its toggle has no accessible name (axe: summary-name).
EMBED_OPTIONS = {"actions": False}


def offline_requested():
    """True when the environment asks for the offline mode."""
    return os.environ.get(ENV_VAR, "").strip().lower() in _TRUE


def offline(enable=True):
    """Show charts through JupyterChart with bundled JavaScript (``enable=False`` undoes it).

    Needs the ``anywidget`` package (installed with the course's ``lab`` extra).
    """
    import altair as alt

    if enable:
        alt.JupyterChart.enable_offline(True)
        alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    else:
        alt.JupyterChart.enable_offline(False)
        alt.renderers.enable("default", embed_options=EMBED_OPTIONS)
    return mode()


def configure():
    """Apply the mode the environment asks for; called when ``pfp_data.charts`` is imported."""
    if offline_requested():
        return offline(True)
    import altair as alt

    alt.renderers.set_embed_options(**EMBED_OPTIONS)
    return mode()


def mode():
    """'offline' or 'online', as charts will be shown now."""
    import altair as alt

    return "offline" if alt.renderers.active == "jupyter" else "online"
