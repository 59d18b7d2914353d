"""Property-based tests: partners_on and status_on against a replay of the events table.

The oracle below walks the events in date order, as a student would with a pencil,
and shares no code with pfp_data.timeline.
"""

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import pfp_data

EVENTS = pfp_data.events()
SIGNATORIES = sorted(pfp_data.signatories()["iso3"])
ALL_STATES = sorted(pfp_data.countries()["iso3"])
dates = st.dates(min_value=dt.date(1949, 1, 1), max_value=pfp_data.as_of_date())


def replay(day):
    status = {iso: "not_signed" for iso in ALL_STATES}
    moves = {"signature": "partner", "withdrawal": "withdrawn", "reactivation": "partner",
             "nato_accession": "nato_member"}
    for ev in EVENTS.itertuples():
        if ev.date.date() > day:
            break
        if pd.notna(ev.iso3) and ev.event_type in moves:
            status[ev.iso3] = moves[ev.event_type]
    return status


@settings(max_examples=150, deadline=None)
@given(day=dates)
def test_partners_on_matches_replay(day):
    expected = {iso for iso, s in replay(day).items() if s == "partner"}
    assert set(pfp_data.partners_on(day)["iso3"]) == expected


@settings(max_examples=150, deadline=None)
@given(day=dates, iso=st.sampled_from(ALL_STATES))
def test_status_on_matches_replay(day, iso):
    assert pfp_data.status_on(iso, day) == replay(day)[iso]


@settings(max_examples=60, deadline=None)
@given(day=dates)
def test_statuses_partition_the_signatories(day):
    counts = pfp_data.statuses_on(day)
    sig = counts[counts["iso3"].isin(SIGNATORIES)]["status"].value_counts()
    assert sig.sum() == 34
    assert sig.get("partner", 0) == len(pfp_data.partners_on(day))


@settings(max_examples=60, deadline=None)
@given(a=dates, b=dates)
def test_nato_membership_is_never_lost(a, b):
    early, late = sorted([a, b])
    before = pfp_data.statuses_on(early).set_index("iso3")["status"]
    after = pfp_data.statuses_on(late).set_index("iso3")["status"]
    assert not ((before == "nato_member") & (after != "nato_member")).any()


# --- country_spans against status_on -------------------------------------------------

SPAN_STATUS = {"partner": "partner", "suspended": "partner", "withdrawn": "withdrawn",
               "nato_member": "nato_member"}


def change_days():
    """Every day on which some state's status may change, the day before it, and both ends."""
    days = {d.date() for d in EVENTS.loc[EVENTS["iso3"].notna(), "date"]}
    days |= {d - dt.timedelta(days=1) for d in days}
    return sorted(days | {dt.date(1949, 1, 1), pfp_data.as_of_date()})


def span_on(spans, day):
    """The span of one state's spans that holds on ``day`` (None before the first)."""
    stamp = pd.Timestamp(day)
    for row in spans.itertuples():
        if row.start <= stamp < row.end or (row.open and stamp == row.end):
            return row.span
    return None


def test_country_spans_agree_with_status_on_every_day_a_status_changes():
    from pfp_data.timeline import country_spans

    days = change_days()
    snapshots = {day: pfp_data.statuses_on(day).set_index("iso3") for day in days}
    checked = 0
    for iso in ALL_STATES:
        try:
            spans = country_spans(iso)
        except pfp_data.PfPDataError:
            assert all(snapshots[d].loc[iso, "status"] == "not_signed" for d in days), iso
            continue
        assert (spans["start"].iloc[1:].values == spans["end"].iloc[:-1].values).all(), iso
        for day in days:
            snap = snapshots[day].loc[iso]
            span = span_on(spans, day)
            assert SPAN_STATUS.get(span, "not_signed") == snap["status"], (iso, day, span)
            suspended_partner = bool(snap["suspended"]) and snap["status"] == "partner"
            assert (span == "suspended") == suspended_partner, (iso, day, span)
            checked += 1
    assert checked > 30 * len(days)  # every signatory and NATO member, not a sample
