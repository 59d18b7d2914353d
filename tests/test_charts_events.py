"""Dated events (pfp_data.charts.events): milestones and the 1994 signatures."""

import pytest

import pfp_data
from pfp_data import charts


def test_signatures_1994_agrees_with_partners_on():
    sig = charts.signatures_1994()
    assert sig["order"].tolist() == list(range(1, len(sig) + 1))
    assert sig["signed_so_far"].is_monotonic_increasing
    assert sig["signed_so_far"].iloc[-1] == len(pfp_data.partners_on("1994-12-31"))
    by_3_august = sig.loc[sig["date"] <= "1994-08-03", "signed_so_far"].max()
    assert by_3_august == len(pfp_data.partners_on("1994-08-03"))
    assert sig.iloc[0]["country"] == pfp_data.signatories().sort_values("pfp_signed").iloc[0][
        "country"
    ]


def test_signatures_chart_description_uses_the_counts():
    description = charts.signatures_1994_chart().to_dict()["description"]
    assert f"{len(pfp_data.partners_on('1994-08-03'))} had signed by 3 August" in description
    assert f"{len(pfp_data.partners_on('1994-10-15'))} by 15 October" in description
    first = charts.signatures_1994().iloc[0]
    assert f"on {first['date'].day} {first['date']:%b} 1994" in description  # one date format


def test_milestones_filters_by_date_and_type():
    ms = charts.milestones("1999-01-01", "2014-12-31", event_types=("milestone", "suspension"))
    ev = pfp_data.events()
    expected = ev[ev["event_type"].isin(["milestone", "suspension"])
                  & ev["date"].between("1999-01-01", "2014-12-31")]
    assert len(ms) == len(expected)
    assert ms["date"].is_monotonic_increasing
    assert ms["label"].str.len().max() <= 40


def test_milestones_chart_tells_kinds_by_shape_too():
    spec = charts.milestones_chart("1999-01-01", event_types=("milestone", "suspension")).to_dict()
    shape = spec["encoding"]["shape"]
    assert len(set(shape["scale"]["range"])) == 2
    assert shape["scale"]["domain"] == spec["encoding"]["color"]["scale"]["domain"]


def test_short_labels_are_short():
    day = pfp_data.events()["date"].iloc[0]
    label = charts.short_label(day, "milestone", "A long description of what happened there; more")
    assert label == "A long description of what…"
    assert charts.short_label(day, "milestone", "Short (with a note).") == "Short"


@pytest.mark.parametrize(
    "call",
    [
        lambda: charts.milestones("2000-01-01", "1999-01-01"),
        lambda: charts.milestones(event_types=("coup",)),
        lambda: charts.milestones_chart("1992-06-01", "1992-07-01"),
    ],
)
def test_bad_input_raises_a_clear_error(call):
    with pytest.raises(pfp_data.PfPDataError):
        call()
