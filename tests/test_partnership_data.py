"""The tables on how the partnership works: instruments, their use, operations,
contributions, Trust Fund projects and neutrality. Each must agree with itself and with
the tables of signatures and events."""

import pandas as pd
import pytest

import pfp_data
from pfp_data import tables

DATED = {  # table -> (date column, precision column)
    "instruments": [("launched", "launched_precision"), ("ended", "ended_precision")],
    "instrument_use": [("start", "start_precision"), ("end", "end_precision")],
    "operations": [("start", "start_precision"), ("end", "end_precision")],
    "operation_contributions": [("as_of", "as_of_precision")],
    "trust_funds": [("launched", "launched_precision"), ("completed", "completed_precision")],
    "neutrality": [("adopted", "adopted_precision"), ("ended", "ended_precision")],
}


@pytest.mark.parametrize("name", sorted(DATED))
def test_table_is_described_and_typed(name):
    res = tables.resource(name)
    assert res["description"] and res["schema"]["primaryKey"]
    frame = tables.load(name)
    assert len(frame) > 0
    for col, prec in DATED[name]:
        assert pd.api.types.is_datetime64_any_dtype(frame[col]), col
        assert isinstance(frame[prec].dtype, pd.CategoricalDtype), prec
    assert name in set(pfp_data.data_dictionary()["table"])


@pytest.mark.parametrize("name", sorted(DATED))
def test_precision_is_given_exactly_when_there_is_a_date_and_fits_it(name):
    """A month is stored as its 1st and a year as 1 January, so nobody reads a day into it."""
    frame = tables.load(name)
    for col, prec in DATED[name]:
        assert (frame[col].isna() == frame[prec].isna()).all(), (name, col)
        months = frame[frame[prec] == "month"]
        assert (months[col].dt.day == 1).all(), (name, col)
        years = frame[frame[prec] == "year"]
        assert ((years[col].dt.day == 1) & (years[col].dt.month == 1)).all(), (name, col)


def test_ends_follow_starts():
    ins = pfp_data.instruments().dropna(subset=["ended"])
    assert (ins["ended"] > ins["launched"]).all()
    use = pfp_data.instrument_use().dropna(subset=["end"])
    assert (use["end"] > use["start"]).all()
    ops = pfp_data.operations().dropna(subset=["end"])
    assert (ops["end"] > ops["start"]).all()
    tf = pfp_data.trust_funds().dropna(subset=["launched", "completed"])
    assert (tf["completed"] > tf["launched"]).all()


def test_references_between_tables_resolve():
    ids = set(pfp_data.instruments()["instrument_id"])
    assert set(pfp_data.instrument_use()["instrument_id"]) <= ids
    assert set(pfp_data.instruments()["replaced_by"].dropna()) <= ids
    ops = set(pfp_data.operations()["operation_id"])
    assert set(pfp_data.operation_contributions()["operation_id"]) <= ops


def test_a_replaced_instrument_ends_when_its_successor_starts_or_later():
    ins = pfp_data.instruments().set_index("instrument_id")
    for iid, row in ins[ins["replaced_by"].notna()].iterrows():
        successor = ins.loc[row["replaced_by"]]
        assert pd.notna(row["ended"]), iid
        assert row["ended"] >= successor["launched"], iid


def test_signatories_use_instruments_only_after_signing():
    sig = pfp_data.signatories().set_index("iso3")
    use = pfp_data.instrument_use()
    # the NATO-Russia and NATO-Ukraine bodies are bilateral, not PfP instruments, but they
    # too came after signature
    for row in use[use["iso3"].isin(sig.index)].itertuples():
        assert row.start >= sig.loc[row.iso3, "pfp_signed"], (row.iso3, row.instrument_id)


def test_map_and_eop_end_on_nato_accession():
    sig = pfp_data.signatories().set_index("iso3")
    use = pfp_data.instrument_use()
    for row in use[use["instrument_id"].isin(["MAP", "EOP"]) & use["end"].notna()].itertuples():
        assert row.end == sig.loc[row.iso3, "nato_accession"], (row.iso3, row.instrument_id)
    # and every MAP state that joined NATO has its MAP ended
    joined = use[(use["instrument_id"] == "MAP") & use["iso3"].isin(
        sig.index[sig["nato_accession"].notna()])]
    assert joined["end"].notna().all()


