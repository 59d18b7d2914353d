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
(``--check`` compares them without writing anything).

Usage:
  python tools/build_exercises.py            # build everything
  python tools/build_exercises.py --check    # fail if exercises/student/ is out of date
  python tools/build_exercises.py 03-expansion   # only the named set(s)
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "exercises" / "source"
STUDENT = ROOT / "exercises" / "student"
DIST = ROOT / "exercises" / "dist"
OTTER = Path(sys.executable).parent / "otter"


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
    for index, cell in enumerate(nb.cells):
        if not str(cell.get("id", "")).startswith(f"{name}-"):
            cell["id"] = f"{name}-otter-{index:03d}"
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def _write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        nbformat.write(nb, handle)


def assign(master, workdir):
    """Run otter assign on one master into ``workdir``; return the output paths.

    Returns a dict with the normalised student notebook, solution notebook and the
    autograder zip (names without timestamps), all inside ``workdir``.
    """
    master = Path(master)
    name = master.stem
    out = Path(workdir) / name
    if out.exists():
        shutil.rmtree(out)
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(
        [str(OTTER), "assign", str(master), str(out)],
        cwd=master.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
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
    for key in ("student", "solution"):
        nb = nbformat.read(result[key], as_version=4)
        _write(normalise(nb, name), result[key])
    return result


def assign_all(paths, workdir, jobs=2):
    """otter assign for several masters, ``jobs`` at a time (each starts its own kernel)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda p: assign(p, workdir), paths))


def execute_solution(path):
    """Run a solution notebook in place so it stores outputs for ``pytest --nbval``."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
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
