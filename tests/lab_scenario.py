"""A student's first session in a real JupyterLab, driven in Debian's Chromium.

Run by tests/test_lab_browser.py twice: with the network up, and inside a network
namespace with only loopback (no network for the server, the kernel or the browser).
Either way the course's own settings apply, nothing else: no chart mode variable, no
command-line switch for news or updates (lab-config/, installed by ``make setup``).
Prints one JSON line with what it saw, including every request that left the server's
origin.

Steps: start ``jupyter lab`` on 127.0.0.1 with a token in a temporary copy of the
course; read the news setting and look for a news prompt; open the expansion notebook,
run all cells, check that no cell errored, that a chart drew marks and that moving the
ipywidgets control changes its output; open an exercise student notebook, draw a chart
by hand as a student would, answer one question right and one wrong, run
``grader.check`` for each and read the feedback; stop the server.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from pfp_book.paths import ROOT

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
EXPANSION = "notebooks/03-expansion.ipynb"
# What the student types: a right answer computed with pfp_data, and a typical slip (a number
# typed as text), which the public tests must answer with a sentence, not a traceback.
EXERCISE_PLAN = {
    "notebook": "exercises/student/03-expansion.ipynb",
    "setup": 'import otter\ngrader = otter.Notebook("03-expansion.ipynb")\nimport pfp_data',
    "question": "q1",
    "right": 'n_partners_2000 = len(pfp_data.partners_on("2000-01-01"))',
    "wrong": 'n_partners_2000 = "23"',
    # no pfp_data.display call: the kernel's extension alone must draw it offline
    "chart": ('import altair as alt\nimport pandas as pd\n'
              'alt.Chart(pd.DataFrame({"year": [1994, 1995], "n": [23, 27]}))'
              '.mark_bar().encode(x="year:O", y="n:Q")'),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(workdir, port, token):
    env = dict(os.environ)
    env.pop("PFP_CHARTS", None)  # a student's Lab has no chart mode variable
    env["JUPYTER_CONFIG_DIR"] = str(workdir / ".jupyter-config")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(workdir / ".jupyter-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(workdir / ".jupyter-workspaces")
    cmd = [
        str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={workdir}",
        *(["--allow-root"] if os.geteuid() == 0 else []),
    ]
    log = open(workdir / "lab.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/api/status?token={token}"
    for _ in range(120):
        if proc.poll() is not None:
            raise RuntimeError("jupyter lab exited:\n" + (workdir / "lab.log").read_text())
        try:
            urllib.request.urlopen(url, timeout=1)
            return proc
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("jupyter lab did not start in 60 s")


def stop_lab(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_idle(page, timeout=240):
    """Wait until no cell shows the [*] busy prompt and the kernel is idle."""
    deadline = time.monotonic() + timeout
    time.sleep(1.0)
    while time.monotonic() < deadline:
        busy = page.evaluate(
            """() => [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]
                   .some(p => p.textContent.includes('*'))"""
        )
        if not busy:
            return
        time.sleep(0.5)
    raise TimeoutError(f"cells still running after {timeout} s")


def run_menu(page, menu, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def open_notebook(page, base, token, path):
    page.goto(f"{base}/lab/tree/{path}?token={token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    # wait for the kernel to be ready before running anything
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                           ".jp-Toolbar-kernelStatus", timeout=90_000)
    time.sleep(2)


def error_outputs(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-OutputArea-output')]
               .filter(o => o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr'
                            && /Error|Traceback/.test(o.textContent))
               .map(o => o.textContent.slice(0, 300))"""
    )


def chart_marks(page):
    """Number of drawn marks (SVG paths/symbols or canvases) in vega views."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.vega-embed')].map(v => {
                const svg = v.querySelector('svg');
                if (svg) return svg.querySelectorAll(
                    '.mark-symbol path, .mark-rect path, .mark-line path, .mark-area path, ' +
                    '.mark-shape path, .mark-rule line, .mark-text text').length;
                return v.querySelector('canvas') ? 1 : 0;
             })"""
    )


def widget_state(page):
    return page.evaluate(
        """() => [...document.querySelectorAll(
                   '.jp-OutputArea-output .widget-output, .jp-OutputArea-output .widget-html, ' +
                   '.jp-OutputArea-output .jupyter-widgets-output-area')]
               .map(o => o.innerHTML.length + ':' + o.textContent.slice(0, 200)).join('|')"""
    )


def move_first_control(page):
    """Change the first ipywidgets control by keyboard, as a student would."""
    select = page.locator(".jupyter-widgets select").first
    if select.count():
        options = select.locator("option").all_text_contents()
        current = select.input_value()
        target = next(o for o in options if o != current)
        select.select_option(label=target)
        return f"select:{target}"
    slider = page.locator(".jupyter-widgets .noUi-handle, .jupyter-widgets input[type=range]").first
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    return "slider"


