"""NATO/PfP Trust Fund projects: who paid for what, where and when."""


def trust_funds():
    """A sample of NATO/PfP Trust Fund projects in partner states (not a census).

    Returns
    -------
    pandas.DataFrame
        ``project_id``, ``name``, ``iso3``, ``country``, ``launched``/``launched_precision``,
        ``completed``/``completed_precision``, ``lead_nations`` (ISO codes separated by
        ';'), ``amount`` and ``currency`` (amounts in different currencies: do not add
        them up), ``what``, ``sources``, ``notes``; sorted by ``project_id``.

    Examples
    --------
    >>> import pfp_data
    >>> first = pfp_data.trust_funds().set_index("project_id").loc["ALB-1"]
    >>> first["launched"].date().isoformat(), first["lead_nations"], float(first["amount"])
    ('2001-01-25', 'CAN', 790000.0)
    """
    from .tables import load

    return load("trust_funds").sort_values("project_id").reset_index(drop=True)


__all__ = ["trust_funds"]
