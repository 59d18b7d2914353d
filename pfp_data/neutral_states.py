"""The neutral and militarily non-aligned partners, and what their neutrality rests on."""


def neutrality():
    """Neutral and militarily non-aligned partners, one row per legal basis.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``country``, ``basis`` (treaty, constitution, constitutional_law,
        parliament_resolution, un_resolution or policy), ``instrument``,
        ``adopted``/``adopted_precision``, ``ended``/``ended_precision``, ``note``,
        ``sources``; sorted by ``adopted`` (policies without a date last).

    Examples
    --------
    >>> import pfp_data
    >>> n = pfp_data.neutrality()
    >>> sorted(n.loc[n["ended"].isna(), "iso3"].unique())
    ['AUT', 'CHE', 'IRL', 'MDA', 'MLT', 'SRB', 'TKM']
    """
    from .tables import load

    out = load("neutrality")
    return out.sort_values(["adopted", "iso3"], na_position="last", kind="stable").reset_index(
        drop=True
    )


__all__ = ["neutrality"]
