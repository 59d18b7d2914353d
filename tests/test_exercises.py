"""The exercise sets: they build, nothing leaks into student notebooks, feedback is a sentence.

One session fixture runs ``otter assign`` for every master (about 30 s per set, two at a time),
shared with the other exercise test files through build_exercises.cached_build.
"""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

import build_exercises
from pfp_book import masters
from pfp_book.paths import ROOT

MASTERS = build_exercises.masters()
NAMES = [p.stem for p in MASTERS]
MARKERS = [
    "# ASSIGNMENT CONFIG",
    "# BEGIN QUESTION",
    "# END QUESTION",
    "# BEGIN SOLUTION",
    "# END SOLUTION",
    "# BEGIN TESTS",
    "# END TESTS",
    "# BEGIN PROMPT",
    "# END PROMPT",
    "# SOLUTION",
    "# HIDDEN",
]


def test_every_chapter_has_a_master():
    for chapter in [
        "01-origins",
        "03-expansion",
        "04-neutral-states",
        "05-funding",
        "06-since-2001",
        "07-checking-the-article",
    ]:
        assert chapter in NAMES, f"exercises/source/{chapter}.ipynb is missing"


@pytest.fixture(scope="session")
def built():
    """otter assign for every master, shared with tests/test_grading.py and
    tests/test_autograder_install.py (rebuilt only when a master or pfp_data changes)."""
    return build_exercises.cached_build(ROOT / "_build" / "exercise-tests")


# Grading: tests/test_grading.py scores the solution, a blank notebook and every declared wrong
# answer with the zips' test files; tests/test_autograder_install.py runs `otter run` from a
# fresh Python 3.11 venv (solution, blank, all wrong); tests/test_instructor_guide.py runs the
# guide's class-grading recipe (a solution, a blank and a renamed half-right download).


# --- helpers that read the master ------------------------------------------------------


def solution_lines(master):
    """The master's answer lines long enough to mean something (``)`` or ``}`` do not)."""
    return [line for line in masters.solution_lines(master)
            if len(line) >= 12 and not line.startswith("#")]


def test_every_question_has_public_and_hidden_tests():
    for master in MASTERS:
        manual = {q["name"]: q["manual"] for q in masters.questions(master)}
        counts = {q: {"hidden": 0, "public": 0} for q in manual}
        for question, block, cell in masters.walk(master):
            text = masters.cell_source(cell)
            if block == "TESTS" and "def test_" in text:
                hidden = text.lstrip().upper().startswith("# HIDDEN")
                counts[question]["hidden" if hidden else "public"] += 1
        assert 4 <= len(counts) <= 8, f"{master.name}: {len(counts)} questions, expected 4 to 8"
        for q, c in counts.items():
            if not manual[q]:
                assert c["hidden"] >= 1 and c["public"] >= 1, f"{master.name} {q}: {c}"


# --- what students get -----------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_has_no_solutions_hidden_tests_or_markers(built, name):
    master = build_exercises.SOURCE / f"{name}.ipynb"
    student = nbformat.read(built[name]["student"], as_version=4)
    text = "\n".join(masters.cell_source(c) for c in student.cells)
    tests = json.dumps(student.metadata.get("otter", {}).get("tests", {}))
    assert not [c for c in student.cells if c.cell_type == "raw"], "raw (marker) cells leaked"
    for marker in MARKERS:
        assert marker not in text, f"{name}: marker {marker!r} in the student notebook"
    lines = solution_lines(master)
    assert lines, f"{name}: found no solution lines in the master (is the extraction broken?)"
    for line in lines:
        assert line not in text and json.dumps(line)[1:-1] not in tests, (
            f"{name}: solution line leaked: {line!r}"
        )
    hidden = masters.named_tests(master, hidden=True)
    assert hidden
    for test in hidden:
        assert test not in tests, f"{name}: hidden test {test} is in the student notebook"
    assert "hidden=True" not in tests
    for test in masters.named_tests(master, hidden=False):
        assert test in tests, f"{name}: public test {test} is missing from the student notebook"


@pytest.mark.parametrize("name", NAMES)
def test_committed_student_notebook_matches_master(built, name):
    committed = build_exercises.STUDENT / f"{name}.ipynb"
    assert committed.exists(), f"{committed} missing: run `make exercises`"
    assert committed.read_bytes() == built[name]["student"].read_bytes(), (
        f"exercises/student/{name}.ipynb differs from what exercises/source/{name}.ipynb "
        "generates: run `make exercises`"
    )


def test_no_stray_student_notebooks():
    extra = {p.stem for p in build_exercises.STUDENT.glob("*.ipynb")} - set(NAMES)
    assert not extra, f"student notebooks without a master: {sorted(extra)}"


# --- feedback --------------------------------------------------------------------------

WRONG_VALUES = {
    "text": "'twenty'",
    "list": "[1, 2]",
    "None": "None",
    "blank": "...",
    "DataFrame": "__import__('pandas').DataFrame({'a': [1]})",
}


def _all_tests(zip_path):
    """(question, test function) for every public and hidden test in an autograder zip."""
    from otter.test_files.exception_test import test_case

    found = []
    with zipfile.ZipFile(zip_path) as archive:
        for member in sorted(archive.namelist()):
            if member.startswith("tests/") and member.endswith(".py"):
                namespace = {}
                exec(archive.read(member).decode(), namespace)
                found += [
                    (namespace["name"], v) for v in namespace.values() if isinstance(v, test_case)
                ]
    return found


