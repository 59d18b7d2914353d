"""Every chapter notebook: its structure, its stored outputs, and an offline fresh run.

The offline run cuts the network with a new network namespace (``unshare -n``, which
needs root or user namespaces) with only the loopback device up, so the kernel can
still talk to its client. Where ``unshare -n`` is not allowed, the kernel gets a
``sitecustomize`` that refuses every socket connection to a non-loopback address.
"""

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

import nbformat
import pytest

import pfp_data
from pfp_book.paths import ROOT

NOTEBOOK_PATHS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# the start page (index.ipynb) is a signpost, not a chapter: it skips the chapter skeleton
CHAPTER_PATHS = [p for p in NOTEBOOK_PATHS if p.name != "index.ipynb"]
NAME = re.compile(r"^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
REQUIRED = ["Overview", "Prerequisites", "Time to learn", "Check your understanding",
            "Summary", "What's next", "Sources"]
VEGALITE = re.compile(r"^application/vnd\.vegalite\.v\d+\+json$")


def test_there_are_notebooks():
    assert NOTEBOOK_PATHS, "notebooks/ holds no notebook"


@pytest.fixture(params=NOTEBOOK_PATHS, ids=lambda p: p.name)
def nb_path(request):
    return request.param


@pytest.fixture(params=CHAPTER_PATHS, ids=lambda p: p.name)
def chapter_path(request):
    return request.param


def _read(path):
    return nbformat.read(path, as_version=4)


def _headings(nb):
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        in_fence = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            match = None if in_fence else HEADING.match(line)
            if match:
                out.append((len(match.group(1)), match.group(2), cell))
    return out


def _section(nb, title):
    """The Markdown text of a '## title' section (up to the next '##' heading)."""
    text, inside = [], False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = HEADING.match(line)
            if match and len(match.group(1)) <= 2:
                inside = len(match.group(1)) == 2 and match.group(2).strip() == title
                continue
            if inside:
                text.append(line)
    return "\n".join(text)


def test_name_is_numbered_kebab_case(chapter_path):
    assert NAME.match(chapter_path.name), chapter_path.name


def test_one_h1_and_no_skipped_levels(nb_path):
    heads = _headings(_read(nb_path))
    assert [h for h in heads if h[0] == 1].__len__() == 1, "exactly one H1"
    assert heads[0][0] == 1, "the H1 comes first"
    for (prev, _, _), (level, text, _) in zip(heads, heads[1:], strict=False):
        assert level <= prev + 1, f"heading {text!r} skips from H{prev} to H{level}"


def test_required_sections(chapter_path):
    nb = _read(chapter_path)
    h2 = [text for level, text, _ in _headings(nb) if level == 2]
    for title in REQUIRED:
        assert title in h2, f"missing '## {title}'"
    assert h2.index("Overview") < h2.index("Prerequisites") < h2.index("Time to learn")
    assert h2[-3:] == ["Summary", "What's next", "Sources"]
    assert "By the end you will be able to" in _section(nb, "Overview")
    assert re.search(r"\d+\s*minutes", _section(nb, "Time to learn"))
    check = _section(nb, "Check your understanding")
    assert "<details>" in check and "<summary>Answer</summary>" in check


def test_sources_resolve(chapter_path):
    sources = _section(_read(chapter_path), "Sources")
    items = [line for line in sources.splitlines() if line.strip().startswith(("-", "*"))]
    assert items, "the Sources section lists no source"
    keys = set(pfp_data.sources()["key"])
    for item in items:
        match = re.match(r"^\s*[-*]\s+`([A-Za-z0-9_]+)`", item)
        assert match, f"a Sources item must start with a key in backticks: {item!r}"
        assert match.group(1) in keys, f"unknown source key {match.group(1)}"


def test_first_code_cell_imports_pfp_data(nb_path):
    code = [c for c in _read(nb_path).cells if c.cell_type == "code"]
    assert code and "import pfp_data" in code[0].source


def _outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield cell, out


def test_stored_outputs_exist_and_have_no_error(nb_path):
    nb = _read(nb_path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "run tools/execute_notebooks.py"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "cells were not run top to bottom once"
    outs = list(_outputs(nb))
    assert outs, "no stored output"
    for cell, out in outs:
        assert out.output_type != "error", f"stored error in cell: {cell.source[:60]!r}"
        if out.output_type == "stream":
            assert out.name != "stderr", f"stderr output (warning?): {out.text[:200]!r}"


def _altair_specs(nb):
    for cell, out in _outputs(nb):
        data = out.get("data", {})
        for mime, value in data.items():
            if VEGALITE.match(mime):
                yield cell, value if isinstance(value, dict) else json.loads(value)
        html = data.get("text/html", "")
        if isinstance(html, list):
            html = "".join(html)
        if "vegaEmbed" in html:
            yield cell, {"description": "x"} if '"description":' in html else {}


def test_every_altair_output_has_a_description(nb_path):
    for cell, spec in _altair_specs(_read(nb_path)):
        assert spec.get("description"), f"chart without description: {cell.source[:60]!r}"


def test_widget_cells_are_tagged_and_explained(nb_path):
    nb = _read(nb_path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "widgets." in cell.source:
            assert "widget" in cell.metadata.get("tags", []), cell.source[:60]
            before = "\n".join(c.source for c in nb.cells[max(0, i - 2):i]
                               if c.cell_type == "markdown")
            assert "JupyterLab" in before, "say the control is live only in JupyterLab"


# ------------------------------------------------------------------ offline fresh run


@functools.cache
def _unshare_works():
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    probe = subprocess.run(["unshare", "-n", "sh", "-c", "ip link set lo up"],
                           capture_output=True)
    return probe.returncode == 0


GUARD = textwrap.dedent(
    """
    import ipaddress, socket
    _connect = socket.socket.connect
    def _loopback_only(self, address):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None:
            try:
                ok = ipaddress.ip_address(host).is_loopback
            except ValueError:
                ok = host == "localhost"
            if not ok:
                raise OSError(f"network is cut off for this test run ({host})")
        return _connect(self, address)
    socket.socket.connect = _loopback_only
    """
)


def _offline_command(tmp_path, command):
    """``command`` with the network cut: in a network namespace of its own with only
    loopback up (``unshare -n``), or, where that is not allowed, with a socket guard that
    refuses every connection to anything but loopback."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if _unshare_works():
        script = "ip link set lo up && exec " + " ".join(f"'{a}'" for a in command)
        return ["unshare", "-n", "sh", "-c", script], env, "unshare -n"
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(guard), env.get("PYTHONPATH")]))
    return command, env, "sitecustomize socket guard"


def _nbval_command(notebook):
    """nbval in strict mode on one notebook: a fresh kernel runs it top to bottom and every
    output must equal the stored one (tests/nbval_sanitize.cfg masks what may differ)."""
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
            "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
            str(ROOT / "tests" / "nbval_sanitize.cfg"), str(notebook)]


def test_offline_cut_is_real(tmp_path):
    """Checked without sending a packet anywhere: no device but loopback, or a guard."""
    _, _, how = _offline_command(tmp_path, ["true"])
    if how == "unshare -n":
        out = subprocess.run(["unshare", "-n", "sh", "-c", "ip link set lo up && ip -o link"],
                             capture_output=True, text=True, timeout=60)
        devices = [line.split(":")[1].strip() for line in out.stdout.splitlines()]
        assert devices == ["lo"], out.stdout
        return
    # The real connect is replaced by a recorder first, so a broken guard sends nothing.
    probe = (
        "import socket\n"
        "socket.socket.connect = lambda self, a: print('REAL CONNECT')\n"
        + GUARD
        + "\ns = socket.socket()\ntry:\n    s.connect(('192.0.2.1', 80))\n"
        "except OSError as e:\n    print('blocked', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=60)
    assert "blocked" in out.stdout and "REAL CONNECT" not in out.stdout, out.stderr


def test_runs_offline_in_a_fresh_kernel_with_its_stored_outputs(nb_path, tmp_path):
    """nbval, strict, with the network cut: the notebook runs top to bottom in a fresh
    kernel that cannot reach any other machine, and gives the outputs stored in it (the
    same every time). One run for both checks: each kernel run costs seconds."""
    cmd, env, how = _offline_command(tmp_path, _nbval_command(nb_path))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1200,
                          cwd=ROOT)
    assert done.returncode == 0, f"[{how}] {done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    assert re.search(r"\b\d+ passed\b", done.stdout) and " failed" not in done.stdout, \
        done.stdout[-2000:]
