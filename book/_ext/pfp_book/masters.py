"""Reading the instructor masters (``exercises/source``): one reader for every tool and test.

An Otter master marks its parts with raw cells: ``# BEGIN QUESTION`` (a config with
``name:``, ``points:``, ``manual:``), ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` and
``# BEGIN TESTS`` ... ``# END TESTS``. Inside a solution cell only the lines marked
``# SOLUTION`` or fenced by ``# BEGIN SOLUTION``/``# END SOLUTION`` comments are the answer;
the other lines are handed to students. A hidden test cell starts with ``# HIDDEN``.
Declared wrong answers sit in the question cell's metadata (``pfp.wrong_answers``).

The student release's leak scan (tools/student_release.py), the grading report and the
tests read masters through these functions, so they agree on what a solution is (the
build hands the masters to ``otter assign``, which reads the same markers).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_raw_cell("# BEGIN QUESTION\\nname: q1\\npoints: 2"),
...     nbformat.v4.new_raw_cell("# BEGIN SOLUTION"),
...     nbformat.v4.new_code_cell("s = load()\\nn = len(s)  # SOLUTION"),
...     nbformat.v4.new_raw_cell("# END SOLUTION"),
...     nbformat.v4.new_raw_cell("# BEGIN TESTS"),
...     nbformat.v4.new_code_cell("# HIDDEN\\ndef test_q1_value(n):\\n    assert n == 3"),
...     nbformat.v4.new_raw_cell("# END TESTS")])
>>> solution_lines(nb)
['n = len(s)']
>>> named_tests(nb, hidden=True), named_tests(nb, hidden=False)
(['test_q1_value'], [])
>>> questions(nb)
[{'name': 'q1', 'points': '2', 'manual': False}]
"""

import ast
import re
from pathlib import Path

MARKED = re.compile(r"#\s*SOLUTION\s*$")
BLOCKS = ("SOLUTION", "TESTS", "PROMPT")


def read(master):
    """A master as an nbformat notebook (a path, or a notebook already read)."""
    import nbformat

    if isinstance(master, (str, Path)):
        return nbformat.read(master, as_version=4)
    return master


def cell_source(cell):
    """A cell's text, whether stored as one string or as a list of lines."""
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def walk(master):
    """Yield ``(question, block, cell)`` for every cell that is not a marker.

    ``question`` is the name of the question the cell belongs to (``"setup"`` before the
    first one); ``block`` is ``"SOLUTION"``, ``"TESTS"``, ``"PROMPT"`` or None.
    """
    question, block = "setup", None
    for cell in read(master).cells:
        text = cell_source(cell).strip()
        if cell.cell_type == "raw":
            if text.startswith("# BEGIN QUESTION"):
                question = question_config(text).get("name", "?")
            for kind in BLOCKS:
                if text.startswith(f"# BEGIN {kind}"):
                    block = kind
                elif text.startswith(f"# END {kind}"):
                    block = None
            continue
        yield question, block, cell


def question_config(text):
    """The ``key: value`` lines of a ``# BEGIN QUESTION`` cell, as strings."""
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in text.splitlines()[1:] if ":" in line)}


def question_cells(master):
    """Every ``# BEGIN QUESTION`` raw cell, in order."""
    return [cell for cell in read(master).cells if cell.cell_type == "raw"
            and cell_source(cell).startswith("# BEGIN QUESTION")]


def questions(master):
    """``[{"name", "points", "manual"}]`` of a master's questions, in order."""
    found = []
    for cell in question_cells(master):
        config = question_config(cell_source(cell))
        found.append({"name": config.get("name", "?"), "points": config.get("points"),
                      "manual": config.get("manual", "").lower() == "true"})
    return found


def wrong_answers(master):
    """``{question: [{"why": ..., "code": ...}, ...]}`` declared in a master."""
    found = {}
    for cell in question_cells(master):
        declared = cell.metadata.get("pfp", {}).get("wrong_answers")
        if declared is not None:
            found[question_config(cell_source(cell)).get("name", "?")] = declared
    return found


def answer_lines(cell):
    """The answer lines of one solution cell: all of a Markdown model answer; in code, the
    lines marked ``# SOLUTION`` (marker removed) or fenced by solution comments."""
    lines = cell_source(cell).splitlines()
    if cell.cell_type == "markdown":
        return [line.strip() for line in lines if line.strip()]
    kept, inside = [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("# BEGIN SOLUTION"):
            inside = True
        elif stripped.startswith("# END SOLUTION"):
            inside = False
        elif inside:
            kept.append(stripped)
        elif MARKED.search(line):
            kept.append(MARKED.sub("", line).strip())
    return [line for line in kept if line]


def solution_lines(master, question=None):
    """Every answer line of a master (or of one question), stripped, in order."""
    return [line for q, block, cell in walk(master)
            if block == "SOLUTION" and (question is None or q == question)
            for line in answer_lines(cell)]


def named_tests(master, hidden):
    """Names of the hidden (or public) test functions of a master."""
    names = []
    for _, block, cell in walk(master):
        text = cell_source(cell)
        if block == "TESTS" and text.lstrip().upper().startswith("# HIDDEN") == hidden:
            names += [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]
    return names
