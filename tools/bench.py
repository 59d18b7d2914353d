"""Benchmarks as ratios against floors measured in the same run (``make bench``).

Each figure is a median over repeated runs, with its spread (min-max), and is compared
with a floor or a reference taken on the same machine in the same run, so that the
ratios mean something on any machine:

- notebooks: executing every chapter and exercise solution, each in a fresh kernel,
  against N x (a fresh kernel's start + importing pfp_data, pandas, altair, ipywidgets);
- import: ``import pfp_data`` against ``import pandas``; the first call of each table;
- book: a clean build and a rebuild with nothing changed, against the notebook time;
- pages: in headless Chromium, cold, per page, the time from navigation until every chart
  is on screen (charts are SVG drawn at build time: the first frame in which all are laid
  out), the bytes transferred before any interaction, as served (uncompressed) and as
  gzip would send them, which chart scripts load before any interaction (none, on a page
  whose charts are all static), and for pages with live charts the time from the first
  interaction (pointing at the chart) until the live view is in and the bytes after it;
  the time from scrolling to each chart to the frame in which it is on screen (the
  slowest chart of the page; a cell waits for the screen before it is laid out);
  the same time as the first for each chart page's content alone, with nothing of the
  theme (no style sheet but the book's own, no script: ``bare_copy``), the floor that no
  change to the theme can go below;
- pdf: `make pdf` (tools/build_pdf.py --force), its time and the PDF's size and pages;
- make test: its wall time (``--make-test``; slow, so opt-in);
- Binder environment: the size of a fresh venv with the student dependencies and the
  largest packages in it (``--env-size``; installs into a temp dir);
- a class on a JupyterHub: memory, spawn time and hub response per student as the class
  grows (tools/hub_bench.py; ``--skip-hub`` to leave it out).

Writes a table to stdout and ``bench/results/bench.json``.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pfp_book import checks
from pfp_book.paths import ROOT

PY = sys.executable
RESULTS = ROOT / "bench" / "results"
TARGETS = {
    "notebooks_ratio": 1.5,
    "import_ratio": 1.2,
    "rebuild_share": 0.10,
    "page_chart_seconds": 0.3,
    "chart_page_megabytes": 1.0,
    "static_chart_pages_loading_chart_scripts": 0,
    "make_test_minutes": 10.0,
}


def summary(samples):
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "n": len(samples)}


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def python_seconds(code):
    return timed([PY, "-c", code])


def bench_imports(repeat):
    pandas = [python_seconds("import pandas") for _ in range(repeat)]
    pfp = [python_seconds("import pfp_data") for _ in range(repeat)]
    firsts = {}
    for table in ("signatories", "events", "countries", "groupings", "funding", "activities",
                  "objectives", "claims", "sources"):
        code = ("import time, pfp_data; t=time.perf_counter(); "
                f"pfp_data.{table}(); print(time.perf_counter()-t)")
        runs = []
        for _ in range(repeat):
            out = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True)
            runs.append(float(out.stdout.strip()))
        firsts[table] = summary(runs)
    ratio = statistics.median(pfp) / statistics.median(pandas)
    return {"import_pandas_s": summary(pandas), "import_pfp_data_s": summary(pfp),
            "import_ratio": ratio, "first_call_s": firsts}


KERNEL_FLOOR = """
import time, nbformat
from nbclient import NotebookClient
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    "import pfp_data, pandas, altair, ipywidgets")])
t = time.perf_counter()
NotebookClient(nb, kernel_name="python3", timeout=120).execute()
print(time.perf_counter() - t)
"""

EXECUTE = """
import sys, time, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
t = time.perf_counter()
NotebookClient(nb, kernel_name="python3", timeout=600,
               resources={"metadata": {"path": sys.argv[2]}}).execute()