@pytest.mark.parametrize("name", NAMES)
def test_wrong_types_get_a_sentence_from_every_test(built, name):
    """Every test, public or hidden, fails with an AssertionError sentence on a wrong type."""
    tests = _all_tests(built[name]["zip"])
    assert tests
    for question, case in tests:
        params = list(case._get_func_params())
        for label, expr in WRONG_VALUES.items():
            value = eval(expr)
            with pytest.raises(AssertionError) as info:
                case.test_func(**{p: value for p in params})
            message = str(info.value)
            assert len(message.split()) >= 5, (
                f"{name} {question}: terse message for {label}: {message!r}"
            )
            assert "Traceback" not in message


def test_grader_check_explains_a_wrong_type_in_a_sentence(built, tmp_path):
    """The student's own grader.check on a wrong type, in the notebook as downloaded and in a
    renamed second download: the init cell (pfp_data.feedback.this_notebook) finds the tests."""
    student = built["03-expansion"]["student"]
    nb = nbformat.read(student, as_version=4)
    init = masters.cell_source(nb.cells[0])
    assert "this_notebook(" in init, init
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    (tmp_path / student.name).write_bytes(student.read_bytes())
    (renamed / "03-expansion (1).ipynb").write_bytes(student.read_bytes())
    script = (
        "import os\n"
        f"exec({init!r})\n"
        "n_partners_2000 = '23'\n"
        "print(repr(grader.check('q1')))\n"
        "print('=== renamed ===')\n"
        "os.chdir('renamed')\n"
        f"exec({init!r})\n"
        "print(repr(grader.check('q1')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    feedback, renamed = proc.stdout.split("=== renamed ===")
    assert "❌" in feedback
    for text in (feedback, renamed):
        assert "❌" in text
        assert "n_partners_2000 should be a whole number" in text
        assert "Traceback" not in text and "TypeError" not in text


# Executes every solution twice (over a minute on two cores); the fast suites already run
# each solution once when they grade it to full marks, so this runs in `make test-slow`.
@pytest.mark.slow
def test_solution_notebooks_pass_nbval_strict(built, tmp_path):
    """Execute each generated solution notebook, then re-run it under nbval in strict
    mode: the same outputs every time, with only Otter's random bits sanitised."""
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    targets = []
    for name, result in built.items():
        targets.append(solutions / f"{name}.ipynb")
        shutil.copyfile(result["solution"], targets[-1])
    with ThreadPoolExecutor(max_workers=2) as pool:  # one kernel each
        list(pool.map(build_exercises.execute_solution, targets))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with",
         str(ROOT / "exercises" / "nbval_sanitize.cfg"), str(solutions)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    passed = re.search(r"(\d+) passed", proc.stdout)
    code_cells = sum(
        1 for path in solutions.glob("*.ipynb")
        for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"
    )
    assert passed and int(passed.group(1)) == code_cells, proc.stdout[-2000:]


def test_build_fails_when_a_solution_is_wrong(tmp_path):
    """Break one solution in a temp copy: the build must refuse it."""
    master = nbformat.read(build_exercises.SOURCE / "03-expansion.ipynb", as_version=4)
    # keep the config, setup and question 1 only, so that otter assign is quick
    end = next(i for i, c in enumerate(master.cells)
               if masters.cell_source(c).startswith("# END QUESTION"))
    master.cells = master.cells[: end + 1]
    broken = 0
    for cell in master.cells:
        if (
            cell.cell_type == "code"
            and "# SOLUTION" in masters.cell_source(cell)
            and "n_partners_2000 =" in masters.cell_source(cell)
        ):
            cell.source = masters.cell_source(cell).replace('"2000-01-01"', '"2030-01-01"')
            broken += 1
    assert broken == 1
    copy = tmp_path / "03-expansion.ipynb"
    nbformat.write(master, copy)
    with pytest.raises(build_exercises.BuildError, match="q1"):
        build_exercises.assign(copy, tmp_path / "out")


@pytest.mark.parametrize(("said", "runs"), [(build_exercises.KERNEL_DIED, 2),
                                            ("NameError: name 'x' is not defined", 1)])
def test_assign_runs_again_only_when_its_kernel_died_while_starting(
        tmp_path, monkeypatch, capsys, said, runs):
    """The retry rule of build_exercises.assign, with a stand-in for the otter command
    that fails the same way every time (a real kernel death cannot be called up on
    demand): a kernel that died while starting gets one more run, said on stderr; any
    other failure is the master's and is reported after one."""
    counter = tmp_path / "runs"
    fake = tmp_path / "otter"
    fake.write_text(f"#!/bin/sh\necho x >> '{counter}'\necho \"RuntimeError: {said}\"\n"
                    "exit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(build_exercises, "OTTER", fake)
    with pytest.raises(build_exercises.BuildError, match="otter assign failed"):
        build_exercises.assign(MASTERS[0], tmp_path / "out")
    assert len(counter.read_text().splitlines()) == runs
    assert ("once more" in capsys.readouterr().err) == (runs == 2)