def test_the_map_began_with_nine_and_bosnia_is_the_one_left():
    use = pfp_data.instrument_use(instrument="map")
    assert len(use[use["start"] == "1999-04-01"]) == 9
    assert use.loc[use["end"].isna(), "iso3"].tolist() == ["BIH"]


def test_enhanced_opportunities_partners_as_nato_lists_them_in_2024():
    use = pfp_data.instrument_use(instrument="EOP")
    on = pd.Timestamp("2024-03-07")
    current = use[(use["start"] <= on) & (use["end"].isna() | (use["end"] > on))]
    assert set(current["iso3"]) == {"AUS", "GEO", "JOR", "UKR"}


def test_contributors_were_partners_on_the_date():
    sig = set(pfp_data.signatories()["iso3"])
    for row in pfp_data.operation_contributions().itertuples():
        assert row.iso3 in sig
        assert pfp_data.status_on(row.iso3, row.as_of) == "partner", (row.iso3, row.as_of)
    con = pfp_data.operation_contributions()
    assert (con["troops"].isna() == con["troops_qualifier"].isna()).all()


def test_georgia_was_isafs_largest_partner_contributor_in_november_2010():
    isaf = pfp_data.operation_contributions("isaf")
    nov = isaf[isaf["as_of"] == "2010-11-01"]
    assert nov.iloc[0]["iso3"] == "GEO" and nov["troops"].is_monotonic_decreasing
    assert int(nov["troops"].sum()) == 1973


def test_neutrality_ends_with_the_applications_in_the_events():
    neu = pfp_data.neutrality()
    ended = neu.dropna(subset=["ended"]).set_index("iso3")["ended"]
    ev = pfp_data.events()
    apps = ev[ev["event_type"] == "application"].set_index("iso3")["date"]
    assert ended.to_dict() == {k: apps[k] for k in ended.index}
    assert set(ended.index) == {"FIN", "SWE"}


def test_neutral_states_are_partners_today():
    for iso3 in set(pfp_data.neutrality()["iso3"]):
        assert pfp_data.status_on(iso3, pfp_data.as_of_date()) in {"partner", "nato_member"}
    today = pfp_data.neutrality().dropna(subset=["adopted"])
    assert {"MDA", "SRB"} <= set(today["iso3"])


def test_trust_fund_leads_are_iso_codes_and_amounts_have_currencies():
    tf = pfp_data.trust_funds()
    assert (tf["amount"].isna() == tf["currency"].isna()).all()
    first = tf.sort_values("launched").iloc[0]
    assert first["project_id"] == "ALB-1" and first["lead_nations"] == "CAN"


def test_month_precision_dates_are_known_as_months_only():
    known = pfp_data.known_dates()
    assert "2021-03" in known and "2021-03-01" not in known  # ITPPs: March 2021
    assert "2002-11-21" in known  # IPAPs at Prague, to the day
    assert pfp_data.is_known_date("2014-09") and pfp_data.is_known_date("2014-09-04")


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda: pfp_data.instrument_use(instrument="XYZ"), "Use an instrument_id"),
        (lambda: pfp_data.instrument_use(instrument=3), "must be text"),
        (lambda: pfp_data.instrument_use(country="Atlantis"), "Atlantis"),
        (lambda: pfp_data.operations(led_by="UN"), "led_by must be one of"),
        (lambda: pfp_data.operation_contributions("Desert Storm"), "Use one of: IFOR"),
    ],
)
def test_bad_arguments_get_clear_errors(call, message):
    with pytest.raises(pfp_data.PfPDataError, match=message):
        call()


def test_partner_path_is_in_time_order():
    path = pfp_data.partner_path("Georgia")
    assert path["start"].is_monotonic_increasing
    assert path["name"].notna().all()
    assert pfp_data.partner_path("Turkmenistan").empty


@pytest.mark.parametrize(
    "module",
    ["pfp_data.partnership", "pfp_data.deployments", "pfp_data.projects",
     "pfp_data.neutral_states", "pfp_data.dates"],
)
def test_docstring_examples_of_the_data_modules(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
