"""How a class grows on one JupyterHub: memory, spawn time and hub response per student.

    python tools/hub_bench.py                  # classes of 1, 4, 8 and 16 students
    python tools/hub_bench.py --sizes 1 4 10

Starts the real hub of tests/test_hub.py (tests/hub_scenario.py: jupyterhub, the pinned
configurable-http-proxy, SimpleLocalProcessSpawner) on free 127.0.0.1 ports. For each class
size, that many new students start at the same moment: log in with the form, start their
server, get the student release with nbgitpuller, run a chapter on a kernel, save an edit
and pull again. Measured per student: PSS of the single-user server and of its kernel
after the chapter (/proc/PID/smaps_rollup; RSS too), their CPU time, the time from asking
for a server until the hub says it is ready, the chapter's run time; for the hub, the
95th percentile of its response time (a probe every 0.25 s, and every request the students
made). The class's servers are
stopped before the next size. Writes bench/results/hub.json; ``make bench`` runs it too.
The book's capacity table (book/page-templates/classroom.md) is made from these figures.
"""

import argparse
import asyncio
import concurrent.futures
import datetime
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from pfp_book.paths import ROOT

# The hub harness is the tests' own (tests/hub_scenario.py): the benchmark starts the same
# real hub the tests do rather than a copy of it, so it reaches into tests/.
sys.path.insert(0, str(ROOT / "tests"))
from hub_scenario import Hub, class_starts, course_repository, summarise  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHAPTER = "notebooks/01-origins.ipynb"


def stop_class(hub, names):
    # all at once: each stop waits for that server to shut its kernel down
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: hub.api("DELETE", f"/users/{n}/server", timeout=120), names))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and any(
            hub.api("GET", f"/users/{n}").get("servers") for n in names):
        time.sleep(0.5)


def bench_hub(sizes):
    workdir = Path(tempfile.mkdtemp(prefix="pfp-hub-bench-"))
    hub = Hub(workdir / "hub")
    teacher = course_repository(workdir / "course")
    names = {size: [f"s{size}-{i}" for i in range(size)] for size in sizes}
    hub.add_students([n for group in names.values() for n in group])
    rounds = []
    try:
        hub.start()
        for size in sizes:
            print(f"==> [hub bench] {size} student(s) at once", flush=True)
            run = asyncio.run(class_starts(hub, names[size], teacher.url, CHAPTER))
            figures = summarise(run)
            failed = [s for s in run["students"] if "failed" in s or s.get("errors")]
            figures["failures"] = [str(s)[:300] for s in failed]
            rounds.append(figures)
            print("    " + json.dumps(figures), flush=True)
            stop_class(hub, names[size])
    finally:
        leftovers = hub.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "measured": datetime.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE")
                                        * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "chapter": CHAPTER, "rounds": rounds, "leftover_processes": leftovers,
    }


def table(result):
    header = ("students", "ok", "PSS/student MiB", "server", "kernel", "RSS/student MiB",
              "spawn s (med/max)",
              "chapter s", "kernel CPU s", "hub p95 ms (probe/all)", "wall s")
    rows = [header]
    for r in result["rounds"]:
        rows.append((r["students"], r["succeeded"], r["student_pss_mib_median"],
                     r["server_pss_mib_median"], r["kernel_pss_mib_median"],
                     r.get("student_rss_mib_median", "-"),
                     f"{r['spawn_s_median']}/{r['spawn_s_max']}", r["chapter_s_median"],
                     r["kernel_cpu_s_median"],
                     f"{r['hub_probe_p95_ms']}/{r['hub_requests_p95_ms']}", r["wall_s"]))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True))
                     for row in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 8, 16],
                        help="class sizes to start at once (default: 1 4 8 16)")
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes):
        parser.error("every class size must be at least 1")
    # stopped with SIGTERM, still stop the hub and the students' servers (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = bench_hub(args.sizes)
    print()
    print(table(result))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hub.json").write_text(json.dumps(result, indent=2))
    print(f"\nfull results: {RESULTS / 'hub.json'}")
    failed = any(r["succeeded"] != r["students"] for r in result["rounds"])
    return 1 if failed or result["leftover_processes"] else 0


if __name__ == "__main__":
    sys.exit(main())
