"""The house rules of the code (issue 15), checked by reading the source with ``ast``.

- No module uses another module's private (``_underscore``) name: neither
  ``from x import _y`` nor ``x._y`` on an imported project module. A private module
  (``charts/_base.py``) is shared inside its own package only.
- Every public submodule of ``pfp_data`` is reachable after ``import pfp_data``
  (``_LAZY``) and listed in ``__all__``.
- No module of ``pfp_data`` is over 350 lines; the charts package re-exports every
  chart builder of its subject modules.
"""

import ast
import importlib
import json
import subprocess
import sys

import pytest

from pfp_book.paths import ROOT

PACKAGE = ROOT / "pfp_data"
SCOPES = [PACKAGE, ROOT / "book" / "_ext", ROOT / "tools", ROOT / "tests"]
MAX_LINES = 350


def private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def project_modules():
    """Top-level names under which the repository's own code is imported."""
    names = {"pfp_data", "pfp_book", "tests"}
    for folder in (ROOT / "tools", ROOT / "tests"):
        names |= {p.stem for p in folder.glob("*.py")}
    return names


def python_files():
    for scope in SCOPES:
        yield from sorted(p for p in scope.rglob("*.py") if ".venv" not in p.parts)


def package_of(path):
    """The dotted package a file belongs to, or None outside a package."""
    parts = []
    folder = path.parent
    while (folder / "__init__.py").exists():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) or None


def absolute(node, path):
    """The absolute dotted module an ImportFrom node reads from."""
    if not node.level:
        return node.module or ""
    base = (package_of(path) or "").split(".")
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def violations(path, source=None, project=None):
    """Every use of another module's private name in one file, as readable strings."""
    project = project_modules() if project is None else project
    tree = ast.parse(source if source is not None else path.read_text(), str(path))
    home = package_of(path) or ""
    found = []
    modules = set()  # local names bound to imported project modules

    def private_part(dotted):
        """The first private component of a dotted module path outside the file's package."""
        parts = dotted.split(".")
        for i, part in enumerate(parts):
            if private(part) and ".".join(parts[:i]) != home:
                return part
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in project:
                    modules.add(alias.asname or alias.name.split(".")[0])
                    if private_part(alias.name):
                        found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            source_module = absolute(node, path)
            if node.level == 0 and source_module.split(".")[0] not in project:
                continue
            if private_part(source_module):
                found.append(f"line {node.lineno}: from {source_module} import ...")
            for alias in node.names:
                # a private module of the file's own package is fair game
                if private(alias.name) and source_module != home:
                    found.append(f"line {node.lineno}: from {source_module} import {alias.name}")
                modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute):  # charts.maps._layers: root is charts
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", list(python_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_uses_another_modules_private_names(path):
    assert violations(path) == [], f"{path.relative_to(ROOT)} uses private names"


@pytest.mark.parametrize("source,where", [
    ("from pfp_data.timeline import _spans\n", "tests/test_x.py"),
    ("from .timeline import _spans\n", "pfp_data/widgets.py"),
    ("from pfp_data import timeline\ntimeline._spans()\n", "tests/test_x.py"),
    ("import pfp_data.timeline as t\nt._status(None, 1)\n", "tools/x.py"),
    ("import pfp_data\npfp_data.charts.maps._map_layers\n", "book/_ext/pfp_book/x.py"),
    ("from pfp_data.charts._base import day\n", "pfp_data/widgets.py"),
    ("from .charts import _base\n", "pfp_data/widgets.py"),
])
def test_the_private_name_check_sees_a_planted_violation(source, where):
    assert violations(ROOT / where, source), source


@pytest.mark.parametrize("source,where", [
    ("from ._base import day\n", "pfp_data/charts/maps.py"),
    ("from . import _base\n", "pfp_data/charts/maps.py"),
    ("import altair as alt\nalt._private = 1\n", "pfp_data/charts/maps.py"),
    ("from pfp_data import charts\ncharts.__all__\n", "tests/test_x.py"),
    ("self._x = 1\n", "pfp_data/widgets.py"),
])
def test_the_private_name_check_allows_what_is_allowed(source, where):
    assert violations(ROOT / where, source) == []


def public_submodules():
    names = {p.stem for p in PACKAGE.glob("*.py")}
    names |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    return sorted(n for n in names if not n.startswith("_"))


def test_every_public_submodule_is_reachable_and_listed():
    """Right after `import pfp_data` (a fresh interpreter), every public submodule is an
    attribute (through the lazy registry) and in __all__."""
    code = ("import json, pfp_data; names = json.loads(input());"
            "listed = sorted(set(dir(pfp_data)) & set(names));"
            "print(json.dumps([listed, sorted(set(names) - set(pfp_data.__all__))]))")
    names = public_submodules()
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(names), text=True,
                         capture_output=True, check=True)
    listed, not_in_all = json.loads(out.stdout)
    assert sorted(set(names) - set(listed)) == [], "add to pfp_data._LAZY (value None)"
    assert not_in_all == [], "add to pfp_data.__all__"
    import pfp_data

    for name in names:
        assert getattr(pfp_data, name).__name__ == f"pfp_data.{name}"


def test_every_module_lists_names_that_exist():
    for name in public_submodules():
        module = importlib.import_module(f"pfp_data.{name}")
        for public in getattr(module, "__all__", []):
            assert hasattr(module, public), f"pfp_data.{name}.__all__ names {public}"


def test_the_charts_package_reexports_every_builder():
    from pfp_data import charts

    subjects = [p.stem for p in (PACKAGE / "charts").glob("*.py") if not p.stem.startswith("_")]
    assert {"timelines", "maps", "funding", "comparisons", "claims"} <= set(subjects)
    for subject in subjects:
        module = importlib.import_module(f"pfp_data.charts.{subject}")
        builders = [n for n in module.__all__ if n.endswith("_chart") or n == "status_map"]
        assert builders, subject
        for name in builders:
            assert name in charts.__all__ and getattr(charts, name) is getattr(module, name)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_modules_stay_small(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by subject"


# The harness that starts a hub is test code that the hub benchmark reuses; it is the one
# script that reaches into tests/ (tools/hub_bench.py says why).
PATH_EDITS_ALLOWED = {"tools/hub_bench.py"}


def path_edits(source):
    """Lines that change sys.path: imports come from pyproject's pytest `pythonpath`, the
    Sphinx `local_extensions` and the .pth that `make setup` writes, not from each file."""
    return [f"line {node.lineno}: {ast.unparse(node)}" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and ast.unparse(node.func.value) == "sys.path"]


@pytest.mark.parametrize("path", list(python_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_edits_the_import_path(path):
    if path.relative_to(ROOT).as_posix() in PATH_EDITS_ALLOWED:
        return
    assert path_edits(path.read_text(encoding="utf-8")) == []


def test_the_path_check_sees_a_planted_edit():
    assert path_edits("import sys\nsys.path.insert(0, 'tools')\n")
    assert path_edits("import sys\nsys.path.append('x')\n")
    assert not path_edits("import sys\nprint(sys.path)\n")
