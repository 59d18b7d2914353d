"""pfp_data.feedback: sentences that do not mislead, for the cases students hit."""

import json

import altair as alt
import pandas as pd
import pytest

from pfp_data import feedback


def _layered():
    data = pd.DataFrame({"date": pd.to_datetime(["1994-01-26", "1995-01-01"]), "n": [1, 23]})
    line = alt.Chart(data).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title="Date"), y=alt.Y("n:Q", title="Partners (number of states)"))
    rule = alt.Chart(data).mark_rule().encode(x="date:T")
    return (line + rule).properties(title="Partners", description="A step line with rules.")


def test_a_layered_chart_with_axis_titles_passes_the_accessibility_check():
    spec = feedback.expect_chart(_layered(), "chart")
    feedback.expect_accessible(spec, "chart")
    feedback.expect_mark(spec, "chart", ["line"])
    assert feedback.expect_encoding(spec, "chart", "x", field="date", types=["temporal"])


def test_a_layered_chart_without_an_x_title_is_told_so():
    data = pd.DataFrame({"date": pd.to_datetime(["1994-01-26"]), "n": [1]})
    chart = (alt.Chart(data).mark_line().encode(x="date:T", y=alt.Y("n:Q", title="N"))
             + alt.Chart(data).mark_rule().encode(x="date:T")).properties(
        title="T", description="D")
    with pytest.raises(AssertionError, match="the x axis of chart has no title"):
        feedback.expect_accessible(feedback.expect_chart(chart, "chart"), "chart")


def test_merge_suffixes_are_explained():
    left = pd.DataFrame({"iso3": ["AUT"], "country": ["Austria"]})
    right = pd.DataFrame({"iso3": ["AUT"], "country": ["Austria"], "grouping": ["EU"]})
    merged = left.merge(right, on="iso3")
    with pytest.raises(AssertionError) as info:
        feedback.expect_dataframe(merged, "joined", columns=["country"])
    message = str(info.value)
    assert "country_x" in message and "_x from the left table" in message


def test_a_missing_column_without_suffixes_lists_the_columns():
    with pytest.raises(AssertionError, match="is missing the column"):
        feedback.expect_dataframe(pd.DataFrame({"a": [1]}), "df", columns=["country"])


def _notebook(path, name):
    path.write_text(json.dumps({"cells": [], "metadata": {"otter": {"assignment_name": name}},
                                "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")


def test_this_notebook_finds_a_renamed_download(tmp_path):
    _notebook(tmp_path / "03-expansion (1).ipynb", "03-expansion")
    _notebook(tmp_path / "05-funding.ipynb", "05-funding")
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert feedback.this_notebook("03-expansion", tmp_path) == "03-expansion (1).ipynb"
    assert feedback.this_notebook("05-funding", tmp_path) == "05-funding.ipynb"
    assert feedback.this_notebook("06-since-2001", tmp_path) is None
