"""Benchmarks as ratios against floors measured in the same run (``make bench``).

Each figure is a median over repeated runs, with its spread (min-max), and is compared
with a floor or a reference taken on the same machine in the same run, so that the
ratios mean something on any machine:

- notebooks: executing every chapter and exercise solution, each in a fresh kernel,
  against N x (a fresh kernel's start + importing pfp_data, pandas, altair, ipywidgets);
- import: ``import pfp_data`` against ``import pandas``; the first call of each table;
- book: a clean build and a rebuild with nothing changed, against the notebook time;
- pages: in headless Chromium, per page, the time from navigation until every chart has
  drawn (each vegaEmbed promise resolved: the view has run and rendered) and the bytes
  transferred, as served (uncompressed) and as gzip would send them (worst page
  reported); the load event's time too, for information;
- make test: its wall time (``--make-test``; slow, so opt-in);
- Binder environment: the size of a fresh venv with the student dependencies and the
  largest packages in it (``--env-size``; installs into a temp dir).

Writes a table to stdout and ``bench/results/bench.json``.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
TARGETS = {
    "notebooks_ratio": 1.5,
    "import_ratio": 1.2,
    "rebuild_share": 0.10,
    "page_chart_seconds": 1.5,
    "page_megabytes": 2.0,
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
import gzip, json, shutil, sys, time, threading, functools, http.server, socketserver
from pathlib import Path
from playwright.sync_api import sync_playwright
site = Path(sys.argv[1])
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
handler.log_message = lambda *a: None
srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{srv.server_address[1]}/"
pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
               if not p.name.startswith(("genindex", "search")) and "_static" not in p.parts
               and "_vendor" not in p.parts
               and not (p.stat().st_size < 1000 and "Refresh" in p.read_text()))  # root redirect
# When each chart has drawn: vegaEmbed's promise resolves once the view has run and
# rendered; the time is read against performance's origin, the start of navigation.
DRAWN = '''
window.__pfpDrawn = [];
(function () {
  let wrapped;
  Object.defineProperty(window, 'vegaEmbed', {configurable: true, get() { return wrapped; },
    set(fn) { wrapped = Object.assign(function (el, spec, opt) {
      return fn(el, spec, opt).then(r => { window.__pfpDrawn.push(performance.now()); return r; });
    }, fn); }});
})();
'''
out = {}
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
        args=["--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-background-networking"])
    for page_path in pages:
        runs = []
        for _ in range(int(sys.argv[2])):
            ctx = browser.new_context()
            ctx.add_init_script(DRAWN)
            page = ctx.new_page()
            bodies = []
            def body(r):
                try:
                    return r.body() if r.ok else b""
                except Exception:  # a response cut off by navigation has no body
                    return b""
            page.on("response", lambda r: bodies.append(body(r)))
            page.goto(base + page_path, wait_until="load")
            n = page.evaluate("document.querySelectorAll('[id^=altair-viz-]').length")
            if n:
                page.wait_for_function(f"window.__pfpDrawn.length >= {n}", timeout=30000)
            page.wait_for_load_state("networkidle")
            timing = page.evaluate("({load: performance.getEntriesByType('navigation')[0]"
                                   ".loadEventEnd, drawn: Math.max(0, ...window.__pfpDrawn)})")
            runs.append({"seconds": timing["drawn"] / 1000, "load_seconds": timing["load"] / 1000,
                         "bytes": sum(map(len, bodies)),
                         "gzip_bytes": sum(len(gzip.compress(b, 6)) for b in bodies),
                         "charts": n})
            ctx.close()
        out[page_path] = runs
    browser.close()
srv.shutdown()
print(json.dumps(out))
"""


def bench_pages(repeat):
    site = ROOT / "_build" / "html"
    out = subprocess.run([PY, "-c", PAGES, str(site), str(repeat)], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    pages = {
        path: {"seconds": summary([r["seconds"] for r in runs]),
               "load_seconds": summary([r["load_seconds"] for r in runs]),
               "bytes": statistics.median(r["bytes"] for r in runs),
               "gzip_bytes": statistics.median(r["gzip_bytes"] for r in runs),
               "charts": runs[0]["charts"]}
        for path, runs in raw.items()
    }
    charted = {p: v for p, v in pages.items() if v["charts"]}
    slowest = max(charted, key=lambda p: charted[p]["seconds"]["median"]) if charted else None
    heaviest = max(pages, key=lambda p: pages[p]["bytes"])
    return {"pages": pages, "slowest_chart_page": slowest,
            "page_chart_seconds": charted[slowest]["seconds"]["median"] if slowest else 0.0,
            "heaviest_page": heaviest, "page_megabytes": pages[heaviest]["bytes"] / 1e6,
            "page_megabytes_gzip": pages[heaviest]["gzip_bytes"] / 1e6,
            "slowest_load_seconds": max(v["load_seconds"]["median"] for v in pages.values())}


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
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")

    results = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    print("==> [bench] imports", flush=True)
    results["imports"] = bench_imports(args.repeat)
    print("==> [bench] notebooks", flush=True)
    results["notebooks"] = bench_notebooks(args.repeat)
    if not args.skip_book:
        print("==> [bench] book (clean build, then rebuilds)", flush=True)
        results["book"] = bench_book(args.repeat,
                                     results["notebooks"]["execute_all_s"]["median"])
    if (ROOT / "_build" / "html").is_dir() and shutil.which("chromium"):
        print("==> [bench] pages in Chromium", flush=True)
        results["pages"] = bench_pages(args.repeat)
    if args.make_test:
        print("==> [bench] make test", flush=True)
        results["make_test"] = bench_make_test()
    if args.env_size:
        print("==> [bench] Binder environment size", flush=True)
        results["environment"] = bench_env_size()

    rows = [
        ("import pfp_data / import pandas", results["imports"]["import_ratio"], "import_ratio"),
        ("notebooks / floor", results["notebooks"]["notebooks_ratio"], "notebooks_ratio"),
    ]
    if "book" in results:
        rows.append(("book rebuild / clean build", results["book"]["rebuild_share"],
                     "rebuild_share"))
        rows.append(("book clean build / notebooks", results["book"]["clean_vs_notebooks"],
                     None))
    if "pages" in results:
        rows.append((f"slowest chart page (s): {results['pages']['slowest_chart_page']}",
                     results["pages"]["page_chart_seconds"], "page_chart_seconds"))
        rows.append((f"heaviest page (MB): {results['pages']['heaviest_page']}",
                     results["pages"]["page_megabytes"], "page_megabytes"))
        rows.append(("  the same, gzip-compressed as most static hosts serve it (MB)",
                     results["pages"]["page_megabytes_gzip"], None))
        rows.append(("slowest load event of any page (s)",
                     results["pages"]["slowest_load_seconds"], None))
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