print(time.perf_counter() - t)
"""


def notebook_paths():
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    solutions = sorted((ROOT / "exercises" / "dist" / "solutions").glob("*.ipynb"))
    if not solutions:  # build output of `make exercises`, not in git
        subprocess.run([PY, "tools/build_exercises.py", "--no-execute"], check=True, cwd=ROOT)
        solutions = sorted((ROOT / "exercises" / "dist" / "solutions").glob("*.ipynb"))
    return paths + solutions


def bench_notebooks(repeat):
    paths = notebook_paths()
    floors, totals = [], []
    for _ in range(repeat):
        out = subprocess.run([PY, "-c", KERNEL_FLOOR], check=True, capture_output=True,
                             text=True, cwd=ROOT)
        floors.append(float(out.stdout.strip()) * len(paths))
        total = 0.0
        for path in paths:
            out = subprocess.run([PY, "-c", EXECUTE, str(path), str(path.parent)], check=True,
                                 capture_output=True, text=True, cwd=ROOT)
            total += float(out.stdout.strip())
        totals.append(total)
    return {"notebooks": len(paths), "execute_all_s": summary(totals),
            "floor_s": summary(floors),
            "notebooks_ratio": statistics.median(totals) / statistics.median(floors)}


def bench_book(repeat, notebook_seconds):
    build = [PY, "tools/build_book.py"]
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = timed(build)
    rebuilds = [timed(build) for _ in range(repeat)]
    return {"clean_build_s": clean, "rebuild_s": summary(rebuilds),
            "clean_vs_notebooks": clean / notebook_seconds if notebook_seconds else None,
            "rebuild_share": statistics.median(rebuilds) / clean}


PAGES = """
import gzip, json, shutil, socket, subprocess, sys, time, urllib.parse, urllib.request
from pathlib import Path
from playwright.sync_api import sync_playwright
site = Path(sys.argv[1])
# The server is a process of its own and nothing reads response bodies during a load:
# on two cores, work in this process competes with the renderer it is timing. Sizes are
# the served files' sizes, read from disk afterwards (the server sends them as they are).
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
srv = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                        "127.0.0.1", "--directory", str(site)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}/"
for _ in range(100):
    try:
        urllib.request.urlopen(base, timeout=1).close()
        break
    except OSError:
        time.sleep(0.1)
def served(url):
    file = site / urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
    file = file / "index.html" if file.is_dir() else file
    return file.read_bytes() if file.is_file() else b""  # a 404 sends next to nothing
bare = len(sys.argv) > 3 and sys.argv[3] == "bare"  # the content alone: charts, no interaction
pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
               if not p.name.startswith(("genindex", "search")) and "_static" not in p.parts
               and "_vendor" not in p.parts
               and not (p.stat().st_size < 1000 and "Refresh" in p.read_text()))  # root redirect
