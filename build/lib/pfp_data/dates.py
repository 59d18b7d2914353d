"""Reading the dates users type: 'YYYY-MM-DD' strings, date, datetime, Timestamp."""

import datetime as _dt
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
