"""The article's countable claims, each recomputed from the tables by a named function.

A claim function takes no argument and returns a :class:`Evidence`: the computed value
and the rows it was computed from. ``claims()`` adds the computed values to the claims
table; ``check_claim(id)`` recomputes one claim and shows its evidence.
"""

from dataclasses import dataclass, field

from .errors import UnknownClaimError

METHODS = {}


def _method(func):
    METHODS[func.__name__] = func
    return func


@dataclass
class Evidence:
    """A computed value and the rows that support it."""

    value: object
    rows: object = field(repr=False)


@dataclass
class ClaimCheck:
    """The result of :func:`check_claim`."""

    id: str
    paraphrase: str
    stated: object
    computed: object
    verdict: str
    agrees: object  # True/False where the claim is countable, None where it is not
    explanation: str
    sources: list
    evidence: object = field(repr=False)

    def _repr_markdown_(self):
        lines = [
            f"**{self.id}**: {self.paraphrase}",
            "",
            f"- stated: {self.stated if self.stated is not None else '(no single value)'}",
            f"- computed: {self.computed if self.computed is not None else '(cannot be counted)'}",
            f"- verdict: **{self.verdict}**",
            f"- why: {self.explanation}",
            f"- sources: {', '.join(self.sources)}",
        ]
        return "\n".join(lines)


def _count(frame):
    return Evidence(len(frame), frame)


@_method
def count_current_partners():
    """Partners on the data's release date."""
    from .dates import as_of_date
    from .timeline import partners_on

    return _count(partners_on(as_of_date()))


@_method
def count_partners_mid_october_1994():
    """Partners on 15 October 1994."""
    from .timeline import partners_on

    return _count(partners_on("1994-10-15"))


@_method
def count_partners_3_august_1994():
    """Partners on 3 August 1994, the date of the CRS report's count."""
    from .timeline import partners_on

    return _count(partners_on("1994-08-03"))


@_method
def count_partners_end_2001():
    """Partners on 31 December 2001."""
    from .timeline import partners_on

    return _count(partners_on("2001-12-31"))


@_method
def count_former_partners_in_nato():
    """Signatories that have joined NATO."""
    from .tables import load

    sig = load("signatories")
    return _count(sig[sig["nato_accession"].notna()].reset_index(drop=True))


@_method
def count_article_dates_confirmed():
    """Rows of the article's tables whose signing date equals the checked date."""
    from .names import resolve
    from .tables import load

    art = load("article_table")
    sig = load("signatories").set_index("iso3")
    art["iso3"] = [resolve(c) for c in art["country"]]
    art["pfp_signed_checked"] = sig.loc[art["iso3"], "pfp_signed"].to_numpy()
    agree = art[art["pfp_signed_as_printed"] == art["pfp_signed_checked"]]
    return _count(agree.reset_index(drop=True))


@_method
def count_framework_objectives():
    """Objectives listed in paragraph 3 of the Framework Document."""
    from .tables import load

    return _count(load("objectives"))


@_method
def status_of_sweden_today():
    """Sweden's status on the data's release date."""
    from .dates import as_of_date
    from .tables import load
    from .timeline import status_on

    sig = load("signatories")
    return Evidence(status_on("SWE", as_of_date()), sig[sig["iso3"] == "SWE"])


def _event_date(description_word):
    from .tables import load

    ev = load("events")
    rows = ev[ev["description"].str.contains(description_word, regex=False)]
    return Evidence(rows["date"].min().date().isoformat(), rows.reset_index(drop=True))


@_method
def date_of_brussels_summit():
    """First day of the Brussels summit that launched the partnership."""
    return _event_date("Brussels summit")


@_method
def date_of_travemunde_meeting():
    """First day of the defence ministers' meeting at Travemünde where the US proposed PfP."""
    return _event_date("Travemünde")


@_method
def date_of_prespa_name_change():
    """Day the Prespa Agreement (and the name North Macedonia) took effect."""
    return _event_date("Prespa Agreement")


@_method
def year_of_ipap():
    """Year Individual Partnership Action Plans were introduced."""
    ev = _event_date("Individual Partnership Action Plans")
    return Evidence(ev.value[:4], ev.rows)


