"""Dates: reading the dates users type ('YYYY-MM-DD' strings, date, datetime, Timestamp),
and the set of dates the tables hold (for checking the dates a narrative gives)."""

import datetime as _dt
import functools
import re

from .errors import BadDateError

EARLIEST = _dt.date(1949, 1, 1)  # the year of the North Atlantic Treaty: nothing here is older
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_of_date():
    """The release date of the data: no status is known after it."""
    from .tables import descriptor

    return _dt.date.fromisoformat(descriptor()["as_of"])


def to_date(value, *, name="date"):
    """Return ``value`` as a :class:`datetime.date`, or raise :class:`BadDateError`.

    Accepts 'YYYY-MM-DD' strings, ``datetime.date``, ``datetime.datetime``,
    ``numpy.datetime64`` and pandas ``Timestamp`` objects. Times of day are dropped.
    """
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NaT:
        raise BadDateError(f"No {name} given. Pass a date such as '1994-10-15'.")
    if isinstance(value, bool) or not isinstance(
        value, str | _dt.date | pd.Timestamp | np.datetime64
    ):
        raise BadDateError(
            f"{name} must be a 'YYYY-MM-DD' string, a datetime.date, a datetime.datetime or a "
            f"pandas Timestamp, not {type(value).__name__} ({value!r})."
        )
    if isinstance(value, str):
        text = value.strip()
        if not _ISO.match(text):
            raise BadDateError(
                f"Cannot read {name} {value!r}: write it as YYYY-MM-DD, e.g. '1994-10-15'."
            )
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            raise BadDateError(f"{name} {value!r} does not exist in the calendar.") from None
    elif isinstance(value, np.datetime64):
        if np.isnat(value):
            raise BadDateError(f"No {name} given (NaT). Pass a date such as '1994-10-15'.")
        day = pd.Timestamp(value).date()
    elif isinstance(value, _dt.datetime | pd.Timestamp):
        day = value.date()
    else:
        day = value
    latest = as_of_date()
    if day < EARLIEST or day > latest:
        raise BadDateError(
            f"{name} {day.isoformat()} is outside the data: use a date from "
            f"{EARLIEST.isoformat()} to {latest.isoformat()} (the data's release date)."
        )
    return day


# A date's precision, read from the column next to it; every precision not listed here
# (e.g. 'no_later_than') names a day.
_PRECISION_LENGTH = {"month": 7, "year": 4}
_PARTIAL_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _precision_column(field_name, names):
    """The column that holds the precision of date column ``field_name``, if any."""
    candidate = f"{field_name}_precision"
    return candidate if candidate in names else None


def known_dates():
    """Every date that some table of the package holds, as ISO text at its precision.

    A date known to the day is ``'YYYY-MM-DD'``; one known only to the month is
    ``'YYYY-MM'`` and one known only to the year ``'YYYY'`` (its table says so in a
    ``..._precision`` column). The ``date`` column of the sources table (the dates of the
    documents) is included with the precision its text has.

    Examples
    --------
    >>> from pfp_data.dates import known_dates
    >>> dates = known_dates()
    >>> "1994-01-10" in dates  # the Brussels summit
    True
    >>> "1994-01-12" in dates
    False
    """
    return _known_dates()


@functools.cache
def _known_dates():
    import pandas as pd

    from .tables import descriptor, load

    found = set()
    for res in descriptor()["resources"]:
        fields = res["schema"]["fields"]
        names = [f["name"] for f in fields]
        frame = None
        for fld in fields:
            is_date = fld["type"] == "date"
            is_text_date = res["name"] == "sources" and fld["name"] == "date"
            if not (is_date or is_text_date):
                continue
            frame = load(res["name"]) if frame is None else frame
            prec_col = _precision_column(fld["name"], names)
            for i, value in frame[fld["name"]].items():
                if pd.isna(value):
                    continue
                if is_text_date:
                    if _PARTIAL_ISO.match(str(value)):
                        found.add(str(value))
                    continue
                text = value.strftime("%Y-%m-%d")
                prec = str(frame.at[i, prec_col]) if prec_col else "day"
                found.add(text[: _PRECISION_LENGTH.get(prec, 10)])
    return frozenset(found)


def is_known_date(text):
    """Whether a table holds the date ``text`` ('YYYY-MM-DD', 'YYYY-MM' or 'YYYY').

    A day must be held as that day. A month matches any date held in that month (to the
    day or to the month); a year matches any date held in that year.

    Examples
    --------
    >>> from pfp_data.dates import is_known_date
    >>> is_known_date("1994-01"), is_known_date("1994-01-10"), is_known_date("1994-01-12")
    (True, True, False)
    """
    if not isinstance(text, str) or not _PARTIAL_ISO.match(text):
        raise BadDateError(f"Write the date as 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY', not {text!r}.")
    try:  # a well-formed string can still name no day ('2021-13', '2021-02-30')
        _dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        raise BadDateError(f"{text!r} is not a real date: months run 01-12 and days to the "
                           "month's end.") from None
    dates = known_dates()
    if len(text) == 10:
        return text in dates
    return any(d.startswith(text) for d in dates)
