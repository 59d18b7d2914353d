"""Build the exercise sets: student notebooks, solution notebooks and autograder zips.

For every instructor master in exercises/source/*.ipynb this runs ``otter assign``, which
executes the solutions and runs every public and hidden test against them; a failing
solution makes otter assign, and therefore this script, exit non-zero.

Outputs:
  exercises/student/<name>.ipynb          committed; what students open (Binder, nbgitpuller)
  exercises/dist/<name>-autograder.zip    git-ignored; upload to Gradescope or use with otter run
  exercises/dist/solutions/<name>.ipynb   git-ignored; keep private. Executed, with outputs, so that
                                          pytest --nbval exercises/dist/solutions
                                            --nbval-sanitize-with exercises/nbval_sanitize.cfg
                                          checks them strictly

Otter gives the cells it inserts random ids and names the zip with a timestamp; both are
normalised here so that the committed student notebooks are a pure function of the masters
(``--check`` compares them without writing anything). The init cell is rewritten to find its
notebook by the set's name in the notebook's metadata (``pfp_data.feedback.this_notebook``), so
a renamed download ("03-expansion (1).ipynb") still checks and grades. Each question's declared
wrong answers (``pfp.wrong_answers`` in the metadata of its ``# BEGIN QUESTION`` cell, graded by
tests/test_grading.py) never reach a student notebook.

Every autograder zip is pinned and self-contained: its environment.yml asks for Python 3.11 and
installs the wheel of this very checkout's ``pfp_data`` (built with ``pip wheel --no-deps`` and
stored in the zip next to environment.yml), so grading needs no access to any repository and a
data change after the build cannot shift grades.

Usage:
  python tools/build_exercises.py            # build everything
  python tools/build_exercises.py --check    # fail if exercises/student/ is out of date
  python tools/build_exercises.py 03-expansion   # only the named set(s)
"""

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import yaml

from pfp_book.paths import EXERCISE_DIST as DIST
from pfp_book.paths import EXERCISE_SOURCE as SOURCE
from pfp_book.paths import EXERCISE_STUDENT as STUDENT

OTTER = Path(sys.executable).parent / "otter"
ROOT = SOURCE.parent.parent
PYTHON_VERSION = "3.11"  # pyproject.toml: requires-python ==3.11.*
INIT_CELL = (
    "# Initialize Otter (this_notebook also finds a renamed download of this notebook)\n"
    "import otter\n"
    "from pfp_data.feedback import this_notebook\n"
    'grader = otter.Notebook(this_notebook("{name}"))'
)


class BuildError(RuntimeError):
    """otter assign failed for a master (format error or a solution failing its tests)."""


def masters(names=()):
    """Every master notebook in exercises/source, or only those named (with or without .ipynb)."""
    found = sorted(SOURCE.glob("*.ipynb"))
    if not names:
        return found
    wanted = {Path(n).stem for n in names}
    unknown = wanted - {p.stem for p in found}
    if unknown:
        raise BuildError(f"no master notebook for {sorted(unknown)} in {SOURCE}")
    return [p for p in found if p.stem in wanted]


def normalise(nb, name):
    """Give every cell a stable id so the output only changes when the master does.

    Cells copied from the master keep their ids; cells Otter inserts (init, check,
    export) get random ids, replaced here by their position.
    """
    nb.metadata.pop("pfp", None)
    for index, cell in enumerate(nb.cells):
        if not str(cell.get("id", "")).startswith(f"{name}-"):
            cell["id"] = f"{name}-otter-{index:03d}"
        cell.metadata.pop("pfp", None)  # declared wrong answers stay in the master
        if cell.cell_type == "code" and re.fullmatch(
            r"# Initialize Otter\nimport otter\ngrader = otter\.Notebook\(\"[^\"]+\"\)",
            cell.source.strip(),
        ):
            cell.source = INIT_CELL.format(name=name)
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def _write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        nbformat.write(nb, handle)


