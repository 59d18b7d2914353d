"""Where things are in the repository: the one place that knows the folder layout.

Scripts in ``tools/``, the tests and the book's Sphinx extension import these names
instead of each working out the repository root from its own file.

>>> (ROOT / "pyproject.toml").is_file()
True
>>> SITE.relative_to(ROOT).as_posix()
'_build/html'
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # book/_ext/pfp_book/paths.py

CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"

BOOK = ROOT / "book"
# hand-written sources of generated pages (pfp_book.pages fills in their links)
PAGE_TEMPLATES = BOOK / "page-templates"
PACKAGE = Path(__file__).resolve().parent
STATIC = PACKAGE / "static"

DATA = ROOT / "pfp_data" / "data"
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
EXERCISE_SOURCE = EXERCISES / "source"
EXERCISE_STUDENT = EXERCISES / "student"
EXERCISE_DIST = EXERCISES / "dist"
TOOLS = ROOT / "tools"
TESTS = ROOT / "tests"

BUILD = ROOT / "_build"
SITE = BUILD / "html"
# the whole book as one tagged PDF (tools/build_pdf.py), offered on every page
BOOK_PDF = SITE / "partnership-for-peace-in-data.pdf"
# stylesheets written at build time (pfp_book.drawing.stylesheet)
GENERATED_STATIC = BUILD / ".pfp-static"
VENDOR_CACHE = BUILD / ".vendor-cache"
