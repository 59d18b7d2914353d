"""Static checks of the built book (_build/html), shared by tools/build_book.py (stage 4)
and tests/test_book.py. Each check returns a list of problems; an empty list means it passed.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     page = Path(folder) / "page.html"
...     _ = page.write_text('<script src="https://unpkg.com/x.js"></script>')
...     print(offsite_loads(Path(folder)))
['page.html: <script src> https://unpkg.com/x.js']
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from pfp_book import headscripts, icons, vendor
from pfp_book.paths import GENERATED_STATIC, SITE, STATIC, TOC

# Elements and attributes through which a page makes the browser fetch something.
LOADING_ATTRS = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "track": ["src"],
    "input": ["src"],
}
# <link rel=...> values that fetch (a rel=canonical or an <a href> is only an address)
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut",
                 "apple-touch-icon", "manifest", "dns-prefetch", "preconnect"}
OFFSITE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CDN_HOSTS = re.compile(
    r"(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|"
    r"fonts\.gstatic\.com|code\.jquery\.com|plausible\.io|googletagmanager\.com|"
    r"polyfill\.io|mathjax)",
    re.I,
)
WIDGET_MARKERS = ("require.min.js", "require.js", "embed-amd", "html-manager",
                  "application/vnd.jupyter.widget-state+json",
                  "application/vnd.jupyter.widget-view+json")


def pages(site: Path = SITE) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_vendor" not in p.relative_to(site).parts
                  and not p.relative_to(site).parts[0].startswith("_"))


def soup(path: Path) -> BeautifulSoup:
    """The parsed page, shared by every check that reads it (do not modify it): parsing the
    chart pages is most of what the checks cost, and each check reads every page."""
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _parsed(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _urls(doc: BeautifulSoup):
    for tag, attrs in LOADING_ATTRS.items():
        for el in doc.find_all(tag):
            for attr in attrs:
                value = el.get(attr)
                if value:
                    for part in value.split(",") if attr == "srcset" else [value]:
                        yield f"<{tag} {attr}>", part.strip().split(" ")[0]
    for el in doc.find_all("link"):
        rels = {r.lower() for r in (el.get("rel") or [])}
        if rels & FETCHING_RELS and el.get("href"):
            yield "<link rel=" + "/".join(sorted(rels)) + ">", el["href"]
    for el in doc.find_all(style=True):
        for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", el["style"]):
            yield "style url()", url


def offsite_loads(site: Path = SITE) -> list[str]:
    """Every address outside the site that a page, inline script or stylesheet would fetch."""
    problems = []
    for page in pages(site):
        doc = soup(page)
        rel = page.relative_to(site)
        for where, url in _urls(doc):
            if OFFSITE.match(url):
                problems.append(f"{rel}: {where} {url}")
        for script in doc.find_all("script", src=False):
            text = script.string or ""
            for match in re.finditer(r"https?://[^\s\"'`<>)]+", text):
                url = match.group(0)
                if CDN_HOSTS.search(url):
                    problems.append(f"{rel}: inline script refers to {url}")
        for style in doc.find_all("style"):
            for url in re.findall(r"(?:@import\s+|url\()\s*['\"]?((?:https?:)?//[^)'\"\s]+)",
                                  style.string or ""):
                problems.append(f"{rel}: <style> loads {url}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"(?:@import\s+|url\()\s*['\"]?((?:https?:)?//[^)'\"\s]+)", text):
            problems.append(f"{css.relative_to(site)}: loads {url}")
    return problems


def vendor_manifest(site: Path = SITE) -> list[dict]:
    path = site / "_vendor" / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def vendored_files(site: Path = SITE) -> list[str]:
    """The pinned chart scripts and their licences are in the site, and match Altair."""
    manifest = vendor_manifest(site)
    if not manifest:
        return [f"{site / '_vendor' / 'manifest.json'} is missing: vendoring did not run"]
    problems = []
    wanted = {(p["name"], p["version"]) for p in vendor.site_pins()}
    have = {(m["name"], m["version"]) for m in manifest}
    if wanted != have:
        problems.append(f"manifest lists {sorted(have)}, pins are {sorted(wanted)}")
    for m in manifest:
        script, lic = site / m["path"], site / m["license_file"]
        if not script.is_file() or script.stat().st_size < 10_000:
            problems.append(f"{m['path']} missing or truncated")
        if not lic.is_file() or not re.search(r"licen[cs]e|copyright", lic.read_text(
                encoding="utf-8", errors="replace"), re.I):
            problems.append(f"{m['license_file']} missing or not a licence")
    return problems


def chart_pages(site: Path = SITE) -> dict[Path, list[tuple[str, str]]]:
    """{page: [(kind, address)]} for every page with a chart: the chart scripts it loads
    (kind ``script``), the scripts its loader would fetch (``fetches``), and any of
    Altair's own loaders left in it (``altair``), which would fetch vega-lite."""
    out = {}
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        if "altair-viz-" not in text and "vegaEmbed" not in text:
            continue
        doc = soup(page)
        found = []
        for s in doc.find_all("script", src=True):
            if re.search(r"(^|/)(vega[^/]*\.js|pfp-charts\.js)(\?|$)", s["src"]):
                found.append(("script", s["src"]))
                for url in json.loads(s.get("data-vega") or "[]"):
                    found.append(("fetches", posixpath.normpath(posixpath.join(
                        posixpath.dirname(s["src"].split("?")[0]), url))))
        found += [("altair", m) for m in re.findall(
            r'"(vega(?:-lib|-lite|-embed)?)":\s*"([^"]+)"', text)]
        out[page] = found
    return out


