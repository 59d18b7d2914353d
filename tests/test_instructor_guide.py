"""The instructor guide's recipes work as printed: class grading into grades.csv, and PDFs.

The class-grading block is taken from book/page-templates/instructor-guide.md (the block after
``<!-- tested: class-grading``) and run with bash, unchanged, on three submissions and a roster.
"""

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import build_exercises
from pfp_book import masters
from pfp_book.paths import ROOT

GUIDE = ROOT / "book" / "page-templates" / "instructor-guide.md"
SET = "03-expansion"


def _recipe():
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(r"<!-- tested: class-grading.*?-->\n```bash\n(.*?)\n```\n", text, re.S)
    assert match, "the class-grading block (after <!-- tested: class-grading -->) is missing"
    return match.group(1)


def _with_wrong_answer(solution, question, target):
    """The solution with the first declared wrong answer of ``question`` before its check."""
    master = build_exercises.SOURCE / f"{SET}.ipynb"
    code = masters.wrong_answers(master)[question][0]["code"]
    nb = nbformat.read(solution, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if f'grader.check("{question}")' in c.source)
    cell = nbformat.v4.new_code_cell(code)
    cell["id"] = "wrong-answer"
    nb.cells.insert(at, cell)
    nbformat.write(nb, target)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    built = build_exercises.cached_build(ROOT / "_build" / "exercise-tests")[SET]
    room = tmp_path_factory.mktemp("classroom")
    (room / ".venv").symlink_to(ROOT / ".venv")
    (room / "exercises" / "dist").mkdir(parents=True)
    shutil.copyfile(built["zip"], room / "exercises" / "dist" / f"{SET}-autograder.zip")
    subs = room / "submissions"
    subs.mkdir()
    shutil.copyfile(built["solution"], subs / "jane.ipynb")
    shutil.copyfile(built["student"], subs / "li wei.ipynb")  # blank, a space in the name
    _with_wrong_answer(built["solution"], "q2", subs / f"{SET} (1).ipynb")  # renamed download
    with open(room / "roster.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "student_id"])
        writer.writerows([["jane.ipynb", "s001"], ["li wei.ipynb", "s002"],
                          [f"{SET} (1).ipynb", "s003"], ["absent.ipynb", "s004"]])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.run(["bash", "-e", "-c", _recipe()], cwd=room, env=env,
                          capture_output=True, text=True, timeout=900)
    return room, proc


@pytest.mark.slow  # the guide's recipe: otter run on a class, minutes
def test_class_grading_recipe_writes_one_row_per_student(classroom):
    room, proc = classroom
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "could not grade" not in proc.stderr, proc.stderr[-2000:]
    with open(room / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"s001", "s002", "s003", "s004"}
    full = float(rows["s001"]["possible"])
    assert full > 0 and float(rows["s001"]["points"]) == full
    assert float(rows["s002"]["points"]) == 0 and float(rows["s002"]["possible"]) == full
    half = float(rows["s003"]["points"])
    assert 0 < half < full and float(rows["s003"]["q2"]) == 0, rows["s003"]
    assert float(rows["s004"]["points"]) == 0  # on the roster, no submission


@pytest.mark.slow  # the guide's recipe: otter run on a class, minutes
def test_written_answers_pdf_has_one_page_per_hand_graded_question(classroom, tmp_path):
    if not Path(os.environ.get("PFP_CHROMIUM", "/usr/bin/chromium")).exists():
        pytest.fail("the PDFs need Chromium: install Debian's chromium or set PFP_CHROMIUM")
    room, _ = classroom
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "written_answers_pdf.py"), str(room / "submissions"),
         "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-")
        assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) == 1, pdf.name


def test_written_answers_pdf_includes_the_answer(tmp_path):
    import written_answers_pdf

    built = build_exercises.cached_build(ROOT / "_build" / "exercise-tests")
    html = written_answers_pdf.page(built["07-checking-the-article"]["solution"])
    assert "Question 7" in html and "Congressional Research Service" in html
    blank = written_answers_pdf.page(built["07-checking-the-article"]["student"])
    assert "No answer." in blank
