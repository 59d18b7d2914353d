"""Write the student-facing repository: everything a student opens, nothing that grades.

    python tools/student_release.py                 # into _build/student-release
    python tools/student_release.py --out /tmp/rel  # elsewhere (the folder is replaced)

What goes in: the chapters (notebooks/), the data package (pfp_data/, its pyproject.toml),
the generated student notebooks (exercises/student/), the environment (environment.yml,
requirements/, postBuild, lab-config/ and tools/install_lab_config.py for Binder), the book
sources (_config.yml, _toc.yml, book/) and the tools that build the book. What stays out: the
masters (exercises/source/) with their solutions, hidden tests, declared wrong answers and model
answers; the instructor guide, the rubrics, the grading tools and the tests.

After writing, the script scans every file it wrote for Otter's markers, solution lines, hidden
test names, declared wrong answers, model answers and rubric text, and fails (deleting nothing,
so the file can be inspected) when it finds one. The CI workflow
.github/workflows/student-release.yml pushes the folder to the repository named in _config.yml
(``repository.url``), which the Binder and nbgitpuller links and the book's repository button
open; keep the full repository private when you grade for credit.
"""

import argparse
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

from pfp_book import masters
from pfp_book.paths import ROOT

DEFAULT_OUT = ROOT / "_build" / "student-release"

# (path, kind): files and folders copied as they are
COPY = [
    "LICENSE", "CITATION.cff", "environment.yml", "postBuild", "pyproject.toml", "Makefile",
    "requirements", "lab-config", "pfp_data", "notebooks", "exercises/student", "book",
    "tools/install_lab_config.py", "tools/build_book.py", "tools/execute_notebooks.py",
    "tools/links.py", "tools/make_atlas.py", "tools/axe/package.json",
    "tools/axe/package-lock.json",
]
# never copied, even from inside a folder above
EXCLUDE = [
    "book/instructor-guide.md", "book/page-templates/instructor-guide.md",
    # reads the masters (solutions, hidden tests) for the instructor's tools and tests
    "book/_ext/pfp_book/masters.py",
    "**/__pycache__", "**/.ipynb_checkpoints", "**/*.pyc",
]
TOC_DROPPED = {"book/instructor-guide"}
MARKERS = [
    "# BEGIN SOLUTION", "# END SOLUTION", "# BEGIN TESTS", "# BEGIN QUESTION",
    "# ASSIGNMENT CONFIG", "# HIDDEN", "BEGIN TEST CONFIG", "wrong_answers",
    "Model answer", "Rubric for", "-autograder.zip\"",
]

STUDENT_README = """\
# Partnership for Peace in data: the student edition

The chapters (`notebooks/`), the data package (`pfp_data`) and the exercise sets
(`exercises/student/`) of the course *Partnership for Peace in data*. This repository is
generated from the course's full repository by `make student-release`; do not send changes
here, they are overwritten.

- Open the course in JupyterLab on Binder: {binder}
- Or on your own machine (Python 3.11): `make setup`, then `make lab`.

Exercise sets: open `exercises/student/<set>.ipynb`, replace each `...` with your answer and
run the `grader.check("q1")` cell under it. Keep the notebook in the same folder; a renamed
download (`03-expansion (1).ipynb`) still works.

Code MIT; text and data CC BY 4.0 (see LICENSE).
"""


class ReleaseError(RuntimeError):
    """The release would contain something a student must not see."""


def _excluded(relative):
    return any(Path(relative).match(pattern) or relative == pattern for pattern in EXCLUDE)


def _copy(source, target, root):
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and not _excluded(relative) and not any(
                part in ("__pycache__", ".ipynb_checkpoints") for part in path.parts
            ):
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / relative)
    elif source.is_file():
        relative = source.relative_to(root).as_posix()
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / relative)


