"""Who was what, when: pure functions over the events table.

The rules, applied to a date d:
- ``nato_member`` from the day of NATO accession on;
- ``not_signed`` before the day of signature (and for states that never signed);
- ``withdrawn`` from a withdrawal up to the day before its reactivation;
- ``partner`` otherwise. A partner whose partnership NATO has suspended is still a
  partner; ``partners_on`` flags it in the ``suspended`` column.
"""

import functools

from . import palette
from .dates import as_of_date, to_date
from .names import resolve

STATUSES = ("not_signed", "partner", "withdrawn", "nato_member")


@functools.cache
def _spans():
    """Per state, the dates that decide its status, read from the events table only."""
    import pandas as pd

    from .tables import load

    ev = load("events")
    ev = ev[ev["iso3"].notna() & (ev["event_type"] != "milestone")]
    first = ev.groupby(["iso3", "event_type"], observed=True)["date"].min().unstack()
    spans = {}
    for iso3, row in first.iterrows():
        spans[iso3] = {
            k: (None if pd.isna(row.get(col)) else row[col].date())
            for k, col in (
                ("signed", "signature"),
                ("withdrew", "withdrawal"),
                ("reactivated", "reactivation"),
                ("nato", "nato_accession"),
                ("suspended", "suspension"),
            )
        }
    return spans


def _status(span, day):
    if span is None:
        return "not_signed"
    if span["nato"] is not None and span["nato"] <= day:
        return "nato_member"
    if span["signed"] is None or day < span["signed"]:
        return "not_signed"
    if span["withdrew"] is not None and span["withdrew"] <= day:
        if span["reactivated"] is None or day < span["reactivated"]:
            return "withdrawn"
    return "partner"


def _suspended(span, day):
    return bool(span and span["suspended"] is not None and span["suspended"] <= day)


def status_on(country, date):
    """The status of one state on one date.

    Parameters
    ----------
    country : str
        Name, ISO code or alias (see :func:`pfp_data.country`).
    date : str, datetime.date, datetime.datetime or pandas.Timestamp
        From 1949-01-01 to the data's release date.

    Returns
    -------
    str
        One of ``'not_signed'``, ``'partner'``, ``'withdrawn'``, ``'nato_member'``.

    Examples
    --------
    >>> import pfp_data
    >>> pfp_data.status_on("Malta", "2000-01-01")
    'withdrawn'
    >>> pfp_data.status_on("Sweden", "2024-03-07")
    'nato_member'
    """
    iso3 = resolve(country)
    return _status(_spans().get(iso3), to_date(date))


def partners_on(date):
    """The states that were Partnership for Peace partners on ``date``.

    A partner has signed the Framework Document on or before the date, is not in a
    withdrawal, and has not yet joined NATO.

    Parameters
    ----------
    date : str, datetime.date, datetime.datetime or pandas.Timestamp

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`pfp_data.signatories` for those states, with one more
        boolean column ``suspended`` (NATO had suspended the partnership by then).

    Examples
    --------
    >>> import pfp_data
    >>> len(pfp_data.partners_on("1994-10-15"))
    23
    >>> len(pfp_data.partners_on("2024-03-07"))
    18
    """
    from .tables import load

    day = to_date(date)
    spans = _spans()
    sig = load("signatories")
    keep = [_status(spans.get(iso), day) == "partner" for iso in sig["iso3"]]
    out = sig[keep].reset_index(drop=True)
    out["suspended"] = [_suspended(spans.get(iso), day) for iso in out["iso3"]]
    out["suspended"] = out["suspended"].astype("boolean")
    return out


def statuses_on(date):
    """Every state of :func:`pfp_data.countries` with its status on ``date``.

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``iso3``, ``iso_numeric``, ``atlas_name``, ``group``,
        ``status`` (categorical, the four statuses) and ``suspended``.
    """
    import pandas as pd

    from .tables import load

    day = to_date(date)
    spans = _spans()
    out = load("countries")[["country", "iso3", "iso_numeric", "atlas_name", "group"]]
    out["status"] = pd.Categorical(
        [_status(spans.get(iso), day) for iso in out["iso3"]], categories=list(STATUSES)
    )
    out["suspended"] = pd.array([_suspended(spans.get(iso), day) for iso in out["iso3"]],
                                dtype="boolean")
    return out


def partner_counts(start="1994-01-01", end=None):
    """The number of partners after each day on which it changed, from ``start`` to ``end``.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` and ``partners`` (a step series: the count holds until the next
        row), with a first row at ``start`` and a last row at ``end`` (default: the
        data's release date).
    """
    import pandas as pd

    from .tables import load

    first, last = to_date(start, name="start"), to_date(end or as_of_date(), name="end")
    if last < first:
        from .errors import BadDateError

        raise BadDateError(f"end {last} is before start {first}.")
    ev = load("events")
    days = sorted({d.date() for d in ev.loc[ev["iso3"].notna(), "date"]} | {first, last})
    days = [d for d in days if first <= d <= last]
    spans = _spans()
    sig = load("signatories")["iso3"].tolist()
    counts = [sum(_status(spans.get(i), d) == "partner" for i in sig) for d in days]
    frame = pd.DataFrame({"date": pd.to_datetime(days), "partners": counts})
    # keep only the days where the count changes (plus both ends)
    changed = frame["partners"].ne(frame["partners"].shift())
    changed.iloc[-1] = True
    return frame[changed].reset_index(drop=True).astype({"partners": "Int64"})