def chart_scripts_vendored(site: Path = SITE) -> list[str]:
    """Charts are drawn when the book is built: a page whose charts are all static loads
    no chart script; a page with a live chart (controls or a selection) loads only the
    loader, which fetches vega and vega-embed from this site, and the Vega specs it names
    exist. No CDN address, no Altair loader."""
    wanted = [vendor.vendored_path(p) for p in vendor.site_pins()]
    problems = []
    for page, found in chart_pages(site).items():
        rel = page.relative_to(site)
        doc = soup(page)
        live = doc.select(".pfp-chart[data-spec]")
        for kind, url in found:
            if kind == "altair":
                problems.append(f"{rel}: an uncompiled Altair chart loads {url[0]} from {url[1]}")
            elif OFFSITE.match(url):
                problems.append(f"{rel}: loads {url} from another site")
        loaded, fetched = [], []
        for kind, url in found:
            if kind not in ("script", "fetches") or OFFSITE.match(url):
                continue
            target = (page.parent / url.split("?")[0]).resolve()
            if not target.is_file():
                problems.append(f"{rel}: {url} does not exist in the site")
            else:
                path = target.relative_to(site.resolve()).as_posix()
                (loaded if kind == "script" else fetched).append(path)
        expected = ["_static/pfp-charts.js"] if live else []
        if loaded != expected:
            problems.append(f"{rel}: chart scripts {loaded}, expected {expected}")
        if live and fetched != wanted:
            problems.append(f"{rel}: the loader fetches {fetched}, expected {wanted}")
        for fig in live:
            spec = site / "_static" / fig["data-spec"]
            if not spec.is_file():
                problems.append(f"{rel}: chart {fig.get('id')} names a missing spec {spec}")
        for fig in doc.select(".pfp-chart"):
            if fig.find("svg") is None:
                problems.append(f"{rel}: chart {fig.get('id')} has no SVG drawn at build time")
    return problems


def widget_scripts(site: Path = SITE) -> list[str]:
    """No page carries ipywidgets scripts or state: the book shows no widgets."""
    problems = []
    for page in pages(site):
        doc = soup(page)
        for script in doc.find_all("script"):
            blob = (script.get("src") or "") + " " + (script.get("type") or "")
            hits = [m for m in WIDGET_MARKERS if m in blob]
            if hits:
                problems.append(f"{page.relative_to(site)}: widget script {hits}")
    return problems


def toc_files(toc: Path = TOC) -> list[str]:
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files = [data["root"]]

    def walk(node):
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []) or []:
                if "file" in child:
                    files.append(child["file"])
                walk(child)

    walk(data)
    return [re.sub(r"\.(md|ipynb)$", "", f) for f in files]


def toc_pages_built(site: Path = SITE, toc: Path = TOC) -> list[str]:
    return [f"{f}.html not built" for f in toc_files(toc) if not (site / f"{f}.html").is_file()]


def all_problems(site: Path = SITE) -> dict[str, list[str]]:
    return {
        "table-of-contents pages built": toc_pages_built(site),
        "nothing loaded from other sites": offsite_loads(site),
        "chart scripts point to vendored copies": chart_scripts_vendored(site),
        "vendored scripts and licences present": vendored_files(site),
        "no widget scripts": widget_scripts(site),
        "icon fonts carry every icon in use": icon_fonts(site),
        "no script in a page's head stops the parser": headscripts.problems(site),
        "the site has the current copy of the book's static files": static_copies(site),
    }


def static_copies(site: Path = SITE) -> list[str]:
    """The site's copy of each of the book's own static files (fixed and generated) is
    the current one (Sphinx copies them only when it writes pages)."""
    problems = []
    for folder in (STATIC, GENERATED_STATIC):
        for source in sorted(p for p in folder.glob("*") if p.is_file()):
            copy = site / "_static" / source.name
            if not copy.is_file():
                problems.append(f"_static/{source.name} is missing")
            elif copy.read_bytes() != source.read_bytes():
                problems.append(f"_static/{source.name} differs from {source.name} "
                                "(an old copy: rebuild with --all)")
    return problems


def icon_fonts(site: Path = SITE) -> list[str]:
    return icons.missing_icons(site)
