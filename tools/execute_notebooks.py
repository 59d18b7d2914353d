"""Re-execute the course notebooks in a fresh kernel each, storing their outputs.

    python tools/execute_notebooks.py                 # every notebooks/*.ipynb, in place
    python tools/execute_notebooks.py notebooks/03-expansion.ipynb
    python tools/execute_notebooks.py --output-dir /tmp/run   # leave the sources alone

nbval compares these stored outputs with a fresh run, so the run must be repeatable:
the kernel gets PYTHONHASHSEED=0 and no timing metadata is recorded, and execution
counts start at 1 in every notebook. Widget state is not stored (see below). A cell
that raises stops the run with the notebook's name and the error.
"""

import argparse
import os
import sys
import time
from pathlib import Path

from pfp_book.paths import NOTEBOOKS, ROOT

TIMEOUT = 600  # seconds per cell: the slowest cell (the map) takes a few seconds


def execute(path, output_dir=None, kernel_name="python3"):
    """Run one notebook top to bottom in a new kernel; return the written path."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    os.environ["PYTHONHASHSEED"] = "0"  # inherited by the kernel process
    # Stored outputs are Altair's HTML (nbval compares it; the book compiles it), not the
    # offline widget a live JupyterLab shows (pfp_data.display).
    os.environ["PFP_CHARTS"] = "html"
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        # nbclient 0.11 raises KeyError on widget messages with store_widget_state=False,
        # so the state is collected and then dropped below.
        store_widget_state=True,
    )
    try:
        client.execute()
    except CellExecutionError as err:
        raise SystemExit(f"FAILED {path.name}:\n{err}") from None
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    # The map's widget state would be a second, pretty-printed copy of the TopoJSON
    # (megabytes); the book hides widget cells, and a live kernel rebuilds them.
    nb.metadata.pop("widgets", None)
    target = Path(output_dir) / path.name if output_dir else path
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/*.ipynb)")
    parser.add_argument("--output-dir", type=Path,
                        help="write executed copies here instead of in place")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks in {NOTEBOOKS}")
        return 0
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    for i, path in enumerate(paths, 1):
        start = time.perf_counter()
        target = execute(path, args.output_dir)
        rel = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"[{i}/{len(paths)}] {path.name}: ok in {time.perf_counter() - start:.1f} s "
              f"-> {rel}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
