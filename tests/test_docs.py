"""The contributor's documents name what exists: CONTRIBUTING.md's map, the data README's
tables, and the scripts in tools/, each of which answers --help."""

import json
import re
import subprocess
import sys

import pytest

from pfp_book import pages
from pfp_book.paths import DATA, ROOT, TOOLS

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
DATA_README = (DATA / "README.md").read_text(encoding="utf-8")
SCRIPTS = sorted(TOOLS.glob("*.py"))


def _map_paths():
    """The paths in the first column of CONTRIBUTING.md's map."""
    section = CONTRIBUTING.split("## Map of the repository", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [p for row in rows for p in re.findall(r"`([^`]+)`", row.split(" | ")[0])]


def test_every_path_in_the_map_exists():
    paths = _map_paths()
    assert len(paths) > 15
    # build output (in .gitignore) need not exist yet
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    missing = [p for p in paths if not list(ROOT.glob(p.rstrip("/"))) and p not in ignored]
    assert missing == []


def test_the_map_names_every_top_level_folder():
    named = {p.split("/")[0] for p in _map_paths()}
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")
               and p.name not in {"_build", "bench"} and not p.name.endswith(".egg-info")}
    assert folders <= named


def test_the_map_lists_every_generated_page():
    for rel in pages.GENERATED:
        assert f"`{rel}`" in CONTRIBUTING, rel


def test_the_data_readme_names_every_table():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert f"`{resource['path']}`" in DATA_README, resource["path"]


def test_contributing_names_every_script():
    for script in SCRIPTS:
        assert f"`{script.name}`" in CONTRIBUTING, script.name


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_script_answers_help(script):
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("usage:"), done.stdout[:200]