@functools.lru_cache(maxsize=1)
def pfp_data_wheel():
    """Build the wheel of this checkout's pfp_data once per run; return its path."""
    tmp = Path(tempfile.mkdtemp(prefix="pfp-wheel-"))
    # build from a copy: setuptools writes build/ and *.egg-info next to the sources
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copyfile(ROOT / name, src / name)
    shutil.copytree(ROOT / "pfp_data", src / "pfp_data",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # every subpackage (pfp_data.charts ...), also while pyproject.toml lists only the top one
    packages = sorted(
        ".".join(p.parent.relative_to(src).parts) for p in src.glob("pfp_data/**/__init__.py")
    )
    config = (src / "pyproject.toml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^packages = \[.*\]$", f"packages = {packages!r}".replace("'", '"'),
                    config)
    (src / "pyproject.toml").write_text(config, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(tmp / "dist"), str(src)],
        capture_output=True, text=True,
    )
    wheels = sorted((tmp / "dist").glob("pfp_data-*.whl"))
    if proc.returncode != 0 or len(wheels) != 1:
        log = (proc.stdout + proc.stderr)[-3000:]
        raise BuildError(f"pip wheel failed for pfp_data:\n{log}")
    return wheels[0]


def pin_autograder(zip_path, wheel):
    """Put the pfp_data wheel into the zip and pin environment.yml to it and to Python 3.11.

    Gradescope runs ``mamba env create -f /autograder/source/environment.yml``; pip resolves the
    relative path ``./<wheel>`` against that file's folder, where the zip is unpacked.
    """
    with zipfile.ZipFile(zip_path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    env = yaml.safe_load(members["environment.yml"])
    deps = env["dependencies"]
    deps = [f"python={PYTHON_VERSION}" if str(d).startswith("python=") else d for d in deps]
    pip = next(d for d in deps if isinstance(d, dict) and "pip" in d)
    pip["pip"] = [r for r in pip["pip"] if "pfp_data" not in r and "pfp-data" not in r]
    pip["pip"].append(f"./{wheel.name}")
    bad = [r for r in pip["pip"] if "git+" in r or "://" in r]
    if bad:
        raise BuildError(f"{zip_path.name}: requirements must not name a URL: {bad}")
    env["dependencies"] = deps
    members["environment.yml"] = yaml.safe_dump(env, sort_keys=False).encode()
    members[wheel.name] = wheel.read_bytes()
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


KERNEL_DIED = "Kernel died before replying to kernel_info"


def assign(master, workdir):
    """Run otter assign on one master into ``workdir``; return the output paths.

    Returns a dict with the normalised student notebook, solution notebook and the
    autograder zip (names without timestamps), all inside ``workdir``.
    """
    master = Path(master)
    name = master.stem
    out = Path(workdir) / name
    env = dict(os.environ, PYTHONHASHSEED="0", PFP_CHARTS="html")  # see pfp_data.display
    for attempt in (1, 2):
        if out.exists():
            shutil.rmtree(out)
        proc = subprocess.run(
            [str(OTTER), "assign", str(master), str(out)],
            cwd=master.parent,
            env=env,
            capture_output=True,
            text=True,
        )
        log = (proc.stdout + proc.stderr).strip().splitlines()
        # A kernel that exits before it answers is not the master's fault: it happens when
        # many kernels and servers start at once (make test runs a JupyterHub beside this),
        # e.g. when another process binds one of the ports the kernel was handed. Once
        # more, said out loud; a second death is reported with the kernel's own words.
        if proc.returncode == 0 or attempt == 2 or not any(KERNEL_DIED in x for x in log):
            break
        print(f"otter assign {master.name}: its kernel died while starting; running it once "
              "more", file=sys.stderr, flush=True)
    if proc.returncode != 0:
        said = [x for x in log[:-40] if "Error" in x or "error:" in x][-10:]
        tail = "\n".join([*said, *log[-40:]])
        raise BuildError(f"otter assign failed for {master.name} (exit {proc.returncode}):\n{tail}")
    zips = sorted((out / "autograder").glob(f"{name}-autograder_*.zip"))
    if len(zips) != 1:
        raise BuildError(f"expected one autograder zip for {name}, found {len(zips)}")
    result = {
        "name": name,
        "student": out / "student" / f"{name}.ipynb",
        "solution": out / "autograder" / f"{name}.ipynb",
        "zip": out / f"{name}-autograder.zip",
    }
    zips[0].rename(result["zip"])
    pin_autograder(result["zip"], pfp_data_wheel())
    for key in ("student", "solution"):
        nb = nbformat.read(result[key], as_version=4)
        _write(normalise(nb, name), result[key])
    return result


def assign_all(paths, workdir, jobs=2):
    """otter assign for several masters, ``jobs`` at a time (each starts its own kernel)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda p: assign(p, workdir), paths))


def build_key(paths):
    """A hash of everything a build depends on: masters, pfp_data, this script, Otter."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(version("otter-grader").encode())
    files = list(paths) + [Path(__file__), ROOT / "pyproject.toml"]
    files += sorted(p for p in (ROOT / "pfp_data").rglob("*") if p.is_file()
                    and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(Path(path).relative_to(ROOT)).encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def cached_build(cache_root, jobs=2):
    """assign_all for every master, reused while nothing it depends on changes.

    The tests of several pytest workers call this; a lock file makes the second wait for
    the first's build instead of running otter assign again. Returns {name: result}.
    """
    import fcntl

    paths = masters()
    cache_root = Path(cache_root)
    cache_root.mkdir(parents=True, exist_ok=True)
    key = build_key(paths)
    out = cache_root / key
    with open(cache_root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "done").exists():
            for old in cache_root.iterdir():  # earlier builds and their locks
                if old.is_dir() and old.name != key:
                    shutil.rmtree(old, ignore_errors=True)
                elif old.suffix == ".lock" and old.stem != key:
                    old.unlink(missing_ok=True)
            results = assign_all(paths, out, jobs=jobs)
            (out / "done").write_text("\n".join(r["name"] for r in results))
    results = {}
    for path in paths:
        name = path.stem
        results[name] = {
            "name": name,
            "student": out / name / "student" / f"{name}.ipynb",
            "solution": out / name / "autograder" / f"{name}.ipynb",
            "zip": out / name / f"{name}-autograder.zip",
        }
    return results


def execute_solution(path):
    """Run a solution notebook in place so it stores outputs for ``pytest --nbval``."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ["PFP_CHARTS"] = "html"  # stored outputs for nbval, as in execute_notebooks.py
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    _write(nb, path)


def install(result, execute=True):
    """Copy one set's outputs to exercises/student and exercises/dist."""
    STUDENT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(result["student"], STUDENT / f"{result['name']}.ipynb")
    (DIST / "solutions").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(result["zip"], DIST / f"{result['name']}-autograder.zip")
    solution = DIST / "solutions" / f"{result['name']}.ipynb"
    shutil.copyfile(result["solution"], solution)
    if execute:
        execute_solution(solution)


def drift(results):
    """Names of sets whose committed student notebook differs from the generated one."""
    stale = []
    for result in results:
        committed = STUDENT / f"{result['name']}.ipynb"
        if not committed.exists() or committed.read_bytes() != result["student"].read_bytes():
            stale.append(result["name"])
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these sets (e.g. 03-expansion)")
    parser.add_argument(
        "--check", action="store_true", help="compare with exercises/student/, write nothing"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="otter assign runs in parallel (default 2)"
    )
    parser.add_argument(
        "--no-execute", action="store_true", help="do not store outputs in the solution notebooks"
    )
    args = parser.parse_args(argv)
    try:
        paths = masters(args.names)
        if not paths:
            raise BuildError(f"no master notebooks in {SOURCE}")
        with tempfile.TemporaryDirectory(prefix="pfp-exercises-") as tmp:
            print(
                f"==> [exercises] otter assign for {len(paths)} master(s): "
                f"{', '.join(p.stem for p in paths)}"
            )
            results = assign_all(paths, tmp, jobs=args.jobs)
            if args.check:
                stale = drift(results)
                if stale:
                    print(
                        f"exercises/student/ is out of date for {', '.join(stale)}: "
                        "run `make exercises`.",
                        file=sys.stderr,
                    )
                    return 1
                print("==> [exercises] student notebooks match their masters")
                return 0
            for result in results:
                install(result, execute=not args.no_execute)
                print(
                    f"    {result['name']}: exercises/student/{result['name']}.ipynb, "
                    f"exercises/dist/{result['name']}-autograder.zip"
                )
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
