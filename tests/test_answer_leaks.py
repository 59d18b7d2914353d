"""No graded answer is printed where students read: chapters, and the other exercise sets.

For every auto-graded question this takes the solution's answer values (the variables the
question's hidden tests read, from one run of each solution) and looks for them in the stored
outputs and the Markdown of every chapter (notebooks/*.ipynb) and in the text of every other
student notebook:

- a list of names (which states): the names, sorted and joined by ", ", or as a Python list;
- a whole number of 100 or more (days, totals): as a number on its own;
- a number with a fraction (a percentage): to two decimals, or to one with a per cent sign;
- a claim verdict: a table row (``<tr>``) of a chapter output that holds both the claim's id
  and the verdict.

What it cannot catch, and is left to review: small counts (under 100: 9, 23, 25 appear in
every chapter for other reasons), single names (Romania, Ireland), tables (a chapter could show
the same rows in another order or format), charts (an answer read off a chart), letters of
multiple-choice questions (the option text is the answer; a chapter can paraphrase it), an answer
a chapter states in other words ("all but Switzerland"), and an answer computed by a chapter's
code cell that a student would run themselves (an unrun chapter shows no output).
"""

import re
import zipfile

import nbformat
import pytest

import build_exercises
import grading_report
from pfp_book.paths import ROOT

NAMES = [p.stem for p in build_exercises.masters()]
CLAIM_QUESTIONS = {("07-checking-the-article", "verdict_sweden"): "A7",
                   ("07-checking-the-article", "verdict_ipap"): "B9"}


def _texts(nb, outputs=True):
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        if outputs and cell.cell_type == "code":
            for out in cell.get("outputs", []):
                parts.append(out.get("text", "") if isinstance(out.get("text"), str)
                             else "".join(out.get("text", [])))
                for kind in ("text/plain", "text/html", "text/markdown"):
                    data = out.get("data", {}).get(kind, "")
                    data = data if isinstance(data, str) else "".join(data)
                    # a chart's script holds its spec and map geometry, not text a student reads;
                    # the data table under each chart is HTML and stays
                    parts.append(re.sub(r"<script.*?</script>", "", data, flags=re.S))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def answers():
    """{(set, variable): value} from one run of every solution."""
    built = build_exercises.cached_build(ROOT / "_build" / "exercise-tests")
    found = {}
    for name in NAMES:
        env = grading_report.run_cells(nbformat.read(built[name]["solution"], as_version=4),
                                       {"__name__": "__main__"})
        with zipfile.ZipFile(built[name]["zip"]) as archive:
            for member in archive.namelist():
                if re.fullmatch(r"tests/q\d+\.py", member):
                    text = archive.read(member).decode()
                    for params in re.findall(r"hidden=True\)\ndef \w+\(([^)]*)\)", text):
                        for var in (p.strip() for p in params.split(",")):
                            if var in env and var != "neutral":
                                found[(name, var)] = env[var]
    assert len(found) >= 20, found.keys()
    return found


def _needles(value):
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        names = sorted(value)
        if len(names) < 2:
            return []
        return [", ".join(names), repr(names), repr(names).replace("'", '"')]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    if float(value).is_integer():
        return [rf"(?<![\d.,]){int(value)}(?![\d.,])"] if abs(value) >= 100 else []
    # one decimal alone matches unrelated figures (a state's 32.6 years); with a % it does not
    return [rf"(?<![\d.]){value:.1f}\s?(%|per ?cent)", rf"(?<![\d.]){value:.2f}(?!\d)"]


def _found(needle, text):
    if needle.startswith("(?"):
        return re.search(needle, text) is not None
    return needle in text


@pytest.fixture(scope="module")
def places():
    """{label: text} of everything a student reads besides the set they work on."""
    out = {f"chapter {p.stem}": _texts(nbformat.read(p, as_version=4))
           for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    out.update({f"set {p.stem}": _texts(nbformat.read(p, as_version=4), outputs=False)
                for p in sorted(build_exercises.STUDENT.glob("*.ipynb"))})
    return out


def test_no_graded_value_is_printed_in_a_chapter_or_another_set(answers, places):
    leaks = []
    checked = 0
    for (name, var), value in answers.items():
        needles = _needles(value)
        checked += bool(needles)
        for label, text in places.items():
            if label == f"set {name}":
                continue
            for needle in needles:
                if _found(needle, text):
                    leaks.append(f"{name} {var} = {value!r}: in {label}")
                    break
    assert checked >= 6, "too few answers could be looked for: is the extraction broken?"
    assert not leaks, "\n".join(leaks)


def test_no_chapter_table_shows_a_graded_verdict(answers, places):
    leaks = []
    for (name, var), claim in CLAIM_QUESTIONS.items():
        verdict = answers.get((name, var))
        assert verdict, f"{name} {var} not found"
        for label, text in places.items():
            if not label.startswith("chapter"):
                continue
            for row in re.findall(r"<tr.*?</tr>", text, re.S):
                cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
                cells = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
                if claim in cells and verdict in cells:
                    leaks.append(f"{name} {var}: claim {claim} and verdict {verdict!r} in {label}")
                    break
    assert not leaks, "\n".join(leaks)


def test_the_search_finds_a_planted_answer():
    names = _needles(["Malta", "Austria", "Ireland"])
    assert _found(names[0], "Partners today: Austria, Ireland, Malta.")
    days = _needles(4177)
    assert _found(days[0], "Malta was out for 4177 days") and not _found(days[0], "14177")
    share = _needles(32.558)
    assert any(_found(n, "a fall of 32.6 %") for n in share)
    assert not any(_found(n, "32.6 years") for n in share)
    assert _needles(23) == [] and _needles("Romania") == []
