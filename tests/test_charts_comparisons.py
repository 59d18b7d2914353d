"""Side-by-side figures (pfp_data.charts.comparisons): the numbers each chart states."""

import pfp_data
from pfp_data import charts


def test_years_as_partner_chart_uses_years_as_partner():
    d = charts.years_as_partner_chart().to_dict()
    ya = pfp_data.years_as_partner()
    assert f"{ya['years'].max():.1f} years" in d["description"]
    assert str(len(ya)) in d["description"]


def test_objective_counts_come_from_the_data():
    counts = charts.objective_counts().set_index("count_of")["objectives"]
    assert counts["Framework Document, para. 3"] == len(pfp_data.objectives())
    assert counts["Article: items it lists"] == len(charts.ARTICLE_AREAS)
    assert counts["Article: number it states"] == int(pfp_data.check_claim("A10").stated)


def test_activities_chart_marks_every_bar_single_source():
    spec = charts.activities_chart().to_dict()
    n = len(pfp_data.activities())
    assert str(n) in spec["description"]
    marks = []

    def collect(node):
        if isinstance(node, dict):
            marks.extend(v for k, v in node.items() if k == "mark" and isinstance(v, str))
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)

    collect(spec)
    assert sum("single source" in v for v in marks) == n


def test_groupings_chart_counts():
    spec = charts.groupings_chart().to_dict()
    g = pfp_data.groupings()
    assert f"{len(g)} memberships of {g['country'].nunique()} states" in spec["description"]
