"""Each autograder zip installs in a fresh Python 3.11 venv, as Gradescope would, and grades.

Gradescope unpacks the zip into /autograder/source and creates the environment from its
environment.yml (conda, Python 3.11, then the pip list, which names the pfp_data wheel stored
in the zip). This test reads that file from every zip, checks that it asks for Python 3.11 and
names no URL, creates ONE venv with Python 3.11 (shared by the six sets: their pip lists must
be the same), installs the pip list with the wheel from the zip, and runs ``otter run`` from
that venv, outside the checkout, with no project path on sys.path and no user kernels:
the solution scores full marks, a blank notebook zero and an all-wrong notebook zero.

Needs PyPI (or a pip cache) for otter-grader, pandas and altair: about 1 minute for the venv
with a warm pip cache, then about 8 s per ``otter run``, two at a time.
"""

import json
import os
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml

import build_exercises
from pfp_book import masters
from pfp_book.paths import ROOT

pytestmark = pytest.mark.slow
NAMES = [p.stem for p in build_exercises.masters()]


@pytest.fixture(scope="session")
def built():
    return build_exercises.cached_build(ROOT / "_build" / "exercise-tests")


def _environment(zip_path):
    with zipfile.ZipFile(zip_path) as archive:
        return yaml.safe_load(archive.read("environment.yml"))


def _pip(env):
    return next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)


@pytest.mark.parametrize("name", NAMES)
def test_zip_asks_for_python_311_and_ships_its_pfp_data(built, name):
    env = _environment(built[name]["zip"])
    assert "python=3.11" in env["dependencies"], env["dependencies"]
    pip = _pip(env)
    assert not [r for r in pip if "://" in r or r.startswith("git+")], pip
    wheels = [r for r in pip if r.endswith(".whl")]
    assert len(wheels) == 1 and wheels[0].startswith("./pfp_data-"), pip
    with zipfile.ZipFile(built[name]["zip"]) as archive:
        assert wheels[0][2:] in archive.namelist(), "the wheel named in environment.yml is missing"
        wheel = archive.read(wheels[0][2:])
    # the wheel is this checkout's pfp_data: its feedback module is byte for byte ours
    with zipfile.ZipFile(__import__("io").BytesIO(wheel)) as inner:
        assert inner.read("pfp_data/feedback.py") == (ROOT / "pfp_data/feedback.py").read_bytes()
        assert "pfp_data/charts/__init__.py" in inner.namelist()


def _clean_env(venv, home):
    """Only the venv: no checkout on the path, no user site, no user kernels or config."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "PIP_"))}
    env.update(
        PATH=f"{venv / 'bin'}:/usr/bin:/bin",
        HOME=str(home),
        PYTHONNOUSERSITE="1",
        JUPYTER_PATH=str(venv / "share" / "jupyter"),
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        PFP_CHARTS="html",
    )
    return env


@pytest.fixture(scope="session")
def grading_venv(built, tmp_path_factory):
    """One Python 3.11 venv with the pip list of the zips (the same for every set)."""
    python = shutil.which("python3.11")
    if python is None:
        pytest.fail("python3.11 is needed to build the grading venv the way Gradescope does")
    lists = {name: _pip(_environment(built[name]["zip"])) for name in built}
    first = next(iter(lists.values()))
    assert all(v == first for v in lists.values()), f"the zips' pip lists differ: {lists}"
    base = tmp_path_factory.mktemp("gradescope")
    source = base / "source"  # /autograder/source
    with zipfile.ZipFile(built[NAMES[0]]["zip"]) as archive:
        archive.extractall(source)
    venv, home = base / "venv", base / "home"
    home.mkdir()
    env = _clean_env(venv, home)
    subprocess.run([python, "-m", "venv", str(venv)], check=True, env=env, cwd=base)
    proc = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *first],
        cwd=source, env=env, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, f"pip install of the zip's requirements failed:\n{proc.stderr}"
    return venv, env, base


def test_venv_is_python_311_and_imports_the_zips_pfp_data(grading_venv):
    venv, env, base = grading_venv
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import sys, pfp_data; print(sys.version_info[:2]); print(pfp_data.__file__)"],
        cwd=base, env=env, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert out[0] == "(3, 11)"
    assert out[1].startswith(str(venv)), f"pfp_data comes from {out[1]}, not the venv"
    specs = subprocess.run([str(venv / "bin" / "jupyter"), "kernelspec", "list", "--json"],
                           cwd=base, env=env, capture_output=True, text=True, check=True)
    for spec in json.loads(specs.stdout)["kernelspecs"].values():
        assert spec["resource_dir"].startswith(str(venv)), spec


def _all_wrong(solution, master, path):
    """The solution with each question's first declared wrong answer run just before its
    grader.check cell (Otter grades a question by the check that ran in the notebook)."""
    nb = nbformat.read(solution, as_version=4)
    declared = masters.wrong_answers(master)
    cells = []
    for cell in nb.cells:
        text = masters.cell_source(cell)
        for question, answers in declared.items():
            if cell.cell_type == "code" and f'grader.check("{question}")' in text:
                cells.append(nbformat.v4.new_code_cell(answers[0]["code"]))
                cells[-1]["id"] = f"wrong-{question}"
        cells.append(cell)
    nb.cells = cells
    nbformat.write(nb, path)
    return path


def test_otter_run_from_the_venv_grades_solution_blank_and_all_wrong(built, grading_venv):
    venv, env, base = grading_venv
    jobs = []
    for name in NAMES:
        master = build_exercises.SOURCE / f"{name}.ipynb"
        folder = base / "submissions" / name
        folder.mkdir(parents=True)
        jobs += [
            (name, "solution", built[name]["solution"]),
            (name, "blank", built[name]["student"]),
            (name, "all wrong", _all_wrong(built[name]["solution"], master,
                                           folder / f"{name}.ipynb")),
        ]

    def run(job):
        name, which, notebook = job
        out = base / "results" / name / which.replace(" ", "-")
        out.mkdir(parents=True)
        proc = subprocess.run(
            [str(venv / "bin" / "otter"), "run", "--no-logo", "-a", str(built[name]["zip"]),
             "-o", str(out), str(notebook)],
            cwd=out, env=env, capture_output=True, text=True, timeout=600,
        )
        assert proc.returncode == 0, f"{name} {which}: {proc.stdout[-1500:]}{proc.stderr[-1500:]}"
        tests = json.loads((out / "results.json").read_text())["tests"]
        scored = [t for t in tests if t.get("max_score") is not None]
        return name, which, sum(t["score"] for t in scored), sum(t["max_score"] for t in scored)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, jobs))
    wrong = []
    for name, which, score, possible in results:
        want = possible if which == "solution" else 0
        if possible <= 0 or score != want:
            wrong.append(f"{name} {which}: {score:g}/{possible:g}, expected {want:g}")
    assert not wrong, "\n".join(wrong)