# When every chart is on screen: the first animation frame (frames wait for the page's
# stylesheets, like its first paint) in which every chart's picture is laid out, read
# against performance's origin, the start of navigation. Asking for a chart's box lays
# out a cell that waits for the screen (content-visibility), so for a chart further down
# this is when it could be drawn, sooner than a reader gets there (SCROLL times that).
VISIBLE = '''
window.__pfpVisible = null;
(function poll() {
  const figs = document.querySelectorAll('.pfp-chart');
  const ready = document.readyState !== 'loading' && Array.from(figs).every(
    f => Array.from(f.querySelectorAll('.pfp-chart-view svg'))
              .some(s => s.getBoundingClientRect().width > 0));
  if (ready) { window.__pfpVisible = performance.now(); return; }
  requestAnimationFrame(poll);
})();
'''
# A reader scrolls to each chart in turn: from the scroll to the frame in which its
# picture is on screen (an IntersectionObserver's time: it forces no layout, so a cell
# that waits for the screen (content-visibility) is laid out as for a reader).
SCROLL = '''async () => {
  const out = [];
  for (const fig of document.querySelectorAll('.pfp-chart')) {
    const t0 = performance.now();
    const shown = await new Promise(resolve => {
      const io = new IntersectionObserver(entries => {
        for (const e of entries) {
          if (e.isIntersecting && e.intersectionRect.width > 0) {
            io.disconnect(); resolve(e.time); return;
          }
        }
      });
      fig.querySelectorAll('.pfp-chart-view svg').forEach(s => io.observe(s));
      fig.scrollIntoView({block: 'center'});
    });
    out.push(Math.max(0, shown - t0));
  }
  window.scrollTo(0, 0);
  return out;
}'''
CHART_SCRIPT = lambda url: "/_vendor/" in url or url.endswith("pfp-charts.js")
out = {}
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
        args=["--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-background-networking"])
    for page_path in pages:
        runs = []
        for _ in range(int(sys.argv[2])):
            ctx = browser.new_context()  # cold: no cache shared between runs
            ctx.add_init_script(VISIBLE)
            page = ctx.new_page()
            urls, scripts = [], []
            def seen(r):
                urls.append(r.url)
                if CHART_SCRIPT(r.url):
                    scripts.append(r.url.split("/")[-1])
            page.on("request", seen)
            page.goto(base + page_path, wait_until="load")
            page.wait_for_function("window.__pfpVisible !== null", timeout=30000)
            page.wait_for_load_state("networkidle")
            n = page.evaluate("document.querySelectorAll('.pfp-chart').length")
            live = page.evaluate("document.querySelectorAll('.pfp-chart[data-spec]').length")
            timing = page.evaluate(
                "({load: performance.getEntriesByType('navigation')[0].loadEventEnd,"
                " ready: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,"
                " paint: (performance.getEntriesByName('first-contentful-paint')[0]"
                " || {startTime: 0}).startTime, visible: window.__pfpVisible})")
            run = {"seconds": timing["visible"] / 1000 if n else 0.0,
                   "load_seconds": timing["load"] / 1000,
                   "ready_seconds": timing["ready"] / 1000,
                   "first_paint_seconds": timing["paint"] / 1000,
                   "bytes": sum(len(served(u)) for u in urls),
                   "gzip_bytes": sum(len(gzip.compress(served(u), 6)) for u in urls),
                   "charts": n, "live_charts": live, "chart_scripts": sorted(set(scripts)),
                   "scroll_seconds": (max(page.evaluate(SCROLL), default=0) / 1000
                                      if n and not bare else 0.0)}
            if live and not bare:  # the reader's first interaction: point at the first live chart
                t = time.perf_counter()
                page.locator(".pfp-chart[data-spec]").first.hover()
                page.wait_for_function("document.querySelector('.pfp-chart[data-spec]')"
                                       ".dataset.live === 'done'", timeout=30000)
                run["live_seconds"] = time.perf_counter() - t
                page.wait_for_load_state("networkidle")
                run["bytes_after_interaction"] = sum(len(served(u)) for u in urls)
            runs.append(run)
            ctx.close()
        out[page_path] = runs
    browser.close()