def exercise_check(page, base, token, plan):
    open_notebook(page, base, token, plan["notebook"])
    results = {}
    run_code_in_new_cell(page, plan["chart"], expect_output=False)
    page.wait_for_timeout(3000)
    results["chart_marks"] = chart_marks(page)
    for label, answer in (("right", plan["right"]), ("wrong", plan["wrong"])):
        run_code_in_new_cell(page, plan["setup"] + "\n" + answer, expect_output=False)
        text = run_code_in_new_cell(page, f'grader.check("{plan["question"]}")')
        results[label] = text
    return results


def run_code_in_new_cell(page, code, expect_output=True):
    """Append a cell at the end, type code into it, run it, return its output text."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    cells.last.click()
    page.keyboard.press("Escape")
    before = cells.count()
    page.keyboard.press("b")  # new cell below, in command mode; it becomes the active cell
    # wait for it: on a busy machine the count read right after the key press is stale
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-Notebook .jp-Cell').length > n",
        arg=before, timeout=30_000)
    cell = page.locator(".jp-Notebook .jp-Cell.jp-mod-active").element_handle()
    cell.scroll_into_view_if_needed()
    cell.wait_for_selector(".cm-content", state="visible", timeout=30_000).click()
    page.keyboard.insert_text(code)
    # Shift+Enter on the last cell adds an empty one below: keep hold of ours
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    output = cell.query_selector(".jp-OutputArea")
    if not expect_output:
        return output.inner_text() if output else ""
    page.wait_for_function(
        "el => el.innerText.trim().length > 0", arg=output, timeout=60_000)
    return output.inner_text()


def news_setting(base, token):
    """fetchNews as the server hands it to JupyterLab: the schema's defaults, into which
    jupyterlab_server has merged the environment's overrides.json."""
    url = (f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification"
           f"?token={token}")
    with urllib.request.urlopen(url, timeout=30) as response:
        setting = json.load(response)
    assert json.loads(setting["raw"] or "{}") == {}, "a fresh user has no settings of their own"
    schema = setting["schema"]["properties"]
    return {k: schema[k].get("default") for k in ("fetchNews", "checkForUpdates")}


def news_prompt(page):
    """Text of any toast or notification that offers Jupyter news or an update."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.Toastify__toast, .jp-Notification-List li')]
               .map(t => t.textContent).filter(t => /news|update/i.test(t))"""
    )


def student_session(page, base, token, result):
    result["news_setting"] = news_setting(base, token)
    page.goto(f"{base}/lab?token={token}&reset")
    page.wait_for_selector(".jp-LabShell", timeout=90_000)
    page.wait_for_timeout(5000)  # JupyterLab asks about news a moment after it starts
    result["news_prompt"] = news_prompt(page)
    open_notebook(page, base, token, EXPANSION)
    run_menu(page, "Run", "Run All Cells")
    wait_idle(page)
    page.wait_for_timeout(3000)
    result["errors"] = error_outputs(page)
    result["marks"] = chart_marks(page)
    before = widget_state(page)
    result["moved"] = move_first_control(page)
    wait_idle(page)
    page.wait_for_timeout(3000)
    after = widget_state(page)
    result["widget_changed"] = bool(before) and before != after
    result["exercise"] = exercise_check(page, base, token, EXERCISE_PLAN)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", help="save a screenshot here when a step fails")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    result = {"requests": 0, "requests_off_origin": [], "console_errors": []}
    workdir = Path(tempfile.mkdtemp(prefix="pfp-lab-"))
    for folder in ("notebooks", "exercises"):
        shutil.copytree(ROOT / folder, workdir / folder,
                        ignore=shutil.ignore_patterns("dist", ".ipynb_checkpoints"))
    port, token = free_port(), secrets.token_hex(16)
    proc = start_lab(workdir, port, token)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                         args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})

            def record(request):
                # every request of every page and worker in the context, answered or not
                result["requests"] += 1
                if not request.url.startswith((base + "/", "data:", "blob:")):
                    result["requests_off_origin"].append(request.url)

            context.on("request", record)
            page = context.new_page()
            page.on("console", lambda m: m.type == "error"
                    and result["console_errors"].append(m.text[:200]))
            try:
                student_session(page, base, token, result)
            except Exception:
                if args.screenshots:
                    page.screenshot(path=str(Path(args.screenshots) / "lab-failure.png"))
                raise
            browser.close()
    finally:
        stop_lab(proc)
        result["server_stopped"] = proc.poll() is not None
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
