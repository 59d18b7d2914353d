"""Everything `make test` checks, in one pytest session so the closing line counts all.

Stages: lint (ruff on every Python file and notebook of the repository), build the book
(the browser tests read _build/html), then pytest over the unit tests, the doctests, the
notebook tests (nbval, strict, on every chapter with the network cut). Options this script does not
know are passed to pytest, e.g. ``python tools/run_tests.py -x -k atlas``.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from pfp_book.paths import CONFIG, ROOT

BIN = Path(sys.executable).parent


def stage(label, cmd):
    print(f"==> [test] {label}", flush=True)
    start = time.monotonic()
    code = subprocess.call(cmd, cwd=ROOT)
    print(f"    ({time.monotonic() - start:.0f} s)", flush=True)
    return code


# Marked suites that take minutes each on two cores; `make test-slow` runs them alone.
SLOW = "slow or pdf"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     epilog="Other options go to pytest.")
    parser.add_argument("--slow", action="store_true",
                        help=f"run only the slow suites ({SLOW}): `make test-slow`")
    options, pytest_args = parser.parse_known_args(argv)
    failures = []
    # the whole repository; what is not ours (.venv, _build, generated student notebooks)
    # is excluded in pyproject.toml and .gitignore
    if stage("lint (ruff)", [str(BIN / "ruff"), "check", "."]):
        failures.append("lint")
    if CONFIG.exists():
        if stage("build the book", [sys.executable, "tools/build_book.py"]):
            failures.append("book build")
    # nbval (strict) runs on every chapter inside tests/test_notebooks.py, with the
    # network cut: one kernel run per chapter checks both its outputs and that it is offline
    args = [sys.executable, "-m", "pytest", "tests"]
    # Two workers, one test file each at a time (`loadfile`): a file's session fixtures
    # (otter assign, the Lab server) and a notebook's cells stay in one process, in order.
    workers = os.environ.get("PFP_TEST_WORKERS") or str(min(2, os.cpu_count() or 1))
    if workers not in ("0", "1"):
        args += ["-n", workers, "--dist", "loadfile"]
    if options.slow:
        args += ["-m", SLOW]
        label = f"pytest: the slow suites ({SLOW})"
    else:
        args += ["-m", f"not ({SLOW})"]
        label = "pytest: unit, property, notebook, book, browser, Lab and JupyterHub tests"
        # said out loud, not skipped in silence: CI (.ci/run) runs them right after
        print(f"==> [test] NOT in this run: the slow suites ({SLOW}: a fresh-venv install "
              "of the autograders, the PDF of the book, the axe audit and the style-sheet "
              "comparison at 380 px in dark mode, JupyterLab with the network cut, the 320 px "
              "and 640 px layout checks, chart contrast in forced colours, the solutions "
              "under nbval, the guide's class-grading recipe). Run them with "
              "`make test-slow`; .ci/run runs both.", flush=True)
    args += pytest_args
    if stage(label, args):
        failures.append("pytest")
    if failures:
        print(f"make test FAILED: {', '.join(failures)}", flush=True)
        return 1
    print("make test passed", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # nbval compares the stored HTML chart outputs (pfp_data.display), not live widgets.
    os.environ["PFP_CHARTS"] = "html"
    sys.exit(main())