srv.terminate()
print(json.dumps(out))
"""


BARE_KEEP = ("pfp-charts.css", "pfp-book.css")


def bare_copy(site: Path, dest: Path) -> Path:
    """A copy of the site's chart pages with nothing of the theme: no style sheet but the
    charts' and the book's own, no script. What is left is the chapter itself (text, code,
    tables, the SVG charts); how soon its charts are laid out is a floor that no theme,
    script or style sheet change can go below on this machine."""
    for page in checks.chart_pages(site):
        rel = page.relative_to(site)
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
        text = re.sub(r"<link\b[^>]*>", lambda m: m.group(0)
                      if any(name in m.group(0) for name in BARE_KEEP) else "", text)
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
    (dest / "_static").mkdir(parents=True, exist_ok=True)
    for name in BARE_KEEP:
        shutil.copy2(site / "_static" / name, dest / "_static" / name)
    return dest


def _run_pages(site: Path, repeat: int, *mode: str) -> dict:
    out = subprocess.run([PY, "-c", PAGES, str(site), str(repeat), *mode], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_pages(repeat):
    site = ROOT / "_build" / "html"
    raw = _run_pages(site, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        bare = _run_pages(bare_copy(site, Path(tmp)), repeat, "bare")
    bare_seconds = {path: statistics.median(r["seconds"] for r in runs)
                    for path, runs in bare.items()}
    pages = {
        path: {"seconds": summary([r["seconds"] for r in runs]),
               "load_seconds": summary([r["load_seconds"] for r in runs]),
               "ready_seconds": summary([r["ready_seconds"] for r in runs]),
               "first_paint_seconds": summary([r["first_paint_seconds"] for r in runs]),
               "bytes": statistics.median(r["bytes"] for r in runs),
               "gzip_bytes": statistics.median(r["gzip_bytes"] for r in runs),
               "charts": runs[0]["charts"], "live_charts": runs[0]["live_charts"],
               "content_alone_seconds": bare_seconds.get(path),
               "scroll_seconds": summary([r["scroll_seconds"] for r in runs]),
               "chart_scripts_before_interaction": runs[0]["chart_scripts"],
               **({"live_seconds": summary([r["live_seconds"] for r in runs]),
                   "bytes_after_interaction": statistics.median(
                       r["bytes_after_interaction"] for r in runs)}
                  if runs[0]["live_charts"] else {})}
        for path, runs in raw.items()
    }
    charted = {p: v for p, v in pages.items() if v["charts"]}
    slowest = max(charted, key=lambda p: charted[p]["seconds"]["median"]) if charted else None
    heavy_charts = max(charted, key=lambda p: charted[p]["bytes"]) if charted else None
    heaviest = max(pages, key=lambda p: pages[p]["bytes"])
    static_only = [p for p, v in charted.items() if not v["live_charts"]]
    live = {p: v for p, v in charted.items() if v["live_charts"]}
    # The floor: the same theme's pages without a chart, parsed and laid out (DOM ready).
    # A chart cannot be seen before its page paints; the ratio says what charts add.
    text = [v["ready_seconds"]["median"] for p, v in pages.items() if not v["charts"]]
    floor = statistics.median(text) if text else 0.0
    return {
            "text_page_ready_seconds": floor,
            "text_page_first_paint_seconds": statistics.median(
                v["first_paint_seconds"]["median"] for v in pages.values()
                if not v["charts"]) if text else 0.0,
            "chart_page_vs_text_page": (charted[slowest]["seconds"]["median"] / floor
                                        if slowest and floor else 0.0),
            "slowest_chart_page_first_paint_seconds": (
                charted[slowest]["first_paint_seconds"]["median"] if slowest else 0.0),
            "pages": pages, "slowest_chart_page": slowest,
            # the chapters alone, with nothing of the theme (bare_copy): the floor
            "content_alone_seconds": {"min": min(bare_seconds.values(), default=0.0),
                                      "max": max(bare_seconds.values(), default=0.0)},
            "slowest_chart_on_scrolling_seconds": max(
                (v["scroll_seconds"]["median"] for v in charted.values()), default=0.0),
            "slowest_chart_page_content_alone_seconds": (
                bare_seconds.get(slowest, 0.0) if slowest else 0.0),
            "page_chart_seconds": charted[slowest]["seconds"]["median"] if slowest else 0.0,
            "heaviest_page": heaviest, "page_megabytes": pages[heaviest]["bytes"] / 1e6,
            "page_megabytes_gzip": pages[heaviest]["gzip_bytes"] / 1e6,
            "heaviest_chart_page": heavy_charts,
            "chart_page_megabytes": charted[heavy_charts]["bytes"] / 1e6 if charted else 0.0,
            "static_chart_pages": len(static_only),
            "static_chart_pages_loading_chart_scripts": sum(
                1 for p in static_only if pages[p]["chart_scripts_before_interaction"]),
            "slowest_live_seconds": max((v["live_seconds"]["median"] for v in live.values()),
                                        default=0.0),
            "heaviest_after_interaction_megabytes": max(
                (v["bytes_after_interaction"] for v in live.values()), default=0) / 1e6,
            "slowest_load_seconds": max(v["load_seconds"]["median"] for v in pages.values())}


def bench_pdf(repeat):
    """`make pdf`: printing the built book to one tagged PDF, and the PDF's size."""
    from pfp_book.paths import BOOK_PDF

    runs = [timed([PY, "tools/build_pdf.py", "--force"]) for _ in range(repeat)]
    pdf = {"build_s": summary(runs), "megabytes": BOOK_PDF.stat().st_size / 1e6}
    try:
        from pypdf import PdfReader

        pdf["pages"] = len(PdfReader(str(BOOK_PDF)).pages)
    except ImportError:  # pypdf comes with the dev extra
        pass
    return pdf


