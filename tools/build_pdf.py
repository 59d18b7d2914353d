"""Print the whole built book to one tagged PDF (what `make pdf` runs).

The pages of _build/html, in _toc.yml's order, become one print document: each page's
article (no navigation, no header buttons), its charts as vector SVG (the SVG drawn when
the book was built, or, on a page without one, the chart's Vega spec drawn by vl-convert),
each chart's description printed under it, no interactive control and no answer.
Debian's Chromium, driven by Playwright with scripts off, prints that document once:

- tagged (``page.pdf(tagged=True)``): headings, paragraphs, lists, tables and figures are
  in the PDF's structure tree, and each chart is a Figure whose alternative text is its
  title and description, so a screen reader reads the PDF as it reads the web page;
- with an outline (``outline=True``): Chromium makes bookmarks from the headings, one
  top-level entry per page of the table of contents (each has one H1);
- offline: every request is answered from _build/html, and anything else is refused and
  fails the build.

One print, not one per page merged afterwards, so the structure tree, the outline and the
links between chapters (rewritten to point inside the document) stay whole. The PDF is
written into the site (``_build/html/partnership-for-peace-in-data.pdf``), where every
page's download menu links to it. When neither the pages nor this script changed since
the last PDF, nothing is printed again (``--force`` prints anyway).

Usage: python tools/build_pdf.py [--force] [--out PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import mimetypes
import os
import posixpath
import re
import sys
import time
import urllib.parse
from pathlib import Path

from pfp_book import checks
from pfp_book.paths import BOOK_PDF, BUILD, CONFIG, SITE

PDF_NAME = BOOK_PDF.name
# A name no resolver answers: every request to it is served from the site by a route,
# every other address is refused.
ORIGIN = "http://pfp-book.invalid"
STAMP = BUILD / ".stamps" / "pdf.json"
CHROMIUM = os.environ.get("PFP_CHROMIUM", "/usr/bin/chromium")

# What a printed page must not carry: controls that do nothing on paper, scripts, the
# theme's "link to this heading" marks, and the answers to the chapters' questions.
DROP = ["script", "noscript", "form", "button", "input", "select", "textarea",
        "a.headerlink", ".vega-bindings", ".vega-actions", "template", "dialog"]
ANSWER_SUMMARY = re.compile(r"^\s*(answers?|solutions?|show (the )?answers?)\b", re.I)
# attributes that name an element of the same page by its id
ID_REFS = ("for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
           "headers", "list")

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-size: 10pt; }
body { margin: 0; background: #fff; color: #222; }
.pfp-print-page { break-before: page; }
.pfp-print-title { text-align: center; padding-top: 30vh; }
.pfp-print-title h1 { font-size: 2.4rem; }
.pfp-print-title p { font-size: 1.1rem; }
h1, h2, h3, h4 { break-after: avoid; }
figure.pfp-chart, .pfp-chart-summary, tr, img { break-inside: avoid; }
.pfp-chart-summary { margin-top: 0.3rem; }
svg.pfp-chart-svg, .pfp-chart svg { max-width: 100%; height: auto; }
pre, .highlight pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 8pt; }
div.cell_output, div.output { overflow: visible !important; max-height: none !important; }
table { font-size: 8pt; }
.pfp-chart-table-wrap { overflow: visible !important; }
a { color: inherit; }
.pfp-print-note { font-style: italic; }
""" + "\n".join(f"{sel} {{ display: none !important; }}" for sel in DROP)


class PdfError(RuntimeError):
    """Something the PDF cannot be made without (the message says what to do)."""


def book_title() -> str:
    import yaml

    return yaml.safe_load(CONFIG.read_text(encoding="utf-8")).get("title") or "The book"


def toc_pages(site: Path = SITE) -> list[Path]:
    pages = [site / f"{entry}.html" for entry in checks.toc_files()]
    missing = [p.relative_to(site).as_posix() for p in pages if not p.is_file()]
    if missing:
        raise PdfError(f"the built book lacks {', '.join(missing)}: run `make book` first")
    return pages


def _root_path(page_rel: str, url: str) -> str | None:
    """A page-relative address as a path from the site's root, or None for another site."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), parts.path))
    return joined.lstrip("/") + (f"?{parts.query}" if parts.query else "")


def chart_svg(vega: dict, label: str) -> str:
    """A chart's Vega spec drawn as SVG, named for the structure tree (role img, title)."""
    import vl_convert

    svg = vl_convert.vega_to_svg(vega, allowed_base_urls=[])
    name = html.escape(label, quote=True)
    return svg.replace(
        "<svg ", f'<svg role="img" aria-label="{name}" class="pfp-chart-svg" ', 1,
    ).replace('class="marks" ', "", 1)


def _chart_label(vega: dict) -> str:
    title = vega.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(title)
    parts = [str(title).strip(" .") if title else "", str(vega.get("description") or "")]
    return ". ".join(p for p in parts if p) or "Chart"


