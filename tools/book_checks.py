"""Static checks of the built book (_build/html), shared by tools/build_book.py (stage 4)
and tests/test_book.py. Each check returns a list of problems; an empty list means it passed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"

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
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import vendor_js

    manifest = vendor_manifest(site)
    if not manifest:
        return [f"{site / '_vendor' / 'manifest.json'} is missing: vendoring did not run"]
    problems = []
    wanted = {(p["name"], p["version"]) for p in vendor_js.site_pins()}
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
    """{page: [(kind, address)]} for every page with a chart: the scripts it loads to draw
    them, and any of Altair's own loaders left in it (kind ``altair``), which would fetch
    vega-lite and compile in the browser."""
    out = {}
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        if "altair-viz-" not in text and "vegaEmbed" not in text:
            continue
        doc = soup(page)
        found = [("script", s["src"]) for s in doc.find_all("script", src=True)
                 if re.search(r"(^|/)(vega[^/]*\.js|pfp-charts\.js)(\?|$)", s["src"])]
        found += [("altair", m) for m in re.findall(
            r'"(vega(?:-lib|-lite|-embed)?)":\s*"([^"]+)"', text)]
        out[page] = found
    return out


def chart_scripts_vendored(site: Path = SITE) -> list[str]:
    """Chart pages load vega, vega-embed and the loader from this site, and nothing else:
    no CDN address, no Altair loader (charts are compiled when the book is built)."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import vendor_js

    wanted = [vendor_js.vendored_path(p) for p in vendor_js.site_pins()]
    wanted.append("_static/pfp-charts.js")
    problems = []
    for page, found in chart_pages(site).items():
        rel = page.relative_to(site)
        for kind, url in found:
            if kind == "altair":
                problems.append(f"{rel}: an uncompiled Altair chart loads {url[0]} from {url[1]}")
            elif OFFSITE.match(url):
                problems.append(f"{rel}: loads {url} from another site")
        loaded = []
        for kind, url in found:
            if kind != "script" or OFFSITE.match(url):
                continue
            target = (page.parent / url.split("?")[0]).resolve()
            if not target.is_file():
                problems.append(f"{rel}: {url} does not exist in the site")
            else:
                loaded.append(target.relative_to(site.resolve()).as_posix())
        if loaded != wanted:
            problems.append(f"{rel}: chart scripts {loaded}, expected {wanted} in that order")
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


def toc_files(toc: Path = ROOT / "_toc.yml") -> list[str]:
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


def toc_pages_built(site: Path = SITE, toc: Path = ROOT / "_toc.yml") -> list[str]:
    return [f"{f}.html not built" for f in toc_files(toc) if not (site / f"{f}.html").is_file()]


def all_problems(site: Path = SITE) -> dict[str, list[str]]:
    return {
        "table-of-contents pages built": toc_pages_built(site),
        "nothing loaded from other sites": offsite_loads(site),
        "chart scripts point to vendored copies": chart_scripts_vendored(site),
        "vendored scripts and licences present": vendored_files(site),
        "no widget scripts": widget_scripts(site),
        "icon fonts carry every icon in use": icon_fonts(site),
    }


def icon_fonts(site: Path = SITE) -> list[str]:
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import slim_icons

    return slim_icons.missing_icons(site)
