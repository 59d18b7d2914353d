"""Everything `make test` checks, in one pytest session so the closing line counts all.

Stages: lint, build the book (the browser tests read _build/html), then pytest over
the unit tests, the notebook tests and nbval (strict) on the narrative notebooks.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def stage(label, cmd):
    print(f"==> [test] {label}", flush=True)
    start = time.monotonic()
    code = subprocess.call(cmd, cwd=ROOT)
    print(f"    ({time.monotonic() - start:.0f} s)", flush=True)
    return code


def main():
    failures = []
    lint = [d for d in ("pfp_data", "tests", "tools", "notebooks", "exercises/source")
            if (ROOT / d).exists()]
    if stage("lint (ruff)", [str(BIN / "ruff"), "check", *lint]):
        failures.append("lint")
    if (ROOT / "_config.yml").exists():
        if stage("build the book", [sys.executable, "tools/build_book.py"]):
            failures.append("book build")
    args = [sys.executable, "-m", "pytest", "tests"]
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if notebooks:
        args += ["notebooks", "--nbval", "--nbval-current-env"]
        sanitize = ROOT / "tests" / "nbval_sanitize.cfg"
        if sanitize.exists():
            args += ["--nbval-sanitize-with", str(sanitize)]
    # Two workers, one test file each at a time (`loadfile`): a file's session fixtures
    # (otter assign, the Lab server) and a notebook's cells stay in one process, in order.
    workers = os.environ.get("PFP_TEST_WORKERS") or str(min(2, os.cpu_count() or 1))
    if workers not in ("0", "1"):
        args += ["-n", workers, "--dist", "loadfile"]
    args += sys.argv[1:]
    if stage("pytest: unit, property, notebook, book and browser tests", args):
        failures.append("pytest")
    if failures:
        print(f"make test FAILED: {', '.join(failures)}", flush=True)
        return 1
    print("make test passed", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
