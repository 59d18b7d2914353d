"""Cut the theme's Font Awesome icons down to the ones the book shows.

The theme draws its icons (search, menu, GitHub, download, light/dark mode, ...) with
Font Awesome: web fonts with about 2,000 icons (274 kB loaded on every page) and a style
sheet with a rule per icon (about 100 kB of the theme's 400 kB CSS, parsed on every
page), for some 30 icons in use. After the build this keeps, in each font and in the
theme's style sheet, only the icons that can be asked for, and writes the files back in
place (same names, same formats), so nothing else changes.

Which icons can be asked for:
- icon classes in the built pages and in the theme's scripts (``fa-magnifying-glass``;
  ``fa-xmark``, which a script adds), mapped to code points through the icon table of
  the theme's own style sheet (``.fa-github:before{content:"\\f09b"}``);
- every code point the style sheets use outside that table: the theme's
  ``--pst-icon-*`` variables and ``content:`` rules (admonition titles, external links).

The fonts and the icon table are always read from the theme package, not from the site,
so running this twice gives the same files, and :func:`missing_icons` (a build check)
compares the site against the package: an icon in use that lost its rule or its glyph
fails the build. ``tools/build_book.py`` runs this in its stage 3.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

FONT_DIR = Path("_static") / "vendor" / "fontawesome" / "webfonts"
THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
FONT_SUFFIXES = (".woff2", ".ttf")

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_TABLE_SELECTOR = re.compile(r"\s*(\.fa-[a-z0-9-]+:{1,2}(?:before|after)\s*,?\s*)+")
# one complete icon-table rule: it starts right after another rule or block opens
_TABLE_RULE = re.compile(
    r"(?<=[{}])((?:\.fa-[a-z0-9-]+:{1,2}(?:before|after),?)+)\{content:[^{}]*\}")
_ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
# a private-use code point (where Font Awesome puts its icons) in a CSS string, written
# as an escape ("\\f09b") or as the character itself (minified CSS does both)
_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b|([\ue000-\uf8ff])", re.I)
_SOURCE_MAP = re.compile(r"\s*/\*# sourceMappingURL=[^*]*\*/\s*$")


def _points(text: str) -> list[int]:
    return [int(esc, 16) if esc else ord(char) for esc, char in _ESCAPE.findall(text)]


def theme_static() -> Path:
    """The theme package's own static folder (unmodified fonts and style sheet)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def theme_fonts() -> list[Path]:
    fonts = theme_static() / FONT_DIR.relative_to("_static")
    return sorted(p for p in fonts.glob("*") if p.suffix in FONT_SUFFIXES)


def _names(selector: str) -> list[str]:
    return re.findall(r"\.fa-([a-z0-9-]+):", selector)


def icon_table(css: str) -> dict[str, int]:
    """{icon class without ``fa-``: code point} from a style sheet's icon table.

    >>> icon_table('.fa-github:before{content:"\\uf09b"}.a{color:red}')
    {'github': 61595}
    """
    table = {}
    for selector, body in _RULE.findall(css):
        found = _points(body)
        if found and _TABLE_SELECTOR.fullmatch(selector):
            for name in _names(selector):
                table[name] = found[0]
    return table


@functools.cache  # the theme's 400 kB style sheet, read once per run
def theme_table() -> dict[str, int]:
    return icon_table((theme_static() / THEME_CSS.relative_to("_static")).read_text(
        encoding="utf-8"))


def _stylesheets(site: Path) -> list[str]:
    """The site's style sheets, the theme's as the package has it (the site's copy may be
    pruned already, or missing between two stages of a build)."""
    theme = theme_static() / THEME_CSS.relative_to("_static")
    others = [p for p in sorted((site / "_static").rglob("*.css")) if p != site / THEME_CSS]
    return [p.read_text(encoding="utf-8", errors="replace") for p in [theme, *others]]


