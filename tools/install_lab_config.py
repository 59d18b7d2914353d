"""Install the course's JupyterLab and IPython settings into a Python environment.

    python tools/install_lab_config.py            # into this interpreter's environment
    python tools/install_lab_config.py --prefix /opt/conda
    python tools/install_lab_config.py --check    # exit 1 if they are missing or differ

Copies lab-config/overrides.json (no news, no update check, no extension manager) and
lab-config/ipython_kernel_config.py (charts drawn from bundled JavaScript) to where
JupyterLab and IPython read them in that environment. See lab-config/README.md.
"""

import argparse
import filecmp
import shutil
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "lab-config"
TARGETS = {
    "overrides.json": Path("share", "jupyter", "lab", "settings", "overrides.json"),
    "ipython_kernel_config.py": Path("etc", "ipython", "ipython_kernel_config.py"),
}


def destinations(prefix):
    """Source file -> installed path, for the environment at ``prefix``."""
    return {CONFIG / name: Path(prefix) / target for name, target in TARGETS.items()}


def install(prefix):
    for source, target in destinations(prefix).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        print(f"    {source.name} -> {target}")


def stale(prefix):
    """Installed files that are missing or differ from lab-config/."""
    return [str(target) for source, target in destinations(prefix).items()
            if not target.exists() or not filecmp.cmp(source, target, shallow=False)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default=sys.prefix,
                        help="the environment to install into (default: this Python's)")
    parser.add_argument("--check", action="store_true",
                        help="report missing or outdated files, install nothing")
    args = parser.parse_args(argv)
    if not Path(args.prefix).is_dir():
        print(f"error: --prefix {args.prefix!r} is not a directory", file=sys.stderr)
        return 2
    if args.check:
        missing = stale(args.prefix)
        for path in missing:
            print(f"missing or outdated: {path}", file=sys.stderr)
        return 1 if missing else 0
    install(args.prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
