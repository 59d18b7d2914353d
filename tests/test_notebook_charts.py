"""Charts built in the open obey the package's rules (issue 17).

Every chart stored in a chapter's outputs, whether a package builder drew it or the
chapter's own visible code did, is checked with the same rules as the builders in
tests/test_charts.py: a title and a description with a number from the data, palette
colours only, titled axes with a unit. And every chapter builds at least one chart in
visible code (`alt.Chart(` in a code cell).
"""

import nbformat
import pytest
import test_charts as rules

from pfp_book import chart_text
from pfp_book.paths import NOTEBOOKS

CHAPTERS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def stored_specs(path):
    """(label, spec) for every Altair chart in a notebook's stored outputs."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            spec = chart_text.spec_from_html(html) if "vegaEmbed" in html else None
            if spec is not None:
                yield f"{path.stem} cell {index}", spec


SPECS = [item for path in CHAPTERS for item in stored_specs(path)]


def test_the_chapters_have_charts():
    assert len(SPECS) > 20


@pytest.mark.parametrize("rule", ["test_title_and_description", "test_only_palette_colours",
                                  "test_every_axis_has_a_title_or_names_its_categories"])
@pytest.mark.parametrize(("label", "spec"), SPECS, ids=[label for label, _ in SPECS])
def test_stored_chart_follows_the_rules(label, spec, rule):
    getattr(rules, rule)((label, None, spec))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_builds_a_chart_in_the_open(path):
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any("alt.Chart(" in source for source in code), (
        f"{path.stem}: no chart is built in visible code (alt.Chart( in a code cell)")
