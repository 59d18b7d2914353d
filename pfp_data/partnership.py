"""How the partnership works: its instruments, and which partner used which one when.

Dates come with a ``..._precision`` column: ``day``, ``month`` (the date is the 1st),
``year`` (1 January) or ``no_later_than``. Read a month-precision date as "some day in
that month", never as the 1st.
"""


def instruments():
    """The partnership's instruments, from the NACC (1991) to the NATO-Ukraine Council (2023).

    Returns
    -------
    pandas.DataFrame
        ``instrument_id``, ``name``, ``abbreviation``, ``kind`` (categorical),
        ``launched`` and ``launched_precision``, ``where``, ``open_to``, ``replaced_by``
        (another ``instrument_id``), ``ended`` and ``ended_precision``, ``what``,
        ``sources`` and ``notes``; sorted by ``launched``.

    Examples
    --------
    >>> import pfp_data
    >>> ins = pfp_data.instruments().set_index("instrument_id")
    >>> ins.loc["MAP", "launched"].date().isoformat(), ins.loc["MAP", "where"]
    ('1999-04-24', 'Washington summit')
    >>> ins.loc["IPAP", "replaced_by"], str(ins.loc["ITPP", "launched_precision"])
    ('ITPP', 'month')
    """
    from .tables import load

    out = load("instruments")
    return out.sort_values(["launched", "instrument_id"], kind="stable").reset_index(drop=True)


def instrument_use(country=None, instrument=None):
    """Which partner used which instrument, and when.

    Parameters
    ----------
    country : str, optional
        Keep the rows of one state (a name, ISO code or alias, see
        :func:`pfp_data.country`). States outside Europe that NATO works with (e.g.
        ``'AUS'``, ``'JOR'``) are given by their ISO code.
    instrument : str, optional
        Keep the rows of one instrument: its ``instrument_id`` or its abbreviation,
        in any case (e.g. ``'ipap'``).

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``country``, ``instrument_id``, ``start`` and ``start_precision``,
        ``end`` and ``end_precision``, ``note``, ``sources``; sorted by ``start``.

    Examples
    --------
    >>> import pfp_data
    >>> ipap = pfp_data.instrument_use(instrument="IPAP")
    >>> ipap.iloc[0][["country", "start"]].tolist()
    ['Georgia', Timestamp('2004-10-29 00:00:00')]
    >>> pfp_data.instrument_use(country="Georgia")["instrument_id"].tolist()
    ['IPAP', 'NGC', 'EOP', 'DCB']
    """
    from .errors import PfPDataError
    from .tables import load

    use = load("instrument_use")
    if country is not None:
        use = use[use["iso3"] == _code(country, set(use["iso3"]))]
    if instrument is not None:
        if not isinstance(instrument, str):
            raise PfPDataError(
                f"instrument must be text such as 'IPAP', not {type(instrument).__name__}."
            )
        ins = load("instruments")
        wanted = instrument.strip().upper()
        ids = set(ins.loc[ins["instrument_id"] == wanted, "instrument_id"]) | set(
            ins.loc[ins["abbreviation"].str.upper() == wanted, "instrument_id"]
        )
        if not ids:
            raise PfPDataError(
                f"No instrument {instrument!r}. Use an instrument_id: "
                f"{', '.join(sorted(ins['instrument_id']))}."
            )
        use = use[use["instrument_id"].isin(ids)]
    return use.sort_values(["start", "iso3"], kind="stable").reset_index(drop=True)


def _code(country, extra_codes):
    """ISO code of ``country``; codes of states outside the country table pass as they are."""
    from .names import resolve

    if isinstance(country, str) and country.strip().upper() in extra_codes:
        return country.strip().upper()
    return resolve(country)


def partner_path(country):
    """One state's path through the instruments, oldest first (a table for a timeline).

    Parameters
    ----------
    country : str
        Name, ISO code or alias.

    Returns
    -------
    pandas.DataFrame
        ``instrument_id``, ``name`` (of the instrument), ``kind``, ``start``,
        ``start_precision``, ``end``, ``end_precision``, ``note``, ``sources``. Empty if the
        state used none of the instruments that have per-state rows.

    Examples
    --------
    >>> import pfp_data
    >>> pfp_data.partner_path("Ukraine")["instrument_id"].tolist()
    ['NUC', 'EOP', 'NUCOUNCIL']
    """
    from .tables import load

    use = instrument_use(country=country)
    ins = load("instruments")[["instrument_id", "name", "kind"]]
    path = use.merge(ins, on="instrument_id", how="left")
    cols = ["instrument_id", "name", "kind", "start", "start_precision", "end", "end_precision",
            "note", "sources"]
    return path[cols]


__all__ = ["instrument_use", "instruments", "partner_path"]
