"""Country resolution: names, ISO codes, aliases, and 'did you mean' suggestions."""

import difflib
import functools
import unicodedata

from .errors import PfPDataError, UnknownCountryError

# Names people actually type, mapped to ISO alpha-3. Official names and codes are
# added from the countries table; these are the historical and informal ones.
ALIASES = {
    "macedonia": "MKD",
    "fyrom": "MKD",
    "former yugoslav republic of macedonia": "MKD",
    "the former yugoslav republic of macedonia": "MKD",
    "republic of north macedonia": "MKD",
    "czechia": "CZE",
    "czech": "CZE",
    "bosnia": "BIH",
    "bosnia-herzegovina": "BIH",
    "bosnia & herzegovina": "BIH",
    "moldavia": "MDA",
    "republic of moldova": "MDA",
    "russian federation": "RUS",
    "kirghizia": "KGZ",
    "kyrgyz republic": "KGZ",
    "byelorussia": "BLR",
    "belorussia": "BLR",
    "turkiye": "TUR",
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "usa": "USA",
    "us": "USA",
    "united states of america": "USA",
    "holy see": "VAT",
    "vatican": "VAT",
    "swiss confederation": "CHE",
    "slovak republic": "SVK",
    "west germany": "DEU",
    "federal republic of germany": "DEU",
    "eire": "IRL",
    "republic of ireland": "IRL",
    "turkmenia": "TKM",
}


def _fold(text):
    """Lower-case, strip accents and spaces: 'Türkiye ' -> 'turkiye'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().replace(".", " ").split())


@functools.cache
def _index():
    from .tables import load

    countries = load("countries")
    index = {}
    for row in countries.itertuples():
        for key in (row.country, row.iso3, row.atlas_name):
            index[_fold(str(key))] = row.iso3
        if isinstance(row.iso_numeric, str):
            index[row.iso_numeric] = row.iso3
    for alias, iso3 in ALIASES.items():
        index[_fold(alias)] = iso3
    names = dict(zip(countries["iso3"], countries["country"], strict=True))
    return index, names


def resolve(name):
    """Return the ISO alpha-3 code for a country name, code or alias.

    Raises
    ------
    UnknownCountryError
        If nothing matches; the message suggests the closest names.
    """
    if not isinstance(name, str):
        raise PfPDataError(
            f"A country must be given as text (a name or ISO code), not {type(name).__name__} "
            f"({name!r})."
        )
    index, names = _index()
    key = _fold(name)
    if key in index:
        return index[key]
    candidates = {_fold(n): n for n in names.values()}
    candidates.update({alias: names[iso] for alias, iso in ALIASES.items()})
    close = difflib.get_close_matches(key, list(candidates), n=5, cutoff=0.6)
    if not close:
        # substring matches catch 'herzegovina' or 'korea'-like partial input
        close = [k for k in candidates if key and key in k][:5]
    suggestions = list(dict.fromkeys(candidates[c] for c in close))[:3]
    raise UnknownCountryError(name, suggestions)


def name_of(iso3):
    """The course's short name for an ISO alpha-3 code."""
    return _index()[1][iso3]


def country(name):
    """The canonical record of one state.

    Parameters
    ----------
    name : str
        A name ('North Macedonia'), an ISO alpha-3 or numeric code ('MKD', '807'), in any
        case, or a usual alias ('Macedonia', 'FYROM', 'Czechia', 'Bosnia', 'Moldavia').

    Returns
    -------
    pandas.Series
        The state's row of ``countries()`` with ``pfp_signed``, ``withdrew``,
        ``reactivated`` and ``status`` from ``signatories()`` (None for states that never
        signed) and ``nato_accession`` from ``events()`` (None if it never joined).

    Examples
    --------
    >>> import pfp_data
    >>> pfp_data.country("fyrom")["country"]
    'North Macedonia'
    >>> str(pfp_data.country("MLT")["withdrew"].date())
    '1996-10-27'
    """
    import pandas as pd

    from .tables import load

    iso3 = resolve(name)
    countries = load("countries").set_index("iso3")
    row = countries.loc[iso3]
    record = {k: (None if pd.isna(v) else v) for k, v in row.items()}
    signatories = load("signatories").set_index("iso3")
    fields = {}
    for col in ("pfp_signed", "withdrew", "reactivated", "status"):
        value = signatories.loc[iso3, col] if iso3 in signatories.index else None
        fields[col] = None if value is None or pd.isna(value) else value
    # from the events table, which also knows the members that joined before 1994
    events = load("events")
    joined = events[(events["iso3"] == iso3) & (events["event_type"] == "nato_accession")]
    fields["nato_accession"] = joined["date"].min() if len(joined) else None
    record.update(fields, iso3=iso3)
    # object dtype: the record mixes text, dates and None
    return pd.Series(record, dtype=object, name=iso3)