def draw_charts(article, doc) -> int:
    """Give every chart of a page a static SVG; return how many charts it has."""
    for node in article.select("script.pfp-chart-spec"):
        target = article.find(id=node.get("data-target"))
        if target is None:
            raise PdfError(f"a chart's container #{node.get('data-target')} is missing")
        if target.find("svg") is None:  # no SVG drawn at build time: draw the spec here
            vega = json.loads(node.string or "{}")
            target.clear()
            target.append(type(doc)(chart_svg(vega, _chart_label(vega)), "html.parser"))
    # print the wide layout: a page of paper is a desktop column, not a phone
    for narrow in article.select("svg.pfp-chart-narrow"):
        if narrow.find_previous_sibling("svg") is not None:
            narrow.decompose()
    for figure in article.select(".pfp-chart"):
        figure["class"] = [c for c in figure.get("class", []) if not c.startswith("pfp-fit-")]
        figure.attrs.pop("data-spec", None)
    return len(article.select("[id^=altair-viz-]"))


def _drop_answers(article, doc) -> int:
    dropped = 0
    for details in article.find_all("details"):
        summary = details.find("summary")
        if summary is not None and ANSWER_SUMMARY.match(summary.get_text(" ", strip=True)):
            note = doc.new_tag("p", attrs={"class": "pfp-print-note"})
            note.string = "The answers are in the online book."
            details.replace_with(note)
            dropped += 1
    return dropped


def _prefix_ids(article, prefix: str) -> dict[str, str]:
    renamed = {}
    for el in article.find_all(id=True):
        renamed[el["id"]] = f"{prefix}{el['id']}"
        el["id"] = renamed[el["id"]]
    for el in article.find_all(True):
        for attr in ID_REFS:
            if el.has_attr(attr):
                value = el[attr]
                words = value if isinstance(value, list) else str(value).split()
                el[attr] = " ".join(renamed.get(w, w) for w in words)
        for attr, value in list(el.attrs.items()):
            if isinstance(value, str) and "url(#" in value:
                el[attr] = re.sub(r"url\(#([^)]+)\)",
                                  lambda m: f"url(#{renamed.get(m.group(1), m.group(1))})", value)
            if attr in ("xlink:href", "href") and isinstance(value, str) and \
                    value.startswith("#") and el.name in ("use", "image", "textpath"):
                el[attr] = "#" + renamed.get(value[1:], value[1:])
    return renamed


def print_document(site: Path = SITE) -> tuple[str, dict]:
    """The print document's HTML and what went into it."""
    from bs4 import BeautifulSoup

    pages = toc_pages(site)
    rels = [p.relative_to(site).as_posix() for p in pages]
    page_id = {rel: "page-" + re.sub(r"[^a-z0-9]+", "-", rel[:-5].lower()) for rel in rels}
    styles = []  # every stylesheet of any page, once, in the order pages name them
    for page, rel in zip(pages, rels, strict=True):
        for link in checks.soup(page).find_all("link", rel="stylesheet"):
            path = _root_path(rel, link.get("href", ""))
            tag = f'<link rel="stylesheet" href="/{html.escape(path)}">' if path else None
            if tag and tag not in styles:
                styles.append(tag)
    title = book_title()
    info = {"pages": [], "charts": 0, "answers_dropped": 0}
    bodies, id_maps = [], {}
    for page, rel in zip(pages, rels, strict=True):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = doc.select_one("article.bd-article") or doc.select_one("main")
        if article is None:
            raise PdfError(f"{rel} has no <article> to print")
        charts = draw_charts(article, doc)
        for sel in DROP:
            for el in article.select(sel):
                el.decompose()
        answers = _drop_answers(article, doc)
        for details in article.select("details.pfp-chart-data"):
            details.decompose()  # the description stays; the rows are in the online book
        for el in article.find_all("style"):
            el.decompose()
        id_maps[rel] = _prefix_ids(article, f"{page_id[rel]}--")
        h1 = article.find("h1")
        info["pages"].append({"page": rel, "title": h1.get_text(" ", strip=True) if h1 else "",
                              "charts": charts})
        info["charts"] += charts
        info["answers_dropped"] += answers
        bodies.append((rel, article))
    # links: to a page of the book -> inside this document; to the site's other files ->
    # plain text (a PDF has no site around it); to the web -> kept
    problems = []
    for rel, article in bodies:
        for a in article.find_all("a", href=True):
            href = a["href"]
            parts = urllib.parse.urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            if not parts.path:  # same page
                frag = urllib.parse.unquote(parts.fragment)
                a["href"] = "#" + id_maps[rel].get(frag, page_id[rel])
                continue
            target = _root_path(rel, parts.path)
            if target in id_maps:
                frag = id_maps[target].get(urllib.parse.unquote(parts.fragment)) \
                    if parts.fragment else None
                a["href"] = "#" + (frag or page_id[target])
            else:
                a.unwrap()
        for img in article.find_all(["img", "source"]):
            for attr in ("src", "srcset"):
                if img.has_attr(attr):
                    path = _root_path(rel, img[attr].split()[0])
                    if path is None:
                        problems.append(f"{rel}: image from another site {img[attr]}")
                    else:
                        img[attr] = "/" + path
    if problems:
        raise PdfError("; ".join(problems))
    contents = "".join(
        f'<li><a href="#{page_id[p["page"]]}">{html.escape(p["title"] or p["page"])}</a></li>'
        for p in info["pages"])
    parts = [
        '<!DOCTYPE html>\n<html lang="en" data-theme="light" data-mode="light"><head>'
        f'<meta charset="utf-8"><title>{html.escape(title)}</title>', *styles,
        f"<style>{PRINT_CSS}</style></head><body>",
        '<article class="bd-article pfp-print" role="main">',
        '<section class="pfp-print-title" aria-label="Title page">'
        f'<p class="pfp-print-booktitle" style="font-size:2.4rem;font-weight:700">'
        f"{html.escape(title)}</p>"
        "<p>The course book, printed from its web pages. Interactive charts appear as they "
        "first draw; their controls, the data tables under the charts and the answers to "
        "the questions are in the online book.</p></section>",
        f'<nav class="pfp-print-page" aria-label="Contents"><p style="font-size:1.6rem;'
        f'font-weight:700">Contents</p><ol>{contents}</ol></nav>',
    ]
    for rel, article in bodies:
        article.name = "section"
        article.attrs = {"class": ["pfp-print-page"], "id": page_id[rel]}
        parts.append(str(article))
    parts.append("</article></body></html>")
    return "\n".join(parts), info