def bench_make_test():
    seconds = timed(["make", "test"])
    return {"make_test_s": seconds, "make_test_minutes": seconds / 60}


def bench_env_size():
    tmp = Path(tempfile.mkdtemp(prefix="pfp-env-"))
    try:
        subprocess.run(["python3.11", "-m", "venv", str(tmp / "venv")], check=True)
        pip = [str(tmp / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        # install from a copy: pip building in the checkout would leave build/ behind
        src = tmp / "src"
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "build", "node_modules", "exercises", "bench",
            "__pycache__", "*.egg-info"))
        subprocess.run([*pip, "-c", str(ROOT / "requirements" / "lock.txt"),
                        f"{src}[lab,exercises]"], check=True, cwd=tmp)
        site = next((tmp / "venv" / "lib").glob("python3.*/site-packages"))
        sizes = {}
        for entry in site.iterdir():
            if entry.name.endswith((".dist-info", ".pth")) or entry.name == "__pycache__":
                continue
            size = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file()) \
                if entry.is_dir() else entry.stat().st_size
            sizes[entry.name] = size
        total = sum(f.stat().st_size for f in (tmp / "venv").rglob("*") if f.is_file())
        top = sorted(sizes.items(), key=lambda kv: -kv[1])[:12]
        return {"venv_megabytes": total / 1e6,
                "largest": [{"package": k, "megabytes": round(v / 1e6, 1)} for k, v in top]}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def verdict(key, value):
    target = TARGETS.get(key)
    if target is None or value is None:
        return ""
    return "ok" if value <= target else f"MISSED (target <= {target})"


