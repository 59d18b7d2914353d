"""The student release (make student-release) holds what students open and nothing that grades."""

import json
import subprocess
import sys

import nbformat
import pytest
import yaml

import student_release
from pfp_book import links
from pfp_book.paths import ROOT


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "student-release"
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "student_release.py"),
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return out


def _texts(out):
    for path in sorted(out.rglob("*")):
        if path.is_file():
            try:
                yield path.relative_to(out).as_posix(), path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def test_release_has_what_students_open(release):
    for rel in ["README.md", "environment.yml", "postBuild", "pyproject.toml",
                "lab-config/overrides.json", "tools/install_lab_config.py",
                "pfp_data/__init__.py", "pfp_data/data/datapackage.json", "_config.yml",
                "_toc.yml", "book/index.md"]:
        assert (release / rel).is_file(), rel
    for master in (ROOT / "exercises" / "source").glob("*.ipynb"):
        assert (release / "exercises" / "student" / master.name).is_file(), master.name
    for chapter in (ROOT / "notebooks").glob("*.ipynb"):
        assert (release / "notebooks" / chapter.name).is_file(), chapter.name


def test_release_makefile_can_set_up_and_build_the_book(release):
    """The student README says `make setup`, then `make lab`; the published book is the
    release's `make book`. Make resolves every file those targets need (a dry run: what
    it would do, not the install itself, which tests/test_autograder_install.py covers)."""
    for target in ("setup", "book", "lab"):
        proc = subprocess.run(["make", "-n", target], cwd=release, capture_output=True,
                              text=True)
        assert proc.returncode == 0, f"make -n {target} in the release: {proc.stderr}"


def test_no_page_of_the_release_links_to_a_dropped_page(release):
    """Sphinx fails the release's book build (-W) on a link to a page that is not there."""
    for page in release.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for dropped in student_release.TOC_DROPPED:
            name = dropped.split("/")[-1]
            assert f"`{name}`" not in text and f"<{name}>`" not in text, (page, name)
    assert not (release / "book" / "page-templates" / "instructor-guide.md").exists()


def test_every_launch_link_opens_a_file_of_the_release(release):
    assert links.repository()[0].endswith("-student"), "links must open the student release"
    for path in links.course_paths():
        assert (release / path).is_file(), f"{path} is linked but not in the student release"
    readme = (release / "README.md").read_text()
    assert links.binder_url("notebooks/index.ipynb") in readme


def test_release_has_no_master_grader_or_instructor_page(release):
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert not [f for f in files if f.startswith(("exercises/source", "exercises/dist", "tests/"))]
    assert not [f for f in files if f.endswith((".zip", ".whl"))]
    assert "book/instructor-guide.md" not in files
    assert "book/page-templates/instructor-guide.md" not in files
    assert "exercises/rubrics.md" not in files
    assert not [f for f in files if "build_exercises" in f or "grading_report" in f]
    toc = json.dumps(yaml.safe_load((release / "_toc.yml").read_text()))
    assert "instructor-guide" not in toc


def test_release_has_no_solution_hidden_test_wrong_answer_model_answer_or_rubric(release):
    secrets = student_release.secrets()
    kinds = {label.split(": ")[-1] for label, _ in secrets}
    assert {"solution", "hidden test", "declared wrong answer"} <= kinds, kinds
    assert any(label == "rubric" for label, _ in secrets), "exercises/rubrics.md has no rubric rows"
    found = []
    for rel, text in _texts(release):
        if rel.endswith(".ipynb"):
            nb = nbformat.reads(text, as_version=4)
            text = "\n".join(c.source for c in nb.cells) + json.dumps(nb.metadata)
        for marker in ("# BEGIN SOLUTION", "# HIDDEN", "Model answer", "BEGIN TEST CONFIG",
                       "wrong_answers", "# BEGIN QUESTION"):
            if marker in text:
                found.append((rel, marker))
        for label, secret in secrets:
            if label.endswith(": solution") and rel.startswith("notebooks/"):
                continue  # chapters teach the same steps (see tools/student_release.py)
            if secret in text:
                found.append((rel, secret))
    assert not found, found[:10]


def test_the_scan_finds_a_planted_solution(tmp_path):
    """The release scan is not vacuous: a solution line and a marker in any file are found."""
    label, secret = next(s for s in student_release.secrets() if s[0].endswith(": solution"))
    (tmp_path / "notes.md").write_text(f"{secret}\n# BEGIN SOLUTION\n", encoding="utf-8")
    found = student_release.leaks(tmp_path)
    assert any(secret[:40] in what for _, what in found)
    assert any("BEGIN SOLUTION" in what for _, what in found)


def test_out_inside_the_repository_is_refused():
    with pytest.raises(student_release.ReleaseError, match="outside the repository"):
        student_release.build(ROOT / "notebooks")
