"""Binder and nbgitpuller links are made from _config.yml and are well formed."""

import subprocess
import sys
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from pfp_book import links
from pfp_book.paths import ROOT, TOOLS

HUB = "https://hub.example.edu"


def test_repository_comes_from_config():
    url, branch = links.repository()
    assert url.startswith("https://github.com/") and branch


def test_binder_link_opens_the_notebook_in_lab():
    link = links.binder_url("notebooks/03-expansion.ipynb")
    parsed = urlparse(link)
    url, branch = links.repository()
    owner_repo = urlparse(url).path.strip("/")
    assert parsed.scheme == "https" and parsed.netloc == "mybinder.org"
    assert parsed.path == f"/v2/gh/{owner_repo}/{branch}"
    assert unquote(parse_qs(parsed.query)["urlpath"][0]) == "lab/tree/notebooks/03-expansion.ipynb"


def test_nbgitpuller_link_is_well_formed():
    link = links.nbgitpuller_url(HUB + "/", "exercises/student/03-expansion.ipynb")
    parsed = urlparse(link)
    query = parse_qs(parsed.query)
    url, branch = links.repository()
    assert parsed.netloc == "hub.example.edu"
    assert parsed.path == "/hub/user-redirect/git-pull"
    assert query["repo"] == [url] and query["branch"] == [branch]
    folder = url.rsplit("/", 1)[-1]
    assert query["urlpath"] == [f"lab/tree/{folder}/exercises/student/03-expansion.ipynb"]


def test_every_course_notebook_gets_links():
    paths = links.course_paths()
    assert any(p.startswith("notebooks/") for p in paths)
    for path in paths:
        assert (ROOT / path).exists()
        assert links.binder_url(path).startswith("https://mybinder.org/v2/gh/")


def test_bad_hub_is_refused():
    with pytest.raises(ValueError, match="https://"):
        links.nbgitpuller_url("hub.example.edu", "notebooks/index.ipynb")


def test_readme_badge_matches_config():
    readme = (ROOT / "README.md").read_text()
    assert links.binder_url("notebooks/index.ipynb") in readme


def test_the_script_prints_both_links_for_a_hub():
    out = subprocess.run([sys.executable, str(TOOLS / "links.py"), "--hub", HUB],
                         capture_output=True, text=True, check=True).stdout
    assert "notebooks/index.ipynb\n  Binder:       https://mybinder.org/" in out
    assert out.count("nbgitpuller:  " + HUB) == len(links.course_paths())