def _toc(root, out):
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part.get("chapters", []) if c.get("file") not in TOC_DROPPED]
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]]
    (out / "_toc.yml").write_text(
        "# Table of contents of the student edition (written by tools/student_release.py)\n"
        + yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def _unlink_dropped(out):
    """A page that links to a dropped page names it in words instead (Sphinx would fail
    the build on a link to a document that is not there)."""
    for page in sorted((out / "book").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        changed = text
        for dropped in TOC_DROPPED:
            name = dropped.split("/")[-1]
            words = name.replace("-", " ")
            changed = changed.replace(f"{{doc}}`{name}`",
                                      f"{words} (kept with the course's full repository)")
        if changed != text:
            page.write_text(changed, encoding="utf-8")


def _binder(root):
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    owner_repo = url.split("github.com/", 1)[-1]
    return (f"https://mybinder.org/v2/gh/{owner_repo}/{branch}"
            "?urlpath=lab%2Ftree%2Fnotebooks%2Findex.ipynb")


def secrets(root=ROOT):
    """Texts that must never reach a student: (label, text) from the masters and the rubrics."""
    found = []
    for master in sorted((root / "exercises" / "source").glob("*.ipynb")):
        nb = masters.read(master)
        for answers in masters.wrong_answers(nb).values():
            found += [(f"{master.stem}: declared wrong answer", line.strip())
                      for answer in answers for line in answer["code"].splitlines()
                      if len(line.strip()) >= 16]
        found += [(f"{master.stem}: hidden test", f"def {name}(")
                  for name in masters.named_tests(nb, hidden=True)]
        # an opener like "color=alt.Color(" says nothing about the answer
        found += [(f"{master.stem}: solution", line) for line in masters.solution_lines(nb)
                  if len(line) >= 16 and not line.startswith("#")
                  and not line.endswith(("(", ",", "[", "{"))]
    rubrics = root / "exercises" / "rubrics.md"
    if rubrics.exists():
        found += [("rubric", line.strip()) for line in rubrics.read_text().splitlines()
                  if line.startswith("|") and len(line.strip()) >= 40]
    return found


def leaks(out, root=ROOT):
    """[(file, what)] for every marker or secret text found in the release folder."""
    texts = secrets(root)
    found = []
    for path in sorted(Path(out).rglob("*")):
        if not path.is_file() or path.suffix in (".whl", ".zip", ".png", ".svg", ".woff2"):
            continue
        relative = path.relative_to(out).as_posix()
        if relative.startswith("exercises/source") or relative.endswith("-autograder.zip"):
            found.append((relative, "a master or an autograder"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".ipynb":  # compare cell sources, not JSON-escaped strings
            try:
                nb = nbformat.reads(text, as_version=4)
                text = "\n".join(c.source for c in nb.cells) + "\n" + str(nb.metadata)
            except Exception:
                pass
        for marker in MARKERS:
            if marker in text:
                found.append((relative, f"marker {marker!r}"))
        for label, secret in texts:
            # the chapters teach the same steps: a solution line there is a teaching choice,
            # checked by value in tests/test_answer_leaks.py; markers and the rest are not
            if relative.startswith("notebooks/") and label.endswith(": solution"):
                continue
            if secret in text:
                found.append((relative, f"{label}: {secret[:70]!r}"))
    return found


def build(out=DEFAULT_OUT, root=ROOT):
    """Write the student release into ``out`` (replaced) and return its path."""
    out = Path(out).resolve()
    if out == root or root in out.parents and out.parts[len(root.parts)] != "_build":
        raise ReleaseError(f"--out must be outside the repository or under _build/, not {out}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for item in COPY:
        _copy(root / item, out, root)
    config = (root / "_config.yml").read_text(encoding="utf-8")
    (out / "_config.yml").write_text(config, encoding="utf-8")
    _toc(root, out)
    _unlink_dropped(out)
    (out / "README.md").write_text(STUDENT_README.format(binder=_binder(root)), encoding="utf-8")
    (out / "exercises" / "README.md").write_text(
        "# Exercise sets\n\nOne notebook per chapter. Replace each `...` with your answer and run "
        "the check cell under it; the public checks tell you in a sentence what to fix.\n",
        encoding="utf-8")
    (out / ".gitignore").write_text(
        ".venv/\n__pycache__/\n*.egg-info/\n_build/\n.ipynb_checkpoints/\n", encoding="utf-8")
    found = leaks(out, root)
    if found:
        listed = "\n".join(f"  {path}: {what}" for path, what in found[:30])
        raise ReleaseError(f"the student release in {out} would show students:\n{listed}")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT),
                        help="folder to write (replaced; default _build/student-release)")
    args = parser.parse_args(argv)
    try:
        out = build(args.out)
    except ReleaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"==> [student-release] {files} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
