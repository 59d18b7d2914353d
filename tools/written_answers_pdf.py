"""PDFs of the hand-graded answers, one per submission, one question per page, for Gradescope.

    python tools/written_answers_pdf.py submissions/ --out written/
    python tools/written_answers_pdf.py jane.ipynb --out written/

Each PDF holds, for every hand-graded question of the set (the cells Otter marks with
``<!-- BEGIN QUESTION -->`` in the student notebook), the question and the student's answer on a
page of its own, in the order of the notebook. The pages are therefore the same for every
student of a set, so a Gradescope "Homework / Problem Set" with a fixed template (question 1 =
page 1, ...) needs no page matching by students. The PDF is printed by Chromium (Playwright
driving Debian's /usr/bin/chromium, or the browser named by PFP_CHROMIUM): no LaTeX needed.
"""

import argparse
import html
import os
import sys
from pathlib import Path

import mistune
import nbformat

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.45; }
section { page-break-after: always; }
section:last-child { page-break-after: auto; }
header { color: #444; font-size: 9pt; border-bottom: 1px solid #999; margin-bottom: 1em; }
.answer { border: 1px solid #999; padding: 0.6em 0.8em; min-height: 8em; }
pre { white-space: pre-wrap; font-size: 10pt; }
.empty { color: #a00; font-style: italic; }
"""
PLACEHOLDERS = ("_Type your answer here, replacing this text._", "...")


def written_answers(path):
    """[(question markdown, [answer cells])] of the hand-graded questions of a notebook."""
    nb = nbformat.read(path, as_version=4)
    found, current = [], None
    for cell in nb.cells:
        text = cell.source
        if cell.cell_type == "markdown" and "<!-- BEGIN QUESTION -->" in text:
            current = (text.replace("<!-- BEGIN QUESTION -->", "").strip(), [])
            found.append(current)
        elif current is not None and "<!-- END QUESTION -->" in text:
            current = None
        elif current is not None and "grader.check" not in text:
            current[1].append(cell)
    # Otter tags the answer cells of a student notebook; a solution notebook has no tags
    return [(question, [c for c in cells if "otter_answer_cell" in c.metadata.get("tags", [])]
             or cells) for question, cells in found]


def _answer_html(cells):
    parts = []
    for cell in cells:
        text = cell.source.strip()
        if text in PLACEHOLDERS or text.endswith("= ..."):
            continue
        if cell.cell_type == "markdown":
            parts.append(mistune.html(text))
        else:
            parts.append(f"<pre>{html.escape(text)}</pre>")
    return "".join(parts) or '<p class="empty">No answer.</p>'


def page(path, label=None):
    """The HTML of one submission's written answers."""
    label = label or Path(path).stem
    sections = []
    for number, (question, cells) in enumerate(written_answers(path), start=1):
        sections.append(
            f"<section><header>{html.escape(label)} · hand-graded question {number}</header>"
            f"{mistune.html(question)}<div class='answer'>{_answer_html(cells)}</div></section>"
        )
    if not sections:
        raise ValueError(f"{path} has no hand-graded question (no <!-- BEGIN QUESTION --> cell)")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(label)}</title><style>{CSS}</style></head>"
            f"<body>{''.join(sections)}</body></html>")


def convert(paths, out):
    """Write ``out/<notebook stem>.pdf`` for each notebook; return the PDF paths."""
    from playwright.sync_api import sync_playwright

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("PFP_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        raise FileNotFoundError(f"no Chromium at {chromium}: install Debian's chromium or set "
                                "PFP_CHROMIUM to a Chromium or Chrome executable")
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for path in paths:
                tab = browser.new_page()
                tab.set_content(page(path), wait_until="load")
                target = out / f"{Path(path).stem}.pdf"
                tab.pdf(path=str(target), format="A4",
                        margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"})
                tab.close()
                written.append(target)
        finally:
            browser.close()
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="notebooks, or folders of notebooks")
    parser.add_argument("--out", default="written", help="folder for the PDFs (default written/)")
    args = parser.parse_args(argv)
    paths = []
    for item in map(Path, args.inputs):
        paths += sorted(item.glob("*.ipynb")) if item.is_dir() else [item]
    if not paths:
        print("error: no notebooks given", file=sys.stderr)
        return 1
    try:
        for target in convert(paths, args.out):
            print(target)
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
