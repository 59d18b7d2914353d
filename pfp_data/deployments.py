"""Operations in which partners served, and what the sources say each partner sent."""


def operations(led_by=None):
    """NATO-led operations (IFOR, SFOR, KFOR, ISAF, Resolute Support) and the US transit
    arrangements in partner states that supplied the war in Afghanistan.

    Parameters
    ----------
    led_by : {"NATO", "United States"}, optional
        Keep only the operations run by one of them.

    Returns
    -------
    pandas.DataFrame
        ``operation_id``, ``name``, ``abbreviation``, ``led_by``, ``kind``, ``area``,
        ``host_iso3``, ``start``/``start_precision``, ``nato_command_from``,
        ``end``/``end_precision`` (NaT while under way), ``mandate``, ``size_note``,
        ``sources``, ``notes``; sorted by ``start``.

    Examples
    --------
    >>> import pfp_data
    >>> ops = pfp_data.operations("NATO").set_index("operation_id")
    >>> ops.loc["ISAF", "nato_command_from"].date().isoformat()
    '2003-08-11'
    >>> ops.index.tolist()
    ['IFOR', 'SFOR', 'KFOR', 'ISAF', 'RSM']
    """
    from .errors import PfPDataError
    from .tables import load

    ops = load("operations")
    if led_by is not None:
        allowed = list(ops["led_by"].cat.categories)
        if led_by not in allowed:
            raise PfPDataError(f"led_by must be one of {allowed}, not {led_by!r}.")
        ops = ops[ops["led_by"] == led_by]
    return ops.sort_values(["start", "operation_id"], kind="stable").reset_index(drop=True)


def operation_contributions(operation=None):
    """Partner states named as contributors in a dated source, with troops where given.

    Parameters
    ----------
    operation : str, optional
        An ``operation_id`` of :func:`operations` (any case), e.g. ``'isaf'``.

    Returns
    -------
    pandas.DataFrame
        ``operation_id``, ``iso3``, ``country``, ``as_of``/``as_of_precision``,
        ``troops`` (nullable integer), ``troops_qualifier``, ``note``, ``sources``;
        sorted by ``as_of`` and then by troops, largest first.

    Examples
    --------
    >>> import pfp_data
    >>> nov2010 = pfp_data.operation_contributions("ISAF")
    >>> nov2010 = nov2010[nov2010["as_of"] == "2010-11-01"]
    >>> top = nov2010.iloc[0]
    >>> top["country"], int(top["troops"])
    ('Georgia', 924)
    """
    from .errors import PfPDataError
    from .tables import load

    con = load("operation_contributions")
    if operation is not None:
        ids = load("operations")["operation_id"].tolist()
        if not isinstance(operation, str) or operation.strip().upper() not in ids:
            raise PfPDataError(f"No operation {operation!r}. Use one of: {', '.join(ids)}.")
        con = con[con["operation_id"] == operation.strip().upper()]
    con = con.sort_values(["as_of", "troops"], ascending=[True, False], na_position="last",
                          kind="stable")
    return con.reset_index(drop=True)


__all__ = ["operation_contributions", "operations"]
