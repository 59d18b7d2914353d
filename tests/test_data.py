"""The data tables: schema, invariants, counts, and the public API's behaviour."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package, system

import pfp_data
from pfp_data import tables

DATA = Path(pfp_data.__file__).parent / "data"
TABLE_FUNCS = {
    "signatories": pfp_data.signatories,
    "events": pfp_data.events,
    "countries": pfp_data.countries,
    "groupings": pfp_data.groupings,
    "funding": pfp_data.funding,
    "activities": pfp_data.activities,
    "objectives": pfp_data.objectives,
    "article_table": pfp_data.article_table,
    "instruments": pfp_data.instruments,
    "instrument_use": pfp_data.instrument_use,
    "operations": pfp_data.operations,
    "operation_contributions": pfp_data.operation_contributions,
    "trust_funds": pfp_data.trust_funds,
    "neutrality": pfp_data.neutrality,
    "sources": pfp_data.sources,
}


# --- schema ---------------------------------------------------------------------


def test_every_table_validates_against_its_frictionless_schema():
    with system.use_context(trusted=True):
        report = Package(str(DATA / "datapackage.json")).validate()
    errors = [
        f"{task.name}: {err.message}" for task in report.tasks for err in task.errors
    ] + [err.message for err in report.errors]
    assert report.valid, "\n".join(errors[:20])


def test_descriptor_has_licence_version_and_sources():
    d = pfp_data.descriptor()
    assert d["licenses"][0]["name"] == "CC-BY-4.0"
    assert d["version"] == pfp_data.__version__
    assert d["sources"]
    for res in d["resources"]:
        assert res.get("description"), res["name"]
        for field in res["schema"]["fields"]:
            assert field.get("description"), (res["name"], field["name"])


def test_every_csv_in_the_package_is_described():
    described = {r["path"] for r in pfp_data.descriptor()["resources"]}
    assert {p.name for p in DATA.glob("*.csv")} == described


@pytest.mark.parametrize("name", sorted(TABLE_FUNCS))
def test_table_functions_return_typed_fresh_copies(name):
    first = TABLE_FUNCS[name]()
    fields = {f["name"]: f for f in tables.resource(name)["schema"]["fields"]}
    assert list(first.columns) == list(fields)
    for col, field in fields.items():
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(first[col]), col
        if "enum" in field.get("constraints", {}):
            assert isinstance(first[col].dtype, pd.CategoricalDtype), col
    # a student who edits the result must not change the next call's result
    first.iloc[0, 0] = None
    assert TABLE_FUNCS[name]().iloc[0, 0] is not None


def test_data_dictionary_lists_every_field():
    dd = pfp_data.data_dictionary()
    n_fields = sum(len(r["schema"]["fields"]) for r in pfp_data.descriptor()["resources"])
    assert len(dd) == n_fields
    assert {"table", "field", "type", "unit", "description"} <= set(dd.columns)
    assert dd.loc[dd["field"] == "usd_millions_per_year", "unit"].iloc[0] == "US$ million per year"


# --- invariants -------------------------------------------------------------------


def test_34_signatories_no_duplicates():
    sig = pfp_data.signatories()
    assert len(sig) == 34
    assert sig["iso3"].is_unique and sig["country"].is_unique


def test_date_order_within_each_row():
    sig = pfp_data.signatories()
    w = sig.dropna(subset=["withdrew"])
    assert (w["pfp_signed"] < w["withdrew"]).all()
    r = sig.dropna(subset=["reactivated"])
    assert (r["withdrew"] < r["reactivated"]).all()
    assert sig.loc[sig["reactivated"].notna(), "withdrew"].notna().all()
    n = sig.dropna(subset=["nato_accession"])
    assert (n["pfp_signed"] < n["nato_accession"]).all()


def test_status_column_agrees_with_the_dates():
    sig = pfp_data.signatories()
    members = sig["nato_accession"].notna()
    assert (sig.loc[members, "status"] == "nato_member").all()
    assert sig.loc[~members, "status"].isin(["partner", "partner_suspended"]).all()


def test_every_source_key_exists():
    keys = set(pfp_data.sources()["key"])
    for name, func in {**TABLE_FUNCS, "claims": pfp_data.claims}.items():
        frame = func()
        if "sources" not in frame:
            continue
        for cell in frame["sources"].dropna():
            missing = set(cell.split(";")) - keys
            assert not missing, f"{name}: unknown source keys {missing}"


def test_events_hold_every_country_date_of_the_signatories_table():
    ev = pfp_data.events()
    kinds = {
        "pfp_signed": "signature",
        "withdrew": "withdrawal",
        "reactivated": "reactivation",
        "nato_accession": "nato_accession",
    }
    from_events = {(r.iso3, r.event_type, r.date) for r in ev.itertuples() if pd.notna(r.iso3)}
    from_table = set()
    for row in pfp_data.signatories().itertuples():
        for col, kind in kinds.items():
            if pd.notna(getattr(row, col)):
                from_table.add((row.iso3, kind, getattr(row, col)))
    assert from_table <= from_events
    # and the other way: no signatory event that the table lacks
    sig_iso = set(pfp_data.signatories()["iso3"])
    extra = {e for e in from_events if e[0] in sig_iso and e[1] in kinds.values()} - from_table
    assert not extra


def test_events_are_sorted_and_dated():
    ev = pfp_data.events()
    assert ev["date"].is_monotonic_increasing
    assert ev["date"].notna().all()
    assert (ev["date"] <= pd.Timestamp(pfp_data.as_of_date())).all()


def test_article_milestones_are_in_the_events():
    text = " ".join(pfp_data.events()["description"])
    for needle in ["NACC", "Travemünde", "Brussels summit", "Membership Action Plan",
                   "Individual Partnership Action Plans", "Istanbul", "Riga", "Bucharest"]:
        assert needle in text, needle


def test_every_country_is_in_the_map_file():
    import json

    topo = json.loads((DATA / "atlas_europe_asia.topo.json").read_text())
    geoms = topo["objects"]["countries"]["geometries"]
    ids = {g.get("id") for g in geoms}
    names = {g["properties"]["name"] for g in geoms}
    # Canada and the United States lie outside the map's Europe-to-Central-Asia window
    for row in pfp_data.countries().itertuples():
        if row.iso3 in ("CAN", "USA"):
            assert row.iso_numeric not in ids
            continue
        if pd.notna(row.iso_numeric):
            assert row.iso_numeric in ids, row.country
        assert row.atlas_name in names, row.country


def test_signatories_are_exactly_the_pfp_signatory_group_of_countries():
    c = pfp_data.countries()
    assert set(c.loc[c["group"] == "pfp_signatory", "iso3"]) == set(pfp_data.signatories()["iso3"])


def test_funding_values_are_period_averages():
    f = pfp_data.funding()
    assert (f["value_kind"] == "period_average").all()
    for (start, end), grp in f.groupby(["period_start", "period_end"]):
        assert grp["fiscal_year"].min() == start and grp["fiscal_year"].max() == end
        assert grp["usd_millions_per_year"].nunique() == 1
    assert (f["fund_name_at_time"] == "Warsaw Initiative Fund").all()


def test_activities_are_flagged_single_source():
    a = pfp_data.activities()
    assert a["single_source"].all()
    assert set(a["sources"]) == {"ISHIZUKA2014"}


def test_five_objectives():
    assert len(pfp_data.objectives()) == 5


def test_article_table_is_the_damaged_version():
    art = pfp_data.article_table()
    assert len(art) == 33
    assert "Bulgaria" not in set(art["country"])
    prev = art[art["table"] == "previous_members"]
    assert prev["nato_accession_as_printed"].isna().sum() == 8


# --- counts the issue requires --------------------------------------------------------


@pytest.mark.parametrize(
    "date,expected", [("1994-10-15", 23), ("2001-12-31", 26), ("2024-03-07", 18)]
)
def test_partner_counts_reproduce_the_checked_figures(date, expected):
    assert len(pfp_data.partners_on(date)) == expected


def test_partners_on_flags_suspension_by_date():
    now = pfp_data.partners_on(pfp_data.as_of_date())
    assert set(now.loc[now["suspended"], "iso3"]) == {"BLR", "RUS"}
    before = pfp_data.partners_on("2010-01-01")
    assert not before["suspended"].any()
    mid = pfp_data.partners_on("2015-01-01")
    assert set(mid.loc[mid["suspended"], "iso3"]) == {"RUS"}


@pytest.mark.parametrize(
    "date,suspended",
    [
        ("2021-11-18", {"RUS"}),
        # the North Atlantic Council's decision (not the 2024 date of a NATO web page)
        ("2021-11-19", {"RUS", "BLR"}),
        ("2023-01-01", {"RUS", "BLR"}),
    ],
)
def test_belarus_suspension_dates_from_november_2021(date, suspended):
    on = pfp_data.partners_on(date)
    assert set(on.loc[on["suspended"], "iso3"]) == suspended
    # a suspended partner is still a partner: the count does not change
    assert "BLR" in set(on["iso3"])


def test_suspension_events_are_the_decisions_not_page_dates():
    ev = pfp_data.events()
    sus = ev[ev["event_type"] == "suspension"].set_index("iso3")["date"]
    assert sus.to_dict() == {
        "RUS": pd.Timestamp("2014-04-01"),
        "BLR": pd.Timestamp("2021-11-19"),
    }
    assert (ev.loc[ev["event_type"] == "suspension", "date_precision"] == "day").all()


def test_new_event_types_do_not_change_status():
    """relations, application, neutrality and milestone rows leave status_on untouched."""
    ev = pfp_data.events()
    status_types = {"signature", "withdrawal", "reactivation", "nato_accession"}
    status_days = {(r.iso3, r.date) for r in ev.itertuples() if r.event_type in status_types}
    quiet = ev[~ev["event_type"].isin(status_types | {"suspension"}) & ev["iso3"].notna()]
    assert len(quiet) >= 2
    for row in quiet.itertuples():
        if (row.iso3, row.date) in status_days:
            continue  # a status event on the same day may change it
        day = row.date.date()
        before = pfp_data.status_on(row.iso3, day - dt.timedelta(days=1))
        assert pfp_data.status_on(row.iso3, day) == before, (row.iso3, day, row.event_type)


def test_partners_on_has_signatory_columns():
    cols = list(pfp_data.partners_on("2000-01-01").columns)
    assert cols[:-1] == list(pfp_data.signatories().columns) and cols[-1] == "suspended"


def test_partner_counts_series_matches_partners_on():
    series = pfp_data.partner_counts()
    for row in series.itertuples():
        assert row.partners == len(pfp_data.partners_on(row.date))


# --- status_on and date input ---------------------------------------------------------


@pytest.mark.parametrize(
    "country,date,expected",
    [
        ("Malta", "1996-10-26", "partner"),
        ("Malta", "1996-10-27", "withdrawn"),
        ("Malta", "2008-04-02", "withdrawn"),
        ("Malta", "2008-04-03", "partner"),
        ("Sweden", "2024-03-06", "partner"),
        ("Sweden", "2024-03-07", "nato_member"),
        ("Cyprus", "2020-01-01", "not_signed"),
        ("Belgium", "1960-01-01", "nato_member"),
        ("Serbia", "2006-12-13", "not_signed"),
    ],
)
def test_status_on(country, date, expected):
    assert pfp_data.status_on(country, date) == expected


@pytest.mark.parametrize(
    "value",
    ["1994-10-15", dt.date(1994, 10, 15), dt.datetime(1994, 10, 15, 13, 30),
     pd.Timestamp("1994-10-15")],
)
def test_all_date_types_are_accepted(value):
    assert len(pfp_data.partners_on(value)) == 23


@pytest.mark.parametrize(
    "value,message",
    [
        ("2001-02-30", "does not exist"),
        ("15/10/1994", "YYYY-MM-DD"),
        (1994, "must be a 'YYYY-MM-DD' string"),
        (None, "No date given"),
        ("1900-01-01", "outside the data"),
        ("2999-01-01", "outside the data"),
    ],
)
def test_bad_dates_get_clear_errors(value, message):
    with pytest.raises(pfp_data.BadDateError, match=message):
        pfp_data.partners_on(value)


# --- country names --------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias,iso3",
    [
        ("Macedonia", "MKD"), ("FYROM", "MKD"), ("north macedonia", "MKD"), ("MKD", "MKD"),
        ("807", "MKD"), ("Czechia", "CZE"), ("czech republic", "CZE"), ("Bosnia", "BIH"),
        ("Moldavia", "MDA"), ("  malta ", "MLT"), ("Türkiye", "TUR"), ("Kosovo", "XKX"),
    ],
)
def test_country_aliases(alias, iso3):
    assert pfp_data.country(alias).name == iso3


def test_country_record():
    mlt = pfp_data.country("Malta")
    assert mlt["withdrew"] == pd.Timestamp("1996-10-27")
    assert pfp_data.country("Belgium")["nato_accession"] == pd.Timestamp("1949-04-04")
    assert pfp_data.country("Cyprus")["pfp_signed"] is None


def test_unknown_country_suggests_close_names():
    with pytest.raises(pfp_data.UnknownCountryError) as info:
        pfp_data.status_on("Swizerland", "2000-01-01")
    assert "Switzerland" in str(info.value)
    assert info.value.suggestions[0] == "Switzerland"
    assert isinstance(info.value, ValueError)


def test_country_must_be_text():
    with pytest.raises(pfp_data.PfPDataError, match="as text"):
        pfp_data.country(42)


# --- claims ---------------------------------------------------------------------------


def test_claims_computed_values_come_from_the_tables():
    table = pfp_data.claims()
    countable = table[table["method"].notna()]
    assert len(countable) >= 10
    assert countable["computed"].notna().all()
    assert table.loc[table["method"].isna(), "computed"].isna().all()


def test_stored_verdicts_match_the_recomputed_values():
    """supported/partly need agreement; wrong/stale need disagreement; stale must have been true."""
    from pfp_data.claim_checks import METHODS

    for row in pfp_data.claims().itertuples():
        if pd.isna(row.method):
            continue
        assert row.method in METHODS
        if row.verdict in ("supported", "partly"):
            assert row.agrees, f"{row.id}: verdict {row.verdict} but computed {row.computed}"
        else:
            assert not row.agrees, f"{row.id}: verdict {row.verdict} but value agrees"
        if row.verdict == "stale" and row.unit == "states":
            # the stated count held at some earlier date
            series = pfp_data.partner_counts()
            if row.id == "A1":
                assert int(row.stated) in set(series["partners"])


def test_check_claim_returns_evidence():
    check = pfp_data.check_claim("a2")
    got = (check.stated, check.computed, check.verdict, check.agrees)
    assert got == ("22", "23", "wrong", False)
    assert len(check.evidence) == 23
    uncountable = pfp_data.check_claim("D1")
    assert uncountable.computed is None and "ISHIZUKA2014" in set(uncountable.evidence["key"])


def test_unknown_claim_lists_valid_ids():
    with pytest.raises(pfp_data.UnknownClaimError, match="Valid ids: A1"):
        pfp_data.check_claim("Z9")


# --- bibliography, citation, laziness ----------------------------------------------------


def test_bibtex_has_every_source_and_parses():
    from pybtex.database import parse_string

    bib = parse_string(pfp_data.to_bibtex(), "bibtex")
    assert set(bib.entries) == set(pfp_data.sources()["key"])


def test_cite_names_version():
    assert pfp_data.__version__ in pfp_data.cite()


def test_import_reads_no_table_and_no_pandas():
    code = (
        "import sys, pfp_data, pfp_data.tables as t; "
        "assert 'pandas' not in sys.modules, 'pandas imported'; "
        "assert 'altair' not in sys.modules, 'altair imported'; "
        "assert t.loaded_tables() == [], t.loaded_tables(); "
        "pfp_data.signatories(); assert t.loaded_tables() == ['signatories']"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError):
        pfp_data.no_such_thing  # noqa: B018
