"""Build the course book into _build/html (what `make book` runs).

1. generate the reference pages from pfp_data (pfp_book.pages);
2. build HTML with Jupyter Book 1, executing notebooks through jupyter-cache, failing on any
   cell error and on any Sphinx warning (-W -n --keep-going);
3. copy the pinned chart scripts into the site and point the pages at them
   (pfp_book.vendor), so the book loads nothing from other sites; drop the theme's
   Font Awesome script and cut its icon fonts and CSS to the icons in use
   (pfp_book.icons), then every style sheet to the rules that can match
   (pfp_book.stylesheets); defer the scripts in every page's head so that it paints
   before they run (pfp_book.headscripts);
4. check the output (pfp_book.checks).

The book's own code is the package book/_ext/pfp_book (also the Sphinx extension).

When no source file changed (names, sizes, times) since the last build that passed every
stage, it stops after stage 1 and says the site is current. Exits non-zero on the first
failing stage. Options:
  --allow-missing   build with the table-of-contents entries that exist (a filtered copy of
                    _toc.yml), for working on the book while chapters are being written
  --all             rebuild every page (Sphinx -E); notebooks still come from the cache
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pfp_book import checks, headscripts, icons, pages, stylesheets, vendor
from pfp_book.paths import BUILD, ROOT, SITE, TOC

STAMPS = BUILD / ".stamps"
CACHE = BUILD / ".jupyter_cache"  # execute.cache in _config.yml


SKIP_DIRS = {"_build", "build", ".venv", ".git", "node_modules", "__pycache__", ".pytest_cache",
             ".ruff_cache", ".hypothesis", ".ipynb_checkpoints", "dist", "results"}


def tree_fingerprint() -> str:
    """Names, sizes and modification times of every file the build could read (what
    make compares): equal fingerprints mean nothing changed since the last build."""
    rows = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            path = Path(folder) / name
            stat = path.stat()
            rows.append(f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}")
    return _fingerprint(sys.version, "\n".join(rows))


def package_files() -> list[Path]:
    """What notebook outputs depend on besides the notebooks' own code (the data folder's
    README is for contributors: editing it re-runs nothing)."""
    files = [p for p in (ROOT / "pfp_data").rglob("*") if p.is_file()
             and "__pycache__" not in p.parts and p.suffix != ".md"]
    files += [ROOT / "requirements" / "lock.txt", ROOT / "pyproject.toml"]
    return sorted(f for f in files if f.exists())


STAGES = 4


def _fingerprint(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
    return digest.hexdigest()


def unchanged(name: str, fingerprint: str) -> bool:
    """True if a stage passed before on exactly these inputs (a rebuild with nothing
    changed then skips it: the second build must be fast)."""
    stamp = STAMPS / f"{name}.json"
    try:
        return json.loads(stamp.read_text())["fingerprint"] == fingerprint
    except (OSError, ValueError, KeyError):
        return False


def passed(name: str, fingerprint: str) -> None:
    STAMPS.mkdir(parents=True, exist_ok=True)
    (STAMPS / f"{name}.json").write_text(json.dumps({"fingerprint": fingerprint}))


def stage(n: int, text: str) -> float:
    print(f"==> [book {n}/{STAGES}] {text}", flush=True)
    return time.perf_counter()


def fail(text: str) -> int:
    print(f"==> [book] FAILED: {text}", file=sys.stderr, flush=True)
    return 1


def source_exists(entry: str) -> bool:
    return any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb"))


def filtered_toc(missing: list[str]) -> Path:
    import yaml

    data = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    for part in data.get("parts", []):
        part["chapters"] = [c for c in part.get("chapters", []) if c.get("file") not in missing]
    data["parts"] = [p for p in data.get("parts", []) if p["chapters"]]
    out = BUILD / "toc-existing.yml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def jupyter_book_cmd(toc: Path | None, rebuild_all: bool) -> list[str]:
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe) if exe.exists() else "jupyter-book", "build", str(ROOT),
           "--builder", "html", "--warningiserror", "--nitpick", "--keep-going"]
    if toc is not None:
        cmd += ["--toc", str(toc)]
    if rebuild_all:
        cmd.append("--all")
    return cmd


REDIRECT = re.compile(r'http-equiv="Refresh" content="0; url=([^"]+)"', re.I)


def complete_root_redirect(site: Path) -> bool:
    """sphinx-external-toc writes the site's root index.html as one <meta> line. Browsers
    then ask for /favicon.ico (a 404), and a reader whose browser ignores the refresh
    sees an empty page; give it a title, the book's icon and a link."""
    page = site / "index.html"
    text = page.read_text(encoding="utf-8") if page.exists() else ""
    match = REDIRECT.search(text)
    if not match or "<body" in text:
        return False
    target = match.group(1)
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Refresh" content="0; url={target}">\n'
        "<title>Partnership for Peace in data</title>\n"
        '<link rel="icon" href="_static/favicon.svg" type="image/svg+xml">\n'
        f'</head><body><p><a href="{target}">Go to the course</a></p></body></html>\n',
        encoding="utf-8")
    return True


FONTAWESOME_JS = re.compile(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
                            r"</script>\s*")


