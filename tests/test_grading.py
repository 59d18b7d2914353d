"""Wrong answers score zero, with a sentence; public tests carry no points; keys stay hidden.

Every auto-graded question of a master declares plausible wrong answers (``pfp.wrong_answers``
in the metadata of its ``# BEGIN QUESTION`` cell). tools/grading_report.py runs each set's
solution once and grades every declared wrong answer with the test files of the set's
autograder zip (about 4 s a set), so this file needs no ``otter run`` per wrong answer.
"""

import re
import zipfile

import nbformat
import pytest

import build_exercises
import grading_report
from pfp_book import masters
from pfp_book.paths import ROOT

MASTERS = {p.stem: p for p in build_exercises.masters()}
NAMES = sorted(MASTERS)


@pytest.fixture(scope="session")
def built():
    return build_exercises.cached_build(ROOT / "_build" / "exercise-tests")


@pytest.fixture(scope="session")
def reports(built):
    return {
        name: grading_report.report(name, built[name]["zip"], built[name]["solution"],
                                    built[name]["student"], MASTERS[name])
        for name in NAMES
    }


@pytest.mark.parametrize("name", NAMES)
def test_every_auto_graded_question_declares_wrong_answers(name):
    declared = masters.wrong_answers(MASTERS[name])
    for q in masters.questions(MASTERS[name]):
        question = q["name"]
        if q["manual"]:
            continue
        answers = declared.get(question, [])
        assert len(answers) >= 2, f"{name} {question}: declare two or more wrong answers"
        for answer in answers:
            assert answer.get("why") and answer.get("code"), f"{name} {question}: {answer}"


@pytest.mark.parametrize("name", NAMES)
def test_every_declared_wrong_answer_scores_zero_with_one_sentence(reports, name):
    report = reports[name]
    assert report["wrong"], f"{name}: no wrong answers were graded"
    problems = []
    for question, results in report["wrong"].items():
        for result in results:
            label = f"{question} ({result['why']})"
            if "error" in result:
                problems.append(f"{label}: the declared code fails: {result['error']}")
            elif result["score"] != 0:
                problems.append(f"{label} scores {result['score']:g}/{result['possible']:g}")
            elif not result["feedback"]:
                problems.append(f"{label}: no feedback")
            elif result["problems"]:
                problems.append(f"{label}: {result['problems'][0]}")
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_solution_full_blank_zero_all_wrong_zero_half_right_between(reports, name):
    report = reports[name]
    solution, possible = grading_report.total(report["solution"])
    assert possible > 0 and solution == possible, report["solution"]
    assert grading_report.total(report["blank"])[0] == 0, report["blank"]
    assert grading_report.total(report["all_wrong"])[0] == 0, report["all_wrong"]
    half = grading_report.total(report["half_right"])[0]
    assert 0 < half < possible


def _test_files(zip_path):
    with zipfile.ZipFile(zip_path) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist()
                if re.fullmatch(r"tests/q\d+\.py", n)}


@pytest.mark.parametrize("name", NAMES)
def test_public_tests_carry_no_points(built, name):
    """Otter splits a question's points over its tests: public ones get 0, and a question
    is all or nothing, so passing the public checks alone earns nothing."""
    for member, text in _test_files(built[name]["zip"]).items():
        if "hidden=True" not in text:
            continue  # a hand-graded question's length check (07 q7) is worth 0 anyway
        assert "all_or_nothing = True" in text, f"{name} {member}: not all or nothing"
        for points, hidden in re.findall(r"@test_case\(points=([^,]+), hidden=(\w+)", text):
            if hidden == "False":
                assert points == "0", f"{name} {member}: a public test is worth {points}"


@pytest.mark.parametrize("name", NAMES)
def test_no_key_in_a_line_that_can_fail(built, name):
    """Otter shows the failing line of a hidden test once grades are published: no line with
    check(...) may compare with a literal letter, verdict or number."""
    pattern = re.compile(r"""==\s*['"]([A-D]|supported|partly|stale|wrong|unverified)['"]""")
    for member, text in _test_files(built[name]["zip"]).items():
        for line in text.splitlines():
            if "check(" in line or "expect_" in line:
                assert not pattern.search(line), f"{name} {member}: key in {line.strip()!r}"


def _choices(master):
    """[(question, {letter: option text}, key)] for multiple-choice questions of a master."""
    nb = nbformat.read(master, as_version=4)
    cells = [masters.cell_source(c) for c in nb.cells]
    found = []
    for index, text in enumerate(cells):
        options = dict(re.findall(r"(?m)^- \*\*([A-D])\.\*\* (.+)$", text))
        if len(options) < 3:
            continue
        key = None
        for later in cells[index + 1: index + 6]:
            match = re.search(r"""(?m)^\w+ = ["']([A-D])["']\s+# SOLUTION""", later)
            if match:
                key = match.group(1)
                break
        assert key, f"{master.name}: no solution letter after the options {sorted(options)}"
        found.append((text.splitlines()[0][:60], options, key))
    return found


def test_multiple_choice_keys_are_not_the_longest_and_move_around():
    keys = []
    for name in NAMES:
        for question, options, key in _choices(MASTERS[name]):
            longest = max(len(t) for t in options.values())
            assert len(options[key]) < longest, (
                f"{name} {question}: the right option is the longest, a guessable cue"
            )
            keys.append(key)
    assert len(keys) >= 4
    assert len(set(keys)) >= 3, f"the right options sit at too few positions: {keys}"