@_method
def signing_years_of_austria_finland_sweden():
    """Years in which Austria, Finland and Sweden signed, as 'YYYY, YYYY, YYYY'."""
    from .tables import load

    sig = load("signatories").set_index("iso3").loc[["AUT", "FIN", "SWE"]].reset_index()
    return Evidence(", ".join(str(d.year) for d in sig["pfp_signed"]), sig)


@_method
def date_malta_withdrew():
    """Malta's withdrawal date in the checked table."""
    from .tables import load

    sig = load("signatories")
    rows = sig[sig["iso3"] == "MLT"].reset_index(drop=True)
    return Evidence(rows.loc[0, "withdrew"].date().isoformat(), rows)


@_method
def count_signatures_2006_12_14():
    """States that signed on 14 December 2006."""
    from .tables import load

    sig = load("signatories")
    return _count(sig[sig["pfp_signed"] == "2006-12-14"].reset_index(drop=True))


def _wif_average(first_year):
    from .tables import load

    fund = load("funding")
    rows = fund[fund["period_start"] == first_year].reset_index(drop=True)
    return Evidence(int(rows["usd_millions_per_year"].mean()), rows)


@_method
def wif_average_1996_2005():
    """Average annual Warsaw Initiative Fund money, fiscal years 1996-2005 (US$ million)."""
    return _wif_average(1996)


@_method
def wif_average_2006_2010():
    """Average annual Warsaw Initiative Fund money, fiscal years 2006-2010 (US$ million)."""
    return _wif_average(2006)


def _as_text(value):
    return None if value is None else str(value)


def claims():
    """The claims table with a ``computed`` column filled in by each claim's method.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``section``, ``topic``, ``paraphrase``, ``stated``, ``computed``,
        ``agrees``, ``unit``, ``method``, ``as_of``, ``verdict``, ``explanation``,
        ``sources``. ``computed`` and ``agrees`` are missing where the claim cannot be
        counted from the data.
    """
    import pandas as pd

    from .tables import load

    table = load("claims")
    computed = [
        _as_text(METHODS[m]().value) if isinstance(m, str) else None for m in table["method"]
    ]
    table.insert(table.columns.get_loc("stated") + 1, "computed", pd.array(computed, "string"))
    agrees = [
        None if c is None else (c == s) for c, s in zip(computed, table["stated"], strict=True)
    ]
    table.insert(table.columns.get_loc("computed") + 1, "agrees", pd.array(agrees, "boolean"))
    return table


def claim_ids():
    """The valid claim ids."""
    from .tables import load

    return load("claims")["id"].tolist()


def check_claim(claim_id):
    """Recompute one claim from the tables and return it with its evidence.

    Parameters
    ----------
    claim_id : str
        An id of :func:`claims`, e.g. ``'A2'`` (any case).

    Returns
    -------
    ClaimCheck
        ``stated``, ``computed``, ``agrees`` (None for claims that cannot be counted),
        ``verdict``, ``explanation``, ``sources`` and ``evidence`` (a DataFrame of the
        rows used, or the claim's sources when it cannot be counted).

    Examples
    --------
    >>> import pfp_data
    >>> check = pfp_data.check_claim("A2")
    >>> check.stated, check.computed, check.verdict
    ('22', '23', 'wrong')
    """
    from .tables import load

    table = load("claims")
    if not isinstance(claim_id, str) or claim_id.strip().upper() not in {
        i.upper() for i in table["id"]
    }:
        raise UnknownClaimError(claim_id, table["id"].tolist())
    row = table[table["id"].str.upper() == claim_id.strip().upper()].iloc[0]
    keys = row["sources"].split(";")
    stated = None if row.isna()["stated"] else row["stated"]
    if row.isna()["method"]:
        computed, agrees = None, None
        sources = load("sources")
        evidence = sources[sources["key"].isin(keys)].reset_index(drop=True)
    else:
        result = METHODS[row["method"]]()
        computed = _as_text(result.value)
        agrees = computed == stated
        evidence = result.rows
    return ClaimCheck(
        id=row["id"],
        paraphrase=row["paraphrase"],
        stated=stated,
        computed=computed,
        verdict=str(row["verdict"]),
        agrees=agrees,
        explanation=row["explanation"],
        sources=keys,
        evidence=evidence,
    )