def main():
    parser = argparse.ArgumentParser(description="Benchmarks as ratios (make bench)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--make-test", action="store_true", help="also time make test")
    parser.add_argument("--env-size", action="store_true", help="also size a fresh venv")
    parser.add_argument("--skip-book", action="store_true", help="skip the clean book build")
    parser.add_argument("--skip-hub", action="store_true",
                        help="skip the class on a JupyterHub (tools/hub_bench.py)")
    parser.add_argument("--hub-sizes", type=int, nargs="+", default=[1, 4, 8, 16],
                        help="class sizes started at once on the hub (default: 1 4 8 16)")
    parser.add_argument("--only", choices=["pages", "pdf"], action="append",
                        help="only these parts (repeatable), on the book already built")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")

    results = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    only = set(args.only or [])
    if not only:
        print("==> [bench] imports", flush=True)
        results["imports"] = bench_imports(args.repeat)
        print("==> [bench] notebooks", flush=True)
        results["notebooks"] = bench_notebooks(args.repeat)
    if not args.skip_book and not only:
        print("==> [bench] book (clean build, then rebuilds)", flush=True)
        results["book"] = bench_book(args.repeat,
                                     results["notebooks"]["execute_all_s"]["median"])
    chromium = (ROOT / "_build" / "html").is_dir() and shutil.which("chromium")
    if chromium and (not only or "pages" in only):
        print("==> [bench] pages in Chromium", flush=True)
        results["pages"] = bench_pages(args.repeat)
    if chromium and (not only or "pdf" in only):
        print("==> [bench] the book as one PDF (make pdf)", flush=True)
        results["pdf"] = bench_pdf(args.repeat)
    if not args.skip_hub and not only:
        print("==> [bench] a class on a JupyterHub (tools/hub_bench.py)", flush=True)
        import hub_bench

        results["hub"] = hub_bench.bench_hub(args.hub_sizes)
        print(hub_bench.table(results["hub"]), flush=True)
    if args.make_test:
        print("==> [bench] make test", flush=True)
        results["make_test"] = bench_make_test()
    if args.env_size:
        print("==> [bench] Binder environment size", flush=True)
        results["environment"] = bench_env_size()

    rows = [
        ("import pfp_data / import pandas", results["imports"]["import_ratio"], "import_ratio"),
        ("notebooks / floor", results["notebooks"]["notebooks_ratio"], "notebooks_ratio"),
    ] if not only else []
    if "book" in results:
        rows.append(("book rebuild / clean build", results["book"]["rebuild_share"],
                     "rebuild_share"))
        rows.append(("book clean build / notebooks", results["book"]["clean_vs_notebooks"],
                     None))
    if "pages" in results:
        rows.append((f"slowest chart page (s): {results['pages']['slowest_chart_page']}",
                     results["pages"]["page_chart_seconds"], "page_chart_seconds"))
        rows.append(("  the same page's first paint (s)",
                     results["pages"]["slowest_chart_page_first_paint_seconds"], None))
        rows.append(("  the same page's content alone, no theme, charts laid out (s)",
                     results["pages"]["slowest_chart_page_content_alone_seconds"], None))
        rows.append(("slowest chart from scrolling to it to on screen (s)",
                     results["pages"]["slowest_chart_on_scrolling_seconds"], None))
        alone = results["pages"]["content_alone_seconds"]
        rows.append((f"chart pages' content alone: fastest {alone['min']:.2f} s, slowest (s)",
                     alone["max"], None))
        rows.append(("pages without charts: first paint, median (s)",
                     results["pages"]["text_page_first_paint_seconds"], None))
        rows.append(("pages without charts: DOM ready, median (s)",
                     results["pages"]["text_page_ready_seconds"], None))
        rows.append(("slowest chart page visible / a page without charts ready",
                     results["pages"]["chart_page_vs_text_page"], None))
        rows.append((f"heaviest page (MB): {results['pages']['heaviest_page']}",
                     results["pages"]["page_megabytes"], None))
        rows.append((f"heaviest chart page before interaction (MB): "
                     f"{results['pages']['heaviest_chart_page']}",
                     results["pages"]["chart_page_megabytes"], "chart_page_megabytes"))
        rows.append((f"pages with only static charts that load chart scripts (of "
                     f"{results['pages']['static_chart_pages']})",
                     results["pages"]["static_chart_pages_loading_chart_scripts"],
                     "static_chart_pages_loading_chart_scripts"))
        rows.append(("slowest live chart after the first interaction (s)",
                     results["pages"]["slowest_live_seconds"], None))
        rows.append(("heaviest chart page after the first interaction (MB)",
                     results["pages"]["heaviest_after_interaction_megabytes"], None))
        rows.append(("  the same, gzip-compressed as most static hosts serve it (MB)",
                     results["pages"]["page_megabytes_gzip"], None))
        rows.append(("slowest load event of any page (s)",
                     results["pages"]["slowest_load_seconds"], None))
    if "pdf" in results:
        rows.append((f"make pdf: print the book ({results['pdf'].get('pages', '?')} pages) (s)",
                     results["pdf"]["build_s"]["median"], None))
        rows.append(("the book's PDF (MB)", results["pdf"]["megabytes"], None))
    if "make_test" in results:
        rows.append(("make test (minutes)", results["make_test"]["make_test_minutes"],
                     "make_test_minutes"))
    if "environment" in results:
        rows.append(("Binder venv (MB)", results["environment"]["venv_megabytes"], None))
    width = max(len(r[0]) for r in rows)
    print()
    for label, value, key in rows:
        print(f"{label:<{width}}  {value:8.3f}  {verdict(key, value)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(results, indent=2))
    print(f"\nfull results: {RESULTS / 'bench.json'}")


if __name__ == "__main__":
    main()
