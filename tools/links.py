"""Print the Binder (and, with --hub, nbgitpuller) link of every notebook a student opens.

    python tools/links.py --hub https://hub.example.edu

The links are made from the repository URL in _config.yml by pfp_book.links: the student
release (``make student-release``, published by .github/workflows/student-release.yml), which
holds the chapters and student notebooks at the same paths but no masters, solutions or hidden
tests. Before you hand a link out, check that the release has been published
(``--check-release`` compares the paths with a local build of it).
"""

import argparse
import sys
from pathlib import Path

from pfp_book import links


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", help="your JupyterHub, e.g. https://hub.example.edu")
    parser.add_argument("--check-release", metavar="FOLDER",
                        help="fail unless every linked path exists in this student release "
                             "folder (e.g. _build/student-release)")
    args = parser.parse_args(argv)
    if args.check_release:
        release = Path(args.check_release)
        missing = [p for p in links.course_paths() if not (release / p).is_file()]
        if missing:
            print(f"not in the student release {release}: {', '.join(missing)}", file=sys.stderr)
            return 1
    for path in links.course_paths():
        print(path)
        print("  Binder:      ", links.binder_url(path))
        if args.hub:
            print("  nbgitpuller: ", links.nbgitpuller_url(args.hub, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
