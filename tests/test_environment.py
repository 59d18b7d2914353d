"""Binder's environment.yml and pyproject.toml must pin the same versions."""

import re
import tomllib

import yaml

from pfp_book.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)$")


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(specs):
    out = {}
    for spec in specs:
        m = PIN.match(spec.strip())
        assert m, f"not an exact pin: {spec!r}"
        out[norm(m.group(1))] = m.group(2)
    return out


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_pyproject_pins_everything_exactly():
    project = pyproject()["project"]
    pins(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pins(extra)


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda
    assert "conda-forge" in env["channels"]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = pins(pip_section)
    project = pyproject()["project"]
    # what a student needs on Binder: the package, JupyterLab, the exercises
    wanted = pins(project["dependencies"])
    for extra in ("lab", "exercises"):
        wanted.update(pins(project["optional-dependencies"][extra]))
    assert env_pins == wanted


def test_python_version_agrees():
    assert pyproject()["project"]["requires-python"] == "==3.11.*"


def test_lock_file_agrees_with_pyproject():
    lock = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            lock.update(pins([line]))
    project = pyproject()["project"]
    declared = pins(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared.update(pins(extra))
    for name, version in declared.items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def test_postbuild_installs_the_package():
    assert "pip install" in (ROOT / "postBuild").read_text()


def test_wheel_holds_every_module_and_table(tmp_path):
    """What Binder's `pip install .` and the autograders' wheel install: all of pfp_data.

    A subpackage left out of pyproject's `packages` works in the editable install of
    `make setup` and breaks everywhere else.
    """
    import shutil
    import subprocess
    import sys
    import zipfile

    # from a copy: setuptools leaves a build/ folder in the tree it builds
    src = tmp_path / "src"
    shutil.copytree(ROOT / "pfp_data", src / "pfp_data",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(src)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("pfp_data-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "pfp_data"
    wanted = {p.relative_to(ROOT).as_posix() for p in package.rglob("*")
              if p.suffix in (".py", ".csv", ".json") and "__pycache__" not in p.parts}
    assert wanted - shipped == set()
