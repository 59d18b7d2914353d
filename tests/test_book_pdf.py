"""The whole book as one tagged PDF (tools/build_pdf.py, `make pdf`), read back with pypdf.

Run alone with ``pytest -m pdf``. Needs the built book; prints the PDF first when it is
missing or older than the pages (a current PDF is reused).
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from test_book import ensure_built

from pfp_book import checks, masters
from pfp_book.paths import EXERCISE_SOURCE, EXERCISE_STUDENT, NOTEBOOKS

pytestmark = [pytest.mark.pdf, pytest.mark.book, pytest.mark.browser]


def _squash(text: str) -> str:
    """Text with every whitespace and soft hyphen removed and ligatures spelled out (NFKC):
    a PDF breaks lines anywhere and draws "fi" as one glyph."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def built():
    import build_pdf

    site = ensure_built()
    if build_pdf.main([]) != 0:
        pytest.fail("tools/build_pdf.py failed (see its output above)")
    from pypdf import PdfReader

    reader = PdfReader(str(site / build_pdf.PDF_NAME))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return site, reader, text


def _page_docs(site):
    return [(entry, checks.soup(site / f"{entry}.html")) for entry in checks.toc_files()]


def test_the_pdf_is_tagged_and_names_its_language(built):
    _, reader, _ = built
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "no structure tree: the PDF is not tagged"
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert str(root.get("/Lang", "")).startswith("en")


def _figures(node, found):
    node = node.get_object()
    if hasattr(node, "get"):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") or hasattr(kid, "get"):
                _figures(kid, found)
    return found


def test_every_chapter_has_an_outline_entry(built):
    site, reader, _ = built
    # Chromium joins a heading's wrapped lines without a space: compare without spaces
    top = [_squash(item.title) for item in reader.outline if not isinstance(item, list)]
    assert top, "the PDF has no outline"
    missing = []
    for entry, doc in _page_docs(site):
        h1 = doc.select_one("article h1")
        for mark in h1.select(".headerlink"):
            mark.decompose()
        title = h1.get_text(" ", strip=True)
        if _squash(title) not in top:
            missing.append(f"{entry}: {title!r}")
    assert not missing, f"no outline entry for {missing}; outline: {top}"


def test_every_chart_is_a_figure_with_its_description_as_text(built):
    site, reader, text = built
    flat = _squash(text)
    figures = _figures(reader.trailer["/Root"]["/StructTreeRoot"], [])
    descriptions, problems = [], []
    for entry, doc in _page_docs(site):
        for para in doc.select(".pfp-chart-summary"):
            description = para.get_text(" ", strip=True).removeprefix("Chart description:")
            descriptions.append(description.strip())
            if _squash(description) not in flat:
                problems.append(f"{entry}: description not in the PDF's text: "
                                f"{description[:70]!r}")
            if not any(description.strip()[:60] in alt for alt in figures):
                problems.append(f"{entry}: no Figure whose alternative text holds "
                                f"{description[:70]!r}")
    assert len(descriptions) >= 10, "too few charts found in the built book"
    assert not problems, "\n".join(problems)


def _solution_lines() -> set[str]:
    """Lines of the exercise masters' solutions and the chapters' answers that appear
    nowhere a reader of the book may see them (the chapters' code, the student notebooks)."""
    public = ""
    for path in [*NOTEBOOKS.glob("*.ipynb"), *EXERCISE_STUDENT.glob("*.ipynb")]:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                public += "".join(cell["source"]) + "\n"
    public = _squash(public)
    lines = set()
    for path in EXERCISE_SOURCE.glob("*.ipynb"):
        lines |= {code for code in masters.solution_lines(path)
                  if len(code) >= 20 and _squash(code) not in public}
    return lines


def test_no_solution_or_answer_appears(built):
    site, _, text = built
    flat = _squash(text)
    solutions = _solution_lines()
    assert len(solutions) >= 10, "the solution scan found too few lines to mean anything"
    leaked = [line for line in solutions if _squash(line) in flat]
    answers = []
    for _, doc in _page_docs(site):
        for details in doc.find_all("details"):
            summary = details.find("summary")
            if summary and summary.get_text(strip=True).lower().startswith("answer"):
                summary.decompose()
                answers += [s for s in re.split(r"(?<=[.?!])\s+", details.get_text(" "))
                            if len(s) >= 40]
    assert answers, "no chapter answers found to check"
    leaked += [a for a in answers if _squash(a) in flat]
    assert not leaked, "solutions or answers in the PDF:\n" + "\n".join(leaked[:10])


def test_every_page_offers_the_pdf(built):
    import build_pdf

    site, _, _ = built
    for entry, doc in _page_docs(site):
        links = [a["href"] for a in doc.find_all("a", href=True)
                 if a["href"].endswith(build_pdf.PDF_NAME)]
        assert links, f"{entry}: no link to the book's PDF"
        target = (site / f"{entry}.html").parent / links[0]
        assert target.resolve().is_file(), f"{entry}: {links[0]} does not exist"