def used_names(site: Path) -> set[str]:
    """Icon classes (without ``fa-``) in the pages and the theme's scripts."""
    names = set()
    texts = [p for p in site.rglob("*.html") if "_vendor" not in p.parts]
    texts += [p for p in (site / "_static").rglob("*.js") if p.name != "fontawesome.js"]
    for path in texts:
        names.update(_ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names & set(theme_table())


def used_codepoints(site: Path) -> set[int]:
    """Every icon code point a page, a theme script or a style sheet can ask for."""
    table = theme_table()
    points = {table[n] for n in used_names(site)}
    for css in _stylesheets(site):
        for selector, body in _RULE.findall(css):
            if not _TABLE_SELECTOR.fullmatch(selector):
                points.update(_points(body))
    return points


def _cmap(data: bytes) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(io.BytesIO(data)).getBestCmap())


def subset(data: bytes, points: set[int], flavor: str | None) -> bytes:
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    options = ftsubset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.notdef_outline = True
    # keep every name record: they carry the copyright and the OFL licence text and URL
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    sub = ftsubset.Subsetter(options)
    sub.populate(unicodes=sorted(points))
    sub.subset(font)
    out = io.BytesIO()
    font.flavor = flavor
    font.save(out)
    return out.getvalue()


def prune_css(css: str, keep: set[str]) -> str:
    """The style sheet without the icon-table rules of icons not in ``keep``; its source
    map no longer matches, so the reference to it goes too."""
    def rule(match: re.Match) -> str:
        return match.group(0) if set(_names(match.group(1))) & keep else ""

    return _SOURCE_MAP.sub("\n", _TABLE_RULE.sub(rule, css))


def slim(site: Path) -> dict[str, tuple[int, int]]:
    """Slim the fonts and the theme style sheet; {file: (bytes before, bytes after)}."""
    static = theme_static()
    names = used_names(site)
    points = used_codepoints(site)
    sizes = {}
    for source in theme_fonts():
        # written whether or not Sphinx copied the font this time (it copies nothing when
        # no page changed, and remove_fonts() took the old ones away)
        target = site / FONT_DIR / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        original = source.read_bytes()
        flavor = "woff2" if target.suffix == ".woff2" else None
        slimmed = subset(original, points & _cmap(original), flavor)
        target.write_bytes(slimmed)
        sizes[target.name] = (len(original), len(slimmed))
    css = (static / THEME_CSS.relative_to("_static")).read_text(encoding="utf-8")
    pruned = prune_css(css, names)
    (site / THEME_CSS).write_text(pruned, encoding="utf-8")
    sizes[THEME_CSS.name] = (len(css.encode()), len(pruned.encode()))
    return sizes


def remove_slimmed(site: Path) -> None:
    """Before Sphinx copies the theme's files again: it reports overwriting changed files."""
    for target in (site / FONT_DIR).glob("*"):
        if target.suffix in FONT_SUFFIXES:
            target.unlink()
    (site / THEME_CSS).unlink(missing_ok=True)


def missing_icons(site: Path) -> list[str]:
    """Icons in use that lost their rule in the style sheet or their glyph in a font
    that had it in the theme package."""
    names = used_names(site)
    points = used_codepoints(site)
    if not names or not points:
        return ["found no Font Awesome icon in use: the icon table could not be read"]
    problems = []
    kept = icon_table((site / THEME_CSS).read_text(encoding="utf-8"))
    lost_rules = sorted(n for n in names if n not in kept)
    if lost_rules:
        problems.append(f"{THEME_CSS.name} lacks the rules of " + ", ".join(lost_rules))
    for source in theme_fonts():
        target = site / FONT_DIR / source.name
        if not target.is_file():
            problems.append(f"{target.relative_to(site)} is missing")
            continue
        wanted = points & _cmap(source.read_bytes())
        lost = wanted - _cmap(target.read_bytes())
        if lost:
            problems.append(f"{target.name} lacks " + ", ".join(f"U+{p:04X}" for p in sorted(lost)))
    return problems