def drop_fontawesome_js(site: Path) -> int:
    """The theme loads Font Awesome twice: as web fonts from its CSS and as a 1.5 MB
    script that redraws the same icons as SVG. The fonts alone draw every icon the book
    uses, so the script goes: it was 40 % of every page's weight."""
    changed = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = FONTAWESOME_JS.sub("", text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--allow-missing", action="store_true",
                      help="build the table-of-contents entries that exist, leave out the rest")
    args.add_argument("--all", action="store_true", dest="rebuild_all",
                      help="rebuild every page (notebooks still come from the cache)")
    opts = args.parse_args(argv)
    started = time.perf_counter()

    t = stage(1, "generating pages")
    changed = pages.write_all()
    print(f"    updated: {', '.join(changed) if changed else 'nothing (all current)'}")
    missing = [f for f in checks.toc_files() if not source_exists(f)]
    toc = None
    if missing:
        if not opts.allow_missing:
            return fail("_toc.yml lists pages that do not exist: " + ", ".join(missing)
                        + " (use --allow-missing to build the rest)")
        toc = filtered_toc(missing)
        print(f"    leaving out missing pages: {', '.join(missing)}")
    print(f"    {time.perf_counter() - t:.1f}s")

    # Nothing changed since the last build that passed every stage: nothing to do.
    # (--all or a missing site always builds; the stamp is written only at the end.)
    tree_key = _fingerprint(tree_fingerprint(), str(toc))
    if (not opts.rebuild_all and (SITE / "index.html").exists()
            and unchanged("tree", tree_key)):
        print("==> [book] no source changed since the last successful build: "
              f"{SITE / 'index.html'} is current ({time.perf_counter() - started:.1f}s)")
        return 0

    t = stage(2, "building HTML (executing notebooks through the cache)")
    # jupyter-cache re-runs a notebook only when its code changes; outputs also depend
    # on pfp_data and the pinned packages, so a change there empties the cache.
    code_key = _fingerprint(*(p.read_bytes() for p in package_files()))
    if not unchanged("package", code_key):
        shutil.rmtree(CACHE, ignore_errors=True)
        print("    pfp_data or the pins changed since the last build: notebooks re-run")
        rebuild_all = True
    else:
        rebuild_all = opts.rebuild_all
    env = dict(os.environ, PYTHONHASHSEED="0")
    # The offline mode shows charts as JupyterChart widgets, which are inert without a
    # kernel; the book compiles the HTML mode's specs (pfp_data.display).
    env["PFP_CHARTS"] = "html"
    # the notebooks' kernel must be this environment's Python, not whatever is on PATH
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    cmd = jupyter_book_cmd(toc, rebuild_all)
    # Sphinx copies the theme's files again and reports overwriting the slimmed ones
    # (stage 3 slims them again); let it copy onto nothing.
    icons.remove_slimmed(SITE)
    stylesheets.remove_trimmed(SITE)
    print("    " + " ".join(cmd[1:]), flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        return fail("Jupyter Book reported errors or warnings (see above); "
                    "cell errors are in _build/html/reports/")
    passed("package", code_key)
    print(f"    {time.perf_counter() - t:.1f}s")

    t = stage(3, "vendoring scripts and rewriting CDN addresses")
    from importlib.metadata import version

    pins_key = _fingerprint(version("altair"), json.dumps(vendor.PINS, sort_keys=True))
    try:
        if not unchanged("pins", pins_key):  # importing altair to ask costs seconds
            vendor.check_pins_match_altair()
            passed("pins", pins_key)
        vendor.install(SITE)
        n = vendor.rewrite_html(SITE)
        complete_root_redirect(SITE)
        slimmed = drop_fontawesome_js(SITE)
        deferred = headscripts.defer_site(SITE)
    except (vendor.VendorError, FileNotFoundError) as err:
        return fail(str(err))
    stylesheets.put_originals(SITE)
    sizes = icons.slim(SITE)
    before = sum(b for b, _ in sizes.values())
    after = sum(a for _, a in sizes.values())
    # after icons.slim, which writes the theme's sheet that this trims further
    css = stylesheets.trim_site(SITE)
    print(f"    {len(vendor.site_pins())} scripts in _vendor/, {n} pages rewritten, "
          f"Font Awesome's script dropped from {slimmed} pages, its fonts and CSS cut to "
          f"the icons in use ({before // 1000} kB -> {after // 1000} kB), style sheets "
          f"cut to the rules that can match ({sum(b for b, _ in css.values()) // 1000} kB "
          f"-> {sum(a for _, a in css.values()) // 1000} kB), head scripts deferred on "
          f"{deferred} pages, "
          f"{time.perf_counter() - t:.1f}s")

    t = stage(4, "checking the output")
    checked = sorted({*SITE.rglob("*.html"), *(SITE / icons.FONT_DIR).glob("*"),
                      *(SITE / "_static").rglob("*.css")})
    site_key = _fingerprint(Path(checks.__file__).read_bytes(),
                            Path(icons.__file__).read_bytes(),
                            Path(stylesheets.__file__).read_bytes(),
                            Path(headscripts.__file__).read_bytes(), str(toc),
                            *(p.read_bytes() for p in checked if p.is_file()))
    if unchanged("checks", site_key):
        print("    no page changed since the last passing check")
        passed("tree", tree_key)
        print(f"==> [book] done in {time.perf_counter() - started:.0f}s: {SITE / 'index.html'}")
        return 0
    bad = 0
    problems = checks.all_problems(SITE)
    if toc is not None:
        problems["table-of-contents pages built"] = checks.toc_pages_built(SITE, toc)
    for name, found in problems.items():
        print(f"    {'ok  ' if not found else 'FAIL'} {name}")
        for p in found[:20]:
            print(f"         {p}")
        bad += len(found)
    if bad:
        return fail(f"{bad} problems in the built book")
    passed("checks", site_key)
    passed("tree", tree_key)
    print(f"    {time.perf_counter() - t:.1f}s")
    print(f"==> [book] done in {time.perf_counter() - started:.0f}s: {SITE / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