def fingerprint(site: Path = SITE) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for page in toc_pages(site):
        digest.update(page.read_bytes())
    return digest.hexdigest()


def render(document: str, out: Path, site: Path = SITE) -> dict:
    """Print the document with Chromium, scripts off, answering every request from the
    site; returns what was refused or missing (both fail the build) and the timing."""
    from playwright.sync_api import sync_playwright

    if not (Path(CHROMIUM).exists()):
        raise PdfError(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set "
                       "PFP_CHROMIUM)")
    refused, missing = [], []
    root = site.resolve()

    def serve(route):
        url = route.request.url
        if url == f"{ORIGIN}/print.html":
            return route.fulfill(body=document, content_type="text/html; charset=utf-8")
        if not url.startswith(ORIGIN + "/"):
            refused.append(url)
            return route.abort("blockedbyclient")
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
        file = (root / path).resolve()
        if root not in file.parents or not file.is_file():
            missing.append(path)
            return route.fulfill(status=404, body="")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return route.fulfill(body=file.read_bytes(), content_type=kind)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            ctx = browser.new_context(java_script_enabled=False)
            ctx.route("**/*", serve)
            page = ctx.new_page()
            page.goto(f"{ORIGIN}/print.html", wait_until="load")
            page.emulate_media(media="print")
            page.evaluate("document.fonts.ready.then(() => true)")
            started = time.perf_counter()
            tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
            page.pdf(path=str(tmp), format="A4", tagged=True, outline=True,
                     print_background=True, prefer_css_page_size=True,
                     display_header_footer=True,
                     header_template="<span></span>",
                     footer_template=(
                         '<div style="font-size:8px;width:100%;text-align:center;'
                         'color:#444"><span class="pageNumber"></span> / '
                         '<span class="totalPages"></span></div>'))
            printed = time.perf_counter() - started
        finally:
            browser.close()
    if refused or missing:
        tmp.unlink(missing_ok=True)
        raise PdfError("the print document asked for "
                       + ", ".join([f"another site: {u}" for u in refused]
                                   + [f"a file the site lacks: {p}" for p in missing]))
    tmp.replace(out)
    return {"print_seconds": printed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="print even if nothing changed")
    parser.add_argument("--out", type=Path, default=SITE / PDF_NAME)
    opts = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        key = fingerprint()
        out = opts.out
        if not opts.force and out.is_file() and STAMP.is_file() and json.loads(
                STAMP.read_text()).get("fingerprint") == key:
            print(f"==> [pdf] no page changed since the last PDF: {out} is current")
            return 0
        print("==> [pdf] composing the print document", flush=True)
        document, info = print_document()
        print(f"    {len(info['pages'])} pages, {info['charts']} charts, "
              f"{info['answers_dropped']} answer blocks left out", flush=True)
        print("==> [pdf] printing with Chromium (tagged, with an outline)", flush=True)
        timing = render(document, out)
    except PdfError as err:
        print(f"==> [pdf] FAILED: {err}", file=sys.stderr)
        return 1
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(json.dumps({"fingerprint": key}))
    seconds = time.perf_counter() - started
    print(f"==> [pdf] done in {seconds:.1f}s (printing {timing['print_seconds']:.1f}s): "
          f"{out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
