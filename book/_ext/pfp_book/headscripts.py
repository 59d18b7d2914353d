"""Let a page paint before the scripts in its head have run.

Sphinx, the theme and its extensions put seven ordinary ``<script src>`` tags in every
page's head (doctools, sphinx_highlight, clipboard, copybutton, sphinx-book-theme,
togglebutton, design-tabs; the search page adds three). An ordinary script stops the
parser until it has been fetched, has waited for every style sheet above it and has run,
so the page cannot paint until all of them have. None of them draws anything the reader
needs on the first screen: each waits for the document to be ready before it acts. With
``defer`` they are fetched in parallel, run in the same order after the parser is done,
and still before ``DOMContentLoaded``, the event they wait for. On this machine this
moved first paint of the book's pages from about 0.55 s to about 0.4 s (``make bench``).

One script must not wait: ``documentation_options.js`` defines ``DOCUMENTATION_OPTIONS``,
which inline scripts right after it in the head set fields of. Its 400 bytes are written
into the page instead of being fetched.

Inline scripts are left as they are (the theme's colour-mode script must run before the
first paint, or a dark-mode reader sees a white flash). ``tools/build_book.py`` runs this
in its stage 3; running it again changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

OPTIONS = Path("_static") / "documentation_options.js"
_OPTIONS_TAG = re.compile(r'<script src="[^"]*_static/documentation_options\.js[^"]*">'
                          r"\s*</script>")
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")
_WAITS = re.compile(r"\s(?:defer|async)\b|\stype=\"module\"")


def blocking(head: str) -> list[str]:
    """The ``src`` of every script in ``head`` that stops the parser."""
    out = []
    for match in _SCRIPT_TAG.finditer(head):
        attrs = match.group(1)
        src = re.search(r'\ssrc="([^"]*)"', attrs)
        if src and not _WAITS.search(attrs):
            out.append(src.group(1))
    return out


def rewrite(text: str, options: str) -> str:
    """``text`` (a page) with its head's scripts deferred and the options inlined."""
    head, sep, rest = text.partition("</head>")
    if not sep:
        return text
    head = _OPTIONS_TAG.sub(lambda _: f"<script>{options.strip()}</script>", head)

    def defer(match: re.Match) -> str:
        attrs = match.group(1)
        if ' src="' not in attrs or _WAITS.search(attrs):
            return match.group(0)
        return f"<script defer{attrs}>"

    return _SCRIPT_TAG.sub(defer, head) + sep + rest


def defer_site(site: Path) -> int:
    """Rewrite every page of ``site``; returns how many changed."""
    options_file = site / OPTIONS
    if not options_file.exists():
        raise FileNotFoundError(f"{options_file} is missing: is {site} a Sphinx build?")
    options = options_file.read_text(encoding="utf-8")
    changed = 0
    for page in site.rglob("*.html"):
        if {"_static", "_vendor"} & set(page.relative_to(site).parts):
            continue
        text = page.read_text(encoding="utf-8")
        new = rewrite(text, options)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def problems(site: Path) -> list[str]:
    """Pages whose head still has a script that stops the parser, or that fetch the
    options file (a check for stage 4)."""
    out = []
    for page in sorted(site.rglob("*.html")):
        if {"_static", "_vendor"} & set(page.relative_to(site).parts):
            continue
        head = page.read_text(encoding="utf-8").partition("</head>")[0]
        rel = page.relative_to(site).as_posix()
        out += [f"{rel}: {src} stops the parser (not deferred)" for src in blocking(head)]
        if _OPTIONS_TAG.search(head):
            out.append(f"{rel}: fetches documentation_options.js instead of inlining it")
    return out
