"""Cut the theme's style sheets down to the rules that can match something in the book.

Every page loads the style sheets of the theme and of the extensions it uses before it
paints: about 430 kB, most of it Bootstrap's components and utility classes and
sphinx-design's cards, grids and tabs, which the book never uses. After the build this
drops each rule that names a class no page and no script can produce, and writes the
files back in place (same names), so nothing else changes and a page paints sooner.

Which classes can be produced:
- every class in a ``class`` attribute of a built page (HTML, and the charts' SVG);
- every word in every script of the site (the theme's, Bootstrap's, vega's, the book's),
  because a script may add a class at run time (``show``, ``collapsing``, ``vega-embed``).
  This keeps more than it needs to, never less.

A rule is kept if one selector of its list can match: every class the selector requires
is producible. Classes inside parentheses (``:not(.x)``, ``:is(.a, .b)``, ``:has()``) and
attribute values are not required, so such rules stay. A kept rule keeps its whole
selector list as written (dropping one selector could make a list that a browser rejects
as a whole valid again). At-rules other than ``@media``, ``@supports``, ``@container`` and
``@layer`` (``@font-face``, ``@keyframes``, ...) stay as they are.

The originals are read from the packages (or, for the theme's own sheet, from the file
:mod:`pfp_book.icons` wrote from the package just before), never from a file this
module wrote, so running it twice gives the same files. ``tools/build_book.py`` runs it
in its stage 3.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pfp_book import icons

_CLASS_ATTR = re.compile(r'\sclass=(?:"([^"]*)"|\'([^\']*)\')')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_REQUIRED_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_GROUPING = ("media", "supports", "container", "layer")


def originals() -> dict[Path, Path]:
    """{style sheet's path in the site: the package's original of it} for every sheet
    this module trims."""
    import myst_nb
    import sphinx_book_theme
    import sphinx_design

    nb = Path(myst_nb.__file__).parent / "static" / "mystnb.css"
    # myst-nb names its copy after the SHA-256 of its content, as the pages link it
    nb_name = f"mystnb.{hashlib.sha256(nb.read_bytes()).hexdigest()}.css"
    return {
        icons.THEME_CSS: icons.theme_static() / icons.THEME_CSS.relative_to("_static"),
        Path("_static") / "sphinx-design.min.css":
            Path(sphinx_design.__file__).parent / "static" / "sphinx-design.min.css",
        Path("_static") / "styles" / "sphinx-book-theme.css":
            Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"
            / "static" / "styles" / "sphinx-book-theme.css",
        Path("_static") / nb_name: nb,
    }


def producible_classes(site: Path) -> set[str]:
    """Classes in the pages' class attributes and every word of the site's scripts."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        for double, single in _CLASS_ATTR.findall(page.read_text(encoding="utf-8",
                                                                 errors="replace")):
            found.update((double or single).split())
    for script in site.rglob("*.js"):
        found.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return found


def _outside(text: str):
    """(index, character) of ``text`` outside parentheses, brackets and strings."""
    depth, quote = 0, ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            yield i, ch


def _split_top(text: str, sep: str = ",") -> list[str]:
    """``text`` split at ``sep`` outside parentheses, brackets and strings."""
    cuts = [i for i, ch in _outside(text) if ch == sep]
    return [text[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]


def required_classes(selector: str) -> set[str] | None:
    """The classes an element chain must carry for ``selector`` to match, or None if the
    selector has an escaped class name (kept, to be safe).

    >>> sorted(required_classes('.navbar .nav-link:not(.disabled)[href$=".pdf"]'))
    ['nav-link', 'navbar']
    >>> required_classes(':is(.a, .b) > p')
    set()
    """
    flat = "".join(ch for _, ch in _outside(selector))
    if "\\" in flat:
        return None
    return set(_REQUIRED_CLASS.findall(flat))


def can_match(prelude: str, classes: set[str]) -> bool:
    """True if one selector of the list requires only producible classes.

    >>> can_match(".carousel-item, .toast", {"btn"})
    False
    >>> can_match(".carousel-item, .btn:hover", {"btn"})
    True
    """
    for selector in _split_top(prelude):
        needed = required_classes(selector)
        if needed is None or needed <= classes:
            return True
    return False


def trim(css: str, classes: set[str]) -> str:
    """The style sheet without the rules no producible class can match.

    >>> trim("@media (min-width:1px){.toast{x:1}.btn{y:2}}.modal{z:3}"
    ...      "@keyframes k{from{a:0}}", {"btn"})
    '@media (min-width:1px){.btn{y:2}}@keyframes k{from{a:0}}\\n'
    """
    import tinycss2

    def rules(nodes) -> str:
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                prelude = tinycss2.serialize(node.prelude).strip()
                if can_match(prelude, classes):
                    out.append(prelude + "{" + tinycss2.serialize(node.content) + "}")
            elif (node.type == "at-rule" and node.content is not None
                  and node.lower_at_keyword in _GROUPING):
                inner = rules(tinycss2.parse_blocks_contents(node.content, skip_comments=True,
                                                             skip_whitespace=True))
                if inner:
                    out.append(f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}"
                               f"{{{inner}}}")
            elif node.type == "at-rule" and node.lower_at_keyword == "charset":
                continue  # written first below, where a browser reads it
            elif node.type not in ("whitespace", "comment"):
                out.append(tinycss2.serialize([node]))
        return "".join(out)

    # a licence comment at the top (/*! ... */) is kept: Bootstrap's and the theme's
    head = re.match(r"\s*(@charset[^;]*;)?\s*(/\*!.*?\*/)?", css, re.S)
    body = rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return "".join(part + "\n" for part in head.groups() if part) + body + "\n"


def trim_site(site: Path) -> dict[str, tuple[int, int]]:
    """Trim the style sheets in place; {file: (bytes before, bytes after)}. Run after
    :func:`pfp_book.icons.slim`, which writes the theme's sheet from the package (this
    trims that copy; the others are read from their packages)."""
    classes = producible_classes(site)
    sizes = {}
    for relative, original in originals().items():
        target = site / relative
        css = (target if relative == icons.THEME_CSS else original).read_text(encoding="utf-8")
        trimmed = trim(css, classes)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(trimmed, encoding="utf-8")
        sizes[target.name] = (len(css.encode()), len(trimmed.encode()))
    return sizes


def put_originals(site: Path) -> None:
    """Write the packages' own sheets into the site, whether or not Sphinx copied them
    this time (it copies nothing when no page changed, and :func:`remove_trimmed` took
    the trimmed ones away): :func:`pfp_book.icons.slim` reads every sheet for the icons
    it may ask for, and must see the same sheets on every build."""
    for relative, original in originals().items():
        if relative != icons.THEME_CSS:
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            (site / relative).write_bytes(original.read_bytes())


def remove_trimmed(site: Path) -> None:
    """Before Sphinx copies its files again: it reports overwriting changed files (the
    theme's sheet is :func:`pfp_book.icons.remove_slimmed`'s)."""
    for relative in originals():
        if relative != icons.THEME_CSS:
            (site / relative).unlink(missing_ok=True)
