"""Grade built exercise sets in one Python process per set, with Otter's own test files.

For each set this runs the solution notebook's code once, then scores, with the test files
of the set's autograder zip:

- the solution (every question full marks),
- a blank student notebook (nothing answered),
- every wrong answer declared in the master (``pfp.wrong_answers`` in the metadata of a
  ``# BEGIN QUESTION`` cell), each applied on its own on top of the solution,
- "all wrong" (every question's first declared wrong answer) and "half right" (the first
  wrong answer of every second question, q1, q3, ...).

It prints one JSON object per set (``--json``) or a table. tests/test_grading.py uses it; an
instructor can use it to see what a changed master does to wrong answers before a term:

    python tools/build_exercises.py && python tools/grading_report.py

Running the cells with ``exec`` instead of a kernel is much faster than one ``otter run`` per
wrong answer; tests/test_autograder_install.py checks that ``otter run`` agrees for the
solution, blank, all-wrong and half-right notebooks.
"""

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

from pfp_book import masters

SKIP = ("grader.", "display_quiz", "# Initialize Otter")


def run_cells(nb, env):
    """Execute a notebook's code cells in ``env`` as Otter would; a failing cell is skipped."""
    for cell in nb.cells:
        text = masters.cell_source(cell)
        if cell.cell_type != "code" or any(mark in text for mark in SKIP):
            continue
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                exec(compile(text, "<cell>", "exec"), env)
            except Exception:  # a student cell that fails leaves its names unset, as in Otter
                pass
    return env


def load_tests(zip_path, folder):
    """Otter's test file objects from an autograder zip, in question order."""
    from otter.test_files import ExceptionTestFile

    with zipfile.ZipFile(zip_path) as archive:
        names = sorted(n for n in archive.namelist() if re.fullmatch(r"tests/q\d+\.py", n))
        archive.extractall(folder, members=names)
    names.sort(key=lambda n: int(re.search(r"\d+", Path(n).stem).group()))
    return [ExceptionTestFile.from_file(str(Path(folder) / n)) for n in names]


def grade(tests, env):
    """{question: (score, possible, [failure messages])} for ``env``."""
    out = {}
    for test in tests:
        test.run(env)
        failures = [r.message for r in test.test_case_results if not r.passed]
        out[test.name] = (float(test.score), float(test.possible), failures)
    return out


def feedback_problem(message):
    """Why a failure message is not one plain sentence, or None if it is."""
    last = message.strip().splitlines()[-1] if message.strip() else ""
    kind, _, sentence = last.partition(": ")
    if kind != "AssertionError":
        return f"raised {kind or 'nothing'} instead of a sentence: {last!r}"
    if "Traceback" in message or len(sentence.split()) < 5:
        return f"not a sentence: {sentence!r}"
    return None


def report(name, zip_path, solution, student, master):
    """Everything tests/test_grading.py checks, for one set, as a JSON-ready dict."""
    os.environ.setdefault("PFP_CHARTS", "html")
    with tempfile.TemporaryDirectory() as folder:
        tests = load_tests(zip_path, folder)
        previous = os.getcwd()
        os.chdir(Path(solution).parent)
        try:
            base = run_cells(nbformat.read(solution, as_version=4), {"__name__": "__main__"})
            blank = run_cells(nbformat.read(student, as_version=4), {"__name__": "__main__"})
        finally:
            os.chdir(previous)
        declared = masters.wrong_answers(master)
        result = {"name": name, "solution": grade(tests, base), "blank": grade(tests, blank),
                  "wrong": {}, "declared": {q: len(w) for q, w in declared.items()}}
        all_wrong, half_right = dict(base), dict(base)
        for index, (question, answers) in enumerate(declared.items()):
            result["wrong"][question] = []
            for answer in answers:
                env = dict(base)
                try:
                    exec(compile(answer["code"], f"<wrong {question}>", "exec"), env)
                except Exception as error:
                    result["wrong"][question].append(
                        {"why": answer["why"], "error": f"{type(error).__name__}: {error}"})
                    continue
                single = [t for t in tests if t.name == question]
                score, possible, failures = grade(single, env)[question]
                result["wrong"][question].append({
                    "why": answer["why"], "score": score, "possible": possible,
                    "feedback": failures[0] if failures else None,
                    "problems": [p for p in map(feedback_problem, failures) if p],
                })
            exec(compile(answers[0]["code"], "<all wrong>", "exec"), all_wrong)
            if index % 2 == 0:
                exec(compile(answers[0]["code"], "<half right>", "exec"), half_right)
        result["all_wrong"] = grade(tests, all_wrong)
        result["half_right"] = grade(tests, half_right)
    return result


def total(graded):
    return sum(s for s, _, _ in graded.values()), sum(p for _, p, _ in graded.values())


def main(argv=None):
    import build_exercises

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these sets")
    parser.add_argument("--json", action="store_true", help="print one JSON object per set")
    args = parser.parse_args(argv)
    dist = build_exercises.DIST
    rows = []
    for master in build_exercises.masters(args.names):
        name = master.stem
        zip_path = dist / f"{name}-autograder.zip"
        if not zip_path.exists():
            print(f"error: {zip_path} is missing: run `make exercises` first", file=sys.stderr)
            return 1
        result = report(name, zip_path, dist / "solutions" / f"{name}.ipynb",
                        build_exercises.STUDENT / f"{name}.ipynb", master)
        if args.json:
            print(json.dumps(result))
            continue
        rows.append([name] + [
            "{:g}/{:g}".format(*total(result[k]))
            for k in ("solution", "blank", "all_wrong", "half_right")
        ])
    if rows:
        print(f"{'set':26} {'solution':>9} {'blank':>7} {'all wrong':>10} {'half right':>11}")
        for row in rows:
            print(f"{row[0]:26} {row[1]:>9} {row[2]:>7} {row[3]:>10} {row[4]:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
