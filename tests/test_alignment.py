"""Exercises ask only what the course has shown (issue 17).

Every pandas method, Altair call (marks, channels, transforms, params, bindings), `.dt`/`.str`
accessor and encoding type (`:Q`, `:N`, `:T`, `:O`) that an exercise set's solutions use must
appear in a visible code cell of the primer or of a chapter at or before that set. Chapters
and sets are paired by their number (`03-expansion` the chapter, `03-expansion` the set).
"""

import ast
import re

import nbformat
import pytest

from pfp_book import masters
from pfp_book.paths import EXERCISE_SOURCE as MASTERS
from pfp_book.paths import NOTEBOOKS as CHAPTERS

ENCODING_TYPE = re.compile(r"^[A-Za-z_][\w ]*:([QNTO])$")
ACCESSORS = {"dt", "str", "cat"}
# Calls that belong to the grading machinery or to plain Python, not to what is taught.
IGNORED_RECEIVERS = {"grader", "otter", "json", "pd.options"}
IGNORED_METHODS = {"append", "items", "keys", "values", "get", "join", "split", "strip",
                   "format", "lower", "upper", "startswith", "endswith", "replace_all"}


def _number(path):
    return int(path.name.split("-", 1)[0])


def _receiver(node):
    """The dotted name a call is made on, when it is a plain name ('alt', 'pd.options')."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def features(source):
    """What a piece of code uses: method names, accessor members and encoding types.

    >>> sorted(features("s.groupby('a')['b'].count()\\nalt.Chart(s).mark_bar().encode(x='a:N')"))
    [':N', 'alt.Chart', 'count', 'encode', 'groupby', 'mark_bar']
    >>> sorted(features("(b - a).dt.days"))
    ['.dt.days']
    """
    found = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: drop them, keep the Python
        tree = ast.parse("\n".join(line for line in source.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = _receiver(node.func.value)
            name = node.func.attr
            if receiver in IGNORED_RECEIVERS or name in IGNORED_METHODS:
                continue
            if receiver in ("alt", "pd"):
                found.add(f"{receiver}.{name}")
            elif receiver == "pfp_data":
                found.add(f"pfp_data.{name}")
            elif isinstance(node.func.value, ast.Attribute) and node.func.value.attr in ACCESSORS:
                found.add(f".{node.func.value.attr}.{name}")
            else:
                found.add(name)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            if node.value.attr in ACCESSORS and not isinstance(node.ctx, ast.Store):
                found.add(f".{node.value.attr}.{node.attr}")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            if node.value.attr in ("loc", "iloc", "at", "iat"):
                found.add(node.value.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = ENCODING_TYPE.match(node.value)
            if match:
                found.add(f":{match.group(1)}")
    # A call on an accessor ('.dt.year' is an attribute, '.str.contains(...)' a call) is
    # recorded once as the accessor member; the bare method name would double-count it.
    return found - {name.rsplit(".", 1)[-1] for name in found if name.startswith(".")}


def chapter_features(path):
    nb = nbformat.read(path, as_version=4)
    found = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            found |= features(cell.source)
    return found


def solution_cells(path):
    """The code a student writes or reads in a set: every code cell outside a tests block.

    The setup cell is given to students (imports, display options), not asked of them.
    """
    for question, block, cell in masters.walk(path):
        if cell.cell_type == "code" and block != "TESTS" and question != "setup":
            yield question, cell.source


MASTER_FILES = sorted(MASTERS.glob("[0-9][0-9]-*.ipynb"))


def test_every_set_has_a_chapter():
    chapters = {p.stem for p in CHAPTERS.glob("[0-9][0-9]-*.ipynb")}
    missing = [p.stem for p in MASTER_FILES if p.stem not in chapters]
    assert not missing, f"exercise sets without a chapter of the same name: {missing}"


@pytest.mark.parametrize("master", MASTER_FILES, ids=lambda p: p.stem)
def test_set_asks_only_what_was_taught(master):
    taught = set()
    for chapter in sorted(CHAPTERS.glob("[0-9][0-9]-*.ipynb")):
        if _number(chapter) <= _number(master):
            taught |= chapter_features(chapter)
    untaught = {}
    for question, source in solution_cells(master):
        for name in sorted(features(source) - taught):
            untaught.setdefault(name, question)
    assert not untaught, (
        f"set {master.stem} uses what no chapter up to {master.stem} shows in a code cell: "
        + ", ".join(f"{name} ({q})" for name, q in sorted(untaught.items()))
    )


def test_the_walker_sees_what_it_should(tmp_path):
    """A planted untaught call is caught (the check above can fail)."""
    assert "melt" in features("df.melt(id_vars='country')")
    assert ".dt.month" in features("s['pfp_signed'].dt.month")
    assert ":O" in features("alt.X('year:O')")
    assert "check" not in features("grader.check('q1')")
