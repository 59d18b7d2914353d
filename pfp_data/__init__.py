"""Partnership for Peace in data: cited, dated tables about NATO's Partnership for Peace.

Every table comes with its sources; every function takes dates as 'YYYY-MM-DD' strings,
``datetime.date``/``datetime`` objects or pandas Timestamps. Importing the package
reads no table and imports neither pandas nor altair: they load on first use.

>>> import pfp_data
>>> len(pfp_data.signatories())
34
>>> len(pfp_data.partners_on("1994-10-15"))
23
>>> pfp_data.status_on("Malta", "2000-01-01")
'withdrawn'
"""

import importlib

__version__ = "2026.11.0"
DATA_VERSION = __version__

# Public name -> module that defines it. Loaded on first access (PEP 562), so that
# `import pfp_data` stays as cheap as importing a small module.
_LAZY = {
    "country": "names",
    "resolve": "names",
    "partners_on": "timeline",
    "status_on": "timeline",
    "statuses_on": "timeline",
    "partner_counts": "timeline",
    "years_as_partner": "timeline",
    "STATUSES": "timeline",
    "claims": "claim_checks",
    "check_claim": "claim_checks",
    "claim_ids": "claim_checks",
    "to_bibtex": "bibliography",
    "data_dictionary": "tables",
    "descriptor": "tables",
    "table_names": "tables",
    "as_of_date": "dates",
    "known_dates": "dates",
    "is_known_date": "dates",
    "instruments": "partnership",
    "instrument_use": "partnership",
    "partner_path": "partnership",
    "operations": "deployments",
    "operation_contributions": "deployments",
    "trust_funds": "projects",
    "neutrality": "neutral_states",
    "PfPDataError": "errors",
    "UnknownCountryError": "errors",
    "BadDateError": "errors",
    "UnknownClaimError": "errors",
    # every public submodule, so that `pfp_data.charts` works after `import pfp_data`
    # (tests/test_structure.py checks that none is missing)
    "article": None,
    "bibliography": None,
    "charts": None,
    "claim_checks": None,
    "dates": None,
    "deployments": None,
    "display": None,
    "errors": None,
    "feedback": None,
    "geo": None,
    "names": None,
    "neutral_states": None,
    "palette": None,
    "partnership": None,
    "projects": None,
    "tables": None,
    "timeline": None,
    "widgets": None,
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'pfp_data' has no attribute {name!r}")
    module_name = _LAZY[name]
    if module_name is None:
        return importlib.import_module(f"pfp_data.{name}")
    return getattr(importlib.import_module(f"pfp_data.{module_name}"), name)


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def _table(name):
    from .tables import load

    return load(name)


def signatories():
    """The 34 states that ever signed the Framework Document (one row each).

    Columns: ``country``, ``iso3``, ``pfp_signed``, ``withdrew``, ``reactivated``,
    ``nato_accession`` (datetimes, NaT where none), ``status`` (categorical: partner,
    nato_member, partner_suspended, as of the data's release date), ``sources`` (keys of
    :func:`sources`, separated by ';') and ``notes``.
    """
    return _table("signatories")


def events():
    """Dated events: signatures, withdrawals, reactivations, suspensions, accessions, milestones."""
    return _table("events")


def countries():
    """The states on the course's map: signatories, earlier NATO members and states outside."""
    return _table("countries")


def groupings():
    """EU, CSTO and GUAM memberships named in the article, with as-of dates and caveats."""
    return _table("groupings")


def funding():
    """Warsaw Initiative Fund by fiscal year; each value is its period's average."""
    return _table("funding")


def activities():
    """Austrian and Swedish figures for 1996-97 from a single secondary source."""
    return _table("activities")


def objectives():
    """The five objectives of the 1994 Framework Document (paragraph 3)."""
    return _table("objectives")


def article_table():
    """The article's membership tables as printed (damaged): for source criticism only."""
    return _table("article_table")


def sources():
    """The bibliography: every source key used by any table."""
    return _table("sources")


def cite():
    """How to cite this data set (a plain-text reference)."""
    from .tables import descriptor

    d = descriptor()
    return (
        f"Partnership for Peace in data contributors ({d['created'][:4]}). "
        f"{d['title']}, version {d['version']} (data as of {d['as_of']}). "
        f"Licence {d['licenses'][0]['name']}. Sources listed in pfp_data.sources()."
    )


__all__ = [
    "DATA_VERSION",
    "activities",
    "article_table",
    "cite",
    "countries",
    "events",
    "funding",
    "groupings",
    "objectives",
    "signatories",
    "sources",
    *_LAZY,
]
