"""Launch links for students, made from the repository URL in _config.yml (its only home).

- Binder: opens a path of the repository in JupyterLab on mybinder.org.
- nbgitpuller: on an existing JupyterHub, gives each student their own copy of the
  repository (first click clones it, later clicks pull updates and merge them without
  overwriting the student's own edits) and opens a path in JupyterLab.

``python tools/links.py --hub https://hub.example.edu`` prints every link.

>>> binder_url("notebooks/index.ipynb")  # doctest: +ELLIPSIS
'https://mybinder.org/v2/gh/.../...?urlpath=lab%2Ftree%2Fnotebooks%2Findex.ipynb'
"""

from urllib.parse import quote, urlencode, urlparse

import yaml

from pfp_book.paths import CONFIG, EXERCISE_STUDENT, NOTEBOOKS, ROOT


def repository():
    """(url, branch) of the course repository, read from _config.yml."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    repo = config["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def binder_url(path, binderhub="https://mybinder.org"):
    """A Binder link that opens ``path`` (relative to the repository root) in JupyterLab."""
    url, branch = repository()
    parts = urlparse(url).path.strip("/").split("/")
    if urlparse(url).netloc != "github.com" or len(parts) != 2:
        raise ValueError(f"Binder links need a github.com/OWNER/REPO URL, not {url!r}")
    owner, name = parts
    return (f"{binderhub.rstrip('/')}/v2/gh/{owner}/{name}/{branch}"
            f"?urlpath={quote('lab/tree/' + path, safe='')}")


def nbgitpuller_url(hub, path):
    """An nbgitpuller link for a JupyterHub at ``hub`` that opens ``path`` in JupyterLab."""
    if not hub.startswith(("https://", "http://")):
        raise ValueError(f"The hub must be a URL starting with https://, not {hub!r}")
    url, branch = repository()
    folder = urlparse(url).path.rstrip("/").split("/")[-1]
    query = urlencode({"repo": url, "urlpath": f"lab/tree/{folder}/{path}", "branch": branch})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def course_paths():
    """Every notebook a student opens: the chapters and the student exercise sets."""
    paths = sorted(p.relative_to(ROOT).as_posix() for p in NOTEBOOKS.glob("*.ipynb"))
    paths += sorted(p.relative_to(ROOT).as_posix()
                    for p in EXERCISE_STUDENT.glob("*.ipynb"))
    return paths
