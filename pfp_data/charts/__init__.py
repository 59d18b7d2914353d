"""Altair chart builders for the course, one module per subject.

=================  ============================================================
``timelines``      partner counts, accession waves, each state's path in time
``events``         milestones and the 1994 signatures, on dated timelines
``maps``           the status map of Europe and Central Asia, year by year
``funding``        the Warsaw Initiative Fund and the money per partner
``comparisons``    years as a partner, objectives, activities, groupings
``claims``         the article's claims, checked
``_base``          what they share: :func:`finish`, :func:`axis`, dates in words
=================  ============================================================

Every builder returns a chart object and never displays it. Every builder goes through
:func:`finish`, which sets a title, a one-sentence ``description`` computed from the
data (Vega-Lite puts it in the SVG's ``aria-label`` for screen readers) and a width
that fits a book page. Colours come only from :mod:`pfp_data.palette`, and status is
always told by a second cue too (shape, text or tooltip), never by hue alone.

Interactive parts (the map's year slider, the funding what-if input) are Vega-Lite
parameters bound to HTML inputs, so they work in a static web page without a kernel.
Importing this package changes no global state: a notebook chooses how charts are
shown by calling :func:`pfp_data.display.configure` itself.

>>> from pfp_data import charts
>>> chart = charts.partner_count_chart()
>>> chart.to_dict()["description"].startswith("Step line chart")
True
"""

from ._base import PAGE_WIDTH, axis, finish
from .claims import (
    READING_LABELS,
    VERDICT_COLORS,
    VERDICT_ORDER,
    both_ways_chart,
    claim_html,
    claim_table_chart,
    verdict_chart,
    verdict_counts,
)
from .comparisons import (
    ARTICLE_AREAS,
    activities_chart,
    groupings_chart,
    objective_counts,
    objectives_chart,
    years_as_partner_chart,
)
from .events import (
    milestones,
    milestones_chart,
    short_label,
    signatures_1994,
    signatures_1994_chart,
)
from .funding import (
    fiscal_year_start,
    funding_chart,
    funding_per_partner,
    funding_per_partner_chart,
    funding_periods,
)
from .maps import (
    FIRST_MAP_YEAR,
    map_snapshot_dates,
    map_spans,
    status_by_year,
    status_counts_by_year,
    status_map,
)
from .timelines import (
    NEUTRAL_STATES,
    accession_waves,
    country_summary,
    country_timeline_chart,
    partner_count_chart,
    timeline_with_year_chart,
)

__all__ = [
    "ARTICLE_AREAS",
    "FIRST_MAP_YEAR",
    "NEUTRAL_STATES",
    "PAGE_WIDTH",
    "READING_LABELS",
    "VERDICT_COLORS",
    "VERDICT_ORDER",
    "accession_waves",
    "activities_chart",
    "axis",
    "both_ways_chart",
    "claim_html",
    "claim_table_chart",
    "country_summary",
    "country_timeline_chart",
    "finish",
    "fiscal_year_start",
    "funding_chart",
    "funding_per_partner",
    "funding_per_partner_chart",
    "funding_periods",
    "groupings_chart",
    "map_snapshot_dates",
    "map_spans",
    "milestones",
    "milestones_chart",
    "objective_counts",
    "objectives_chart",
    "partner_count_chart",
    "short_label",
    "signatures_1994",
    "signatures_1994_chart",
    "status_by_year",
    "status_counts_by_year",
    "status_map",
    "timeline_with_year_chart",
    "verdict_chart",
    "verdict_counts",
    "years_as_partner_chart",
]
