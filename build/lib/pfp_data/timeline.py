"""Who was what, when: pure functions over the events table.

The rules, applied to a date d:
- ``nato_member`` from the day of NATO accession on;
- ``not_signed`` before the day of signature (and for states that never signed);
- ``withdrawn`` from a withdrawal up to the day before its reactivation;
- ``partner`` otherwise. A partner whose partnership NATO has suspended is still a
  partner; ``partners_on`` flags it in the ``suspended`` column.
"""

import functools

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



__all__ = [
    "STATUSES",
    "partner_counts",
    "partners_on",
    "status_on",
    "statuses_on",
    "years_as_partner",
]

