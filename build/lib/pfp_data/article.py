"""Counting from the article's damaged tables, as a reader of the printed page would.

The article's two tables lost their merged cells (eight NATO accession dates are
blank), miss Bulgaria, and still list Sweden as a partner. There are two ways to read
the blanks:

- ``"as_printed"``: a blank accession date means "not in NATO" (a careless reader);
- ``"merged_cells_restored"``: a blank repeats the date of the row above, which is what
  a merged cell was (a careful reader). This recovers all eight dates, but Bulgaria is
  still missing and Sweden still stale.

The functions count both ways next to the checked data, so the course can show how
the damage changes every count made from the tables.
"""

READINGS = ("as_printed", "merged_cells_restored")


def _accession_dates(art, reading):
    from .errors import PfPDataError

    if reading not in READINGS:
        raise PfPDataError(f"Unknown reading {reading!r}; use one of {', '.join(READINGS)}.")
    dates = art["nato_accession_as_printed"]
    if reading == "merged_cells_restored":
        # merged cells span rows of the previous-members table only
        prev = art["table"] == "previous_members"
        dates = dates.where(~prev, dates.where(prev).ffill())
    return dates


def article_status_on(date, reading="as_printed"):
    """Status of each row of the article's tables on ``date``.

    Parameters
    ----------
    date : str, datetime.date, datetime.datetime or pandas.Timestamp
    reading : {"as_printed", "merged_cells_restored"}
        How to read the blank accession dates (see the module's docstring).

    Returns
    -------
    pandas.DataFrame
        ``country``, ``table`` and ``status`` (not_signed, partner, withdrawn,
        nato_member).
    """
    import pandas as pd

    from .dates import to_date
    from .tables import load

    day = pd.Timestamp(to_date(date))
    art = load("article_table")
    art["accession"] = _accession_dates(art, reading)
    status = []
    for row in art.itertuples():
        if pd.notna(row.accession) and row.accession <= day:
            status.append("nato_member")
        elif day < row.pfp_signed_as_printed:
            status.append("not_signed")
        elif (pd.notna(row.withdrew_as_printed) and row.withdrew_as_printed <= day
              and not (pd.notna(row.reactivated_as_printed)
                       and row.reactivated_as_printed <= day)):
            status.append("withdrawn")
        else:
            status.append("partner")
    return pd.DataFrame({"country": art["country"], "table": art["table"], "status": status})


def counts_both_ways(dates=None):
    """Partners on each date counted from the article's tables and from the checked data.

    Parameters
    ----------
    dates : list of dates, optional
        Default: the dates the article's own counts refer to, plus today's data date.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``as_printed`` and ``merged_cells_restored`` (counts from the article's
        tables read both ways) and ``checked`` (``partners_on``, the checked data).
    """
    import pandas as pd

    from .dates import as_of_date, to_date
    from .timeline import partners_on

    if dates is None:
        dates = ["1994-08-03", "1994-10-15", "1999-04-24", "2001-12-31", "2004-03-29",
                 "2009-04-01", "2023-04-04", as_of_date()]
    rows = []
    for value in dates:
        day = to_date(value)
        row = {"date": pd.Timestamp(day)}
        for reading in READINGS:
            row[reading] = int((article_status_on(day, reading)["status"] == "partner").sum())
        row["checked"] = len(partners_on(day))
        rows.append(row)
    return pd.DataFrame(rows).astype({k: "Int64" for k in (*READINGS, "checked")})


def count_series_both_ways():
    """The two partner counts after every day either of them changed (for a chart)."""

    from .dates import as_of_date
    from .tables import load

    art = load("article_table")
    sig = load("signatories")
    days = set()
    for frame, cols in ((art, ["pfp_signed_as_printed", "withdrew_as_printed",
                               "reactivated_as_printed", "nato_accession_as_printed"]),
                        (sig, ["pfp_signed", "withdrew", "reactivated", "nato_accession"])):
        for col in cols:
            days |= {d.date() for d in frame[col].dropna()}
    days = sorted(d for d in days | {as_of_date()} if d.year >= 1994)
    return counts_both_ways(days)
