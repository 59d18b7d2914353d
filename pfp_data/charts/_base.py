"""What every chart of the course shares: size, titles, axes, dates in words, scales.

Every builder in :mod:`pfp_data.charts` ends with :func:`finish`, so no chart reaches a
reader without a title and a one-sentence ``description`` (Vega-Lite puts it in the
SVG's ``aria-label`` for screen readers). Altair is imported on first use only, here.
"""

from .. import palette
from ..errors import PfPDataError

PAGE_WIDTH = 640  # a book page's text column, so charts need no horizontal scrolling
INK = palette.INK
# Vega's format for a date in a tooltip: the words of :func:`day`, day padded ('07 Mar 2004').
TOOLTIP_DATE = "%d %b %Y"


def load_altair():
    """The ``altair`` module, imported when the first chart is built (not at import)."""
    import altair

    return altair


def day(value):
    """A date in words, as every description, tooltip and summary writes it.

    >>> import datetime
    >>> day(datetime.date(2004, 3, 29))
    '29 Mar 2004'
    """
    return f"{value.day} {value:%b %Y}"


def join_words(items):
    """'a, b and c': a list in a sentence.

    >>> join_words(["1999", "2004", "2009"])
    '1999, 2004 and 2009'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def axis(title, **kwargs):
    """An axis with a title; titles name the unit, e.g. 'Partners (number of states)'."""
    if not title:
        raise PfPDataError("Every axis needs a title that names its unit.")
    return load_altair().Axis(title=title, **kwargs)


def category_axis(**kwargs):
    """An axis of named categories whose tick labels say all a title would (no title)."""
    return load_altair().Axis(title=None, **kwargs)


def category_scale(order, labels, values):
    """A scale from the labels of ``order`` to their colours or shapes (same order)."""
    return load_altair().Scale(domain=[labels[k] for k in order],
                               range=[values[k] for k in order])


def finish(chart, *, title, description, subtitle=None, width=PAGE_WIDTH, height=None):
    """The one place that gives every course chart its title, description and size.

    Parameters
    ----------
    chart : altair.Chart, LayerChart or a concatenation (hconcat, vconcat)
    title : str
        Short title shown above the chart.
    description : str
        One sentence that says what the chart shows, computed from its data. Screen
        readers read it instead of the picture.
    subtitle : str or list of str, optional
        Caveats the reader must see next to the marks.
    width, height : int, optional
        In pixels; the width defaults to a book page. A concatenation takes no size of
        its own (its panels have theirs), so both are ignored for it.
    """
    if not title or not description:
        raise PfPDataError("A course chart needs a non-empty title and description.")
    alt = load_altair()
    props = {
        "title": alt.Title(text=title, subtitle=subtitle or "", anchor="start"),
        "description": description,
    }
    if not isinstance(chart, (alt.VConcatChart, alt.HConcatChart, alt.ConcatChart)):
        props["width"] = width
        if height is not None:
            props["height"] = height
    return chart.properties(**props)


__all__ = [
    "INK",
    "PAGE_WIDTH",
    "TOOLTIP_DATE",
    "axis",
    "category_axis",
    "category_scale",
    "day",
    "finish",
    "join_words",
    "load_altair",
]