def years_as_partner():
    """For each signatory that joined NATO: how long it was a partner first.

    Returns
    -------
    pandas.DataFrame
        ``country``, ``iso3``, ``pfp_signed``, ``nato_accession`` and ``years`` (from
        signature to accession in years of 365.25 days, rounded to 0.1), sorted by
        ``nato_accession``.
    """
    from .tables import load

    sig = load("signatories")
    joined = sig[sig["nato_accession"].notna()].copy()
    joined["years"] = (
        (joined["nato_accession"] - joined["pfp_signed"]).dt.days / 365.25
    ).round(1)
    cols = ["country", "iso3", "pfp_signed", "nato_accession", "years"]
    return joined[cols].sort_values(["nato_accession", "country"]).reset_index(drop=True)


# A state's path in spans: a suspended partnership is a span of its own, because the
# timeline chart draws it apart from the years of full cooperation.
SPAN_ORDER = ["partner", "suspended", "withdrawn", "nato_member"]
SPAN_LABELS = {
    "partner": palette.STATUS_LABELS["partner"],
    "suspended": "Partner, cooperation suspended",
    "withdrawn": palette.STATUS_LABELS["withdrawn"],
    "nato_member": palette.STATUS_LABELS["nato_member"],
}


def country_spans(countries):
    """Each state's spans as partner, suspended partner, withdrawn and NATO member.

    The spans follow the same rules as :func:`status_on` (a test checks them against it
    on every day a status changes); a ``suspended`` span is a partner's.

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

    Examples
    --------
    >>> import pfp_data
    >>> pfp_data.timeline.country_spans("Malta")["span"].tolist()
    ['partner', 'withdrawn', 'partner']
    """
    import pandas as pd

    from .errors import PfPDataError
    from .names import name_of

    if isinstance(countries, str):
        countries = [countries]
    countries = list(countries)
    if not countries:
        raise PfPDataError("Give at least one country, e.g. country_spans(['Malta']).")
    codes = list(dict.fromkeys(resolve(c) for c in countries))
    spans = _spans()
    release = as_of_date()
    rows = []
    for iso3 in codes:
        rows.extend(_span_rows(iso3, name_of(iso3), spans.get(iso3), release))
    if not rows:
        names = ", ".join(name_of(c) for c in codes)
        raise PfPDataError(
            f"{names}: never signed the Framework Document nor joined NATO, so there is no "
            "timeline to draw. pfp_data.signatories() lists the states that did."
        )
    out = pd.DataFrame(rows)
    for col in ("start", "end"):
        out[col] = pd.to_datetime(out[col]).dt.as_unit("ns")  # as the events table's dates
    return out


def _span_rows(iso3, name, span, release):
    if span is None:
        return []
    nato, signed = span["nato"], span["signed"]
    cuts = []  # (date, span that starts then)
    if signed is not None and (nato is None or signed < nato):
        cuts.append((signed, "partner"))
        if span["withdrew"] is not None:
            cuts.append((span["withdrew"], "withdrawn"))
        if span["reactivated"] is not None:
            cuts.append((span["reactivated"], "partner"))
        if span["suspended"] is not None:
            cuts.append((span["suspended"], "suspended"))
    if nato is not None:
        cuts.append((nato, "nato_member"))
    cuts.sort(key=lambda c: c[0])
    return [{"country": name, "iso3": iso3, "span": kind, "span_label": SPAN_LABELS[kind],
             "start": start, "end": cuts[i + 1][0] if i + 1 < len(cuts) else release,
             "open": i + 1 == len(cuts)}
            for i, (start, kind) in enumerate(cuts)]


def status_runs(table):
    """Squeeze a year-by-state table into runs of consecutive years with one status.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per state and year with ``year``, ``iso3``, ``country``, ``atlas_name``,
        ``group``, ``status``, ``status_label`` and ``suspended``, as
        :func:`pfp_data.charts.status_by_year` returns.

    Returns
    -------
    pandas.DataFrame
        One row per run: ``country``, ``atlas_name``, ``group``, ``status``,
        ``status_label``, ``suspended``, ``from_year`` and ``to_year`` (inclusive).
    """
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
    return pd.DataFrame(runs.drop(columns="run"))


__all__ = [
    "SPAN_LABELS",
    "SPAN_ORDER",
    "STATUSES",
    "country_spans",
    "partner_counts",
    "partners_on",
    "status_on",
    "status_runs",
    "statuses_on",
    "years_as_partner",
]

