"""The ipywidgets views: labelled controls, and a change of control changes the view."""

import ipywidgets as w
import pytest

import pfp_data
from pfp_data import charts, widgets


def _vegalite(view):
    (out,) = view.output.outputs
    specs = [v for k, v in out["data"].items() if k.startswith("application/vnd.vegalite")]
    assert len(specs) == 1
    return specs[0]


@pytest.mark.parametrize("build", [widgets.country_picker, widgets.map_explorer,
                                   widgets.funding_what_if])
def test_views_are_widgets_with_labelled_controls(build):
    view = build()
    assert isinstance(view, w.VBox)
    assert view.controls
    for control in view.controls:
        assert control.description.strip(), f"{type(control).__name__} has no label"
        assert control in view.children
    spec = _vegalite(view)
    assert spec["description"] and view.text
    assert "live in JupyterLab" in repr(view)


def test_country_picker_follows_the_dropdown():
    view = widgets.country_picker("Malta")
    (dropdown,) = view.controls
    assert set(dropdown.options) == set(pfp_data.signatories()["country"])
    assert view.text == charts.country_summary("Malta")
    before = _vegalite(view)
    dropdown.value = "Sweden"
    after = _vegalite(view)
    assert after != before
    assert after["title"]["text"].startswith("Sweden")
    assert "NATO member since 7 Mar 2024" in view.text  # computed from the events table
    sweden = pfp_data.country("Sweden")
    assert sweden["nato_accession"].year == 2024


def test_country_picker_accepts_aliases_and_rejects_non_signatories():
    view = widgets.country_picker("fyrom")
    assert view.controls[0].value == "North Macedonia"
    with pytest.raises(pfp_data.PfPDataError):
        widgets.country_picker("Cyprus")


def test_map_explorer_follows_the_slider():
    view = widgets.map_explorer(2000)
    (slider,) = view.controls
    assert slider.min == charts.FIRST_MAP_YEAR
    assert slider.max == pfp_data.as_of_date().year
    n2000 = len(pfp_data.partners_on("2000-12-31"))
    assert f"{n2000} PfP partners" in view.text
    slider.value = 2004
    n2004 = len(pfp_data.partners_on("2004-12-31"))
    assert f"{n2004} PfP partners" in view.text
    assert "31 Dec 2004" in _vegalite(view)["description"]
    assert n2000 != n2004


def test_funding_what_if_follows_the_slider():
    view = widgets.funding_what_if()
    (slider,) = view.controls
    periods = charts.funding_periods()
    assert slider.value == periods["usd_millions_per_year"].iloc[0]
    slider.value = 60
    table = charts.funding_per_partner(60)
    last = table.iloc[-1]
    assert f"${last['what_if_per_partner']:.2f} million each" in view.text
    spec = _vegalite(view)
    assert any(p.get("value") == 60 for p in spec.get("params", []))


def test_status_view_updates_when_the_slider_moves():
    box = widgets.status_view(countries=["Malta"], value=1995)
    slider, out = box.children
    assert slider.description.strip(": ") == "Year"
    assert "Malta: PfP partner" in out.value
    slider.value = 2000
    assert "Malta: Withdrawn" in out.value
    box = widgets.status_view(value=2001)
    assert f"<b>{len(pfp_data.partners_on('2001-12-31'))} partners" in box.children[1].value


def test_status_view_refuses_a_year_outside_its_range():
    with pytest.raises(pfp_data.PfPDataError, match="between 1994"):
        widgets.status_view(value=1800)


def test_claim_explorer_updates_on_pick():
    view = widgets.claim_explorer()
    picker, panel = view.children
    assert picker.description == "Claim:"
    assert set(picker.options) == {(f"{r.id}: {r.topic}", r.id)
                                   for r in pfp_data.claims().itertuples()}
    first = panel.value
    picker.value = "A10"
    assert panel.value != first
    assert panel.value == charts.claim_html("A10")
    assert "A10" in panel.value and "wrong" in panel.value
